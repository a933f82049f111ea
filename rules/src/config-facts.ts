// Questions several rules ask of one configuration: which broker it uses,
// how a setting is spelt where the user would add it, and whether a value is
// truthy on every path. Answers follow the abstract values: "is" when every
// possibility agrees, "may be" when some do, nothing past an unknown.
import { knowledge, possibilities, truthiness, urlScheme, type AbstractValue, type Certainty, type EffectiveConfigurationInfo, type RuleContext } from '@celery-lint/core';

export type BrokerFamily = 'redis' | 'sqs' | 'amqp' | 'other';

const FAMILIES: Readonly<Record<string, BrokerFamily>> = {
  redis: 'redis',
  rediss: 'redis',
  'redis+socket': 'redis',
  sentinel: 'redis',
  sqs: 'sqs',
  amqp: 'amqp',
  amqps: 'amqp',
  pyamqp: 'amqp',
  librabbitmq: 'amqp',
};

/** The broker family of each possibility of broker_url (undefined where it is not known). */
export function brokerFamilies(context: RuleContext): Array<BrokerFamily | undefined> {
  const transport = possibilities(context.get('broker_transport').value);
  const brokerTransport = transport.length === 1 && transport[0]!.kind === 'str' ? transport[0]!.value : transport.length === 1 && transport[0]!.kind === 'none' ? null : undefined;
  if (brokerTransport === undefined) return [undefined];
  return possibilities(context.get('broker_url').value).map((v) => {
    if (v.kind === 'none') return FAMILIES[knowledge.brokerTransportName(null, brokerTransport)] ?? 'other';
    if (v.kind === 'str') return FAMILIES[knowledge.brokerTransportName(v.value, brokerTransport)] ?? 'other';
    if (v.kind === 'template') {
      const scheme = urlScheme(v);
      if (scheme === undefined) return undefined;
      return FAMILIES[knowledge.brokerTransportName(`${scheme}://`, brokerTransport)] ?? 'other';
    }
    return undefined;
  });
}

/** Whether the broker is (every possibility) or may be (some) of one of `wanted`. */
export function brokerIs(context: RuleContext, wanted: readonly BrokerFamily[]): { certainty: Certainty; family: BrokerFamily } | undefined {
  const all = brokerFamilies(context);
  const hits = all.filter((f): f is BrokerFamily => f !== undefined && wanted.includes(f));
  if (hits.length === 0) return undefined;
  return { certainty: hits.length === all.length ? 'is' : 'may be', family: hits[0]! };
}

/** True when every possibility of the broker is known and none is in `families`. */
export function brokerIsNot(context: RuleContext, families: readonly BrokerFamily[]): BrokerFamily | undefined {
  const all = brokerFamilies(context);
  if (all.some((f) => f === undefined || families.includes(f))) return undefined;
  return all[0];
}

/**
 * How the user would write a setting in this configuration:
 * `CELERY_TASK_ACKS_LATE` under the CELERY namespace, the old UPPERCASE name
 * in Django settings read without one (Django exposes only UPPERCASE names).
 */
export function spelled(config: EffectiveConfigurationInfo, setting: string): string {
  const ns = config.namespace;
  if (!ns) return config.djangoSettingsFile ? (knowledge.oldNameFor(setting) ?? setting) : setting;
  const prefix = `${ns.replace(/_+$/, '')}_`;
  return prefix === prefix.toUpperCase() ? `${prefix}${setting.toUpperCase()}` : `${prefix}${setting}`;
}

/** Truthiness on every path: 'is' when all possibilities are truthy, 'may be' when some are, undefined otherwise. */
export function truthy(value: AbstractValue): Certainty | undefined {
  const all = possibilities(value).filter((v) => v.kind !== 'unset');
  const yes = all.filter((v) => truthiness(v) === true);
  if (yes.length === 0) return undefined;
  return yes.length === all.length && possibilities(value).every((v) => v.kind !== 'unset') ? 'is' : 'may be';
}

/** A number of seconds the value certainly is (a number, or a timedelta of known parts). */
export function seconds(value: AbstractValue): number | undefined {
  const all = possibilities(value);
  if (all.length !== 1) return undefined;
  const v = all[0]!;
  if (v.kind === 'num') return v.value;
  if (v.kind === 'call' && /(^|\.)timedelta$/.test(v.callee) && v.args.length === 0) {
    const unit: Readonly<Record<string, number>> = { weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1, milliseconds: 0.001 };
    let total = 0;
    for (const kw of v.kwargs) {
      const n = kw.value.kind === 'num' ? kw.value.value : undefined;
      if (n === undefined || unit[kw.name] === undefined) return undefined;
      total += n * unit[kw.name]!;
    }
    return total;
  }
  return undefined;
}

/** Test modules (`tests/`, `test_*.py`, `*_tests.py`, `conftest.py`): they run under test settings, not the configuration at hand. */
export function isTestFile(file: string): boolean {
  const path = file.replace(/\\/g, '/');
  return /(^|\/)tests?\//.test(path) || /(^|\/)(test_[^/]*|[^/]*_tests?|tests|conftest)\.py$/.test(path);
}

const PRODUCTION = /^(prod|production|live)$|(^|_)(prod|production|live)(_|$)/i;

/**
 * The settings module (or django-configurations class) of a configuration,
 * when its name says it is the production one: `settings/prod.py`,
 * `production.py`, `settings_live.py`, `class Production(Base)`.
 */
export function productionSettings(config: EffectiveConfigurationInfo): string | undefined {
  const file = config.djangoSettingsFile ?? (config.kind === 'module' ? config.file : undefined);
  if (!file) return undefined;
  const base = file.replace(/\\/g, '/').split('/').pop()!.replace(/\.py$/, '');
  if (config.settingsClass && PRODUCTION.test(config.settingsClass.replace(/(Settings|Config(uration)?)$/, ''))) return `${base}.py (${config.settingsClass})`;
  return PRODUCTION.test(base) ? `${base}.py` : undefined;
}

/**
 * Like `truthy`, for booleans and numbers only: a string in a boolean setting
 * (`'false'`, truthy to Python) is invalid-setting-type's finding, and a rule
 * that took it for True would only confuse.
 */
export function switchedOn(value: AbstractValue): Certainty | undefined {
  return possibilities(value).some((v) => v.kind === 'str' || v.kind === 'template') ? undefined : truthy(value);
}
