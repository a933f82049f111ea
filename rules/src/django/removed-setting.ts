import { createRule, knowledge } from '@celery-lint/core';
import { where } from './django-facts';

/** What replaces each removed setting, in words (scripts/django-versions.json says when it went away). */
const REPLACED_BY: Readonly<Record<string, string>> = {
  USE_L10N: 'localized formatting is always on from Django 5.0',
  USE_DEPRECATED_PYTZ: 'Django uses zoneinfo only from 5.0',
  CSRF_COOKIE_MASKED: 'the CSRF cookie is always masked from Django 5.0',
  DEFAULT_FILE_STORAGE: "use STORAGES['default']",
  STATICFILES_STORAGE: "use STORAGES['staticfiles']",
  DEFAULT_HASHING_ALGORITHM: 'Django signs with SHA-256 from 4.0',
  PASSWORD_RESET_TIMEOUT_DAYS: 'use PASSWORD_RESET_TIMEOUT, in seconds',
  SECURE_BROWSER_XSS_FILTER: 'browsers dropped the X-XSS-Protection filter; Django 4.0 removed the setting',
};
/** Removed settings Django's upgrade notes say to delete (nothing replaces them); other settings need a rewrite by hand. */
const NO_LONGER_READ = new Set(['USE_L10N', 'USE_DEPRECATED_PYTZ', 'CSRF_COOKIE_MASKED', 'DEFAULT_HASHING_ALGORITHM', 'SECURE_BROWSER_XSS_FILTER']);

/**
 * A setting the target Django version no longer has: Django ignores it
 * without a word, so whatever it was meant to do does not happen.
 */
export const removedSetting = createRule({
  meta: {
    id: 'django/removed-setting',
    description: 'A Django setting the target Django version removed, which Django now ignores',
    category: 'deprecation',
    defaultSeverity: 'warning',
    // Unsafe: code elsewhere may still read the name (settings.USE_L10N), which then fails.
    fix: { safety: 'unsafe' },
    messages: {
      removed: '{{name}} was removed in Django {{removedIn}}, so Django {{version}} ignores it in {{module}} ({{because}}): {{instead}}.',
    },
  },
  checkDjango(context) {
    for (const [name, instead] of Object.entries(REPLACED_BY)) {
      const state = context.setting(name);
      const removedIn = knowledge.djangoRemovedIn(name);
      if (!state.binding || !removedIn || knowledge.djangoHasSetting(name, context.djangoVersion)) continue;
      const { keySpan, valueSpan } = state.binding;
      const text = context.sourceText(keySpan.file);
      // The whole line `NAME = value` when it holds nothing else: deleting it is what "removed" means.
      // Lines end at \n, \r\n or a bare \r, as Python reads them.
      const lineStart = Math.max(text.lastIndexOf('\n', keySpan.start - 1), text.lastIndexOf('\r', keySpan.start - 1)) + 1;
      const eol = /\r\n|\r|\n/g;
      eol.lastIndex = valueSpan.end;
      const end = eol.exec(text);
      const lineEnd = end ? end.index : text.length;
      const afterLine = end ? end.index + end[0].length : text.length;
      const alone = /^[A-Z_0-9]+[ \t]*=/.test(text.slice(lineStart, lineEnd)) && text.slice(valueSpan.end, lineEnd).trim().replace(/^#.*/, '') === '';
      context.report({
        at: keySpan,
        messageId: 'removed',
        data: { name, removedIn, version: context.djangoVersion ?? knowledge.NEWEST_DJANGO_LINE, instead, ...where(context) },
        ...(NO_LONGER_READ.has(name) && alone ? { fix: { file: keySpan.file, edits: [{ start: lineStart, end: afterLine, text: '' }] } } : {}),
      });
    }
  },
});
