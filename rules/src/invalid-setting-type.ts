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

function checkScalar(context: RuleContext, binding: ConfiguredBinding, type: string): void {
  const { matches, certainty } = classify(binding.value, isString);
  if (!certainty) return;
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
    }
    checkAuthList(context);
  },
});
