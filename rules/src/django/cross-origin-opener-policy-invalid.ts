import { createRule, knowledge } from '@celery-lint/core';
import { both, contains, holds, placeOf, SECURITY_MIDDLEWARE, shown, where } from './django-facts';

const VALID = ['same-origin', 'same-origin-allow-popups', 'unsafe-none'];

/** security.E024 (Django 4.0+): a Cross-Origin-Opener-Policy value that does not exist (compared exactly). */
export const crossOriginOpenerPolicyInvalid = createRule({
  meta: {
    id: 'django/cross-origin-opener-policy-invalid',
    description: 'SECURE_CROSS_ORIGIN_OPENER_POLICY names a policy that does not exist',
    category: 'correctness',
    defaultSeverity: 'error',
    djangoChecks: ['security.E024'],
    messages: {
      'security.E024':
        "{{setting}} {{certainty}} not a valid Cross-Origin-Opener-Policy in {{module}} ({{because}}): Django {{version}} accepts only {{valid}} (or None for no header). Django's check --deploy: security.E024.",
    },
  },
  checkDjango(context) {
    if (!knowledge.djangoDefinesCheck('security.E024', context.djangoVersion)) return;
    const name = 'SECURE_CROSS_ORIGIN_OPENER_POLICY';
    const invalid = holds(context.setting(name).value, (v) => (v.kind === 'none' ? false : v.kind === 'str' ? !VALID.includes(v.value) : undefined));
    const certainty = both(contains(context, 'MIDDLEWARE', SECURITY_MIDDLEWARE), invalid);
    if (!certainty) return;
    context.report({
      at: placeOf(context, name),
      messageId: 'security.E024',
      data: { certainty, setting: shown(context, name), version: context.djangoVersion ?? knowledge.NEWEST_DJANGO_LINE, valid: VALID.map((v) => `'${v}'`).join(', '), ...where(context) },
    });
  },
});
