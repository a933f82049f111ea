import { createRule } from '@celery-lint/core';
import { falsy, placeOf, shown, where } from './django-facts';

/** security.W020: an empty ALLOWED_HOSTS (the default) with DEBUG off rejects every request. */
export const allowedHostsEmpty = createRule({
  meta: {
    id: 'django/allowed-hosts-empty',
    description: 'ALLOWED_HOSTS is empty in a settings module the project deploys with',
    category: 'correctness',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W020'],
    messages: {
      'security.W020':
        "{{setting}} {{certainty}} empty in {{module}} ({{because}}): with DEBUG off Django answers every request with 400 Bad Request. List the host names the site serves. Django's check --deploy: security.W020.",
    },
  },
  checkDjango(context) {
    const certainty = falsy(context, 'ALLOWED_HOSTS');
    if (!certainty) return;
    context.report({ at: placeOf(context, 'ALLOWED_HOSTS'), messageId: 'security.W020', data: { certainty, setting: shown(context, 'ALLOWED_HOSTS'), ...where(context) } });
  },
});
