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
import { definedElsewhere, editableLiteral, reportSpan } from './value-sites';

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

/**
 * The content type a built-in serializer produces. Undefined for serializers
 * the project registers itself (its business: the linter does not judge them),
 * for `auth` (it exists only after app.setup_security()) and for names the
 * linter does not know.
 */
function builtinType(name: string, registered: readonly RegisteredSerializer[]): string | undefined {
  if (registered.some((r) => r.name === name)) return undefined;
  if (!knowledge.isBuiltinSerializer(name)) return undefined;
  return knowledge.SERIALIZER_CONTENT_TYPES[name];
}

interface AcceptList {
  readonly types: ReadonlySet<string>;
  readonly items: readonly StrValue[];
  readonly value: AbstractValue;
}

/**
 * The content types an accept list lets in, when the list is certainly known.
 * One entry the linter cannot map (a serializer registered without a content
 * type, or somewhere it cannot see) may let anything in: then no answer.
 */
function acceptList(value: AbstractValue, registered: readonly RegisteredSerializer[]): AcceptList | undefined {
  const options = possibilities(value);
  // Several possible lists may go with several possible serializers (both set
  // under the same `if DEBUG:`); pairing them up would be a guess.
  if (options.length !== 1) return undefined;
  const list = options[0]!;
  if (list.kind !== 'list' && list.kind !== 'tuple' && list.kind !== 'set') return undefined;
  if (list.partial || !list.items.every((i): i is StrValue => i.kind === 'str')) return undefined;
  const items = list.items as StrValue[];
  const types = new Set<string>();
  for (const item of items) {
    const own = registered.find((r) => r.name === item.value);
    const type = own ? own.contentType : knowledge.contentTypeOf(item.value);
    if (!type) return undefined;
    types.add(type);
  }
  return { types, items, value: list };
}

export const acceptContentMismatch = createRule({
  meta: {
    id: 'celery/accept-content-mismatch',
    description: 'A serializer whose content type the matching accept list refuses, so messages or results are rejected',
    category: 'correctness',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      mismatch:
        "{{serializerSetting}} {{certainty}} '{{serializer}}' ({{serializerNote}}{{contentType}}), but {{acceptSetting}} accepts only {{accepted}}{{acceptNote}}: {{consequence}}.",
      acceptIt: "Add '{{entry}}' to {{acceptSetting}}",
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
  let acceptNote = accept.isDefault ? ' (its default)' : '';
  // result_accept_content None (its default) means: use accept_content.
  if (pair.acceptSetting === 'result_accept_content' && possibilities(accept.value).every((v) => v.kind === 'none')) {
    accept = context.get('accept_content');
    acceptSetting = 'accept_content';
    acceptNote = `${accept.isDefault ? ' (its default)' : ''}, which also decides for results while result_accept_content is None`;
  }
  // Both at their defaults agree (json/json); a finding needs a setting someone wrote.
  if (!serializer.binding && !accept.binding) return;
  const accepted = acceptList(accept.value, registered);
  if (!accepted) return;

  // Unknown possibilities and serializers the linter does not judge are no
  // mismatch; they only make the finding a "may be".
  const options = possibilities(serializer.value);
  const mismatched = options.filter((option): option is StrValue => {
    if (option.kind !== 'str') return false;
    const type = builtinType(option.value, registered);
    return type !== undefined && !accepted.types.has(type) && !knowledge.TRUSTED_CONTENT_TYPES.has(type);
  });
  if (mismatched.length === 0) return;
  const first = mismatched[0]!;
  const contentType = builtinType(first.value, registered)!;
  const certainty = mismatched.length === options.length ? 'is' : 'may be';

  const suggestions = [];
  const acceptBinding = accept.binding;
  if (acceptBinding && !knowledge.isPickle(first.value) && editableList(acceptBinding, accepted.value)) {
    const { file } = acceptBinding.valueSpan;
    const text = context.sourceText(file);
    // Right after the last entry, so a trailing comma or comment stays where it is.
    const last = accepted.items[accepted.items.length - 1];
    const at = last?.span ? last.span.end : acceptBinding.valueSpan.end - 1;
    // Follow the list's own style: MIME types stay MIME types.
    const entry = accepted.items.length > 0 && accepted.items.every((i) => i.value.includes('/')) ? contentType : first.value;
    const quoteSource = accepted.items[0]?.span ? text.slice(accepted.items[0].span.start, accepted.items[0].span.end) : "''";
    suggestions.push({
      messageId: 'acceptIt',
      data: { entry, acceptSetting },
      fix: { file, edits: [{ start: at, end: at, text: (last ? ', ' : '') + stringLiteralLike(quoteSource, entry) }] },
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
    at: serializer.binding ? reportSpan(serializer.binding, mismatched) : accept.binding!.valueSpan,
    messageId: 'mismatch',
    data: {
      serializerSetting: pair.serializerSetting,
      certainty,
      serializer: first.value,
      serializerNote: serializer.isDefault ? 'its default, ' : '',
      contentType,
      acceptSetting,
      accepted: accepted.items.map((i) => `'${i.value}'`).join(', ') || 'nothing',
      acceptNote,
      consequence: pair.consequence,
    },
    related: [
      ...(serializer.binding ? definedElsewhere(serializer.binding, mismatched) : []),
      ...(serializer.binding && accept.binding ? [{ span: accept.binding.valueSpan, message: `${acceptSetting} is set here` }] : []),
    ],
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
    const name = item.value.includes('/')
      ? Object.entries(knowledge.SERIALIZER_CONTENT_TYPES).find(([, type]) => type === item.value)?.[0]
      : item.value;
    if (name && knowledge.isRegisteredSerializer(name) && !knowledge.isPickle(name)) return name;
  }
  return undefined;
}
