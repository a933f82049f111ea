import { createRule, knowledge, possibilities, truthiness, type AbstractValue, type SourceSpan } from '@celery-lint/core';
import { brokerIsNot } from './config-facts';

/** `Queue(..., queue_arguments={'x-queue-type': 'quorum'})` calls in a value, with the span of the 'quorum' string. */
function quorumQueues(value: AbstractValue, out: SourceSpan[], depth = 0): void {
  if (depth > 6) return;
  switch (value.kind) {
    case 'list':
    case 'tuple':
    case 'set':
      for (const item of value.items) quorumQueues(item, out, depth + 1);
      return;
    case 'oneOf':
      for (const option of value.options) quorumQueues(option, out, depth + 1);
      return;
    case 'call': {
      if (!/(^|\.)Queue$/.test(value.callee)) return;
      const args = value.kwargs.find((k) => k.name === 'queue_arguments')?.value;
      if (args?.kind !== 'dict') return;
      const type = args.entries.find((e) => e.key.kind === 'str' && e.key.value === 'x-queue-type')?.value;
      if (type?.kind === 'str' && type.value === 'quorum' && type.span) out.push(type.span);
      return;
    }
    default:
  }
}

/**
 * Quorum queues without publisher confirms: Celery's configuration docs
 * (task_default_queue_type, 5.5+) warn that quorum queues require
 * confirm_publish in broker_transport_options; without confirms, messages
 * RabbitMQ does not take are lost silently (the 5.6 docs on
 * broker_transport_options and calling).
 */
export const quorumWithoutConfirmPublish = createRule({
  meta: {
    id: 'celery/quorum-without-confirm-publish',
    description: 'Quorum queues without confirm_publish in broker_transport_options',
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      missing:
        "{{what}}, but broker_transport_options does not enable confirm_publish: Celery's documentation says quorum queues require publisher confirms, and without them a message RabbitMQ does not accept is lost without an error. Add 'confirm_publish': True to broker_transport_options.",
    },
  },
  check(context) {
    // Quorum queues are RabbitMQ's: with a broker known to be something else the setting does nothing.
    if (brokerIsNot(context, ['amqp'])) return;
    const options = possibilities(context.get('broker_transport_options').value);
    if (options.length !== 1 || options[0]!.kind !== 'dict') return;
    const confirm = options[0]!.entries.find((e) => e.key.kind === 'str' && e.key.value === 'confirm_publish');
    if (confirm ? truthiness(confirm.value) !== false : options[0]!.partial) return;
    const sites: Array<{ span: SourceSpan; what: string }> = [];
    if (knowledge.isSettingName('task_default_queue_type', context.celeryVersion)) {
      const type = context.get('task_default_queue_type');
      if (type.binding && possibilities(type.value).some((v) => v.kind === 'str' && v.value === 'quorum')) {
        sites.push({ span: type.binding.valueSpan, what: "task_default_queue_type is 'quorum'" });
      }
    }
    const queues = context.get('task_queues');
    if (queues.binding) {
      const found: SourceSpan[] = [];
      quorumQueues(queues.value, found);
      for (const span of found) sites.push({ span, what: "task_queues declares a quorum queue ('x-queue-type': 'quorum')" });
    }
    for (const site of sites) context.report({ at: site.span, messageId: 'missing', data: { what: site.what } });
  },
});
