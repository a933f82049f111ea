// What Celery knows about its own settings, as data. The table itself is
// generated from Celery's source (scripts/generate-celery-settings.py); this
// module answers questions about it for a target Celery version.
import type { AbstractValue } from '../types';
import { OLD_NAME_REMOVAL, SETTINGS_DATA, SETTING_COUNTS } from './celery-settings.data';
import type { DefaultData, SettingData } from './model';
import { NEWEST_RELEASED_LINE, compareReleases, presentIn, resolveRelease } from './versions';

export type { DefaultData, SettingData } from './model';

/** Newest released Celery line; rules that depend on the version follow the target. */
export const DEFAULT_CELERY_VERSION: string = NEWEST_RELEASED_LINE;

const byName = new Map<string, SettingData>(SETTINGS_DATA.map((s) => [s.name, s]));
const byOldName = new Map<string, SettingData>(SETTINGS_DATA.map((s) => [s.oldName, s]));

/** Compares dotted versions numerically: `5.10` > `5.9`. */
export function compareVersions(a: string, b: string): number {
  return compareReleases(a, b);
}

function existsIn(setting: SettingData, version: string | undefined): boolean {
  return presentIn(setting.sinceRelease ?? setting.since, setting.removedIn, version);
}

/** The setting, if the target version has it; without a version, any release's. */
export function settingInfo(name: string, version?: string): SettingData | undefined {
  const s = byName.get(name);
  return s && existsIn(s, version) ? s : undefined;
}

export function isSettingName(name: string, version?: string): boolean {
  return settingInfo(name, version) !== undefined;
}

/** The new name for a pre-4.0 name (`BROKER_URL` -> `broker_url`). */
export function newNameForOld(oldName: string, version?: string): string | undefined {
  const s = byOldName.get(oldName);
  return s && existsIn(s, version) ? s.name : undefined;
}

export function oldNameFor(name: string): string | undefined {
  return byName.get(name)?.oldName;
}

/** True when the old name is spelt like the `CELERY`-namespaced new name (`CELERY_RESULT_BACKEND`). */
export function oldNameIsNamespacedName(name: string): boolean {
  const s = byName.get(name);
  return s !== undefined && s.oldName === `CELERY_${s.name.toUpperCase()}`;
}

const settingsByVersion = new Map<string | undefined, readonly SettingData[]>();

export function allSettings(version?: string): readonly SettingData[] {
  let list = settingsByVersion.get(version);
  if (!list) {
    list = SETTINGS_DATA.filter((s) => existsIn(s, version));
    settingsByVersion.set(version, list);
  }
  return list;
}

/**
 * The Celery release `celery worker` says old (pre-4.0) setting names will be
 * removed in (`6.0.0` since 5.0), or undefined for targets whose worker does
 * not warn about them (4.4 reads them silently).
 */
export function oldNameRemoval(version?: string): string | undefined {
  const release = resolveRelease(version);
  let found: string | null = OLD_NAME_REMOVAL[OLD_NAME_REMOVAL.length - 1]!.value;
  if (release !== undefined) {
    found = OLD_NAME_REMOVAL[0]!.value;
    for (const point of OLD_NAME_REMOVAL) if (compareReleases(point.since, release) <= 0) found = point.value;
  }
  return found ?? undefined;
}

/** How many settings a scanned release has (`5.2.6` -> 169), straight from the generated counts. */
export function settingCount(release: string): number | undefined {
  return SETTING_COUNTS[release];
}

/** The default as data, for the target version when it changed between releases. */
export function defaultData(name: string, version?: string): DefaultData | undefined {
  const s = byName.get(name);
  if (!s) return undefined;
  const release = resolveRelease(version);
  if (!s.defaultHistory || release === undefined) return s.default;
  let found = s.defaultHistory[0]!.value;
  for (const point of s.defaultHistory) if (compareReleases(point.since, release) <= 0) found = point.value;
  return found;
}

/** A table default as an abstract value, so rules can treat defaults and bindings alike. */
export function defaultValue(name: string, version?: string): AbstractValue {
  const data = defaultData(name, version);
  if (data === undefined) return { kind: 'unknown', reason: `'${name}' is not a Celery setting` };
  return fromData(data);
}

function fromData(data: DefaultData): AbstractValue {
  if (data === null) return { kind: 'none' };
  if (typeof data === 'boolean') return { kind: 'bool', value: data };
  if (typeof data === 'number') return { kind: 'num', value: data, isInt: Number.isInteger(data) };
  if (typeof data === 'string') return { kind: 'str', value: data, literal: false };
  if (Array.isArray(data)) return { kind: 'list', items: data.map(fromData), partial: false };
  const record = data as Record<string, DefaultData>;
  if ('$tuple' in record) {
    return { kind: 'tuple', items: (record.$tuple as DefaultData[]).map(fromData), partial: false };
  }
  if ('$timedelta' in record) {
    return { kind: 'call', callee: 'datetime.timedelta', args: [], kwargs: [{ name: 'seconds', value: fromData(record.$timedelta as number) }] };
  }
  if ('$float' in record) {
    const text = String(record.$float);
    return { kind: 'num', value: text.startsWith('-') ? -Infinity : text === 'nan' ? NaN : Infinity, isInt: false };
  }
  return {
    kind: 'dict',
    entries: Object.entries(record).map(([k, v]) => ({ key: { kind: 'str', value: k, literal: false }, value: fromData(v) })),
    partial: false,
  };
}
