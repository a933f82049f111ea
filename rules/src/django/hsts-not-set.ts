import { createRule } from '@celery-lint/core';
import { both, contains, falsy, placeOf, SECURITY_MIDDLEWARE, shown, where } from './django-facts';

/** security.W004: a falsy SECURE_HSTS_SECONDS (the default 0) sends no Strict-Transport-Security header. */
export const hstsNotSet = createRule({
  meta: {
    id: 'django/hsts-not-set',
    description: 'SECURE_HSTS_SECONDS is unset or zero, so browsers are never told to insist on HTTPS',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W004'],
    messages: {
      'security.W004':
        "{{setting}} {{certainty}} falsy in {{module}} ({{because}}): no Strict-Transport-Security header is sent, so a browser will still try plain HTTP. If the whole site is served over HTTPS, set it (start small: HSTS is hard to undo). Django's check --deploy: security.W004.",
    },
  },
  checkDjango(context) {
    const certainty = both(contains(context, 'MIDDLEWARE', SECURITY_MIDDLEWARE), falsy(context, 'SECURE_HSTS_SECONDS'));
    if (!certainty) return;
    context.report({ at: placeOf(context, 'SECURE_HSTS_SECONDS'), messageId: 'security.W004', data: { certainty, setting: shown(context, 'SECURE_HSTS_SECONDS'), ...where(context) } });
  },
});
