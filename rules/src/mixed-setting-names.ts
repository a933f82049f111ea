import { createRule, knowledge } from '@celery-lint/core';

/**
 * Old and new setting names mixed in one configuration without a namespace:
 * Celery raises ImproperlyConfigured at the first read of any setting (first
 * delay(), worker start). The detection is Celery's own (celery-semantics §2),
 * in knowledge.mixedSettingsOf; this rule reports it at the keys to rename.
 * It still decides past a part celery-lint cannot read when that part cannot
 * add keys Celery counts (an add_defaults() call, pending changes next to a
 * config source).
 */
export const mixedSettingNames = createRule({
  meta: {
    id: 'celery/mixed-setting-names',
    description: 'Old and new setting names mixed in one configuration: Celery raises ImproperlyConfigured',
    category: 'correctness',
    defaultSeverity: 'error',
    messages: {
      mixed: "{{key}} mixes {{style}} setting names with the rest of this configuration, which uses {{format}} names: Celery raises ImproperlyConfigured ('Cannot mix new and old setting keys') when a setting is first read. Rename it to {{renameTo}}.",
    },
  },
  check(context) {
    const { config } = context;
    // Celery checks for a mix only without a namespace: with the namespace unknown, so is the verdict.
    if (config.namespace || config.namespaceUnknown) return;
    // Celery counts the source's keys, or the pending ones when there is no source: only a part
    // that may add keys to those can change the outcome (add_defaults() and Celery() keywords never count).
    const counted = config.kind === 'module' || config.sourceSpan !== undefined ? 'source' : 'pending';
    if (config.opaqueSources.some((o) => o.layer === undefined || o.layer === counted)) return;
    const result = knowledge.mixedSettingsOf(config, context.celeryVersion);
    for (const { key, renameTo } of result.mixed) {
      for (const binding of config.bindings.filter((b) => b.key === key)) {
        context.report({
          at: binding.keySpan,
          messageId: 'mixed',
          data: { key, renameTo, format: result.format, style: result.format === 'new' ? 'old' : 'new' },
        });
      }
    }
  },
});
