import { createRule, knowledge } from '@celery-lint/core';
import { projectReadsKey } from './project-knob';

/**
 * CELERY_-prefixed Django settings read by an app without a namespace:
 * Celery then looks for the bare names, so only the prefixed names that happen
 * to equal an old (pre-4.0) name survive (celery-semantics §3).
 */
export const namespaceMissing = createRule({
  meta: {
    id: 'celery/namespace-missing',
    description: "CELERY_ settings in Django settings that an app reads without namespace='CELERY'",
    category: 'correctness',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      ignored:
        "{{key}} is ignored: the app reads these settings without a namespace, so Celery looks for '{{setting}}'. Pass namespace='CELERY' to config_from_object().",
      ignoredOldName:
        "{{key}} is ignored: the app reads these settings without a namespace, so Celery {{version}} looks for '{{setting}}' or its pre-4.0 name '{{old}}', never {{key}}. Pass namespace='CELERY' to config_from_object().",
      addNamespace: "Add namespace='CELERY' to config_from_object()",
    },
  },
  check(context) {
    const { config } = context;
    if (config.kind !== 'app' || config.namespace !== null) return;
    const source = config.sourceSpan;
    for (const binding of config.bindings) {
      if (binding.origin !== 'django-setting' || binding.status.state !== 'ignored' || binding.status.code !== 'unknown-key') continue;
      if (!binding.key.startsWith('CELERY_')) continue;
      const setting = binding.key.slice('CELERY_'.length).toLowerCase();
      if (!knowledge.isSettingName(setting)) continue;
      // Read by the project (`app.conf.beat_schedule = app.conf.CELERY_BEAT_SCHEDULE`): it hands the value to Celery itself.
      if (projectReadsKey(context, binding)) continue;
      const old = knowledge.oldNameFor(setting);
      const canSuggest = source && !/namespace\s*=/.test(context.sourceText(source.file).slice(source.end, source.end + 200).split(')')[0] ?? '');
      context.report({
        at: { file: binding.keySpan.file, start: binding.keySpan.start, end: binding.keySpan.end },
        // enable_utc's pre-4.0 name is ENABLE_UTC, not CELERY_ENABLE_UTC (celery/app/defaults.py): say which names Celery does read.
        ...(old && old !== binding.key ? { messageId: 'ignoredOldName', data: { key: binding.key, setting, old, version: context.celeryVersion } } : { messageId: 'ignored', data: { key: binding.key, setting } }),
        ...(source ? { related: [{ span: source, message: 'settings are loaded here without a namespace' }] } : {}),
        ...(canSuggest && source
          ? { suggestions: [{ messageId: 'addNamespace', fix: { file: source.file, edits: [{ start: source.end, end: source.end, text: ", namespace='CELERY'" }] } }] }
          : {}),
      });
    }
  },
});
