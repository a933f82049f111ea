import { createRule, type AbstractValue } from '@celery-lint/core';
import { both, contains, holds, placeOf, SECURITY_MIDDLEWARE, shown, where } from './django-facts';

const VALID = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
]);

/**
 * The policies a value names, as Django reads them: a string split on commas
 * with each part stripped; any other iterable taken item by item. Undefined
 * when the linter cannot list them.
 */
function policies(v: AbstractValue): string[] | undefined {
  if (v.kind === 'str') return v.value.split(',').map((p) => p.trim());
  if ((v.kind === 'list' || v.kind === 'tuple' || v.kind === 'set') && !v.partial && v.items.every((i) => i.kind === 'str')) {
    return v.items.map((i) => (i.kind === 'str' ? i.value : ''));
  }
  return undefined;
}

/** security.E023: a Referrer-Policy value browsers do not know (case matters). */
export const referrerPolicyInvalid = createRule({
  meta: {
    id: 'django/referrer-policy-invalid',
    description: 'SECURE_REFERRER_POLICY names a policy that does not exist',
    category: 'correctness',
    defaultSeverity: 'error',
    djangoChecks: ['security.E023'],
    messages: {
      'security.E023':
        "{{setting}} {{certainty}} not a valid Referrer-Policy in {{module}} ({{because}}): {{bad}} is none of {{valid}}. Browsers ignore a header they do not understand. Django's check --deploy: security.E023.",
    },
  },
  checkDjango(context) {
    const name = 'SECURE_REFERRER_POLICY';
    const value = context.setting(name).value;
    const invalid = holds(value, (v) => (v.kind === 'none' ? false : policies(v)?.some((p) => !VALID.has(p))));
    const certainty = both(contains(context, 'MIDDLEWARE', SECURITY_MIDDLEWARE), invalid);
    if (!certainty) return;
    const bad = [value, ...(value.kind === 'oneOf' ? value.options : [])].flatMap((v) => policies(v) ?? []).find((p) => !VALID.has(p)) ?? '';
    context.report({
      at: placeOf(context, name),
      messageId: 'security.E023',
      data: { certainty, setting: shown(context, name), bad: `'${bad}'`, valid: [...VALID].sort().join(', '), ...where(context) },
    });
  },
});
