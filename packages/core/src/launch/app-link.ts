// Links a process to the app it runs: `-A proj`, `-A proj.celery:app`, as
// Celery's find_app looks them up (celery/app/utils.py 5.2.6 :379-416): the
// module's `app`, else its `celery` attribute, else its `celery` submodule
// (a package), else any Celery instance in it. Only a module no project file
// defines, or a named attribute its module never mentions, is "not found":
// everything else the linter cannot see into stays unknown.
import type { FileAnalysis } from '../analysis-model';
import type { ModuleIndex } from '../module-index';
import { closestMatch } from '../suggest';
import type { EffectiveConfigurationInfo } from '../types';

export type AppLink =
  | { readonly state: 'found'; readonly file: string; readonly app: string; readonly configurations: readonly EffectiveConfigurationInfo[] }
  | { readonly state: 'missing'; readonly reason: string; readonly suggestion?: string }
  | { readonly state: 'unknown'; readonly reason: string };

export interface AppLinker {
  link(value: string, from: string): AppLink;
  /** The configuration a process without `-A` gets: the default app reads the `celeryconfig` module. */
  defaultApp(): readonly EffectiveConfigurationInfo[];
}

interface Sources {
  readonly analyses: readonly FileAnalysis[];
  /** Modules of the files that were read. */
  readonly index: ModuleIndex;
  /** Modules of every Python file of the project, read or not (undefined: only the read ones are known). */
  readonly projectIndex: ModuleIndex;
  readonly projectFiles: readonly string[];
  readonly configurations: readonly EffectiveConfigurationInfo[];
  readonly texts: ReadonlyMap<string, string>;
}

/** Dotted module names a file may be imported as (`proj.celery`, `celery`), shortest path suffixes first. */
function moduleNames(file: string): string[] {
  const parts = file.replace(/\\/g, '/').replace(/\.py$/, '').split('/').filter(Boolean);
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const out: string[] = [];
  for (let k = parts.length - 1; k >= Math.max(0, parts.length - 3); k--) out.push(parts.slice(k).join('.'));
  return out;
}

const DOTTED_NAME = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

export function appLinker(sources: Sources): AppLinker {
  const byFile = new Map(sources.analyses.map((a) => [a.file, a]));
  const configsOf = (file: string, app: string) => sources.configurations.filter((c) => c.kind === 'app' && c.file === file && c.name === app);
  const definesApp = sources.analyses.filter((a) => a.apps.some((app) => !app.implicit));

  /** The configurations of an app a module binds to `name` (defined there, or imported from a module that defines it). */
  const appIn = (analysis: FileAnalysis, name: string): AppLink | undefined => {
    const app = analysis.apps.find((a) => a.name === name);
    if (!app) return undefined;
    if (!app.implicit) return { state: 'found', file: analysis.file, app: name, configurations: configsOf(analysis.file, name) };
    for (const imported of analysis.importedFiles) {
      const other = byFile.get(imported);
      const defined = other?.apps.find((a) => !a.implicit);
      if (other && defined) return { state: 'found', file: other.file, app: defined.name, configurations: configsOf(other.file, defined.name) };
    }
    return { state: 'found', file: analysis.file, app: name, configurations: configsOf(analysis.file, name) };
  };

  let candidates: string[] | undefined;
  const moduleCandidates = (): string[] =>
    (candidates ??= [...new Set([...definesApp.flatMap((a) => moduleNames(a.file)), ...sources.projectFiles.flatMap((f) => moduleNames(f).slice(0, 2))])]);

  const link = (value: string, from: string, depth = 0): AppLink => {
    if (value.includes('$') || value === '') return { state: 'unknown', reason: `the app is named at run time (${value})` };
    const [moduleName, attribute] = value.includes(':') ? (value.split(':', 2) as [string, string]) : [value, undefined];
    // `[app].celery`, `<project>`: a placeholder in a sample file, not a module anyone can import.
    if (!DOTTED_NAME.test(moduleName)) return { state: 'unknown', reason: `${moduleName} is not a Python module name (a placeholder?)` };
    const file = sources.index.resolve(from, moduleName, 0);
    if (file) {
      const analysis = byFile.get(file)!;
      if (attribute !== undefined) {
        const found = appIn(analysis, attribute);
        if (found) return found;
        const text = sources.texts.get(file) ?? '';
        if (!new RegExp(`\\b${attribute.replace(/\W/g, '')}\\b`).test(text)) {
          return { state: 'missing', reason: `module ${moduleName} has no attribute '${attribute}'` };
        }
        return { state: 'unknown', reason: `'${attribute}' in ${moduleName} is not an app celery-lint can follow` };
      }
      for (const name of ['app', 'celery']) {
        const found = appIn(analysis, name);
        if (found) return found;
      }
      if (/(^|[\\/])__init__\.py$/.test(file) && depth < 3) {
        const sub = link(`${moduleName}.celery`, from, depth + 1);
        if (sub.state === 'found') return sub;
      }
      const any = analysis.apps.find((a) => !a.implicit) ?? analysis.apps[0];
      if (any) return appIn(analysis, any.name)!;
      return { state: 'unknown', reason: `no Celery app celery-lint can see in ${moduleName}` };
    }
    // `proj.celery.app` (no colon): the last part may be the attribute.
    if (attribute === undefined && moduleName.includes('.')) {
      const cut = moduleName.lastIndexOf('.');
      const parent = sources.index.resolve(from, moduleName.slice(0, cut), 0);
      if (parent) {
        const asAttribute = link(`${moduleName.slice(0, cut)}:${moduleName.slice(cut + 1)}`, from, depth + 1);
        // Celery tries the module too: a near miss of a project module is the likelier typo.
        const suggestion = asAttribute.state === 'missing' ? closestMatch(moduleName, moduleCandidates()) : undefined;
        return suggestion ? { state: 'missing', reason: `no module ${moduleName} in the project`, suggestion } : asAttribute;
      }
    }
    const existing = sources.projectIndex.resolve(from, moduleName, 0) ?? (moduleName.includes('.') ? sources.projectIndex.resolve(from, moduleName.slice(0, moduleName.lastIndexOf('.')), 0) : undefined);
    if (existing) {
      if (/(^|[\\/])__init__\.py$/.test(existing) && depth < 3 && attribute === undefined) {
        const sub = link(`${moduleName}.celery`, from, depth + 1);
        if (sub.state === 'found') return sub;
      }
      return { state: 'unknown', reason: `${moduleName} (${existing}) names no Celery app celery-lint reads` };
    }
    // Nothing in the project is that module. Said only when the project defines an app (so it is the app's
    // home) and the name is a near miss of one of its modules, or lies inside one of its packages: any
    // other name may be an installed package.
    if (definesApp.length === 0) return { state: 'unknown', reason: `${moduleName} is not a module of the linted project` };
    const suggestion = closestMatch(moduleName, moduleCandidates());
    const top = moduleName.split('.')[0]!;
    const inProjectPackage = top !== moduleName && sources.projectIndex.resolve(from, top, 0) !== undefined;
    if (!suggestion && !inProjectPackage) return { state: 'unknown', reason: `${moduleName} is not a module of the linted project (it may be installed)` };
    return { state: 'missing', reason: `no module ${moduleName} in the project`, ...(suggestion ? { suggestion } : {}) };
  };

  return {
    link: (value, from) => link(value, from),
    defaultApp: () => sources.configurations.filter((c) => c.kind === 'module' && /(^|[\\/])celeryconfig\.py$/.test(c.file)),
  };
}
