// The value Celery ends up with for the settings rules depend on, and where
// it comes from: a binding, the release's default, another setting or key
// Celery falls back to when this one is None, or an environment variable the
// project's code sets (Settings' properties in celery/app/utils.py, the
// backend's accept list in backends/base.py). print-config shows these so a
// reader sees what "not set" means and what overrides what is written.
import { oneOf } from './evaluator';
import { settingLookup } from './setting-lookup';
import { SETTING_ENVIRONMENT } from './settings-view';
import { possibilities } from './values';
import type { AbstractValue, ConfiguredBinding, DerivedSetting, EffectiveConfigurationInfo, EnvironmentOverride } from './types';

/** Settings print-config always shows, configured or not: the ones rules reason about. */
export const REPORTED_SETTINGS: readonly string[] = [
  'broker_url',
  'broker_read_url',
  'broker_write_url',
  'broker_transport',
  'result_backend',
  'task_serializer',
  'result_serializer',
  'event_serializer',
  'accept_content',
  'result_accept_content',
  'timezone',
  'enable_utc',
  'task_default_queue',
  'task_default_exchange',
  'task_default_routing_key',
];

/** Where a None falls back to outside Settings' properties (the result backend's accept list). */
const FALLS_BACK_TO: Readonly<Record<string, string>> = {
  broker_read_url: 'broker_url',
  broker_write_url: 'broker_url',
  result_accept_content: 'accept_content',
  task_default_exchange: 'task_default_queue',
  task_default_routing_key: 'task_default_queue',
};

export type SettingSource = 'configured' | 'default' | 'derived' | 'environment' | 'unknown';

export interface EffectiveSetting {
  readonly setting: string;
  /** What Celery uses. */
  readonly value: AbstractValue;
  readonly from: SettingSource;
  /** The binding that sets it (for `configured`), or that the derived value comes from. */
  readonly binding?: ConfiguredBinding;
  /** For `derived`: the setting (or fallback key, `broker_host`) whose value is used because this one is None. */
  readonly derivedFrom?: string;
  /** The variable the project's code sets that overrides it (surely for `environment`, possibly otherwise). */
  readonly environment?: EnvironmentOverride;
  /** Variables of the deployment's environment that override the value when set and not empty (the value then says "may be"). */
  readonly deploymentVariables?: readonly string[];
}

const VARIABLE_OF: ReadonlyMap<string, string> = new Map([...SETTING_ENVIRONMENT].map(([variable, setting]) => [setting, variable]));

/**
 * Whatever the deployment sets the variable to is gone: the project's code
 * sets it itself, unconditionally and to a known string (`setdefault` keeps
 * the deployment's value).
 */
function replacedByProject(config: EffectiveConfigurationInfo, variable: string): boolean {
  const writes = (config.environment ?? []).filter((e) => e.variable === variable);
  const last = writes[writes.length - 1];
  return last !== undefined && !last.isDefault && possibilities(last.value).every((v) => v.kind === 'str');
}

/**
 * Celery's Settings read CELERY_BROKER_URL, CELERY_RESULT_BACKEND,
 * CELERY_BROKER_READ_URL and CELERY_BROKER_WRITE_URL from the environment
 * before the configuration (the read and write URLs fall back to the
 * broker_url property, its variable included). The linter cannot see the
 * deployment's environment, so the value "may be" each variable it reads
 * that the project's code does not replace itself.
 */
function withDeploymentEnvironment(s: EffectiveSetting, config: EffectiveConfigurationInfo): EffectiveSetting {
  const own = VARIABLE_OF.get(s.setting);
  if (!own) return s;
  const variables = [own];
  if (own !== 'CELERY_BROKER_URL' && own !== 'CELERY_RESULT_BACKEND' && (s.from !== 'configured' || possibilities(s.value).some((v) => v.kind === 'none' || (v.kind === 'str' && v.value === '')))) variables.push('CELERY_BROKER_URL');
  const open = variables.filter((v) => !replacedByProject(config, v));
  if (open.length === 0) return s;
  const unknowns = open.map((variable) => ({ kind: 'unknown' as const, reason: `the deployment's $${variable}, when it is set and not empty`, envVar: variable }));
  return { ...s, value: oneOf([...unknowns, s.value]), deploymentVariables: open };
}

/** A Settings property as Celery computes it; undefined where the plain lookup says more (past an opaque source). */
function fromProperty(d: DerivedSetting, config: EffectiveConfigurationInfo, ids: ReadonlyMap<string, ConfiguredBinding>): EffectiveSetting | undefined {
  const binding = d.binding ? ids.get(d.binding) : undefined;
  const environment = d.environment ? { environment: d.environment } : {};
  if (d.from === 'environment') return { setting: d.setting, value: d.value, from: 'environment', ...environment };
  // What an unread source may hold decides a value the project does not write.
  if (config.opaqueSources.length > 0 && d.from !== 'binding') return undefined;
  if (d.from === 'binding') return { setting: d.setting, value: d.value, from: 'configured', ...(binding ? { binding } : {}), ...environment };
  if (d.from === 'fallback') return { setting: d.setting, value: d.value, from: 'derived', derivedFrom: d.fallbackKey, ...(binding ? { binding } : {}), ...environment };
  return { setting: d.setting, value: d.value, from: 'default', ...environment };
}

export function effectiveSettings(config: EffectiveConfigurationInfo, celeryVersion: string): EffectiveSetting[] {
  const { used, get } = settingLookup(config, celeryVersion);
  const ids = new Map(config.bindings.map((b) => [b.id, b]));
  const properties = new Map((config.derived ?? []).map((d) => [d.setting, d]));
  const names = [...REPORTED_SETTINGS];
  for (const b of used) if (b.setting && !names.includes(b.setting)) names.push(b.setting);
  const own = (setting: string): EffectiveSetting => {
    const property = properties.get(setting);
    const computed = property ? fromProperty(property, config, ids) : undefined;
    if (computed) return computed;
    const found = get(setting);
    if (found.binding) return { setting, value: found.value, from: 'configured', binding: found.binding };
    return { setting, value: found.value, from: found.isDefault ? 'default' : 'unknown' };
  };
  return names.map((setting) => {
    const mine = own(setting);
    const target = FALLS_BACK_TO[setting];
    if (properties.has(setting)) return withDeploymentEnvironment(mine, config);
    if (!target || mine.value.kind !== 'none') return mine;
    const other = own(target);
    return { setting, value: other.value, from: 'derived', derivedFrom: target, ...(other.binding ? { binding: other.binding } : {}) };
  });
}
