import { classify, createRule, knowledge, possibilities, stringLiteralLike, type AbstractValue, type ConfiguredBinding, type StrValue } from '@celery-lint/core';
import { definedElsewhere, editableLiteral, reportSpan } from './value-sites';

const SERIALIZER_SETTINGS = ['task_serializer', 'result_serializer', 'event_serializer'] as const;
const ACCEPT_SETTINGS = ['accept_content', 'result_accept_content'] as const;

function isPickleName(v: AbstractValue): v is StrValue {
  return v.kind === 'str' && v.value === 'pickle';
}

function isPickleEntry(v: AbstractValue): v is StrValue {
  return v.kind === 'str' && knowledge.isPickle(v.value);
}

/** A list, tuple or set with a pickle entry: as accept_content, it lets pickle in. */
function acceptsPickle(v: AbstractValue): v is AbstractValue {
  return (v.kind === 'list' || v.kind === 'tuple' || v.kind === 'set') && v.items.some(isPickleEntry);
}

export const pickleSerializer = createRule({
  meta: {
    id: 'celery/pickle-serializer',
    description: 'pickle as a serializer or in accepted content: anyone who can publish a message can run code',
    category: 'security',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      serializer:
        '{{setting}} {{certainty}} pickle: whoever reads these messages unpickles them, and unpickling runs code chosen by whoever wrote them. Use json (or msgpack) and pass plain data.',
      accepted:
        "{{setting}} {{accepts}} {{entry}}: {{exposure}} can make {{reader}} run code of its choosing. Accept only 'json' (or 'msgpack').",
      useJson: "Use 'json' instead",
      useJsonType: "Use 'application/json' instead",
    },
  },
  check(context) {
    for (const setting of SERIALIZER_SETTINGS) {
      const { binding, value } = context.get(setting);
      if (!binding) continue;
      const { matches, certainty } = classify(value, isPickleName);
      if (!certainty) continue;
      const literal = matches.length === 1 && editableLiteral(binding, matches[0]!) ? matches[0]! : undefined;
      context.report({
        at: reportSpan(binding, matches),
        messageId: 'serializer',
        data: { setting, certainty },
        related: definedElsewhere(binding, matches),
        ...(literal ? { suggestions: [replaceWith(context.sourceText(binding.valueSpan.file), binding, literal, 'json', 'useJson')] } : {}),
      });
    }
    for (const setting of ACCEPT_SETTINGS) {
      const { binding, value } = context.get(setting);
      if (!binding) continue;
      const { certainty } = classify(value, acceptsPickle);
      const seen = new Set<number>();
      for (const list of possibilities(value)) {
        if (list.kind !== 'list' && list.kind !== 'tuple' && list.kind !== 'set') continue;
        for (const item of list.items.filter(isPickleEntry)) {
          const key = item.span?.start ?? -1;
          if (seen.has(key)) continue;
          seen.add(key);
          const literal = editableLiteral(binding, item);
          const replacement = item.value.includes('/') ? 'application/json' : 'json';
          context.report({
            at: reportSpan(binding, [item]),
            messageId: 'accepted',
            data: {
              setting,
              accepts: certainty === 'is' ? 'accepts' : 'may accept',
              entry: `'${item.value}'`,
              ...(setting === 'accept_content'
                ? { exposure: 'any process that can publish to the broker', reader: 'a worker' }
                : { exposure: 'anyone who can write to the result backend', reader: 'every process that reads results' }),
            },
            related: definedElsewhere(binding, [item]),
            ...(literal
              ? { suggestions: [replaceWith(context.sourceText(binding.valueSpan.file), binding, item, replacement, replacement === 'json' ? 'useJson' : 'useJsonType')] }
              : {}),
          });
        }
      }
    }
  },
});

function replaceWith(text: string, binding: ConfiguredBinding, literal: StrValue, value: string, messageId: string) {
  const span = literal.span!;
  return { messageId, fix: { file: binding.valueSpan.file, edits: [{ start: span.start, end: span.end, text: stringLiteralLike(text.slice(span.start, span.end), value) }] } };
}
