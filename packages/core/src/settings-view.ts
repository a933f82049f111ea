// Celery's Settings as data: the maps its ConfigurationView searches and the
// order it searches them in (celery/app/utils.py detect_settings and Settings,
// celery/utils/collections.py ConfigurationView; 5.2.6 and 5.5.2 alike except
// the timezone fallback). A key is looked up by every spelling Celery tries
// (the namespaced one, the plain one, then the key's new and old names), each
// spelling through every map (pending changes, add_defaults() dicts latest
// first, the config source, the table defaults) before the next spelling.
import { detectMixedSettings, type MixedSettingsResult } from './knowledge/mixing';
import { allSettings, compareVersions, newNameForOld, oldNameFor } from './knowledge/settings';

/** Where a key sits among Celery's maps. */
export type Layer = 'changes' | 'add-defaults' | 'source';

export interface ViewKey {
  readonly key: string;
  readonly layer: Layer;
  /** Set through `Celery(broker=, backend=, include=, **kwargs)`: left out of the mixing check. */
  readonly autoSet?: boolean;
  /** Which add_defaults() call holds it (0 = the first call): later calls are searched first. */
  readonly group?: number;
  /** Written after the first read: stored as written (never converted), never counted by the mixing check. */
  readonly afterRead?: boolean;
  /** `conf.setdefault()`: before the first read stored only when the key is not pending already; after it, only when no map holds the key. */
  readonly setdefault?: boolean;
}

/** What `app.conf[name]` returns: one of the given keys (by index), a table default, or nothing. */
export type Found =
  | { readonly kind: 'key'; readonly index: number }
  | { readonly kind: 'default'; readonly key: string }
  | { readonly kind: 'absent' };

export interface CeleryView {
  /** The spelling Celery settles on at the first read (detect_settings). */
  readonly format: 'new' | 'old';
  /** The whole check: a non-empty `mixed` is the ImproperlyConfigured Celery raises at the first read. */
  readonly mixing: MixedSettingsResult;
  /** `app.conf[name]` (also `conf.get(name)`). */
  item(name: string): Found;
}

export interface ViewInput {
  readonly keys: readonly ViewKey[];
  /** True when the app has a config source (its keys, not the pending ones, decide the format). */
  readonly hasSource: boolean;
  readonly namespace: string | null;
  readonly version: string;
  /** Keys the source holds that the project does not write (Django's global defaults: `TIME_ZONE`). */
  readonly sourceDefaults?: readonly string[];
}

/** Python's `str.isupper()` for the ASCII names settings use. */
function isUpper(s: string): boolean {
  return /[A-Za-z]/.test(s) && s === s.toUpperCase();
}

/** The namespace prefix Celery builds (`namespace.rstrip('_') + '_'`), or null for none. */
export function namespacePrefix(namespace: string | null): string | null {
  return namespace ? `${namespace.replace(/_+$/, '')}_` : null;
}

/** celery.utils.text's match_case: the key upper-cased under an upper-case prefix, else lower-cased. */
function matchCase(key: string, prefix: string): string {
  return isUpper(prefix) ? key.toUpperCase() : key.toLowerCase();
}

/** The spellings `ConfigurationView.__getitem__` tries for `name`, in order. */
export function spellingsOf(name: string, prefix: string | null, version: string): string[] {
  const out: string[] = [];
  if (prefix) {
    const prefixed = name.startsWith(prefix) ? name : prefix + name;
    out.push(matchCase(prefixed, prefix));
  }
  out.push(name, newNameForOld(name, version) ?? name, oldNameInVersion(name, version) ?? name);
  return out;
}

function oldNameInVersion(name: string, version: string): string | undefined {
  const old = oldNameFor(name);
  return old !== undefined && newNameForOld(old, version) === name ? old : undefined;
}

export function buildView(input: ViewInput): CeleryView {
  const { keys, version } = input;
  const prefix = namespacePrefix(input.namespace);
  const pendingKeys = keys.filter((k) => k.layer === 'changes' && !k.afterRead);
  const sourceKeys = keys.filter((k) => k.layer === 'source').map((k) => k.key);
  const mixing = detectMixedSettings({
    sourceKeys: input.hasSource ? [...sourceKeys, ...(input.sourceDefaults ?? [])] : null,
    pendingKeys: pendingKeys.map((k) => k.key),
    autoSetKeys: pendingKeys.filter((k) => k.autoSet).map((k) => k.key),
    namespace: input.namespace,
    version,
  });
  const format = mixing.format;
  // Pending changes: a dict, so a key written again keeps its first place; then
  // each key is converted to the chosen format, later entries replacing earlier ones.
  const pending = new Map<string, number>();
  keys.forEach((k, i) => {
    if (k.layer !== 'changes' || k.afterRead) return;
    if (k.setdefault && pending.has(k.key)) return;
    pending.set(k.key, i);
  });
  const changes = new Map<string, number>();
  for (const [key, index] of pending) {
    const converted = format === 'new' ? (newNameForOld(key, version) ?? key) : (oldNameInVersion(key, version) ?? key);
    changes.set(converted, index);
  }
  const groups = new Map<number, Map<string, number>>();
  keys.forEach((k, i) => {
    if (k.layer !== 'add-defaults') return;
    const group = groups.get(k.group ?? 0) ?? new Map<string, number>();
    group.set(k.key, i);
    groups.set(k.group ?? 0, group);
  });
  const addDefaults = [...groups.entries()].sort((a, b) => b[0] - a[0]).map(([, m]) => m);
  const source = new Map<string, number>();
  keys.forEach((k, i) => {
    if (k.layer === 'source') source.set(k.key, i);
  });
  const sourceDefaults = new Set(input.sourceDefaults ?? []);
  const defaults = new Set(allSettings(version).map((s) => (format === 'new' ? s.name : s.oldName)));
  const maps = [changes, ...addDefaults, source];
  // After the first read a write is stored as spelled; conf.setdefault() stores only when no map
  // holds the key under its namespaced or bare spelling (no old/new conversion: ConfigurationView.__contains__).
  const contains = (key: string): boolean => {
    const spellings = prefix ? [matchCase(key.startsWith(prefix) ? key : prefix + key, prefix), key] : [key];
    return spellings.some((k) => maps.some((m) => m.has(k)) || defaults.has(k) || sourceDefaults.has(k));
  };
  keys.forEach((k, i) => {
    if (k.layer !== 'changes' || !k.afterRead) return;
    if (k.setdefault && contains(k.key)) return;
    changes.set(k.key, i);
  });
  const item = (name: string): Found => {
    for (const spelling of spellingsOf(name, prefix, version)) {
      for (const map of maps) {
        const index = map.get(spelling);
        if (index !== undefined) return { kind: 'key', index };
      }
      if (sourceDefaults.has(spelling) && !source.has(spelling)) return { kind: 'default', key: spelling };
      if (defaults.has(spelling)) return { kind: 'default', key: spelling };
    }
    return { kind: 'absent' };
  };
  return { format, mixing, item };
}

/**
 * Settings properties that look further than their own key
 * (celery/app/utils.py Settings): the keys tried in order, the first value
 * that is not None winning, and the environment variable that beats them
 * when it is set and not empty.
 */
export interface PropertyRule {
  readonly keys: readonly string[];
  readonly environment?: string;
  /** `self.get(x) or self.<other property>`: any false value falls through. */
  readonly orProperty?: string;
}

export function propertyRules(version: string): ReadonlyMap<string, PropertyRule> {
  // 5.3.0 (commit 6f8c2dff) looks for Django's TIME_ZONE; 5.2 for a `time_zone` key.
  const zone = compareVersions(version, '5.3') >= 0 ? 'TIME_ZONE' : 'time_zone';
  return new Map<string, PropertyRule>([
    ['broker_url', { keys: ['broker_url', 'broker_host'], environment: 'CELERY_BROKER_URL' }],
    ['broker_read_url', { keys: ['broker_read_url'], environment: 'CELERY_BROKER_READ_URL', orProperty: 'broker_url' }],
    ['broker_write_url', { keys: ['broker_write_url'], environment: 'CELERY_BROKER_WRITE_URL', orProperty: 'broker_url' }],
    ['result_backend', { keys: ['result_backend', 'CELERY_RESULT_BACKEND'], environment: 'CELERY_RESULT_BACKEND' }],
    ['task_default_exchange', { keys: ['task_default_exchange', 'task_default_queue'] }],
    ['task_default_routing_key', { keys: ['task_default_routing_key', 'task_default_queue'] }],
    ['timezone', { keys: ['timezone', zone] }],
  ]);
}

/**
 * Keys a Settings property reads that are no setting of their own
 * (`broker_host`, `time_zone`, `CELERY_RESULT_BACKEND`), in lower case, over
 * every release: a module that holds one under a namespace (`MYAPP_TIME_ZONE`)
 * holds something Celery reads.
 */
export const PROPERTY_FALLBACK_KEYS: ReadonlySet<string> = new Set(
  ['5.2', '5.3'].flatMap((version) => [...propertyRules(version)].flatMap(([setting, rule]) => rule.keys.filter((k) => k !== setting).map((k) => k.toLowerCase()))),
);

/** Environment variables Celery's Settings reads, and the setting each stands for. */
export const SETTING_ENVIRONMENT: ReadonlyMap<string, string> = new Map([
  ['CELERY_BROKER_URL', 'broker_url'],
  ['CELERY_BROKER_READ_URL', 'broker_read_url'],
  ['CELERY_BROKER_WRITE_URL', 'broker_write_url'],
  ['CELERY_RESULT_BACKEND', 'result_backend'],
]);
