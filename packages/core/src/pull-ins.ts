// The modules a whole-project run reads although the pre-filter turned them
// down: a module a candidate star-imports or includes may be the settings
// module an app reads (`settings/live.py` pulls everything from a `web.py`
// that never names Celery), `config_from_object('proj.conf')`,
// `Celery(config_source=...)` and `config_from_envvar()` may name a module
// whose text says nothing of Celery, and a module that writes configuration
// (or is itself configuration) may take its values from constants defined
// in a module it imports. The CLI's tree walk and the project index
// (pre-commit's closure, the editor's members) both follow these pull-ins
// through `followPullIns`, so they agree on which files a run reads.
import { ModuleIndex } from './module-index';
import { assignsSettingShapedName } from './prefilter';
import { detached } from './text';

/** A module reference that brings the referenced module into the run. */
export interface PullIn {
  /** Dotted module name, without the leading dots of a relative import. */
  readonly name: string;
  /** Leading dots of a relative import (0 for absolute names). */
  readonly level: number;
  /** The module is read as configuration: every global may be a setting, so its own imports pull in too. */
  readonly configuration: boolean;
}

export interface PullIns {
  /** Read whatever role the module itself has. */
  readonly always: readonly PullIn[];
  /** Read only when the module is configuration: the modules it imports names from. */
  readonly asConfiguration: readonly PullIn[];
}

/** `from .base import *`: the leading dots, then the module name. */
export const STAR_IMPORT = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\*/gm;
/** File names given to django-split-settings' include(): relative to the including module. */
export const INCLUDED_FILE = /['"]((?:[A-Za-z_]\w*\/)*[A-Za-z_]\w*)\.py['"]/g;
/** A module named as configuration: `config_from_object('proj.celeryconfig')`, `config_source='celeryconfig'`, `'proj.config:Config'`. */
const NAMED_SOURCE = /(?:config_from_object\(\s*|config_source\s*=\s*)['"]([\w.]+?)(?:[:.]([A-Z]\w*))?['"]/g;
/** What a module imports (a config class or dict passed by name, a constant): `from proj import config`, `import celeryconfig`. */
const IMPORTED_MODULE = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?[ \t]*(\w+)|^[ \t]*import[ \t]+([\w.]+)/gm;
/** A value set for a variable, read by config_from_envvar(): `os.environ['PROJ_CONFIG'] = 'proj.celeryconfig'`. */
const ENVIRONMENT_VALUE = /os\.environ(?:\[\s*['"]\w+['"]\s*\]\s*=|\.setdefault\(\s*['"]\w+['"]\s*,)\s*['"]([\w.]+)['"]/g;
/** A module that writes configuration itself (or assigns setting-shaped names where they may configure): the constants it imports from the project may be its values. `from django.conf import settings` writes nothing. */
const WRITES_CONFIGURATION = /config_from_|config_source|\bCelery\(|\.conf[.[]|INSTALLED_APPS|^[ \t]*CELERY_\w+\s*=/m;

const NONE: PullIns = { always: [], asConfiguration: [] };

/** Reads a module's pull-ins from its text. */
export function scanPullIns(text: string): PullIns {
  const always: PullIn[] = [];
  const imports = text.includes('import');
  if (imports) for (const m of text.matchAll(STAR_IMPORT)) always.push({ name: detached(m[2]!), level: m[1]!.length, configuration: true });
  if (text.includes('split_settings')) for (const m of text.matchAll(INCLUDED_FILE)) always.push({ name: detached(m[1]!.replace(/\//g, '.')), level: 1, configuration: true });
  const loads = /config_from_|config_source/.test(text);
  if (loads) for (const m of text.matchAll(NAMED_SOURCE)) always.push({ name: detached(m[1]!), level: 0, configuration: true });
  if (loads && text.includes('config_from_envvar')) for (const m of text.matchAll(ENVIRONMENT_VALUE)) always.push({ name: detached(m[1]!), level: 0, configuration: true });
  const imported: PullIn[] = [];
  if (imports) {
    for (const m of text.matchAll(IMPORTED_MODULE)) {
      if (m[4] !== undefined) imported.push({ name: detached(m[4]), level: 0, configuration: false });
      else {
        // `from proj import config` imports a module or a name from one: both are looked for.
        const level = m[1]!.length;
        imported.push({ name: detached(m[2]!), level, configuration: false }, { name: detached(m[2] ? `${m[2]}.${m[3]}` : m[3]!), level, configuration: false });
      }
    }
  }
  if (always.length === 0 && imported.length === 0) return NONE;
  // `from consts import BROKER` in a module that writes configuration: the value is that module's.
  if (loads || (imports && (WRITES_CONFIGURATION.test(text) || assignsSettingShapedName(text)))) return { always: [...always, ...imported], asConfiguration: [] };
  return { always, asConfiguration: imported };
}

/** A key that changes exactly when a module's pull-ins do. */
export function pullInsKey(pullIns: PullIns): string {
  const key = (list: readonly PullIn[]) => list.map((p) => `${p.configuration ? 'c' : 'i'}${p.level}:${p.name}`).join(',');
  return `${key(pullIns.always)}|${key(pullIns.asConfiguration)}`;
}

export interface PullInWalk {
  /** Whether the run reads the file already. */
  has(file: string): boolean;
  /** The file's pull-ins (read from its text). */
  pullInsOf(file: string): PullIns;
  /** The file a reference made from `from` resolves to, if the project has it. */
  resolve(from: string, name: string, level: number): string | undefined;
  /** Brings a file into the run; false when it cannot be read. */
  admit(file: string): boolean;
}

/**
 * Follows the pull-ins of `start` (the files the run reads already),
 * transitively, admitting each module they bring in. A module already read
 * that is named as configuration only later has its imports followed then.
 */
export function followPullIns(start: Iterable<string>, walk: PullInWalk): void {
  const queue = [...start];
  const configuration = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    const pullIns = walk.pullInsOf(file);
    const refs = configuration.has(file) ? [...pullIns.always, ...pullIns.asConfiguration] : pullIns.always;
    for (const ref of refs) {
      const target = walk.resolve(file, ref.name, ref.level);
      if (!target) continue;
      const newlyConfiguration = ref.configuration && !configuration.has(target);
      if (newlyConfiguration) configuration.add(target);
      if (walk.has(target)) {
        if (newlyConfiguration) queue.push(target);
        continue;
      }
      if (walk.admit(target)) queue.push(target);
    }
  }
}

/**
 * The modules the pull-ins of `start` bring in, transitively, even when the
 * pre-filter turned them down, each with its own pull-ins, in the order they
 * were found. `all` is every Python file the run could read; `pullInsOf`
 * gives a file's pull-ins from its text, or undefined when it cannot be read
 * (then it is not brought in).
 */
export function pulledInModules(start: Iterable<string>, all: readonly string[], pullInsOf: (file: string) => PullIns | undefined): Map<string, PullIns> {
  const index = ModuleIndex.shared(all);
  const reading = new Set(start);
  const admitted = new Map<string, PullIns>();
  followPullIns(reading, {
    has: (file) => reading.has(file),
    pullInsOf: (file) => admitted.get(file) ?? pullInsOf(file) ?? NONE,
    resolve: (from, name, level) => index.resolve(from, name, level),
    admit: (file) => {
      const pullIns = pullInsOf(file);
      if (pullIns === undefined) return false;
      admitted.set(file, pullIns);
      reading.add(file);
      return true;
    },
  });
  return admitted;
}

/** Adds to `candidates` (file → text) the modules their pull-ins bring in (pulledInModules), with their texts. */
export function addPulledInModules(candidates: Map<string, string>, all: readonly string[], read: (file: string) => string | undefined): void {
  const texts = new Map<string, string>();
  const pullInsOf = (file: string) => {
    const text = candidates.get(file) ?? read(file);
    if (text === undefined) return undefined;
    if (!candidates.has(file)) texts.set(file, text);
    return scanPullIns(text);
  };
  for (const file of pulledInModules([...candidates.keys()], all, pullInsOf).keys()) candidates.set(file, texts.get(file)!);
}
