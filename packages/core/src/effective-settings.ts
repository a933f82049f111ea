// The value Celery ends up with for the settings rules depend on, and where
// it comes from: a binding, the release's default, or another setting Celery
// falls back to when this one is None (Settings' properties in
// celery/app/utils.py, the backend's accept list in backends/base.py, the
// default exchange and routing key in app/amqp.py). print-config shows these
// so a reader sees what "not set" means.
import { settingLookup } from './setting-lookup';
import type { AbstractValue, ConfiguredBinding, EffectiveConfigurationInfo } from './types';

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

/** Where a None falls back to, per Celery: the setting whose value is used instead. */
const FALLS_BACK_TO: Readonly<Record<string, string>> = {
  broker_read_url: 'broker_url',
  broker_write_url: 'broker_url',
  result_accept_content: 'accept_content',
  task_default_exchange: 'task_default_queue',
  task_default_routing_key: 'task_default_queue',
};

export type SettingSource = 'configured' | 'default' | 'derived' | 'unknown';

export interface EffectiveSetting {
  readonly setting: string;
  /** What Celery uses. */
  readonly value: AbstractValue;
  readonly from: SettingSource;
  /** The binding that sets it (for `configured`), or that the derived value comes from. */
  readonly binding?: ConfiguredBinding;
  /** For `derived`: the setting whose value is used because this one is None. */
  readonly derivedFrom?: string;
}

export function effectiveSettings(config: EffectiveConfigurationInfo, celeryVersion: string): EffectiveSetting[] {
  const { used, get } = settingLookup(config, celeryVersion);
  const names = [...REPORTED_SETTINGS];
  for (const b of used) if (b.setting && !names.includes(b.setting)) names.push(b.setting);
  const own = (setting: string): EffectiveSetting => {
    const found = get(setting);
    if (found.binding) return { setting, value: found.value, from: 'configured', binding: found.binding };
    return { setting, value: found.value, from: found.isDefault ? 'default' : 'unknown' };
  };
  return names.map((setting) => {
    const mine = own(setting);
    const target = FALLS_BACK_TO[setting];
    if (!target || mine.value.kind !== 'none') return mine;
    const other = own(target);
    return { setting, value: other.value, from: 'derived', derivedFrom: target, ...(other.binding ? { binding: other.binding } : {}) };
  });
}

