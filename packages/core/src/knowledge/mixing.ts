// Celery's old/new setting-name mixing check (`detect_settings`, app/utils.py;
// celery-semantics.md §2), as a function over keys. It runs when the
// configuration is first read; a non-empty result is the ImproperlyConfigured
// Celery raises then.
import type { EffectiveConfigurationInfo } from '../types';
import { allSettings } from './settings';

export interface MixedSettingsInput {
  /** Keys of the config source (module/class globals, dict keys, Django's UPPERCASE settings); null when there is none. */
  readonly sourceKeys: readonly string[] | null;
  /** Keys given to `app.conf.update()`, `app.conf.x = ...`, `Celery(changes=...)` before the first read. */
  readonly pendingKeys: readonly string[];
  /** Setting names set through `Celery(broker=, backend=, include=, **kwargs)`: Celery leaves them out of the check. */
  readonly autoSetKeys: readonly string[];
  /** With any namespace Celery never raises. */
  readonly namespace: string | null;
  readonly version?: string;
}

export interface MixedSettingsResult {
  /** The spelling Celery settles on: the majority, new on a tie. */
  readonly format: 'new' | 'old';
  /** Keys of the losing spelling whose counterpart is not also given, sorted, with the name Celery asks for. */
  readonly mixed: ReadonlyArray<{ readonly key: string; readonly renameTo: string }>;
}

interface Tables {
  readonly newKeys: ReadonlySet<string>;
  readonly toNew: ReadonlyMap<string, string>;
  readonly toOld: ReadonlyMap<string, string>;
}

const tablesByVersion = new Map<string, Tables>();

function tables(version: string | undefined): Tables {
  const cacheKey = version ?? '*';
  let t = tablesByVersion.get(cacheKey);
  if (!t) {
    const settings = allSettings(version);
    t = {
      newKeys: new Set(settings.map((s) => s.name)),
      toNew: new Map(settings.map((s) => [s.oldName, s.name])),
      toOld: new Map(settings.map((s) => [s.name, s.oldName])),
    };
    tablesByVersion.set(cacheKey, t);
  }
  return t;
}

export function detectMixedSettings(input: MixedSettingsInput): MixedSettingsResult {
  const { newKeys, toNew, toOld } = tables(input.version);
  const ignore = new Set(input.autoSetKeys);
  const have = new Set((input.sourceKeys ?? input.pendingKeys).filter((k) => !ignore.has(k)));
  const inNew = [...have].filter((k) => newKeys.has(k));
  const inOld = [...have].filter((k) => toNew.has(k));
  const format: 'new' | 'old' = inOld.length > inNew.length ? 'old' : 'new';
  if (input.namespace) return { format: 'new', mixed: [] };
  const left = format === 'new' ? inOld : inNew;
  const convert = format === 'new' ? toNew : toOld;
  const mixed = left
    .filter((key) => !have.has(convert.get(key)!))
    .sort()
    .map((key) => ({ key, renameTo: convert.get(key)! }));
  return { format, mixed };
}

/** The text of Celery's ImproperlyConfigured for a mix (without its leading and trailing blank lines). */
export function mixedSettingsMessage(result: MixedSettingsResult): string | undefined {
  if (result.mixed.length === 0) return undefined;
  const lines = result.mixed.map((m) => `${m.key.padEnd(36)} -> ${m.renameTo}`).join('\n');
  return result.format === 'new'
    ? `Cannot mix new and old setting keys, please rename the\nfollowing settings to the new format:\n\n${lines}`
    : `Cannot mix new setting names with old setting names, please\nrename the following settings to use the old format:\n\n${lines}\n\nOr change all of the settings to use the new format :)`;
}

const SOURCE_ORIGINS = new Set(['config-module', 'config-class', 'config-dict', 'django-setting']);
const PENDING_ORIGINS = new Set(['conf-update', 'conf-attribute', 'conf-item', 'conf-setdefault', 'celery-changes']);

/**
 * The mixing check over an effective configuration the engine built. The
 * config source counts when the app names one (`sourceSpan`) or the
 * configuration is a settings module read alone. Bindings the engine never
 * records (names that are neither settings nor old names) cannot change the
 * outcome: Celery counts only keys in its two tables.
 */
export function mixedSettingsOf(config: EffectiveConfigurationInfo, version?: string): MixedSettingsResult {
  const bindings = config.bindings;
  const hasSource = config.kind === 'module' || config.sourceSpan !== undefined;
  const byId = new Map(bindings.map((b) => [`${b.keySpan.file}:${b.keySpan.start}`, b]));
  // A name assigned again in its module is there as its last assignment says: Django may not expose it, `del` may remove it.
  const reassigned = (b: (typeof bindings)[number]): boolean => {
    if (b.status.state !== 'overridden') return false;
    const last = byId.get(b.status.by);
    return last !== undefined && last.key === b.key && last.keySpan.file === b.keySpan.file && SOURCE_ORIGINS.has(last.origin);
  };
  const sourceKeys = bindings
    .filter((b) => SOURCE_ORIGINS.has(b.origin) && !reassigned(b))
    // Django copies only UPPERCASE names into its settings object.
    .filter((b) => !(b.status.state === 'ignored' && b.status.code === 'django-lowercase'))
    // A name `del` removed is not in the module any more.
    .filter((b) => !(b.status.state === 'ignored' && b.status.code === 'discarded'))
    .map((b) => b.key);
  // Writes after the first read, and writes Celery throws away, are not in the dict it checks.
  const pendingKeys = bindings
    .filter((b) => PENDING_ORIGINS.has(b.origin) && !b.afterFirstRead && !(b.status.state === 'ignored' && b.status.code === 'discarded'))
    .map((b) => b.key);
  const autoSetKeys = bindings.filter((b) => b.origin === 'celery-kwarg').map((b) => (b.spelling === 'alias' && b.setting ? b.setting : b.key));
  return detectMixedSettings({
    sourceKeys: hasSource ? sourceKeys : null,
    pendingKeys,
    autoSetKeys,
    namespace: config.namespace,
    ...(version !== undefined ? { version } : {}),
  });
}
