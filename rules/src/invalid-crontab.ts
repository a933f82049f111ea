import {
  closestMatch,
  createRule,
  describeValue,
  detached,
  knowledge,
  possibilities,
  pyRepr,
  type AbstractValue,
  type CallValue,
  type ConfiguredBinding,
  type DictValue,
  type RuleContext,
  type SourceSpan,
  type StrValue,
} from '@celery-lint/core';

// A TypeScript reading of celery.schedules.crontab's argument handling
// (crontab_parser and crontab._expand_cronspec, unchanged from 5.2 to main
// except that 5.5 added month names), so errors Celery raises when the
// configuration is imported are found without running it.

interface Field {
  readonly name: string;
  /** Celery's max_: how many values the field has. */
  readonly size: number;
  /** Celery's min_: the first value (1 for days of the month and months). */
  readonly min: number;
}

/** In crontab()'s positional order. */
const FIELDS: readonly Field[] = [
  { name: 'minute', size: 60, min: 0 },
  { name: 'hour', size: 24, min: 0 },
  { name: 'day_of_week', size: 7, min: 0 },
  { name: 'day_of_month', size: 31, min: 1 },
  { name: 'month_of_year', size: 12, min: 1 },
];
/** Keywords BaseSchedule takes besides the fields. */
const SCHEDULE_KWARGS = ['nowfun', 'app'];

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const SOLAR_EVENTS = ['dawn_astronomical', 'dawn_nautical', 'dawn_civil', 'sunrise', 'solar_noon', 'sunset', 'dusk_civil', 'dusk_nautical', 'dusk_astronomical'];

/** The keys ScheduleEntry() takes; `name` and `app` are overwritten by the scheduler. */
const ENTRY_KEYS = ['task', 'schedule', 'args', 'kwargs', 'options', 'relative', 'last_run_at', 'total_run_count', 'name', 'app'];
const DEFAULT_SCHEDULERS = new Set(['celery.beat:PersistentScheduler', 'celery.beat.PersistentScheduler', 'celery.beat:Scheduler', 'celery.beat.Scheduler']);

class CronError extends Error {}

/** Python's int() on a string: surrounding whitespace, a sign, digits with single underscores (any script's decimal digits). */
function pyInt(text: string): number | undefined {
  const m = (ASCII.test(text) ? ASCII_INT : UNICODE_INT).exec(text);
  if (!m) return undefined;
  let n = 0;
  for (const ch of m[2]!.replace(/_/g, '')) n = n * 10 + digitValue(ch);
  return m[1] === '-' ? -n : n;
}

/** Decimal digits come in runs of ten starting at zero, so the offset in the run is the value. */
function digitValue(ch: string): number {
  let cp = ch.codePointAt(0)!;
  if (cp >= 48 && cp <= 57) return cp - 48;
  let start = cp;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  cp -= start;
  return cp % 10;
}

/**
 * Python's `\w` and `int()` accept any script's letters and digits, so the
 * patterns below come in two forms. Unicode property classes cost tens of
 * milliseconds to compile, which a one-file run would pay for its first
 * crontab: text that is all ASCII, which is nearly all of it, takes the ASCII
 * form, where the two match the same.
 */
const ASCII = /^[\x00-\x7f]*$/;
const ASCII_INT = /^\s*([+-]?)([0-9]+(?:_[0-9]+)*)\s*$/;
const UNICODE_INT = /^\s*([+-]?)(\p{Nd}+(?:_\p{Nd}+)*)\s*$/u;

/** The field patterns for one alphabet: `[\p{L}\p{N}_]`, or its ASCII part. */
function fieldPatterns(word: string, flags: string): { rangeSteps: RegExp; range: RegExp; starSteps: RegExp } {
  return {
    rangeSteps: new RegExp(`^(${word}+?)-(${word}+)/(${word}+)?`, flags),
    range: new RegExp(`^(${word}+?)-(${word}+)`, flags),
    starSteps: new RegExp(`^\\*/(${word}+)?`, flags),
  };
}

const ASCII_FIELD = fieldPatterns('[A-Za-z0-9_]', '');
let unicodeField: ReturnType<typeof fieldPatterns> | undefined;

class FieldParser {
  constructor(
    private readonly field: Field,
    private readonly monthNames: boolean,
  ) {}

  parse(spec: string): Set<number> {
    const out = new Set<number>();
    for (const part of spec.split(',')) {
      if (part === '') throw new CronError('ParseException: empty part');
      for (const n of this.part(part)) out.add(n);
    }
    return out;
  }

  private part(part: string): number[] {
    const { rangeSteps, range, starSteps } = ASCII.test(part) ? ASCII_FIELD : (unicodeField ??= fieldPatterns('[\\p{L}\\p{N}_]', 'u'));
    let m = rangeSteps.exec(part);
    if (m) {
      if (!m[3]) throw new CronError('ParseException: empty filter');
      return this.step(this.range(m[1]!, m[2]!), m[3]);
    }
    m = range.exec(part);
    if (m) return this.range(m[1]!, m[2]!);
    m = starSteps.exec(part);
    if (m) {
      if (!m[1]) throw new CronError('ParseException: empty filter');
      return this.step(this.star(), m[1]);
    }
    if (/^\*\n?$/.test(part)) return this.star();
    return this.range(part);
  }

  private step(values: number[], text: string): number[] {
    const step = pyInt(text);
    if (step === undefined) throw new CronError(`ValueError: invalid literal for int() with base 10: ${pyRepr(text)}`);
    if (step === 0) throw new CronError('ValueError: slice step cannot be zero');
    return values.filter((_, i) => i % step === 0);
  }

  private star(): number[] {
    return Array.from({ length: this.field.size }, (_, i) => this.field.min + i);
  }

  private range(from: string, to?: string): number[] {
    const a = this.number(from);
    if (to === undefined) return [a];
    const b = this.number(to);
    const { min, size } = this.field;
    const span = (x: number, y: number) => Array.from({ length: Math.max(0, y - x) }, (_, i) => x + i);
    // A range that ends before it starts wraps around the end of the field.
    return b < a ? [...span(a, min + size), ...span(min, b + 1)] : span(a, b + 1);
  }

  private number(text: string): number {
    if (text[0] === '-') throw new CronError('ParseException: negative numbers not supported');
    let n = pyInt(text);
    const abbreviation = Array.from(text).slice(0, 3).join('').toLowerCase();
    if (n === undefined && this.monthNames && MONTHS.includes(abbreviation)) n = MONTHS.indexOf(abbreviation) + 1;
    if (n === undefined && WEEKDAYS.includes(abbreviation)) n = WEEKDAYS.indexOf(abbreviation);
    if (n === undefined) throw new CronError(`ValueError: Invalid weekday literal ${pyRepr(text)}.`);
    const max = this.field.min + this.field.size - 1;
    if (n > max) throw new CronError(`ValueError: Invalid end range: ${n} > ${max}.`);
    if (n < this.field.min) throw new CronError(`ValueError: Invalid beginning range: ${n} < ${this.field.min}.`);
    return n;
  }
}

/** Every value of a field: what crontab() takes for an argument not given. Shared, so never mutated. */
const ALL_VALUES: ReadonlyMap<string, ReadonlySet<number>> = new Map(
  FIELDS.map((field) => [field.name, new Set(Array.from({ length: field.size }, (_, i) => field.min + i))]),
);

/**
 * What string specs expand to, by field: the same spec (every five minutes, say)
 * recurs in every schedule and again under every configuration that reads it.
 * Results are shared, so never mutated. Bounded, since a language server lives long.
 */
const expandedSpecs = new Map<string, ReadonlySet<number> | CronError>();
const EXPANDED_SPECS_SIZE = 1024;

function expandSpec(value: StrValue, field: Field, monthNames: boolean): ReadonlySet<number> {
  const key = `${field.name}\0${monthNames ? 'names' : ''}\0${value.value}`;
  let expanded = expandedSpecs.get(key);
  if (!expanded) {
    try {
      expanded = expandValue(value, field, monthNames)!;
    } catch (error) {
      if (!(error instanceof CronError)) throw error;
      expanded = error;
    }
    if (expandedSpecs.size >= EXPANDED_SPECS_SIZE) expandedSpecs.clear();
    // The spec is cut from a file's text: a cached copy must not keep the whole text alive.
    expandedSpecs.set(detached(key), expanded);
  }
  if (expanded instanceof CronError) throw expanded;
  return expanded;
}

/** What crontab() makes of one argument: its set of values, or undefined when the value is not known. */
function expand(value: AbstractValue, field: Field, monthNames: boolean): ReadonlySet<number> | undefined {
  return value.kind === 'str' ? expandSpec(value, field, monthNames) : expandValue(value, field, monthNames);
}

function expandValue(value: AbstractValue, field: Field, monthNames: boolean): Set<number> | undefined {
  let result: Set<number | string | null>;
  switch (value.kind) {
    case 'num':
      if (!value.isInt) throw new CronError(`TypeError: Argument cronspec needs to be of any of the following types: int, str, or an iterable type. <class 'float'> was given.`);
      result = new Set([value.value]);
      break;
    case 'bool':
      result = new Set([value.value ? 1 : 0]);
      break;
    case 'none':
      throw new CronError(`TypeError: Argument cronspec needs to be of any of the following types: int, str, or an iterable type. <class 'NoneType'> was given.`);
    case 'str':
      result = new FieldParser(field, monthNames).parse(value.value);
      break;
    case 'list':
    case 'tuple':
    case 'set': {
      if (value.partial) return undefined;
      const items: Array<number | string | null> = [];
      for (const item of value.items) {
        if (item.kind === 'num' && item.isInt) items.push(item.value);
        else if (item.kind === 'bool') items.push(item.value ? 1 : 0);
        else if (item.kind === 'str') items.push(item.value);
        else if (item.kind === 'none') items.push(null);
        else return undefined;
      }
      result = new Set(items);
      break;
    }
    default:
      return undefined;
  }
  const out = new Set<number>();
  for (const n of result) {
    if (typeof n !== 'number') {
      throw new CronError(`TypeError: '>=' not supported between instances of '${n === null ? 'NoneType' : 'str'}' and 'int'`);
    }
    if (n >= field.size + field.min || n < field.min) {
      throw new CronError(`ValueError: Invalid crontab pattern.  Valid range is ${field.min}-${field.size - 1 + field.min}. '${n}' was found.`);
    }
    out.add(n);
  }
  return out;
}

type Report = (at: SourceSpan, messageId: string, data: Record<string, string>) => void;

function spanOr(value: AbstractValue | undefined, fallback: SourceSpan): SourceSpan {
  return value?.span ?? fallback;
}

/** Whether Celery accepts this crontab() call (crontab-every-minute says nothing about one it rejects). */
export function crontabAccepted(call: CallValue & { span: SourceSpan }, version: string): boolean {
  let accepted = true;
  checkCrontab(call, knowledge.compareVersions(version, '5.5') >= 0, version, () => (accepted = false));
  return accepted;
}

function checkCrontab(call: CallValue & { span: SourceSpan }, monthNames: boolean, version: string, report: Report): void {
  if (call.args.length > FIELDS.length) {
    report(call.span, 'crontabCall', { error: `TypeError: crontab() takes at most ${FIELDS.length} positional arguments`, version });
    return;
  }
  const given = new Map<string, AbstractValue>();
  call.args.forEach((arg, i) => given.set(FIELDS[i]!.name, arg));
  for (const kw of call.kwargs) {
    if (given.has(kw.name)) {
      report(spanOr(kw.value, call.span), 'crontabCall', { error: `TypeError: crontab() got multiple values for argument '${kw.name}'`, version });
      return;
    }
    if (!FIELDS.some((f) => f.name === kw.name) && !SCHEDULE_KWARGS.includes(kw.name)) {
      const suggestion = closestMatch(kw.name, FIELDS.map((f) => f.name));
      report(call.span, suggestion ? 'crontabKeywordDidYouMean' : 'crontabKeyword', { name: kw.name, ...(suggestion ? { suggestion } : {}) });
      return;
    }
    given.set(kw.name, kw.value);
  }
  const sets = new Map<string, ReadonlySet<number> | undefined>();
  for (const field of FIELDS) {
    const value = given.get(field.name);
    const options = value ? possibilities(value) : [];
    if (options.length > 1) {
      sets.set(field.name, undefined);
      continue;
    }
    try {
      sets.set(field.name, value ? expand(options[0]!, field, monthNames) : ALL_VALUES.get(field.name));
    } catch (error) {
      if (!(error instanceof CronError)) throw error;
      report(spanOr(value, call.span), 'crontabField', { field: field.name, value: describeValue(value!), error: error.message, version });
      return;
    }
  }
  const empty = FIELDS.find((f) => sets.get(f.name)?.size === 0);
  if (empty) {
    report(spanOr(given.get(empty.name), call.span), 'crontabEmpty', { field: empty.name });
    return;
  }
  const days = sets.get('day_of_month');
  const months = sets.get('month_of_year');
  if (days && months && !someDateExists(days, months)) {
    report(call.span, 'crontabNoDate', { days: [...days].sort((a, b) => a - b).join(', '), months: [...months].sort((a, b) => a - b).join(', ') });
  }
}

/** Whether some day falls in some month (February counts its 29th). */
function someDateExists(days: ReadonlySet<number>, months: ReadonlySet<number>): boolean {
  for (const m of months) for (const d of days) if (d <= DAYS_IN_MONTH[m - 1]!) return true;
  return false;
}

function checkSolar(call: CallValue & { span: SourceSpan }, report: Report): void {
  const [event, lat, lon] = [call.args[0] ?? kw(call, 'event'), call.args[1] ?? kw(call, 'lat'), call.args[2] ?? kw(call, 'lon')];
  if (event?.kind === 'str' && !SOLAR_EVENTS.includes(event.value)) {
    const suggestion = closestMatch(event.value, SOLAR_EVENTS);
    report(spanOr(event, call.span), 'solarEvent', { event: event.value, events: SOLAR_EVENTS.join(', '), didYouMean: suggestion ? ` Did you mean '${suggestion}'?` : '' });
  }
  for (const [value, name, limit] of [[lat, 'latitude', 90], [lon, 'longitude', 180]] as const) {
    if (value?.kind === 'num' && Math.abs(value.value) > limit) {
      report(spanOr(value, call.span), 'solarRange', { name, value: String(value.value), limit: String(limit) });
    }
  }
}

function kw(call: CallValue, name: string): AbstractValue | undefined {
  return call.kwargs.find((k) => k.name === name)?.value;
}

/** Every crontab()/solar() call inside a value, however deep (crontab-every-minute reads them too). */
export function scheduleCalls(value: AbstractValue, out: Array<CallValue & { span: SourceSpan }>, depth = 0): void {
  if (depth > 32) return;
  switch (value.kind) {
    case 'call':
      if (value.span && /^celery\.schedules\.(crontab|solar)$/.test(value.callee)) out.push(value as CallValue & { span: SourceSpan });
      for (const a of value.args) scheduleCalls(a, out, depth + 1);
      for (const k of value.kwargs) scheduleCalls(k.value, out, depth + 1);
      break;
    case 'list':
    case 'tuple':
    case 'set':
      for (const item of value.items) scheduleCalls(item, out, depth + 1);
      break;
    case 'dict':
      for (const e of value.entries) scheduleCalls(e.value, out, depth + 1);
      break;
    case 'oneOf':
      for (const o of value.options) scheduleCalls(o, out, depth + 1);
      break;
    default:
  }
}

/** Which scheduler reads beat_schedule: the default one raises on a bad entry, django-celery-beat logs it and skips it. */
function schedulerKind(context: RuleContext): 'default' | 'database' | undefined {
  const { value, isDefault } = context.get('beat_scheduler');
  if (isDefault) return 'default';
  const options = possibilities(value);
  if (options.length !== 1 || options[0]!.kind !== 'str') return undefined;
  const name = options[0]!.value;
  if (DEFAULT_SCHEDULERS.has(name)) return 'default';
  if (/^django_celery_beat\.schedulers[.:]DatabaseScheduler$|^django$/.test(name)) return 'database';
  return undefined;
}

function checkBeatSchedule(context: RuleContext, binding: ConfiguredBinding, report: Report): void {
  const scheduler = schedulerKind(context);
  if (!scheduler) return;
  const skipped = 'django-celery-beat logs an error and skips the entry';
  const values = possibilities(binding.value);
  if (values.length !== 1 || values[0]!.kind !== 'dict') return;
  for (const { key, value } of (values[0] as DictValue).entries) {
    if (key.kind !== 'str' || value.kind !== 'dict' || value.partial) continue;
    const entry = key.value;
    const keys = value.entries.map((e) => e.key);
    for (const k of keys) {
      if (k.kind !== 'str' || ENTRY_KEYS.includes(k.value)) continue;
      const suggestion = closestMatch(k.value, ENTRY_KEYS);
      const outcome = scheduler === 'default' ? `celery beat fails to start (TypeError: unexpected keyword argument '${k.value}')` : skipped;
      report(spanOr(k, binding.valueSpan), 'entryKey', { entry, key: k.value, outcome, didYouMean: suggestion ? ` Did you mean '${suggestion}'?` : '' });
    }
    const schedule = value.entries.find((e) => e.key.kind === 'str' && e.key.value === 'schedule');
    if (!schedule) {
      if (!keys.every((k) => k.kind === 'str')) continue;
      report(spanOr(key, binding.valueSpan), 'entryNoSchedule', {
        entry,
        outcome: scheduler === 'default' ? "celery beat crashes at its first tick (AttributeError: 'NoneType' object has no attribute 'is_due')" : skipped,
      });
      continue;
    }
    const options = possibilities(schedule.value);
    const bad = options.find((o) => o.kind === 'str' || o.kind === 'template' || o.kind === 'none');
    if (bad && options.length === 1) {
      const failure = bad.kind === 'none' ? "crashes at its first tick (AttributeError: 'NoneType' object has no attribute 'is_due')" : "fails to start (AttributeError: 'str' object has no attribute 'app')";
      report(spanOr(schedule.value, binding.valueSpan), 'entrySchedule', {
        entry,
        value: describeValue(bad),
        outcome: scheduler === 'default' ? `celery beat ${failure}` : skipped,
      });
    }
  }
}

/**
 * crontab() and solar() arguments Celery rejects when the module defining
 * them is imported, crontabs that can never fire, and beat_schedule entries
 * celery beat cannot load (celery-semantics §7).
 */
export const invalidCrontab = createRule({
  meta: {
    id: 'celery/invalid-crontab',
    description: 'crontab()/solar() arguments Celery rejects and beat_schedule entries that fail or never fire',
    category: 'correctness',
    defaultSeverity: 'error',
    messages: {
      crontabField: 'Celery {{version}} rejects {{field}}={{value}} when this module is imported: {{error}}',
      crontabCall: 'This crontab() call fails when the module is imported: {{error}}',
      crontabKeyword:
        "crontab() has no argument '{{name}}': importing this module raises TypeError (unexpected keyword argument '{{name}}').",
      crontabKeywordDidYouMean:
        "crontab() has no argument '{{name}}': importing this module raises TypeError (unexpected keyword argument '{{name}}'). Did you mean '{{suggestion}}'?",
      crontabEmpty: '{{field}} is empty, so this crontab matches no time: the task never runs, and celery beat fails when it computes the next run.',
      crontabNoDate:
        'day_of_month ({{days}}) never falls in month_of_year ({{months}}): the task never runs, and celery beat raises RuntimeError (unable to rollover) when it computes the next run.',
      solarEvent: "solar() has no event '{{event}}' (one of {{events}}): importing this module raises ValueError.{{didYouMean}}",
      solarRange: 'solar() {{name}} {{value}} is outside -{{limit}}..{{limit}}: importing this module raises ValueError.',
      entryKey: "beat_schedule entry '{{entry}}' has the key '{{key}}', which a schedule entry does not take: {{outcome}}.{{didYouMean}}",
      entryNoSchedule: "beat_schedule entry '{{entry}}' has no 'schedule': {{outcome}}.",
      entrySchedule:
        "The schedule of beat_schedule entry '{{entry}}' is {{value}}; beat takes a number of seconds, a timedelta, crontab() or solar(): {{outcome}}.",
    },
  },
  check(context) {
    const { config } = context;
    const monthNames = knowledge.compareVersions(context.celeryVersion, '5.5') >= 0;
    const seen = new Set<string>();
    const report: Report = (at, messageId, data) => {
      const key = `${at.file}:${at.start}:${at.end}:${messageId}`;
      if (seen.has(key)) return;
      seen.add(key);
      context.report({ at, messageId, data });
    };
    // Calls run when the module is imported, whether Celery uses the setting or not.
    const calls: Array<CallValue & { span: SourceSpan }> = [];
    for (const binding of config.bindings) scheduleCalls(binding.value, calls);
    const done = new Set<string>();
    for (const call of calls) {
      const key = `${call.span.file}:${call.span.start}`;
      if (done.has(key)) continue;
      done.add(key);
      if (call.callee.endsWith('crontab')) checkCrontab(call, monthNames, context.celeryVersion, report);
      else checkSolar(call, report);
    }
    const beat = context.get('beat_schedule');
    if (beat.binding) checkBeatSchedule(context, beat.binding, report);
  },
});
