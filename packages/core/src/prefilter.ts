// A cheap text test that decides whether a file is worth parsing at all
// (design.md, "Performance shape"). It must never say no to a file that can
// configure Celery or Django; saying yes to a few others only costs time.
// A celeryconfig-style module need not mention Celery, so module-level
// assignments to setting-shaped names count too, and so do task decorators
// (`@app.task` in a module that imports the app from `proj.worker`): rules
// check beat schedules against the tasks the project defines. A module that
// only star-imports others (`settings/live.py`: `from .common import *`) may be
// the settings module an app reads, or the package a config class is
// imported through. A django-configurations base class (`Base(Configuration)`)
// may hold no Celery word either, and DJANGO_CONFIGURATION picks the class.
// A Django settings module with no Celery in it counts for the django/ rules:
// ROOT_URLCONF and MIDDLEWARE are names only Django settings set.
// A module that calls tasks (`send_welcome.delay(user)` in views.py) counts
// too: rules check what it passes and whether it waits for results.
import { ModuleIndex } from './module-index';

const MAY_CONFIGURE =
  /celery|CELERY|Celery|DJANGO_SETTINGS|DJANGO_CONFIGURATION|INSTALLED_APPS|ROOT_URLCONF|MIDDLEWARE|split_settings|\.(?:delay|apply_async)\(|^[ \t]*(?:from|import)[ \t]+configurations\b|^[ \t]*@[\w.]+\.task\b|^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\*|^[ \t]*(?:(?:broker|result|task|worker|beat|event|redis|database|cache|security|control)_\w+|accept_content|imports|include|timezone|enable_utc|BROKER_\w+)\s*[:=]/m;

/** A package's `__init__.py` decides what importing the package imports: autodiscovery rules read it. */
const INIT_FILE = /(^|[\\/])__init__\.py$/;

/** `path`, when given, lets every package's `__init__.py` through too (they are small, and mostly empty). */
export function mightConfigureCelery(text: string, path?: string): boolean {
  return MAY_CONFIGURE.test(text) || (path !== undefined && INIT_FILE.test(path));
}

/** `from .base import *`: the leading dots, then the module name. */
export const STAR_IMPORT = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\*/gm;
/** File names given to django-split-settings' include(): relative to the including module. */
const INCLUDED_FILE = /['"]((?:[A-Za-z_]\w*\/)*[A-Za-z_]\w*)\.py['"]/g;
/** A module named as configuration: `config_from_object('proj.celeryconfig')`, `config_source='celeryconfig'`, `'proj.config:Config'`. */
const NAMED_SOURCE = /(?:config_from_object\(\s*|config_source\s*=\s*)['"]([\w.]+?)(?:[:.]([A-Z]\w*))?['"]/g;
/** In a module that loads configuration, what it imports (a config class or dict passed by name): `from proj import config`, `import celeryconfig`. */
const IMPORTED_MODULE = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?[ \t]*(\w+)|^[ \t]*import[ \t]+([\w.]+)/gm;
/** A value set for a variable, read by config_from_envvar(): `os.environ['PROJ_CONFIG'] = 'proj.celeryconfig'`. */
const ENVIRONMENT_VALUE = /os\.environ(?:\[\s*['"]\w+['"]\s*\]\s*=|\.setdefault\(\s*['"]\w+['"]\s*,)\s*['"]([\w.]+)['"]/g;

/** A module that writes configuration itself: the constants it imports from the project may be its values. */
const WRITES_CONFIGURATION = /config_from_|config_source|\bCelery\(|\.conf\b|INSTALLED_APPS|^[ \t]*(?:CELERY_\w+|BROKER_\w+|(?:broker|result|task|worker|beat|event)_\w+|accept_content|imports|include|timezone|enable_utc)\s*=/m;

/**
 * Adds to `candidates` the modules they name as configuration, transitively,
 * and the project modules that a module named as configuration, or one that
 * writes configuration, imports names from (its values may be constants
 * defined there),
 * even when the pre-filter turned them down: `settings/live.py` may pull its
 * settings from a `web.py` that never names Celery or Django (a star import), and
 * `config_from_object('proj.conf')`, `Celery(config_source=...)`,
 * `config_from_envvar()` or an imported config class may name a module whose text
 * says nothing of Celery. `all` is every Python file the run could read; `read`
 * gives a file's text, or undefined.
 */
export function addStarImportedModules(candidates: Map<string, string>, all: readonly string[], read: (file: string) => string | undefined): void {
  const index = new ModuleIndex(all);
  const queue = [...candidates.keys()];
  // Modules named as configuration (or star-imported, or included): every global is a setting Celery may read,
  // whatever its name (`cassandra_servers`, `CELERYD_TASK_TIME_LIMIT`), so the constants they import count too.
  const configuration = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    const text = candidates.get(file)!;
    const imports: Array<{ name: string; level: number; configuration: boolean }> = [];
    if (text.includes('import')) for (const m of text.matchAll(STAR_IMPORT)) imports.push({ name: m[2]!, level: m[1]!.length, configuration: true });
    if (text.includes('split_settings')) for (const m of text.matchAll(INCLUDED_FILE)) imports.push({ name: m[1]!.replace(/\//g, '.'), level: 1, configuration: true });
    const loads = /config_from_|config_source/.test(text);
    if (loads) for (const m of text.matchAll(NAMED_SOURCE)) imports.push({ name: m[1]!, level: 0, configuration: true });
    // `from consts import BROKER` in a module that writes configuration: the value is that module's.
    if (loads || configuration.has(file) || (text.includes('import') && WRITES_CONFIGURATION.test(text))) {
      for (const m of text.matchAll(IMPORTED_MODULE)) {
        if (m[4] !== undefined) imports.push({ name: m[4], level: 0, configuration: false });
        else {
          // `from proj import config` imports a module or a name from one: both are looked for.
          const level = m[1]!.length;
          imports.push({ name: m[2]!, level, configuration: false }, { name: m[2] ? `${m[2]}.${m[3]}` : m[3]!, level, configuration: false });
        }
      }
    }
    if (loads && text.includes('config_from_envvar')) for (const m of text.matchAll(ENVIRONMENT_VALUE)) imports.push({ name: m[1]!, level: 0, configuration: true });
    for (const m of imports) {
      const target = index.resolve(file, m.name, m.level);
      if (!target) continue;
      // A module already among the candidates may be named as configuration only now: its imports are read then.
      const newlyConfiguration = m.configuration && !configuration.has(target);
      if (newlyConfiguration) configuration.add(target);
      if (candidates.has(target)) {
        if (newlyConfiguration) queue.push(target);
        continue;
      }
      const targetText = read(target);
      if (targetText === undefined) continue;
      candidates.set(target, targetText);
      queue.push(target);
    }
  }
}
