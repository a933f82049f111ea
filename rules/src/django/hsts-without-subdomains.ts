import { createRule } from '@celery-lint/core';
import { both, contains, notTrue, placeOf, SECURITY_MIDDLEWARE, shown, truthy, where } from './django-facts';

/** security.W005: HSTS on, but not for subdomains (an `is True` test). */
export const hstsWithoutSubdomains = createRule({
  meta: {
    id: 'django/hsts-without-subdomains',
    description: 'HSTS is on but SECURE_HSTS_INCLUDE_SUBDOMAINS is not True',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W005'],
    messages: {
      'security.W005':
        "{{setting}} {{certainty}} not True in {{module}} ({{because}}) while HSTS is on: subdomains may still be reached over plain HTTP, and a cookie set there can leak. Set it to True once every subdomain serves HTTPS only. Django's check --deploy: security.W005.",
    },
  },
  checkDjango(context) {
    const certainty = both(contains(context, 'MIDDLEWARE', SECURITY_MIDDLEWARE), truthy(context, 'SECURE_HSTS_SECONDS'), notTrue(context, 'SECURE_HSTS_INCLUDE_SUBDOMAINS'));
    if (!certainty) return;
    const name = 'SECURE_HSTS_INCLUDE_SUBDOMAINS';
    context.report({ at: placeOf(context, name, 'SECURE_HSTS_SECONDS'), messageId: 'security.W005', data: { certainty, setting: shown(context, name), ...where(context) } });
  },
});
