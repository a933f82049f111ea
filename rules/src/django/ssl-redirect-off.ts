import { createRule } from '@celery-lint/core';
import { both, contains, notTrue, placeOf, SECURITY_MIDDLEWARE, shown, where } from './django-facts';

/** security.W008: SECURE_SSL_REDIRECT not True (an `is True` test: 1 does not count). */
export const sslRedirectOff = createRule({
  meta: {
    id: 'django/ssl-redirect-off',
    description: 'SECURE_SSL_REDIRECT is not True, so plain HTTP requests are served as they come',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W008'],
    messages: {
      'security.W008':
        "{{setting}} {{certainty}} not True in {{module}} ({{because}}): Django serves plain HTTP requests instead of redirecting them to HTTPS. Set it to True, unless a load balancer or proxy already redirects. Django's check --deploy: security.W008.",
    },
  },
  checkDjango(context) {
    const name = 'SECURE_SSL_REDIRECT';
    const certainty = both(contains(context, 'MIDDLEWARE', SECURITY_MIDDLEWARE), notTrue(context, name));
    if (!certainty) return;
    context.report({ at: placeOf(context, name), messageId: 'security.W008', data: { certainty, setting: shown(context, name), ...where(context) } });
  },
});
