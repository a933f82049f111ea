import {
  classify,
  createRule,
  describeValue,
  knowledge,
  possibilities,
  stringLiteralLike,
  type AbstractValue,
  type ConfiguredBinding,
  type FixDescriptor,
  type RuleContext,
  type StrValue,
  type TemplateValue,
  type UnknownValue,
} from '@celery-lint/core';
import { definedElsewhere, editableLiteral, reportSpan } from './value-sites';

/** Serializer lists kombu iterates: a bare string is read one character at a time. */
const ACCEPT_LISTS = ['accept_content', 'result_accept_content'] as const;

const FALSE_WORDS = new Set(['false', 'no', 'off', 'n', 'f', '0', 'none', 'null', 'disabled']);

function isString(v: AbstractValue): v is StrValue | TemplateValue {
  return v.kind === 'str' || v.kind === 'template';
}

/** A number Python would write for this text, when it plainly is one (`'4'`, `'0.5'`). */
function numberLiteral(text: string, integer: boolean): string | undefined {
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t)) return String(Number(t));
  if (!integer && /^[+-]?\d*\.\d+$|^[+-]?\d+\.\d*$/.test(t)) return t.startsWith('.') ? `0${t}` : t;
  return undefined;
}

/** A fix replacing one literal written inside the binding, when the value is exactly that literal. */
function replaceLiteral(binding: ConfiguredBinding, value: AbstractValue, text: string): FixDescriptor | undefined {
  if (!editableLiteral(binding, value) || possibilities(binding.value).length !== 1) return undefined;
  return { file: value.span.file, edits: [{ start: value.span.start, end: value.span.end, text }] };
}

/** `os.environ.get('X')`, `os.getenv('X')`, `env('X')` without a cast: the variable's text, a str whenever it is set. */
function isEnvironmentText(v: AbstractValue): v is UnknownValue {
  return v.kind === 'unknown' && v.envText === true;
}

/** How the code reads the variable, for the message: `os.environ.get('PREFETCH')`. */
function environmentRead(context: RuleContext, value: UnknownValue): string {
  const text = value.span ? context.sourceText(value.span.file).slice(value.span.start, value.span.end) : '';
  return text && text.length <= 80 && !text.includes('\n') ? text : value.envVar ? `$${value.envVar}` : 'the environment';
}

/** A number or boolean setting given an environment variable's text with no cast: a str whenever the variable is set. */
function checkEnvironmentText(context: RuleContext, binding: ConfiguredBinding, type: string): void {
  const env = possibilities(binding.value).find(isEnvironmentText);
  if (!env) return;
  context.report({
    at: env.span && env.span.file === binding.keySpan.file ? env.span : binding,
    messageId: type === 'bool' ? 'envBool' : 'envNumber',
    data: { setting: binding.key, read: environmentRead(context, env), expected: type === 'int' ? 'an integer' : 'a number', cast: type === 'int' ? 'int' : 'float' },
  });
}

/** `worker_concurrency = 4,`: a trailing comma makes a tuple, which Celery hands on as it is. */
function checkTuple(context: RuleContext, binding: ConfiguredBinding, expected: string): boolean {
  const tuple = possibilities(binding.value).find((v) => v.kind === 'tuple');
  if (!tuple || tuple.kind !== 'tuple') return false;
  const written = tuple.span ? context.sourceText(tuple.span.file).slice(tuple.span.start, tuple.span.end).trim() : '';
  const trailingComma = tuple.items.length === 1 && !written.startsWith('(');
  context.report({
    at: tuple.span && tuple.span.file === binding.keySpan.file ? tuple.span : binding,
    messageId: binding.setting === 'result_backend' ? 'backendTuple' : trailingComma ? 'trailingComma' : 'tupleValue',
    data: { setting: binding.key, value: describeValue(tuple), expected, comma: trailingComma ? ' (the trailing comma after the value makes a tuple)' : '' },
  });
  return true;
}

function checkScalar(context: RuleContext, binding: ConfiguredBinding, type: string): void {
  if (checkTuple(context, binding, type === 'bool' ? 'a boolean' : type === 'int' ? 'an integer' : 'a number')) return;
  const { matches, certainty } = classify(binding.value, isString);
  // A string written in the code (the default of os.environ.get) is the plainer reading; otherwise the environment's text is.
  if (!certainty) {
    checkEnvironmentText(context, binding, type);
    return;
  }
  const first = matches[0]!;
  const shown = describeValue(first);
  const common = { setting: binding.key, certainty, value: shown };
  const related = definedElsewhere(binding, matches);
  if (type === 'bool') {
    // '' is falsy and reads as False; every other string is truthy.
    if (matches.every((m) => m.kind === 'str' && m.value === '')) return;
    const falsy = matches.find((m): m is StrValue => m.kind === 'str' && FALSE_WORDS.has(m.value.trim().toLowerCase()));
    const word = first.kind === 'str' ? first.value.trim().toLowerCase() : '';
    const replacement = word === 'false' ? 'False' : word === 'true' ? 'True' : undefined;
    const fix = replacement && matches.length === 1 ? replaceLiteral(binding, first, replacement) : undefined;
    context.report({
      at: reportSpan(binding, matches),
      messageId: falsy ? 'truthyFalse' : 'boolString',
      data: { ...common, value: describeValue(falsy ?? first) },
      related,
      ...(fix ? { fix } : {}),
    });
    return;
  }
  const integer = type === 'int';
  const number = first.kind === 'str' && matches.length === 1 ? numberLiteral(first.value, integer) : undefined;
  const fix = number ? replaceLiteral(binding, first, number) : undefined;
  context.report({
    at: reportSpan(binding, matches),
    messageId: 'numberString',
    data: { ...common, expected: integer ? 'an integer' : 'a number' },
    related,
    ...(fix ? { fix } : {}),
  });
}

/** `'json'` -> `['json']`; `'json,yaml'` -> `['json', 'yaml']`. */
function listFix(context: RuleContext, binding: ConfiguredBinding, value: StrValue): FixDescriptor | undefined {
  if (!editableLiteral(binding, value) || possibilities(binding.value).length !== 1) return undefined;
  const names = value.value.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) return undefined;
  const original = context.sourceText(value.span.file).slice(value.span.start, value.span.end);
  const items = names.map((n) => stringLiteralLike(original, n)).join(', ');
  return { file: value.span.file, edits: [{ start: value.span.start, end: value.span.end, text: `[${items}]` }] };
}

function checkAcceptList(context: RuleContext, binding: ConfiguredBinding): void {
  const { matches, certainty } = classify(binding.value, isString);
  if (!certainty) return;
  const first = matches[0]!;
  const firstChar = first.kind === 'str' ? first.value[0] : typeof first.parts[0] === 'string' ? first.parts[0][0] : undefined;
  const fix = first.kind === 'str' && matches.length === 1 ? listFix(context, binding, first) : undefined;
  context.report({
    at: reportSpan(binding, matches),
    messageId: 'acceptString',
    data: { setting: binding.key, certainty, value: describeValue(first), char: firstChar ?? 'its first character' },
    related: definedElsewhere(binding, matches),
    ...(fix ? { fix } : {}),
  });
}

/**
 * `app.setup_security()` insists on `accept_content == ['auth']`: a tuple
 * (or set) holding exactly 'auth' compares unequal, so it raises.
 */
function checkAuthList(context: RuleContext): void {
  const accept = context.get('accept_content');
  const serializer = context.get('task_serializer');
  if (!accept.binding) return;
  if (!possibilities(serializer.value).every((v) => v.kind === 'str' && v.value === 'auth')) return;
  const value = accept.binding.value;
  if ((value.kind !== 'tuple' && value.kind !== 'set') || value.partial) return;
  if (value.items.length !== 1 || value.items[0]!.kind !== 'str' || value.items[0]!.value !== 'auth') return;
  context.report({ at: accept.binding, messageId: 'authNotList', data: { key: accept.binding.key, kind: value.kind } });
}

/**
 * Values of a type Celery does not expect. Celery never converts setting
 * values (the declared types only drive the command line), so `'4'` stays a
 * string and `'false'` stays truthy (celery-semantics §1).
 */
export const invalidSettingType = createRule({
  meta: {
    id: 'celery/invalid-setting-type',
    description: 'A setting value of a type Celery does not convert: strings for numbers and booleans, a string for a serializer list',
    category: 'correctness',
    defaultSeverity: 'error',
    fix: { safety: 'safe' },
    messages: {
      truthyFalse:
        "{{setting}} {{certainty}} the string {{value}}. Celery does not convert setting values and any non-empty string is true in Python, so this turns {{setting}} on, not off. Use False.",
      boolString: '{{setting}} {{certainty}} the string {{value}}, not a boolean. Celery does not convert setting values; any non-empty string counts as True. Use True or False.',
      numberString:
        '{{setting}} {{certainty}} the string {{value}}, but Celery expects {{expected}} and does not convert setting values: arithmetic and comparisons on it fail or go wrong at run time. Write the number without quotes.',
      acceptString:
        "{{setting}} {{certainty}} the string {{value}}, not a list: kombu reads it one character at a time and raises SerializerNotInstalled ('No encoder/decoder installed for {{char}}') when the worker or the result backend starts. Use a list.",
      envNumber:
        '{{setting}} may be a str from the environment: {{read}} gives the variable\'s text when it is set, and Celery expects {{expected}} and does not convert setting values, so arithmetic and comparisons on it fail or go wrong at run time. Convert it, e.g. {{cast}}(...).',
      envBool:
        "{{setting}} may be a str from the environment: {{read}} gives the variable's text when it is set, and Celery does not convert setting values, so any non-empty text, 'False' and '0' included, turns {{setting}} on. Compare the text instead, e.g. == 'true'.",
      trailingComma:
        '{{setting}} is the 1-tuple {{value}}: the trailing comma after the value makes a tuple, and Celery expects {{expected}} and does not convert setting values. Remove the comma.',
      backendTuple:
        "{{setting}} is the tuple {{value}}{{comma}}, not a URL: Celery raises TypeError ('tuple' object is not callable) when the result backend is first used. Write the URL alone.",
      tupleValue: '{{setting}} is the tuple {{value}}, but Celery expects {{expected}} and does not convert setting values.',
      authNotList:
        "{{key}} is a {{kind}}, but app.setup_security() requires accept_content to equal the list ['auth'] and raises ImproperlyConfigured otherwise. Use ['auth'].",
    },
  },
  check(context) {
    for (const binding of context.usedBindings()) {
      const setting = binding.setting!;
      if ((ACCEPT_LISTS as readonly string[]).includes(setting)) {
        checkAcceptList(context, binding);
        continue;
      }
      const type = knowledge.settingInfo(setting, context.celeryVersion)?.type;
      if (type === 'bool' || type === 'int' || type === 'float') checkScalar(context, binding, type);
      // A result backend given as a tuple raises TypeError ('tuple' object is not callable) when the backend is first used; a broker URL tuple is a failover list kombu accepts.
      else if (setting === 'result_backend') checkTuple(context, binding, 'a URL string');
    }
    checkAuthList(context);
  },
});
