import { createRule, describeValue, knowledge, type AbstractValue, type SourceSpan } from '@celery-lint/core';
import { spelled, switchedOn } from './config-facts';

/**
 * task_acks_late without worker_cancel_long_running_tasks_on_connection_loss
 * (Celery 5.1+): when the broker connection drops, late-acknowledged tasks
 * that are running can no longer be acknowledged; unless the setting is on,
 * they keep running while the broker delivers their messages again, and
 * every connection loss warns (CPendingDeprecationWarning
 * CANCEL_TASKS_BY_DEFAULT, worker/consumer/consumer.py, 5.1.0 to main) that
 * 6.0 turns it on by default.
 */
export const acksLateConnectionLoss = createRule({
  meta: {
    id: 'celery/acks-late-connection-loss',
    description: 'task_acks_late without worker_cancel_long_running_tasks_on_connection_loss (Celery 5.1+)',
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      unset:
        '{{what}} {{certainty}} {{value}}, but {{setting}} is not set: when the worker loses its broker connection, the late-acknowledged tasks it is running keep running while the broker delivers their messages again, so they run twice; Celery {{version}} warns about this at every connection loss, and 6.0 cancels such tasks by default. Set {{setting}} = True (or False to keep the current behaviour knowingly).',
    },
  },
  check(context) {
    if (knowledge.compareVersions(context.celeryVersion, '5.1') < 0) return;
    const cancel = context.get('worker_cancel_long_running_tasks_on_connection_loss');
    if (!cancel.isDefault) return;
    const setting = spelled(context.config, 'worker_cancel_long_running_tasks_on_connection_loss');
    const report = (at: SourceSpan, what: string, certainty: string, value: AbstractValue) =>
      context.report({ at, messageId: 'unset', data: { what, certainty, value: describeValue(value), setting, version: context.celeryVersion } });
    const global = context.get('task_acks_late');
    const globalCertainty = global.binding ? switchedOn(global.value) : undefined;
    if (global.binding && globalCertainty) report(global.binding.valueSpan, global.binding.key, globalCertainty, global.value);
    // A task that acknowledges late on its own, where the configuration does not.
    if (globalCertainty === 'is') return;
    for (const task of context.usage().tasks) {
      const own = task.options.get('acks_late');
      const certainty = own ? switchedOn(own.value) : undefined;
      if (own && certainty) report(own.span, `${task.functionName}'s acks_late`, certainty, own.value);
    }
  },
});
