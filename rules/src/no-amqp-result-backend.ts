import { classify, createRule, describeValue, knowledge, stringLiteralLike, urlScheme, type AbstractValue, type StrValue, type TemplateValue } from '@celery-lint/core';
import { definedElsewhere, editableLiteral, reportSpan } from './value-sites';

const AMQP_SCHEMES = new Set(['amqp', 'amqps']);

/** `amqp://...`, an f-string or template starting so, or the bare alias `amqp`. */
function isAmqpBackend(v: AbstractValue): v is StrValue | TemplateValue {
  if (v.kind !== 'str' && v.kind !== 'template') return false;
  const scheme = urlScheme(v) ?? (v.kind === 'str' && !v.value.includes('://') ? v.value.split('+')[0] : undefined);
  return scheme !== undefined && AMQP_SCHEMES.has(scheme.split('+')[0]!);
}

export const noAmqpResultBackend = createRule({
  meta: {
    id: 'celery/no-amqp-result-backend',
    description: 'The AMQP result backend was removed in Celery 5; the worker fails when it starts',
    category: 'correctness',
    defaultSeverity: 'error',
    fix: { safety: 'unsafe' },
    messages: {
      amqp: "result_backend {{certainty}} {{value}}: the AMQP result backend was removed in Celery 5.0, so a Celery {{version}} worker fails at start-up ({{error}}). Use 'rpc://' for results that go back to the caller, or a persistent backend such as redis:// or db+postgresql://.",
    },
  },
  check(context) {
    const { binding, value } = context.get('result_backend');
    if (!binding) return;
    const { matches, certainty } = classify(value, isAmqpBackend);
    if (!certainty) return;
    const modern = knowledge.compareVersions(context.celeryVersion, '5.3') >= 0;
    const literals = matches.filter((m) => editableLiteral(binding, m));
    const fixable = literals.length === matches.length;
    context.report({
      at: reportSpan(binding, matches),
      messageId: 'amqp',
      data: {
        certainty,
        value: describeValue(matches[0]!),
        version: context.celeryVersion,
        error: modern ? "ImproperlyConfigured: Unknown result backend: 'amqp'" : "ModuleNotFoundError: No module named 'celery.backends.amqp'",
      },
      related: definedElsewhere(binding, matches),
      ...(fixable
        ? {
            fix: {
              file: binding.valueSpan.file,
              edits: literals.map((m) => ({
                start: m.span!.start,
                end: m.span!.end,
                text: stringLiteralLike(context.sourceText(m.span!.file).slice(m.span!.start, m.span!.end), 'rpc://'),
              })),
            },
          }
        : {}),
    });
  },
});
