// Puts the modules' usage together: task calls are linked to the tasks they
// call (through the engine's resolved imports, or module paths resolved over
// the project's files), and module names are checked against the project's
// Python files, read or not.
import type { ModuleIndex } from '../module-index';
import type { DefinedTask, ModuleStatus, ProjectUsage, TaskCall } from './model';
import type { ModuleUsage, TaskReference } from './read-usage';

/** A name a dotted module path can hold. */
const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** Forward slashes, no `.py`, `__init__` dropped: `/p/core/tasks/__init__.py` -> `/p/core/tasks`. */
function modulePath(file: string): string {
  return file.replace(/\\/g, '/').replace(/\.py$/, '').replace(/\/__init__$/, '');
}

/**
 * Dotted names a project file may be imported as, for module-existence
 * questions: every suffix of its path (`tasks`, `core.tasks`, `proj.core.tasks`),
 * without knowing sys.path.
 */
class ProjectModules {
  private modules: Set<string> | undefined;
  private packages: Set<string> | undefined;
  private inits: Map<string, string> | undefined;
  /** The file of each dotted name; null where two files answer to it (`views` in two apps). */
  private byName: Map<string, string | null> | undefined;

  /**
   * `complete`: `files` are all of the project's files, so an absent module
   * is missing; `installed`: the distributions the project installs.
   */
  constructor(
    private readonly files: readonly string[],
    private readonly complete: boolean,
    private readonly installed: readonly string[] = [],
  ) {}

  private build(): void {
    this.modules = new Set();
    this.packages = new Set();
    this.inits = new Map();
    this.byName = new Map();
    // Directories whose packages are in: thousands of files share a few hundred directories.
    const directories = new Set<string>();
    // The parts of each directory's path that can be in a dotted name, split once: a directory holds many files.
    const directoryParts = new Map<string, string[]>();
    for (const file of this.files) {
      if (!file.endsWith('.py')) continue;
      // As modulePath() and a split on `/` would have it: either separator, `.py` dropped, `/__init__` dropped.
      const separator = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
      const folder = file.slice(0, separator + 1);
      let above = directoryParts.get(folder);
      if (!above) {
        above = folder.split(/[\\/]/).filter((p) => IDENTIFIER.test(p));
        directoryParts.set(folder, above);
      }
      const stem = file.slice(separator + 1, -3);
      const isInit = stem === '__init__';
      const parts = (isInit && separator >= 0) || !IDENTIFIER.test(stem) ? above : [...above, stem];
      let name = '';
      for (let i = parts.length - 1; i >= 0; i--) {
        name = name ? `${parts[i]}.${name}` : parts[i]!;
        if (isInit) {
          this.packages.add(name);
          if (!this.inits.has(name)) this.inits.set(name, file);
        } else this.modules.add(name);
        this.byName.set(name, this.byName.has(name) && this.byName.get(name) !== file ? null : file);
      }
      // Every directory above a module is a package (regular or namespace) by some name: each run of its parts.
      // A directory's runs are those ending at its last part and its parent's.
      for (let end = parts.length - 1; end > 0; end--) {
        const directory = parts.slice(0, end).join('/');
        if (directories.has(directory)) break;
        directories.add(directory);
        for (let i = 0; i < end; i++) this.packages.add(parts.slice(i, end).join('.'));
      }
    }
  }

  /** The one file a dotted name is (a module or a package's `__init__.py`); undefined when none is or several are. */
  file(dotted: string): string | undefined {
    if (!this.byName) this.build();
    return this.byName!.get(dotted) ?? undefined;
  }

  init(dotted: string): string | undefined {
    if (!this.inits) this.build();
    return this.inits!.get(dotted);
  }

  status(dotted: string): ModuleStatus {
    if (!this.modules) this.build();
    if (this.packages!.has(dotted)) return 'package';
    if (this.modules!.has(dotted)) return 'module';
    const top = dotted.split('.')[0]!;
    // A regular package a dependency installs (apache-superset's `superset`) wins over a checkout's folder of that
    // name without __init__.py (a namespace portion is used only when no regular package is found on the whole
    // path); the checkout's own regular package or module (saleor's, whose lock file lists the project) stays its.
    if (!this.inits!.has(top) && !this.modules!.has(top) && providedByDistribution(top, this.installed)) return 'unknown';
    return this.complete && (this.packages!.has(top) || this.modules!.has(top)) ? 'missing' : 'unknown';
  }
}

/**
 * Whether one of `distributions` (normalized names) most likely installs the
 * top-level package `top`: its name is the package's (`django-celery-beat`,
 * `django_celery_beat`), or ends with it after a prefix (`apache-superset`
 * installs `superset`, `python-dateutil` `dateutil`, `celery-redbeat`
 * `redbeat`).
 */
function providedByDistribution(top: string, distributions: readonly string[]): boolean {
  const name = top.toLowerCase().replace(/_/g, '-');
  return distributions.some((d) => d === name || d.endsWith(`-${name}`));
}

/** Dotted names of a file as a module (every suffix of its path), for "which tasks are in this package". */
function namesOf(file: string): string[] {
  const parts = modulePath(file).split('/').filter(Boolean);
  const out: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) out.push(parts.slice(i).join('.'));
  return out;
}

/**
 * `projectFiles`: every Python file of the project, when the caller knows
 * them (else only the linted ones are known); `imported`: the linted files
 * some linted module imports.
 */
export function buildProjectUsage(
  usages: readonly ModuleUsage[],
  projectFiles: readonly string[] | undefined,
  lintedFiles: readonly string[],
  /** The module index over `lintedFiles` (the engine's). */
  index: ModuleIndex,
  imported: ReadonlySet<string>,
  installed: readonly string[] = [],
): ProjectUsage {
  const tasks = usages.flatMap((u) => u.tasks);
  const bySlot = new Map(tasks.map((t) => [`${t.file}:${t.span.start}`, t]));
  const resolve = (from: string, reference: TaskReference | undefined): DefinedTask | undefined => {
    if (!reference) return undefined;
    if (reference.kind === 'slot') return bySlot.get(`${reference.file}:${reference.start}`);
    if (reference.kind === 'module') {
      const file = index.resolve(from, reference.module, reference.level);
      return file ? tasks.find((t) => t.file === file && t.functionName === reference.attribute && t.name === undefined) ?? tasks.find((t) => t.file === file && t.functionName === reference.attribute) : undefined;
    }
    return tasks.find((t) => t.name === reference.name);
  };
  const taskCalls: TaskCall[] = [];
  for (const usage of usages) {
    for (const call of usage.calls) {
      const task = resolve(usage.file, call.reference);
      // `.delay()` on something that is no task of the project says nothing about Celery.
      if (!task && call.reference?.kind !== 'name') continue;
      taskCalls.push({
        kind: call.kind,
        span: call.span,
        task,
        ...(call.reference?.kind === 'name' ? { taskName: call.reference.name } : {}),
        values: call.values,
        options: call.options,
      });
    }
  }
  const linted = new Set(lintedFiles);
  const modules = new ProjectModules(projectFiles ? [...projectFiles, ...lintedFiles] : lintedFiles, projectFiles !== undefined, installed);
  return {
    tasks,
    taskCalls,
    resultWaits: usages.flatMap((u) => u.waits),
    autodiscoveries: usages.flatMap((u) => u.autodiscoveries),
    moduleStatus: (dotted) => modules.status(dotted),
    tasksIn: (dotted) => tasks.filter((t) => namesOf(t.file).some((n) => n === dotted || n.startsWith(`${dotted}.`))),
    packageInit: (dotted) => {
      const file = modules.init(dotted);
      return file ? { file, linted: linted.has(file) } : undefined;
    },
    isImported: (file) => imported.has(file),
    moduleFile: (dotted) => modules.file(dotted),
  };
}
