import { createRule, knowledge } from '@celery-lint/core';
import { projectReadsKey } from './project-knob';

/**
 * Pre-4.0 names in a source read under a namespace: Celery looks up only
 * `<NAMESPACE>_<NEW NAME>` and the new name, so `CELERY_ALWAYS_EAGER` or
 * `BROKER_URL` in Django settings are dropped without a word
 * (celery-semantics §3). The old names that happen to equal the namespaced new
 * name (`CELERY_RESULT_BACKEND`) are used, so the engine never marks them ignored.
 */
export const ignoredOldName = createRule({
  meta: {
    id: 'celery/ignored-old-name',
    description: 'An old (pre-4.0) setting name that Celery silently ignores under a namespace',
    category: 'correctness',
    defaultSeverity: 'error',
    fix: { safety: 'unsafe' },
    messages: {
      ignored: "{{key}} is an old setting name: with namespace '{{namespace}}' Celery ignores it, so {{setting}} keeps its default. Use {{expected}}.",
      alsoSet: "{{key}} is an old setting name: with namespace '{{namespace}}' Celery ignores it. {{expected}} already sets {{setting}}, so this line is dead weight: remove it.",
    },
  },
  check(context) {
    const { config } = context;
    // Whether Celery ignores the old name is the namespace's doing: unknown, it says nothing.
    if (!config.namespace || config.namespaceUnknown) return;
    const prefix = `${config.namespace.replace(/_+$/, '')}_`;
    const upper = prefix === prefix.toUpperCase();
    const keys = new Set(config.bindings.map((b) => b.key));
    for (const binding of config.bindings) {
      if (binding.status.state !== 'ignored' || binding.status.code !== 'old-name-under-namespace') continue;
      const setting = knowledge.newNameForOld(binding.key, context.celeryVersion);
      if (!setting) continue;
      // The project reads the name itself (courtlistener's list of queue names): its own knob, whatever Celery does.
      if (projectReadsKey(context, binding)) continue;
      const expected = upper ? `${prefix}${setting}`.toUpperCase() : `${prefix}${setting}`.toLowerCase();
      // Renaming onto a key that is already set would silently replace that value: report only.
      const canRename = !keys.has(expected) && binding.keySpan.end - binding.keySpan.start === binding.key.length;
      // With the new name set too, nothing is lost: the line is only dead (and a rename would duplicate a key).
      const decided = context.get(setting).binding;
      context.report({
        at: binding.keySpan,
        messageId: decided && keys.has(expected) ? 'alsoSet' : 'ignored',
        data: { key: binding.key, namespace: config.namespace, setting, expected },
        ...(canRename ? { fix: { file: binding.keySpan.file, edits: [{ start: binding.keySpan.start, end: binding.keySpan.end, text: expected }] } } : {}),
      });
    }
  },
});
