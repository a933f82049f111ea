// Questions the django/ rules ask of a deployment settings module, in
// Django's own terms: exact string membership in MIDDLEWARE and
// INSTALLED_APPS (a subclass or an AppConfig path does not count, as in
// Django's checks), `is True` versus truthiness, and where to point a
// finding. Every answer follows the abstract values: "is" when every path
// agrees, "may be" when a written path does, nothing when no known path does
// (an environment value the linter cannot see is never a guess).
import { knowledge, possibilities, truthiness, type AbstractValue, type Certainty, type DjangoRuleContext, type SourceSpan } from '@celery-lint/core';

export const SECURITY_MIDDLEWARE = 'django.middleware.security.SecurityMiddleware';
export const CLICKJACKING_MIDDLEWARE = 'django.middleware.clickjacking.XFrameOptionsMiddleware';
export const CSRF_MIDDLEWARE = 'django.middleware.csrf.CsrfViewMiddleware';
export const SESSION_MIDDLEWARE = 'django.contrib.sessions.middleware.SessionMiddleware';
export const SESSIONS_APP = 'django.contrib.sessions';

/**
 * Whether `test` holds on the value's paths: 'is' on every path, 'may be' on
 * some, undefined when it holds on none that the linter knows. `test` answers
 * undefined for a value it cannot judge.
 */
export function holds(value: AbstractValue, test: (v: AbstractValue) => boolean | undefined): Certainty | undefined {
  const all = possibilities(value);
  const results = all.map((v) => (v.kind === 'unknown' || v.kind === 'unset' ? undefined : test(v)));
  const yes = results.filter((r) => r === true).length;
  if (yes === 0) return undefined;
  return yes === all.length ? 'is' : 'may be';
}

/** All conditions hold: 'is' when each is certain, 'may be' when each holds on some path. */
export function both(...conditions: ReadonlyArray<Certainty | undefined>): Certainty | undefined {
  if (conditions.some((c) => c === undefined)) return undefined;
  return conditions.every((c) => c === 'is') ? 'is' : 'may be';
}

/** Whether a list of strings holds `item` exactly; undefined when an unlisted part might (`*extra`, `+ other`). */
export function listHolds(v: AbstractValue, item: string): boolean | undefined {
  if (v.kind !== 'list' && v.kind !== 'tuple' && v.kind !== 'set') return undefined;
  if (v.items.some((i) => i.kind === 'str' && i.value === item)) return true;
  if (v.partial || v.items.some((i) => i.kind !== 'str')) return undefined;
  return false;
}

/** `NAME` holds `item` (MIDDLEWARE holds SecurityMiddleware). */
export function contains(context: DjangoRuleContext, name: string, item: string): Certainty | undefined {
  return holds(context.setting(name).value, (v) => listHolds(v, item));
}

/** `NAME` does not hold `item`. */
export function lacks(context: DjangoRuleContext, name: string, item: string): Certainty | undefined {
  return holds(context.setting(name).value, (v) => {
    const has = listHolds(v, item);
    return has === undefined ? undefined : !has;
  });
}

/** Python's `value is True`: only the bool True (1 and 'yes' are not). */
export function isTrue(v: AbstractValue): boolean | undefined {
  if (v.kind === 'bool') return v.value;
  return v.kind === 'unknown' || v.kind === 'unset' || v.kind === 'call' || v.kind === 'template' ? undefined : false;
}

/** The setting is not `True` (an `is True` test fails). */
export function notTrue(context: DjangoRuleContext, name: string): Certainty | undefined {
  return holds(context.setting(name).value, (v) => {
    const t = isTrue(v);
    return t === undefined ? undefined : !t;
  });
}

/** The setting is falsy. */
export function falsy(context: DjangoRuleContext, name: string): Certainty | undefined {
  return holds(context.setting(name).value, (v) => {
    const t = truthiness(v);
    return t === undefined ? undefined : !t;
  });
}

/** The setting is truthy. */
export function truthy(context: DjangoRuleContext, name: string): Certainty | undefined {
  return holds(context.setting(name).value, (v) => truthiness(v));
}

/**
 * Django 4.1 made its session and CSRF cookie checks `is True` tests
 * (django/django#15443); earlier releases tested truthiness, so `1` passed.
 */
export function cookieFlagOff(context: DjangoRuleContext, name: string): Certainty | undefined {
  return knowledge.djangoAtLeast(context.djangoVersion, '4.1') ? notTrue(context, name) : falsy(context, name);
}

/**
 * Where a finding about `names` goes: the value of the first one the module
 * (or what it star-imports) sets, else the top of the settings module, which
 * is where a missing setting belongs.
 */
export function placeOf(context: DjangoRuleContext, ...names: string[]): SourceSpan {
  for (const name of names) {
    const binding = context.setting(name).binding;
    if (binding) return binding.valueSpan;
  }
  return { file: context.settingsFile, start: 0, end: 0 };
}

/** The middleware list as the module names it: MIDDLEWARE_CLASSES where Django before 2.0 reads that one. */
export function middlewareList(context: DjangoRuleContext): string {
  const key = context.setting('MIDDLEWARE').binding?.keySpan;
  return key && context.sourceText(key.file).slice(key.start, key.end) === 'MIDDLEWARE_CLASSES' ? 'MIDDLEWARE_CLASSES' : 'MIDDLEWARE';
}

/** How a setting reads in a message: `SECURE_HSTS_SECONDS = 0` where written, `SECURE_HSTS_SECONDS (not set: 0)` by default. */
export function shown(context: DjangoRuleContext, name: string): string {
  const state = context.setting(name);
  if (state.binding) {
    const span = state.binding.valueSpan;
    const text = context.sourceText(span.file).slice(span.start, span.end);
    return `${name} = ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
  }
  if (state.value.kind === 'oneOf') {
    // Django's default, or what a namespace rewrite the linter cannot follow sets.
    const fallback = state.value.options.find((o) => o.kind !== 'unknown');
    const unknown = state.value.options.find((o) => o.kind === 'unknown');
    const place = unknown?.kind === 'unknown' ? / at (line \d+ of [^,]+),/.exec(unknown.reason)?.[1] : undefined;
    if (fallback && place) return `${name} (not set, so Django's default ${describe(fallback)} unless ${place} sets it)`;
  }
  return `${name} (not set, so Django's default ${describe(state.value)})`;
}

function describe(v: AbstractValue): string {
  switch (v.kind) {
    case 'str':
      return `'${v.value}'`;
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'num':
      return String(v.value);
    case 'none':
      return 'None';
    case 'list':
    case 'tuple':
      return v.items.length === 0 ? (v.kind === 'list' ? '[]' : '()') : 'applies';
    default:
      return 'applies';
  }
}

/** The data every django/ message shares: the module and why it counts as deployed. */
export function where(context: DjangoRuleContext): { module: string; because: string } {
  return { module: context.settingsModule, because: context.deployedBecause };
}
