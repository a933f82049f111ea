import { createRule, knowledge } from '@celery-lint/core';

/**
 * broker_connection_retry set without broker_connection_retry_on_startup
 * (Celery 5.3+): the old setting no longer decides retries at start-up, and
 * Celery warns about it (celery-semantics §9).
 */
export const brokerConnectionRetryOnStartup = createRule({
  meta: {
    id: 'celery/broker-connection-retry-on-startup',
    description: 'broker_connection_retry set without broker_connection_retry_on_startup (Celery 5.3+)',
    category: 'deprecation',
    defaultSeverity: 'warning',
    messages: {
      missing:
        'broker_connection_retry is set but broker_connection_retry_on_startup is not: since Celery 5.3 retries while the worker starts follow broker_connection_retry_on_startup, and Celery {{version}} warns about it at start-up. Set broker_connection_retry_on_startup explicitly.',
    },
  },
  check(context) {
    if (knowledge.compareVersions(context.celeryVersion, '5.3') < 0) return;
    const retry = context.get('broker_connection_retry');
    if (!retry.binding) return;
    const onStartup = context.get('broker_connection_retry_on_startup');
    if (onStartup.binding || !onStartup.isDefault) return; // set, or possibly set somewhere unseen
    context.report({ at: retry.binding, messageId: 'missing', data: { version: context.celeryVersion } });
  },
});
