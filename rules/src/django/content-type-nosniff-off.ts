import { createRule } from '@celery-lint/core';
import { both, contains, notTrue, placeOf, SECURITY_MIDDLEWARE, shown, where } from './django-facts';

/** security.W006: SECURE_CONTENT_TYPE_NOSNIFF not True (the default is True since Django 3.0). */
export const contentTypeNosniffOff = createRule({
  meta: {
    id: 'django/content-type-nosniff-off',
    description: 'SECURE_CONTENT_TYPE_NOSNIFF is not True, so browsers may guess content types',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W006'],
    messages: {
      'security.W006':
        "{{setting}} {{certainty}} not True in {{module}} ({{because}}): responses lack 'X-Content-Type-Options: nosniff', so a browser may treat an uploaded file as HTML or script. Django's check --deploy: security.W006.",
    },
  },
  checkDjango(context) {
    const name = 'SECURE_CONTENT_TYPE_NOSNIFF';
    const certainty = both(contains(context, 'MIDDLEWARE', SECURITY_MIDDLEWARE), notTrue(context, name));
    if (!certainty) return;
    context.report({ at: placeOf(context, name), messageId: 'security.W006', data: { certainty, setting: shown(context, name), ...where(context) } });
  },
});
