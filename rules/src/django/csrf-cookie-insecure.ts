import { createRule } from '@celery-lint/core';
import { both, contains, cookieFlagOff, CSRF_MIDDLEWARE, falsy, placeOf, shown, where } from './django-facts';

/** security.W016: the CSRF cookie is not secure-only (unless the token lives in the session). */
export const csrfCookieInsecure = createRule({
  meta: {
    id: 'django/csrf-cookie-insecure',
    description: 'CSRF_COOKIE_SECURE is not True while the CSRF middleware uses a cookie',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W016'],
    messages: {
      'security.W016':
        "{{setting}} {{certainty}} not True in {{module}} ({{because}}): the CSRF cookie is also sent over plain HTTP, where it can be read and replayed. Django's check --deploy: security.W016.",
    },
  },
  checkDjango(context) {
    const name = 'CSRF_COOKIE_SECURE';
    const certainty = both(contains(context, 'MIDDLEWARE', CSRF_MIDDLEWARE), falsy(context, 'CSRF_USE_SESSIONS'), cookieFlagOff(context, name));
    if (!certainty) return;
    context.report({ at: placeOf(context, name), messageId: 'security.W016', data: { certainty, setting: shown(context, name), ...where(context) } });
  },
});
