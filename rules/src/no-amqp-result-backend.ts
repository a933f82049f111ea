import {
  classify,
  createRule,
  describeValue,
  knowledge,
  possibilities,
  stringLiteralLike,
  urlScheme,
  type AbstractValue,
  type StrValue,
  type TemplateValue,
} from '@celery-lint/core';
import { definedElsewhere, editableLiteral, reportSpan } from './value-sites';

/**
 * The backend Celery would look up for a result_backend string: the URL
 * scheme up to its first `+` (`amqp+x://` selects `amqp`, as Celery's
 * by_url does), or the whole string when it has no `://`.
 */
function backendName(v: StrValue | TemplateValue): string | undefined {
  const scheme = urlScheme(v);
  if (scheme !== undefined) return scheme.split('+')[0];
  return v.kind === 'str' ? v.value : undefined;
}

/**
 * `amqp://...`, `amqps://...`, an f-string or template starting so, or the
 * bare names `amqp` / `amqps` (celery/invalid-result-backend leaves all of these to this rule).
 */
function isAmqpBackend(v: AbstractValue): v is StrValue | TemplateValue {
  if (v.kind !== 'str' && v.kind !== 'template') return false;
  const name = backendName(v);
  return name === 'amqp' || name === 'amqps';
}

/** A possibility whose backend is known, so changing the AMQP ones is all a fix has to do. */
function isDecided(v: AbstractValue): boolean {
  if (v.kind === 'unknown' || v.kind === 'call' || v.kind === 'dict') return false;
  if (v.kind === 'template') return backendName(v) !== undefined;
  return true;
}

/** What the worker prints when it builds the backend (celery-semantics §6, observed on 5.2.6 and main). */
function startupError(backend: string, celeryVersion: string): string {
  if (backend === 'amqps') return "ModuleNotFoundError: No module named 'amqps'";
  return knowledge.compareVersions(celeryVersion, '5.3') >= 0
    ? "ImproperlyConfigured: Unknown result backend: 'amqp'"
    : "ModuleNotFoundError: No module named 'celery.backends.amqp'";
}

export const noAmqpResultBackend = createRule({
  meta: {
    id: 'celery/no-amqp-result-backend',
    description: 'The AMQP result backend was removed in Celery 5; the worker fails when it starts',
    category: 'correctness',
    defaultSeverity: 'error',
    fix: { safety: 'unsafe' },
    messages: {
      amqp: "result_backend {{certainty}} {{value}}{{alternatives}}: the AMQP result backend was removed in Celery 5.0, so a Celery {{version}} worker fails at start-up ({{error}}). Use 'rpc://' for results that go back to the caller, or a persistent backend such as redis:// or db+postgresql://.",
    },
  },
  check(context) {
    const { binding, value } = context.get('result_backend');
    if (!binding) return;
    const { matches, certainty } = classify(value, isAmqpBackend);
    if (!certainty) return;
    const first = matches[0]!;
    // Only literals written in this binding are edited, and only when every other
    // possibility is known: the default of os.environ.get(...) is not the whole story.
    const fixable = possibilities(value).every(isDecided) && matches.every((m) => editableLiteral(binding, m));
    context.report({
      at: reportSpan(binding, matches),
      messageId: 'amqp',
      data: {
        certainty,
        value: describeValue(first),
        alternatives: certainty === 'may be' ? ` (it is ${describeValue(value)})` : '',
        version: context.celeryVersion,
        error: startupError(backendName(first)!, context.celeryVersion),
      },
      related: definedElsewhere(binding, matches),
      ...(fixable
        ? {
            fix: {
              file: binding.valueSpan.file,
              edits: matches.map((m) => ({
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
