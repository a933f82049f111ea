// The Settings properties Celery reads instead of a bare key (`app.conf.broker_url`
// is what the worker connects with): the environment first when it is set and
// not empty, then the first of the property's keys whose value is not None,
// then, for the read/write URLs, broker_url (celery/app/utils.py Settings).
import { oneOf } from './evaluator';
import { defaultValue, newNameForOld } from './knowledge/settings';
import { propertyRules, type CeleryView, type Found } from './settings-view';
import { possibilities, truthiness } from './values';
import type { AbstractValue, DerivedSetting, EnvironmentOverride } from './types';

export interface PropertyInput {
  readonly view: CeleryView;
  readonly version: string;
  /** The value and binding id of the view's key at `index`. */
  readonly keyAt: (index: number) => { readonly value: AbstractValue; readonly id: string };
  /** Values the source holds without the project writing them (Django's TIME_ZONE default). */
  readonly sourceDefault?: (key: string) => AbstractValue | undefined;
  readonly environment: readonly EnvironmentOverride[];
}

interface Got {
  readonly value: AbstractValue;
  readonly found: Found;
  readonly key: string;
}

/** The settings Celery reads through a property, with where each value comes from; and the view keys read only as fallbacks. */
export function derivedSettings(input: PropertyInput): { derived: DerivedSetting[]; fallbackKeys: Map<number, string> } {
  const { view, version } = input;
  const rules = propertyRules(version);
  const fallbackKeys = new Map<number, string>();
  const get = (key: string): Got => {
    const found = view.item(key);
    if (found.kind === 'key') return { value: input.keyAt(found.index).value, found, key };
    if (found.kind === 'default') {
      const fromSource = input.sourceDefault?.(found.key);
      return { value: fromSource ?? defaultValue(newNameForOld(found.key, version) ?? found.key, version), found, key };
    }
    return { value: { kind: 'none' }, found, key };
  };
  const memo = new Map<string, DerivedSetting>();
  const compute = (setting: string): DerivedSetting => {
    const known = memo.get(setting);
    if (known) return known;
    const rule = rules.get(setting)!;
    // `first(None, ...)`: the first value that is not None; a value that may be None lets the next key in.
    const tried: Got[] = [];
    for (const key of rule.keys) {
      const got = get(key);
      tried.push(got);
      if (!possibilities(got.value).some((v) => v.kind === 'none')) break;
    }
    let configured = describe(setting, tried, fallbackKeys, input.keyAt);
    if (rule.orProperty && truthiness(configured.value) !== true) {
      const other = compute(rule.orProperty);
      const own = possibilities(configured.value).filter((v) => truthiness(v) !== false);
      configured =
        truthiness(configured.value) === false
          ? { ...other, setting, from: 'fallback', fallbackKey: rule.orProperty }
          : { setting, value: oneOf([...own, other.value]), from: configured.from, ...(configured.binding ? { binding: configured.binding } : {}) };
    }
    const overrides = input.environment.filter((e) => e.variable === rule.environment);
    const last = overrides[overrides.length - 1];
    let result = configured;
    if (last) {
      const taken = truthiness(last.value);
      if (taken === true && last.certainty === 'is') result = { setting, value: last.value, from: 'environment', environment: last };
      else if (taken !== false) {
        const envOptions = possibilities(last.value).filter((v) => truthiness(v) !== false && v.kind !== 'unset');
        result = { ...configured, value: oneOf([...envOptions, configured.value]), environment: last };
      }
    }
    memo.set(setting, result);
    return result;
  };
  const derived = [...rules.keys()].map(compute);
  return { derived, fallbackKeys };
}

function describe(setting: string, tried: readonly Got[], fallbackKeys: Map<number, string>, keyAt: PropertyInput['keyAt']): DerivedSetting {
  const first = tried[0]!;
  const last = tried[tried.length - 1]!;
  // Every key but the last gives only its values that are not None.
  const values = tried.flatMap((t, i) => (i < tried.length - 1 ? possibilities(t.value).filter((v) => v.kind !== 'none') : [t.value]));
  const value = tried.length === 1 ? first.value : oneOf(values);
  if (tried.length > 1 && last.found.kind === 'key') fallbackKeys.set(last.found.index, setting);
  // The key that decides: the first one, unless it is surely None and a later key is written.
  const fellBack = tried.length > 1 && possibilities(first.value).every((v) => v.kind === 'none') && last.value.kind !== 'none';
  const decisive = fellBack ? last : first;
  const binding = decisive.found.kind === 'key' ? keyAt(decisive.found.index).id : undefined;
  return {
    setting,
    value,
    from: fellBack ? 'fallback' : decisive.found.kind === 'key' ? 'binding' : 'default',
    ...(binding ? { binding } : {}),
    ...(fellBack ? { fallbackKey: decisive.key } : {}),
  };
}
