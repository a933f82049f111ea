import { closestMatch, createRule, knowledge, type ConfiguredBinding, type RuleContext } from '@celery-lint/core';
import { renameEdit } from './key-edits';

/** The setting name a key would be if it were right, for the did-you-mean and the version check. */
function candidateName(binding: ConfiguredBinding, namespace: string | null): string | undefined {
  const key = binding.key;
  if (binding.origin === 'django-setting') {
    // In Django settings only CELERY_-prefixed names are meant for Celery.
    if (!key.startsWith('CELERY_')) return undefined;
    if (namespace) return key.slice(namespace.replace(/_+$/, '').length + 1).toLowerCase();
    // Read without a namespace, CELERY_<setting> is celery/namespace-missing's finding, not a typo.
    const stripped = key.slice('CELERY_'.length).toLowerCase();
    return knowledge.isSettingName(stripped) ? undefined : key.toLowerCase();
  }
  if (binding.origin === 'config-module' && key !== key.toLowerCase()) return undefined; // module constants
  return key.toLowerCase();
}

function usedElsewhere(context: RuleContext, binding: ConfiguredBinding): boolean {
  const text = context.sourceText(binding.keySpan.file);
  return (text.match(new RegExp(`\\b${binding.key}\\b`, 'g'))?.length ?? 0) > 1;
}

/** Keys Celery silently ignores because they are not settings: typos, or settings of a newer Celery. */
export const unknownSetting = createRule({
  meta: {
    id: 'celery/unknown-setting',
    description: 'A configuration key Celery does not know, so it is silently ignored',
    category: 'correctness',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      rename: 'Rename to {{suggestion}}',
      unknown: "{{key}} is not a Celery setting, so Celery silently ignores it.",
      didYouMean: "{{key}} is not a Celery setting, so Celery silently ignores it. Did you mean {{suggestion}}?",
      newer: '{{key}} is a setting of Celery {{since}} and later; Celery {{version}} ignores it.',
    },
  },
  check(context) {
    const { config } = context;
    const names = knowledge.allSettings(context.celeryVersion).map((s) => s.name);
    for (const binding of config.bindings) {
      if (binding.status.state !== 'ignored' || binding.status.code !== 'unknown-key') continue;
      const name = candidateName(binding, config.namespace);
      if (!name) continue;
      // Keys read outside Celery's table and well-known extension settings are not unknown.
      if (knowledge.extraKeyInfo(binding.key, context.celeryVersion) || knowledge.extraKeyInfo(name, context.celeryVersion)) continue;
      if (knowledge.extensionKeyInfo(binding.key) || knowledge.extensionKeyInfo(name) || /^redbeat_/i.test(name)) continue;
      // A module-level helper used to build other settings is not a misspelt setting.
      if (binding.origin === 'config-module' && usedElsewhere(context, binding)) continue;
      const later = knowledge.settingInfo(name);
      if (later) {
        context.report({ at: binding.keySpan, messageId: 'newer', data: { key: binding.key, since: later.since, version: context.celeryVersion } });
        continue;
      }
      const match = closestMatch(name, names);
      const suggestion = match && (binding.origin === 'django-setting' && config.namespace ? `${config.namespace.replace(/_+$/, '')}_${match}`.toUpperCase() : match);
      // Offered, never applied by --fix: only the user knows the typo was meant as that setting.
      const edit = suggestion && !usedElsewhere(context, binding) ? renameEdit(context, binding, suggestion) : undefined;
      context.report({
        at: binding.keySpan,
        messageId: suggestion ? 'didYouMean' : 'unknown',
        data: { key: binding.key, ...(suggestion ? { suggestion } : {}) },
        suggestions: edit ? [{ messageId: 'rename', data: { suggestion: suggestion! }, fix: { file: binding.keySpan.file, edits: [edit] } }] : [],
      });
    }
  },
});
