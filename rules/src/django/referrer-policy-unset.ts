import { createRule } from '@celery-lint/core';
import { both, contains, holds, placeOf, SECURITY_MIDDLEWARE, where } from './django-facts';

/** security.W022: SECURE_REFERRER_POLICY = None (the default is 'same-origin' since Django 3.1). */
export const referrerPolicyUnset = createRule({
  meta: {
    id: 'django/referrer-policy-unset',
    description: 'SECURE_REFERRER_POLICY is None, so no Referrer-Policy header is sent',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W022'],
    messages: {
      'security.W022':
        "SECURE_REFERRER_POLICY {{certainty}} None in {{module}} ({{because}}): responses carry no Referrer-Policy header, so browsers send full URLs (with any tokens in them) to other sites. Remove the line to get Django's 'same-origin'. Django's check --deploy: security.W022.",
    },
  },
  checkDjango(context) {
    const isNone = holds(context.setting('SECURE_REFERRER_POLICY').value, (v) => v.kind === 'none');
    const certainty = both(contains(context, 'MIDDLEWARE', SECURITY_MIDDLEWARE), isNone);
    if (!certainty) return;
    context.report({ at: placeOf(context, 'SECURE_REFERRER_POLICY'), messageId: 'security.W022', data: { certainty, ...where(context) } });
  },
});
