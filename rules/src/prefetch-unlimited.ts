import { classify, createRule, knowledge, type AbstractValue, type NumValue } from '@celery-lint/core';
import { brokerIsNot, truthy } from './config-facts';

function isZero(v: AbstractValue): v is NumValue {
  return v.kind === 'num' && v.value === 0;
}

/**
 * worker_prefetch_multiplier = 0: the consumer's initial prefetch count is
 * processes x multiplier = 0, and basic_qos(prefetch_count=0) means no limit
 * (worker/consumer/consumer.py, 4.4 to main; the configuration docs say so).
 * worker_disable_prefetch (5.6+) only works with Redis: with another
 * transport the worker logs a warning and ignores it
 * (worker/consumer/tasks.py, 5.6.0).
 */
export const prefetchUnlimited = createRule({
  meta: {
    id: 'celery/prefetch-unlimited',
    description: 'worker_prefetch_multiplier = 0 (unlimited prefetch), or worker_disable_prefetch with a broker that ignores it',
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      zero:
        'worker_prefetch_multiplier {{certainty}} 0, which does not turn prefetching off: it removes the limit (prefetch count 0), so each worker takes as many messages as the broker will send and holds them while other workers sit idle. Use 1 to reserve one message per process.',
      ignored:
        'worker_disable_prefetch {{certainty}} set, but the broker is {{broker}}: Celery {{version}} supports it only with Redis, and the worker logs a warning and keeps prefetching. Use worker_prefetch_multiplier = 1 (with task_acks_late for long tasks) instead.',
    },
  },
  check(context) {
    const multiplier = context.get('worker_prefetch_multiplier');
    if (multiplier.binding) {
      const { certainty } = classify(multiplier.value, isZero);
      if (certainty) context.report({ at: multiplier.binding.valueSpan, messageId: 'zero', data: { certainty } });
    }
    if (!knowledge.isSettingName('worker_disable_prefetch', context.celeryVersion)) return;
    const disable = context.get('worker_disable_prefetch');
    if (!disable.binding) return;
    const certainty = truthy(disable.value);
    const broker = brokerIsNot(context, ['redis']);
    if (!certainty || !broker) return;
    context.report({
      at: disable.binding.valueSpan,
      messageId: 'ignored',
      data: { certainty: certainty === 'is' ? 'is' : 'may be', broker: broker === 'amqp' ? 'RabbitMQ (AMQP)' : broker === 'sqs' ? 'SQS' : 'not Redis', version: context.celeryVersion },
    });
  },
});
