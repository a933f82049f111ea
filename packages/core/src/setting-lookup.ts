// How rules look a setting up in one effective configuration: the binding
// Celery uses, else the default (or an honest unknown past an opaque source),
// and over both the environment variable the project's code writes for it.
import { defaultValue } from './knowledge/settings';
import type { SettingLookup } from './rule';
import type { AbstractValue, ConfiguredBinding, EffectiveConfigurationInfo, EnvironmentOverride } from './types';

/** The project's code surely sets the variable (an assignment that runs): it replaces what the deployment or a launch file set. */
export function surelyAssigned(write: EnvironmentOverride): boolean {
  return !write.isDefault && write.certainty === 'is';
}

/** The settings of one configuration as rules look them up: its bindings, else the default (or unknown past an opaque source). */
export function settingLookup(config: EffectiveConfigurationInfo, celeryVersion: string): { used: ConfiguredBinding[]; get: (setting: string) => SettingLookup } {
  const used = config.bindings.filter((b) => b.status.state === 'used');
  const bySetting = new Map<string, ConfiguredBinding>();
  for (const b of used) if (b.setting) bySetting.set(b.setting, b);
  // Celery reads CELERY_BROKER_URL and friends over the configured value: what the project's code writes there counts (issue 13).
  const written = new Map<string, EnvironmentOverride>();
  for (const e of config.environment ?? []) written.set(e.setting, e);
  const get = (setting: string): SettingLookup => {
    const configured = configuredValue(setting);
    const write = written.get(setting);
    if (!write) return configured;
    // An assignment surely made wins; a setdefault() or a write that may not run leaves the deployment's own value possible.
    if (surelyAssigned(write)) return { binding: undefined, value: write.value, isDefault: false };
    const deployment: AbstractValue = { kind: 'unknown', reason: `the deployment may set ${write.variable}`, envVar: write.variable };
    return { binding: undefined, value: { kind: 'oneOf', options: [write.value, write.isDefault ? deployment : configured.value] }, isDefault: false };
  };
  const configuredValue = (setting: string): SettingLookup => {
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

