// What each module is to the project (issue 14): Django settings, a Celery
// config module, an app module, or none of these. A module's path and text
// only guess (extract.ts); how the project uses it decides:
//
// 1. DJANGO_SETTINGS_MODULE names it (manage.py, wsgi.py/asgi.py, any
//    os.environ write, pytest.ini/tox.ini/setup.cfg/pyproject.toml): Django
//    settings.
// 2. An app loads it (config_from_object('proj.celeryconfig'),
//    config_from_object(module)): a Celery config module, whose lowercase names
//    are Celery's, whatever its path (`tasks/settings.py`).
// 3. A settings module takes its settings in whole (`from .base import *`),
//    or it takes in a module of rule 1: the same role.
// 4. Files other tools read: flowerconfig.py holds Flower's options, a
//    conftest.py pytest's fixtures; neither is read by Celery or Django. A
//    Superset config (`CELERY_CONFIG = CeleryConfig`) is Superset's: Celery
//    reads only the class (configuration.ts).
// 5. Otherwise the guess, except that a module guessed to be a Celery config
//    by its text alone (a `broker_url` variable in a Slack bot's module) is
//    none when every app in view loads its configuration from somewhere
//    known and none loads it.
//
// Importing a name from a module (`from proj.settings import get_file_md5`)
// never changes what it is.
import type { FileAnalysis, ModuleKind } from './analysis-model';
import type { ModuleIndex } from './module-index';
import { possibilities } from './values';

/** A DJANGO_SETTINGS_MODULE a file that is not Python sets (pytest.ini), resolved from that file's directory. */
export interface SettingsModuleNamed {
  /** The file that names it (`/repo/pytest.ini`). */
  readonly file: string;
  readonly module: string;
}

/** `django.conf:settings` and its spellings: Django's settings object, not a module of the project. */
function isDjangoSettingsObject(path: string): boolean {
  return /^django\.conf(:settings|\.settings)?$/.test(path);
}

function baseName(file: string): string {
  return file.replace(/\\/g, '/').split('/').pop() ?? '';
}

/** Files other tools read, never Celery or Django: Flower's options file, pytest's conftest. */
const OTHER_TOOLS_FILE = /^(flowerconfig|conftest)\.py$/;

/** The modules DJANGO_SETTINGS_MODULE names anywhere in the project, as files. */
function djangoSettingsFiles(analyses: readonly FileAnalysis[], index: ModuleIndex, named: readonly SettingsModuleNamed[]): Set<string> {
  const out = new Set<string>();
  const add = (from: string, dotted: string) => {
    const target = index.resolveObject(from, dotted);
    if (target && target.attribute === undefined) out.add(target.file);
  };
  for (const a of analyses) {
    for (const write of a.environmentWrites) {
      if (write.name !== 'DJANGO_SETTINGS_MODULE') continue;
      for (const value of possibilities(write.value)) if (value.kind === 'str' && value.value !== '') add(a.file, value.value);
    }
  }
  for (const n of named) add(n.file, n.module);
  return out;
}

/** The modules the project's apps load their configuration from (not Django's settings object, not a class in a module). */
function configSourceFiles(analyses: readonly FileAnalysis[], index: ModuleIndex): Set<string> {
  const out = new Set<string>();
  for (const a of analyses) {
    for (const app of a.apps) {
      const sources = app.configSource?.kind === 'alternatives' ? app.configSource.options : app.configSource ? [app.configSource] : [];
      for (const source of sources) {
        if (source.kind !== 'module-path' || isDjangoSettingsObject(source.path)) continue;
        const target = index.resolveObject(a.file, source.path);
        if (target && target.attribute === undefined) out.add(target.file);
      }
    }
  }
  return out;
}

/** Celery's default loader reads `celeryconfig`; a module named for Celery's configuration is one. */
const CONFIG_MODULE_NAME = /celery_?config/i;

/**
 * Apps are in view, and each takes its configuration from a place the linter
 * knows (or from none). `project` holds every module of the project, linted
 * or not, so a run over part of it (named files and their closure) decides
 * as a whole-project run does.
 */
function everyAppSourceKnown(analyses: readonly FileAnalysis[], project: ModuleIndex): boolean {
  const apps = analyses.flatMap((a) => a.apps.map((app) => ({ app, file: a.file })));
  if (!apps.some(({ app }) => !app.implicit)) return false;
  return apps.every(({ app, file }) => {
    const sources = app.configSource?.kind === 'alternatives' ? app.configSource.options : [app.configSource];
    return sources.every((source) => {
      if (!source || source.kind === 'bindings') return true;
      if (source.kind !== 'module-path') return false;
      return isDjangoSettingsObject(source.path) || project.resolveObject(file, source.path) !== undefined;
    });
  });
}

/**
 * Decides every analysis's `kind` from how the project uses the module.
 * `named`: DJANGO_SETTINGS_MODULE values set outside Python; `project`: every
 * module of the project, linted or not (defaults to the linted ones).
 */
export function decideRoles(analyses: readonly FileAnalysis[], index: ModuleIndex, named: readonly SettingsModuleNamed[] = [], project: ModuleIndex = index): void {
  const byFile = new Map(analyses.map((a) => [a.file, a]));
  const decided = new Map<string, ModuleKind>();
  const decide = (file: string, kind: ModuleKind) => {
    const a = byFile.get(file);
    // An app module stays one: it is read for its apps, not its globals.
    if (!a || decided.has(file) || a.kind === 'app-module') return false;
    decided.set(file, kind);
    return true;
  };
  const django = [...djangoSettingsFiles(analyses, index, named)].filter((f) => decide(f, 'django-settings'));
  const config = [...configSourceFiles(analyses, index)].filter((f) => decide(f, 'celery-config'));
  for (const a of analyses) if (OTHER_TOOLS_FILE.test(baseName(a.file)) || a.celeryConfigClass !== undefined) decide(a.file, 'other');
  // Star imports carry the role: what a settings module takes in whole is settings
  // of the same kind, and so is a module that takes in a Django settings module.
  const takenBy = new Map<string, string[]>();
  for (const a of analyses) for (const from of a.settingsFromFiles) (takenBy.get(from) ?? takenBy.set(from, []).get(from)!).push(a.file);
  const spread = (start: readonly string[], kind: ModuleKind, upward: boolean) => {
    const pending = [...start];
    while (pending.length > 0) {
      const file = pending.pop()!;
      const next = [...(byFile.get(file)?.settingsFromFiles ?? []), ...(upward ? takenBy.get(file) ?? [] : [])];
      for (const other of next) if (decide(other, kind)) pending.push(other);
    }
  };
  spread(django, 'django-settings', true);
  spread(config, 'celery-config', false);
  if (everyAppSourceKnown(analyses, project)) {
    for (const a of analyses) if (a.kind === 'celery-config' && !CONFIG_MODULE_NAME.test(baseName(a.file))) decide(a.file, 'other');
  }
  for (const a of analyses) {
    const kind = decided.get(a.file);
    if (kind !== undefined) a.kind = kind;
  }
}

/** `DJANGO_SETTINGS_MODULE = proj.settings` in an ini or toml file, and pytest-django's `--ds=proj.settings`. */
const NAMED_IN_TOOL_CONFIG = /^[ \t]*DJANGO_SETTINGS_MODULE[ \t]*=[ \t]*["']?([A-Za-z_][\w.]*)|--ds[= ]["']?([A-Za-z_][\w.]*)/gm;
const TOOL_CONFIGS = ['pytest.ini', 'tox.ini', 'setup.cfg', 'pyproject.toml'];

/**
 * DJANGO_SETTINGS_MODULE as pytest-django reads it from the tool configs in
 * `dirs` (pytest.ini, tox.ini, setup.cfg, pyproject.toml's
 * [tool.pytest.ini_options]).
 */
export function settingsModulesNamedByTools(dirs: Iterable<string>, readFile: (file: string) => string | undefined): SettingsModuleNamed[] {
  const out: SettingsModuleNamed[] = [];
  for (const dir of dirs) {
    for (const name of TOOL_CONFIGS) {
      const file = `${dir}/${name}`;
      const text = readFile(file);
      if (text === undefined || !text.includes('DJANGO_SETTINGS_MODULE') && !text.includes('--ds')) continue;
      for (const m of text.matchAll(NAMED_IN_TOOL_CONFIG)) out.push({ file, module: (m[1] ?? m[2])! });
    }
  }
  return out;
}

/**
 * Where pytest's and tox's configuration may be: the directories of the
 * project's manage.py, setup.py and conftest.py files, the directory all the
 * linted files share and the two above it (the files may all be in one
 * package below the project's root).
 */
export function toolConfigDirs(files: readonly string[]): Set<string> {
  const dirs = new Set<string>();
  const dirOf = (f: string) => f.replace(/\\/g, '/').replace(/\/[^/]*$/, '');
  for (const f of files) if (/(^|[\\/])(manage|setup|conftest)\.py$/.test(f)) dirs.add(dirOf(f));
  if (files.length > 0) {
    let common = dirOf(files[0]!);
    for (const f of files) while (common && !`${f.replace(/\\/g, '/')}`.startsWith(`${common}/`)) common = common.replace(/\/?[^/]*$/, '');
    for (let up = 0; up < 3 && common; up++) {
      dirs.add(common);
      common = common.replace(/\/?[^/]*$/, '');
    }
  }
  return dirs;
}
