import { createRule } from '@celery-lint/core';
import { CSRF_MIDDLEWARE, lacks, middlewareList, placeOf, where } from './django-facts';

/** security.W003: without CsrfViewMiddleware only views decorated one by one are protected. */
export const csrfMiddlewareMissing = createRule({
  meta: {
    id: 'django/csrf-middleware-missing',
    description: "MIDDLEWARE lacks Django's CsrfViewMiddleware, so forms are not protected against cross-site request forgery by default",
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W003'],
    messages: {
      'security.W003':
        "{{list}} {{certainty}} without 'django.middleware.csrf.CsrfViewMiddleware' in {{module}} ({{because}}): only views decorated with csrf_protect are guarded against cross-site request forgery. Django's check --deploy: security.W003.",
    },
  },
  checkDjango(context) {
    const certainty = lacks(context, 'MIDDLEWARE', CSRF_MIDDLEWARE);
    if (!certainty) return;
    context.report({ at: placeOf(context, 'MIDDLEWARE'), messageId: 'security.W003', data: { certainty, list: middlewareList(context), ...where(context) } });
  },
});
