import { createRule, knowledge, possibilities } from '@celery-lint/core';
import { where } from './django-facts';

/**
 * Django 4.0+: every CSRF_TRUSTED_ORIGINS entry needs its scheme
 * (`https://example.com`); Django's system check 4_0.E001 refuses entries
 * written the pre-4.0 way (`example.com`), and the CSRF check then rejects
 * the cross-origin POSTs the entry was meant to allow.
 */
export const csrfTrustedOriginWithoutScheme = createRule({
  meta: {
    id: 'django/csrf-trusted-origin-without-scheme',
    description: 'A CSRF_TRUSTED_ORIGINS entry has no scheme, which Django 4.0 and later refuse',
    category: 'correctness',
    defaultSeverity: 'error',
    djangoChecks: ['4_0.E001'],
    messages: {
      '4_0.E001':
        "CSRF_TRUSTED_ORIGINS entry '{{origin}}' has no scheme in {{module}} ({{because}}): Django {{version}} needs the whole origin, such as 'https://{{origin}}' (check: 4_0.E001), and rejects the POSTs the entry was meant to let through.",
    },
    fix: { safety: 'unsafe' },
  },
  checkDjango(context) {
    if (!knowledge.djangoAtLeast(context.djangoVersion, '4.0')) return;
    const origins = context.setting('CSRF_TRUSTED_ORIGINS');
    if (!origins.binding) return;
    for (const list of possibilities(origins.value)) {
      if (list.kind !== 'list' && list.kind !== 'tuple' && list.kind !== 'set') continue;
      for (const item of list.items) {
        if (item.kind !== 'str' || item.value.includes('://') || !item.span) continue;
        const span = item.span;
        const quoted = context.sourceText(span.file).slice(span.start, span.end);
        // Unsafe: https is the usual scheme, but the site may be served over plain http.
        const fixed = item.literal && /^[rRuU]?(['"])/.test(quoted) ? quoted.replace(/^([rRuU]?['"])/, `$1https://${item.value.startsWith('.') ? '*' : ''}`) : undefined;
        context.report({
          at: span,
          messageId: '4_0.E001',
          data: { origin: item.value, version: context.djangoVersion ?? knowledge.NEWEST_DJANGO_LINE, ...where(context) },
          ...(fixed ? { fix: { file: span.file, edits: [{ start: span.start, end: span.end, text: fixed }] } } : {}),
        });
      }
    }
  },
});
