import { createRule, knowledge, truthiness } from '@celery-lint/core';

/**
 * broker_connection_retry set without broker_connection_retry_on_startup
 * (Celery 5.3+): while the new setting is unset the old one still decides
 * retries at start-up, which Celery has announced will stop in 6.0
 * (celery-semantics §9; worker/consumer/consumer.py ensure_connected).
 */
export const brokerConnectionRetryOnStartup = createRule({
  meta: {
    id: 'celery/broker-connection-retry-on-startup',
    description: 'broker_connection_retry set without broker_connection_retry_on_startup (Celery 5.3+)',
    category: 'deprecation',
    defaultSeverity: 'warning',
    messages: {
      warns:
        'broker_connection_retry is set but broker_connection_retry_on_startup is not: Celery {{version}} warns at every worker start (CPendingDeprecationWarning) that from Celery 6.0 only broker_connection_retry_on_startup decides whether the first connection is retried. Set broker_connection_retry_on_startup explicitly.',
      future:
        'broker_connection_retry is set but broker_connection_retry_on_startup is not: Celery {{version}} still lets broker_connection_retry decide whether the first connection is retried, but from Celery 6.0 only broker_connection_retry_on_startup will. Set broker_connection_retry_on_startup explicitly.',
    },
  },
  check(context) {
    if (knowledge.compareVersions(context.celeryVersion, '5.3') < 0) return;
    const retry = context.get('broker_connection_retry');
    if (!retry.binding) return;
    const onStartup = context.get('broker_connection_retry_on_startup');
    if (onStartup.binding || !onStartup.isDefault) return; // set, or possibly set somewhere unseen
    // 5.3 and 5.4 warn whenever the new setting is unset; 5.5+ only when retries are switched off.
    const alwaysWarns = knowledge.compareVersions(context.celeryVersion, '5.5') < 0;
    const off = truthiness(retry.value) === false;
    context.report({ at: retry.binding, messageId: alwaysWarns || off ? 'warns' : 'future', data: { version: context.celeryVersion } });
  },
});
