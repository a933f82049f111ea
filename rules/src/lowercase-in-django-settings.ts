import { createRule, knowledge } from '@celery-lint/core';

/**
 * Lowercase Celery setting names in a Django settings module: Django's
 * Settings copies only UPPERCASE names, so Celery never sees them, with or
 * without a namespace (celery-semantics §3).
 */
export const lowercaseInDjangoSettings = createRule({
  meta: {
    id: 'celery/lowercase-in-django-settings',
    description: 'Lowercase Celery setting names in Django settings, which Django never exposes',
    category: 'correctness',
    defaultSeverity: 'error',
    fix: { safety: 'unsafe' },
    messages: {
      invisible: "'{{key}}' is never seen by Celery: Django settings only expose UPPERCASE names. Use {{expected}}.",
    },
  },
  check(context) {
    const { config } = context;
    for (const binding of config.bindings) {
      if (binding.status.state !== 'ignored' || binding.status.code !== 'django-lowercase') continue;
      const setting = knowledge.isSettingName(binding.key) ? binding.key : knowledge.newNameForOld(binding.key.toUpperCase());
      if (!setting) continue;
      const text = context.sourceText(binding.keySpan.file);
      // A lowercase name used elsewhere in the module is a helper variable, not a misplaced setting.
      const uses = text.match(new RegExp(`\\b${binding.key}\\b`, 'g'))?.length ?? 0;
      if (uses > 1) continue;
      const expected = config.namespace ? `${config.namespace.replace(/_+$/, '')}_${setting}`.toUpperCase() : knowledge.oldNameFor(setting) ?? setting.toUpperCase();
      context.report({
        at: { file: binding.keySpan.file, start: binding.keySpan.start, end: binding.keySpan.end },
        messageId: 'invisible',
        data: { key: binding.key, expected },
        // Unsafe: the setting starts to take effect.
        fix: { file: binding.keySpan.file, edits: [{ start: binding.keySpan.start, end: binding.keySpan.end, text: expected }] },
      });
    }
  },
});
