import {
  createRule,
  knowledge,
  possibilities,
  stringLiteralLike,
  type AbstractValue,
  type ConfiguredBinding,
  type RegisteredSerializer,
  type RuleContext,
  type StrValue,
} from '@celery-lint/core';
import { editableLiteral } from './value-sites';

interface Pair {
  readonly serializerSetting: 'task_serializer' | 'result_serializer';
  readonly acceptSetting: 'accept_content' | 'result_accept_content';
  readonly consequence: string;
}

const TASK: Pair = {
  serializerSetting: 'task_serializer',
  acceptSetting: 'accept_content',
  consequence: 'workers reject every task message ("Refusing to deserialize untrusted content") and callers wait forever',
};
const RESULT: Pair = {
  serializerSetting: 'result_serializer',
  acceptSetting: 'result_accept_content',
  consequence: 'AsyncResult.get() raises ContentDisallowed for every result',
};

/** The content type a serializer name produces, if the linter knows the serializer. */
function producedType(name: string, registered: readonly RegisteredSerializer[]): string | undefined {
  const own = registered.find((r) => r.name === name);
  if (own) return own.contentType;
  if (name === 'auth') return undefined; // exists only after app.setup_security(); a separate concern
  return knowledge.SERIALIZER_CONTENT_TYPES[name];
}

/** accept_content entries as content types; undefined when the list is not certainly known. */
function acceptedTypes(value: AbstractValue, registered: readonly RegisteredSerializer[]): { types: Set<string>; items: StrValue[]; value: AbstractValue } | undefined {
  const options = possibilities(value);
  if (options.length !== 1) return undefined;
  const known = knowledgeItems(options[0]!);
  if (!known) return undefined;
  const types = new Set<string>();
  for (const item of known) {
    const own = registered.find((r) => r.name === item.value);
    const type = own ? own.contentType : knowledge.contentTypeOf(item.value);
    // An entry the linter cannot map (a custom serializer registered elsewhere) may accept anything.
    if (!type) return undefined;
    types.add(type);
  }
  return { types, items: known, value: options[0]! };
}

function knowledgeItems(value: AbstractValue): StrValue[] | undefined {
  if (value.kind !== 'list' && value.kind !== 'tuple' && value.kind !== 'set') return undefined;
  if (value.partial || !value.items.every((i): i is StrValue => i.kind === 'str')) return undefined;
  return value.items as StrValue[];
}

export const acceptContentMismatch = createRule({
  meta: {
    id: 'celery/accept-content-mismatch',
    description: "A serializer whose content type the matching accept list refuses, so messages or results are rejected",
    category: 'correctness',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      mismatch:
        "{{serializerSetting}} {{certainty}} '{{serializer}}' ({{contentType}}), but {{acceptSetting}} accepts only {{accepted}}: {{consequence}}.",
      acceptIt: "Add '{{serializer}}' to {{acceptSetting}}",
      useAccepted: "Set {{serializerSetting}} to '{{replacement}}'",
    },
  },
  check(context) {
    checkPair(context, TASK);
    checkPair(context, RESULT);
  },
});

function checkPair(context: RuleContext, pair: Pair): void {
  const registered = context.registeredSerializers();
  const serializer = context.get(pair.serializerSetting);
  let accept = context.get(pair.acceptSetting);
  let acceptSetting: string = pair.acceptSetting;
  // result_accept_content None (its default) means: use accept_content.
  if (pair.acceptSetting === 'result_accept_content' && possibilities(accept.value).every((v) => v.kind === 'none')) {
    accept = context.get('accept_content');
    acceptSetting = 'accept_content';
  }
  // Both at their defaults agree (json/json); a finding needs a setting someone wrote.
  if (!serializer.binding && !accept.binding) return;
  const accepted = acceptedTypes(accept.value, registered);
  if (!accepted) return;
  const names = possibilities(serializer.value);
  const mismatched: StrValue[] = [];
  for (const option of names) {
    if (option.kind === 'unset') continue;
    if (option.kind !== 'str') return; // unknown serializer value: no guess
    const type = producedType(option.value, registered);
    if (!type) return; // a serializer the linter does not know: not a mismatch
    if (!accepted.types.has(type) && !knowledge.TRUSTED_CONTENT_TYPES.has(type)) mismatched.push(option);
  }
  if (mismatched.length === 0) return;
  const first = mismatched[0]!;
  const certainty = mismatched.length === names.length ? 'is' : 'may be';
  const at: ConfiguredBinding = serializer.binding ?? accept.binding!;
  const related = serializer.binding && accept.binding ? [{ span: accept.binding.valueSpan, message: `${acceptSetting} is set here` }] : [];
  const suggestions = [];
  const acceptBinding = accept.binding;
  if (acceptBinding && !knowledge.isPickle(first.value) && editableList(acceptBinding, accepted.value)) {
    const closing = acceptBinding.valueSpan.end - 1;
    const text = context.sourceText(acceptBinding.valueSpan.file);
    const inner = text.slice(acceptBinding.valueSpan.start + 1, closing).trim();
    const separator = inner.length === 0 ? '' : inner.endsWith(',') ? ' ' : ', ';
    const quoteSource = accepted.items[0] ? text.slice(accepted.items[0].span!.start, accepted.items[0].span!.end) : "''";
    suggestions.push({
      messageId: 'acceptIt',
      data: { serializer: first.value, acceptSetting },
      fix: { file: acceptBinding.valueSpan.file, edits: [{ start: closing, end: closing, text: separator + stringLiteralLike(quoteSource, first.value) }] },
    });
  }
  const replacement = firstAcceptedName(accepted.items);
  if (serializer.binding && mismatched.length === 1 && editableLiteral(serializer.binding, first) && replacement) {
    const span = first.span!;
    suggestions.push({
      messageId: 'useAccepted',
      data: { serializerSetting: pair.serializerSetting, replacement },
      fix: { file: span.file, edits: [{ start: span.start, end: span.end, text: stringLiteralLike(context.sourceText(span.file).slice(span.start, span.end), replacement) }] },
    });
  }
  context.report({
    at: serializer.binding && first.span && editableLiteral(serializer.binding, first) ? first.span : at.valueSpan,
    messageId: 'mismatch',
    data: {
      serializerSetting: pair.serializerSetting,
      certainty,
      serializer: first.value,
      contentType: producedType(first.value, registered)!,
      acceptSetting,
      accepted: accepted.items.map((i) => `'${i.value}'`).join(', ') || 'nothing',
      consequence: pair.consequence,
    },
    related,
    suggestions,
  });
}

/** The accept list is a literal list written in the binding itself, so an item can be appended. */
function editableList(binding: ConfiguredBinding, value: AbstractValue): boolean {
  return (
    (value.kind === 'list' || value.kind === 'tuple' || value.kind === 'set') &&
    value.span?.file === binding.valueSpan.file &&
    value.span.start === binding.valueSpan.start &&
    value.span.end === binding.valueSpan.end
  );
}

/** A serializer name the accept list already allows, to switch back to (never pickle). */
function firstAcceptedName(items: readonly StrValue[]): string | undefined {
  for (const item of items) {
    if (knowledge.isPickle(item.value)) continue;
    if (!item.value.includes('/')) return item.value;
    const name = Object.entries(knowledge.SERIALIZER_CONTENT_TYPES).find(([, type]) => type === item.value)?.[0];
    if (name && name !== 'auth' && name !== 'raw') return name;
  }
  return undefined;
}
