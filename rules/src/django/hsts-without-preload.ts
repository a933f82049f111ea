import { createRule } from '@celery-lint/core';
import { both, contains, notTrue, placeOf, SECURITY_MIDDLEWARE, shown, truthy, where } from './django-facts';

/** security.W021: HSTS on, but the header does not ask for the browsers' preload list (an `is True` test). */
export const hstsWithoutPreload = createRule({
  meta: {
    id: 'django/hsts-without-preload',
    description: 'HSTS is on but SECURE_HSTS_PRELOAD is not True',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W021'],
    messages: {
      'security.W021':
        "{{setting}} {{certainty}} not True in {{module}} ({{because}}) while HSTS is on: the site cannot join the browsers' HSTS preload list, so a first visit may still use plain HTTP. Django's check --deploy: security.W021.",
    },
  },
  checkDjango(context) {
    const certainty = both(contains(context, 'MIDDLEWARE', SECURITY_MIDDLEWARE), truthy(context, 'SECURE_HSTS_SECONDS'), notTrue(context, 'SECURE_HSTS_PRELOAD'));
    if (!certainty) return;
    const name = 'SECURE_HSTS_PRELOAD';
    context.report({ at: placeOf(context, name, 'SECURE_HSTS_SECONDS'), messageId: 'security.W021', data: { certainty, setting: shown(context, name), ...where(context) } });
  },
});
