// How rules look a setting up in one effective configuration: the binding
// Celery uses, else the default (or an honest unknown past an opaque source).
import { defaultValue } from './knowledge/settings';
import type { SettingLookup } from './rule';
import type { AbstractValue, ConfiguredBinding, EffectiveConfigurationInfo } from './types';

/** The settings of one configuration as rules look them up: its bindings, else the default (or unknown past an opaque source). */
export function settingLookup(config: EffectiveConfigurationInfo, celeryVersion: string): { used: ConfiguredBinding[]; get: (setting: string) => SettingLookup } {
  const used = config.bindings.filter((b) => b.status.state === 'used');
  const bySetting = new Map<string, ConfiguredBinding>();
  for (const b of used) if (b.setting) bySetting.set(b.setting, b);
  const get = (setting: string): SettingLookup => {
    const binding = bySetting.get(setting);
    if (binding) return { binding, value: binding.value, isDefault: false };
    if (config.opaqueSources.length > 0) {
      const value: AbstractValue = { kind: 'unknown', reason: `${setting} may be set by ${config.opaqueSources[0]!.reason}` };
      return { binding: undefined, value, isDefault: false };
    }
    return { binding: undefined, value: defaultValue(setting, celeryVersion), isDefault: true };
  };
  return { used, get };
}

