// What Celery knows about its own settings, as data. The table itself is
// generated (see celery-settings.data.ts); this module answers questions about it.
import type { AbstractValue } from '../types';
import { SETTINGS_DATA } from './celery-settings.data';

/** A default as stored in the table: JSON, with `$tuple` / `$timedelta` tags for Python types. */
export type DefaultData =
  | null
  | boolean
  | number
  | string
  | readonly DefaultData[]
  | { readonly $tuple: readonly DefaultData[] }
  | { readonly $timedelta: number }
  | { readonly [key: string]: DefaultData };

export interface SettingData {
  /** New-style (4.0+) name: `result_backend`. */
  readonly name: string;
  /** The pre-4.0 name Celery maps to it: `CELERY_RESULT_BACKEND`. */
  readonly oldName: string;
  /** Celery's declared type (documentation only; Celery never converts values). */
  readonly type: string;
  readonly default: DefaultData;
  /** First Celery minor version that has it, `5.2` meaning 5.2 or earlier. */
  readonly since: string;
  readonly description: string;
}

/** Newest released Celery line; rules that depend on the version follow the target. */
export const DEFAULT_CELERY_VERSION = '5.6';

const byName = new Map<string, SettingData>(SETTINGS_DATA.map((s) => [s.name, s]));
const byOldName = new Map<string, SettingData>(SETTINGS_DATA.map((s) => [s.oldName, s]));

/** Compares dotted versions numerically: `5.10` > `5.9`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function existsIn(setting: SettingData, version: string | undefined): boolean {
  return version === undefined || compareVersions(setting.since, version) <= 0;
}

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

export function allSettings(version?: string): readonly SettingData[] {
  return SETTINGS_DATA.filter((s) => existsIn(s, version));
}

/** A table default as an abstract value, so rules can treat defaults and bindings alike. */
export function defaultValue(name: string): AbstractValue {
  const s = byName.get(name);
  if (!s) return { kind: 'unknown', reason: `'${name}' is not a Celery setting` };
  return fromData(s.default);
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
  return {
    kind: 'dict',
    entries: Object.entries(record).map(([k, v]) => ({ key: { kind: 'str', value: k, literal: false }, value: fromData(v) })),
    partial: false,
  };
}
