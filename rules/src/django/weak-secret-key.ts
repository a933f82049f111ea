import { createRule, possibilities } from '@celery-lint/core';
import { holds, placeOf, where } from './django-facts';
import { weakKeyReason } from './secret-key-facts';

/** security.W009: a short, repetitive or startproject-generated SECRET_KEY (an unset one is empty). */
export const weakSecretKey = createRule({
  meta: {
    id: 'django/weak-secret-key',
    description: "SECRET_KEY is short, repetitive, empty or the 'django-insecure-' key startproject generated",
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W009'],
    messages: {
      'security.W009':
        "SECRET_KEY {{certainty}} weak in {{module}} ({{because}}): {{reason}}. Sessions, password reset links and signed cookies are only as safe as this key; generate a long random one and read it from the environment. Django's check --deploy: security.W009.",
    },
  },
  checkDjango(context) {
    const value = context.setting('SECRET_KEY').value;
    // A template whose known part is harmless may still be weak: only a literal string is judged strong.
    const certainty = holds(value, (v) => (v.kind === 'str' ? weakKeyReason(v) !== undefined : v.kind === 'template' && weakKeyReason(v) ? true : undefined));
    if (!certainty) return;
    const reason = possibilities(value).map(weakKeyReason).find((r) => r !== undefined)!;
    context.report({ at: placeOf(context, 'SECRET_KEY'), messageId: 'security.W009', data: { certainty, reason, ...where(context) } });
  },
});
