import { createRule } from '@celery-lint/core';
import { placeOf, shown, where } from './django-facts';
import { sessionCookieFinding } from './session-cookie-facts';

const MESSAGE =
  "{{setting}} {{certainty}} not True in {{module}} ({{because}}) while sessions are on ({{how}}): page scripts can read the session cookie, so one cross-site scripting bug hands the session away. Django's check --deploy: {{id}}.";

/** security.W013/W014/W015 (`is True` since Django 4.1, truthiness before; the default is True). */
export const sessionCookieNotHttponly = createRule({
  meta: {
    id: 'django/session-cookie-not-httponly',
    description: 'SESSION_COOKIE_HTTPONLY is not True while sessions are on',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W013', 'security.W014', 'security.W015'],
    messages: { 'security.W013': MESSAGE, 'security.W014': MESSAGE, 'security.W015': MESSAGE },
  },
  checkDjango(context) {
    const name = 'SESSION_COOKIE_HTTPONLY';
    const finding = sessionCookieFinding(context, name, ['security.W013', 'security.W014', 'security.W015']);
    if (!finding) return;
    context.report({ at: placeOf(context, name), messageId: finding.id, data: { certainty: finding.certainty, setting: shown(context, name), how: finding.how, id: finding.id, ...where(context) } });
  },
});
