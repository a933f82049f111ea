import { createRule } from '@celery-lint/core';
import { both, CLICKJACKING_MIDDLEWARE, contains, holds, placeOf, shown, where } from './django-facts';

/** security.W019: X_FRAME_OPTIONS other than exactly 'DENY' (the default since Django 3.0). */
export const frameOptionsNotDeny = createRule({
  meta: {
    id: 'django/frame-options-not-deny',
    description: "X_FRAME_OPTIONS is not 'DENY'",
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W019'],
    messages: {
      'security.W019':
        "{{setting}} {{certainty}} not 'DENY' in {{module}} ({{because}}): pages of this site may be framed (by itself, or by anyone if the value is not understood). Use 'DENY' unless the site frames its own pages. Django's check --deploy: security.W019.",
    },
  },
  checkDjango(context) {
    const name = 'X_FRAME_OPTIONS';
    const notDeny = holds(context.setting(name).value, (v) => (v.kind === 'template' ? undefined : !(v.kind === 'str' && v.value === 'DENY')));
    const certainty = both(contains(context, 'MIDDLEWARE', CLICKJACKING_MIDDLEWARE), notDeny);
    if (!certainty) return;
    context.report({ at: placeOf(context, name), messageId: 'security.W019', data: { certainty, setting: shown(context, name), ...where(context) } });
  },
});
