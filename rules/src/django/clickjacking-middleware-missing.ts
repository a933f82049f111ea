import { createRule } from '@celery-lint/core';
import { CLICKJACKING_MIDDLEWARE, lacks, middlewareList, placeOf, where } from './django-facts';

/** security.W002: without XFrameOptionsMiddleware no page carries an X-Frame-Options header. */
export const clickjackingMiddlewareMissing = createRule({
  meta: {
    id: 'django/clickjacking-middleware-missing',
    description: "MIDDLEWARE lacks Django's XFrameOptionsMiddleware, so pages can be framed by other sites",
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W002'],
    messages: {
      'security.W002':
        "{{list}} {{certainty}} without 'django.middleware.clickjacking.XFrameOptionsMiddleware' in {{module}} ({{because}}): responses carry no X-Frame-Options header, so another site can show your pages in a frame (clickjacking). Django's check --deploy: security.W002.",
    },
  },
  checkDjango(context) {
    const certainty = lacks(context, 'MIDDLEWARE', CLICKJACKING_MIDDLEWARE);
    if (!certainty) return;
    context.report({ at: placeOf(context, 'MIDDLEWARE'), messageId: 'security.W002', data: { certainty, list: middlewareList(context), ...where(context) } });
  },
});
