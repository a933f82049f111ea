import { createRule } from '@celery-lint/core';
import { lacks, middlewareList, placeOf, SECURITY_MIDDLEWARE, where } from './django-facts';

/** security.W001: SecurityMiddleware, listed by its exact path, is what applies the SECURE_* settings. */
export const securityMiddlewareMissing = createRule({
  meta: {
    id: 'django/security-middleware-missing',
    description: "MIDDLEWARE lacks Django's SecurityMiddleware, so no SECURE_* setting takes effect",
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W001'],
    messages: {
      'security.W001':
        "{{list}} {{certainty}} without 'django.middleware.security.SecurityMiddleware' in {{module}} ({{because}}): SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT, SECURE_CONTENT_TYPE_NOSNIFF and the referrer and opener policies then do nothing. Django's check --deploy: security.W001.",
    },
  },
  checkDjango(context) {
    const certainty = lacks(context, 'MIDDLEWARE', SECURITY_MIDDLEWARE);
    if (!certainty) return;
    context.report({ at: placeOf(context, 'MIDDLEWARE'), messageId: 'security.W001', data: { certainty, list: middlewareList(context), ...where(context) } });
  },
});
