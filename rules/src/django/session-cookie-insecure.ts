import { createRule } from '@celery-lint/core';
import { placeOf, shown, where } from './django-facts';
import { sessionCookieFinding } from './session-cookie-facts';

const MESSAGE =
  "{{setting}} {{certainty}} not True in {{module}} ({{because}}) while sessions are on ({{how}}): the session cookie is also sent over plain HTTP, where anyone on the network can take over the session. Django's check --deploy: {{id}}.";

/** security.W010/W011/W012 (`is True` since Django 4.1, truthiness before). */
export const sessionCookieInsecure = createRule({
  meta: {
    id: 'django/session-cookie-insecure',
    description: 'SESSION_COOKIE_SECURE is not True while sessions are on',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W010', 'security.W011', 'security.W012'],
    messages: { 'security.W010': MESSAGE, 'security.W011': MESSAGE, 'security.W012': MESSAGE },
  },
  checkDjango(context) {
    const name = 'SESSION_COOKIE_SECURE';
    const finding = sessionCookieFinding(context, name, ['security.W010', 'security.W011', 'security.W012']);
    if (!finding) return;
    context.report({ at: placeOf(context, name), messageId: finding.id, data: { certainty: finding.certainty, setting: shown(context, name), how: finding.how, id: finding.id, ...where(context) } });
  },
});
