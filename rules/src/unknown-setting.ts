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

/**
 * The code reads the name itself: a Django setting read by the project
 * (`settings.CELERY_JOBS_ENABLED` in another file) is its own knob under
 * Celery's prefix, a module or class helper is read by its neighbours. A
 * Django setting used only to compute another setting in its own module
 * (`CELERY_TIME_LIMIT = CELERY_SOFT_TIME_LIMIT + 60`) can still be a typo.
 */
function usedElsewhere(context: RuleContext, binding: ConfiguredBinding): boolean {
  if (context.mentionedElsewhere(binding.key, binding.keySpan, binding.origin === 'django-setting' ? 'other-files' : 'anywhere')) return true;
  return binding.origin === 'django-setting' && readInOwnModule(context, binding);
}

/**
 * A Django setting its own module reads outside Celery's settings
 * (`'level': CELERY_LOG_LEVEL` inside LOGGING, `CELERY_ONCE = {'url':
 * CELERY_ONCE_REDIS_URL}`): the project's knob. A read inside another
 * Celery setting's value still leaves a typo possible, and another
 * assignment of the same name or a comment is no read.
 */
function readInOwnModule(context: RuleContext, binding: ConfiguredBinding): boolean {
  const file = binding.keySpan.file;
  const text = context.sourceText(file);
  const pattern = new RegExp(`(?<!\\w)${binding.key}(?!\\w)`, 'g');
  for (const m of text.matchAll(pattern)) {
    const at = m.index;
    if (at >= binding.keySpan.start && at < binding.keySpan.end) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (text.slice(lineStart, at).includes('#')) continue;
    if (/^\s*=(?!=)/.test(text.slice(at + binding.key.length, at + binding.key.length + 40))) continue;
    const inCeleryValue = context.config.bindings.some(
      (b) => b !== binding && b.status.state !== 'ignored' && b.valueSpan.file === file && b.valueSpan.start <= at && at < b.valueSpan.end,
    );
    if (!inCeleryValue) return true;
  }
  return false;
}

/** The key as Celery sees it after the namespace prefix is stripped, case kept (`CELERY_ONCE` -> `ONCE`). */
function withoutNamespace(binding: ConfiguredBinding, namespace: string | null): string {
  const prefix = namespace ? `${namespace.replace(/_+$/, '')}_` : '';
  return binding.origin === 'django-setting' && prefix && binding.key.startsWith(prefix) ? binding.key.slice(prefix.length) : binding.key;
}

/**
 * Prefixes of extension settings beside the keys the knowledge base lists
 * (django-celery-email's, celery-once's, celery-singleton's, redbeat's):
 * a key of a newer release of those packages is theirs too.
 */
const EXTENSION_PREFIXES = /^(redbeat_|singleton_|email_)/i;

/**
 * The setting a misspelt name most likely means: one whose name ends with
 * the name as written (`soft_time_limit` -> `task_soft_time_limit`, not the
 * closer-by-letters `task_time_limit`), else the closest by edit distance.
 */
function likelySetting(name: string, names: readonly string[]): string | undefined {
  const endings = names.filter((n) => n.endsWith(`_${name}`));
  if (endings.length === 1) return endings[0];
  return closestMatch(name, names);
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
      visibilityTimeout:
        "{{key}} on its own is read by neither Celery nor kombu, although Celery's Redis guide lists it beside the transport options: only the 'visibility_timeout' key of broker_transport_options (and of result_backend_transport_options) sets the timeout.",
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
      if (knowledge.extensionKeyInfo(binding.key) || knowledge.extensionKeyInfo(name) || knowledge.extensionKeyInfo(withoutNamespace(binding, config.namespace)) || EXTENSION_PREFIXES.test(name)) continue;
      // A module-level helper used to build other settings, or a project knob the code reads, is not a misspelt setting.
      if ((binding.origin === 'config-module' || binding.origin === 'config-class' || binding.origin === 'django-setting') && usedElsewhere(context, binding)) continue;
      // Celery's Redis guide writes `app.conf.visibility_timeout = ...` beside the transport options (redis.rst, 5.x), but nothing reads it.
      if (name === 'visibility_timeout') {
        context.report({ at: binding.keySpan, messageId: 'visibilityTimeout', data: { key: binding.key } });
        continue;
      }
      const later = knowledge.settingInfo(name);
      if (later) {
        context.report({ at: binding.keySpan, messageId: 'newer', data: { key: binding.key, since: later.since, version: context.celeryVersion } });
        continue;
      }
      const match = likelySetting(name, names);
      // With the namespace unknown, the name Celery's documented Django setup reads.
      const prefix = config.namespaceUnknown ? 'CELERY' : config.namespace;
      const suggestion = match && (binding.origin === 'django-setting' && prefix ? `${prefix.replace(/_+$/, '')}_${match}`.toUpperCase() : match);
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
