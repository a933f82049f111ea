import { createRule, knowledge } from '@celery-lint/core';
import { holds, placeOf, shown, where } from './django-facts';

/** security.E100 (Django 3.1 and 3.2 only): DEFAULT_HASHING_ALGORITHM must be 'sha1' or 'sha256'. */
export const hashingAlgorithmInvalid = createRule({
  meta: {
    id: 'django/hashing-algorithm-invalid',
    description: "DEFAULT_HASHING_ALGORITHM is neither 'sha1' nor 'sha256' (Django 3.1 and 3.2)",
    category: 'correctness',
    defaultSeverity: 'error',
    djangoChecks: ['security.E100'],
    messages: {
      'security.E100':
        "{{setting}} {{certainty}} neither 'sha1' nor 'sha256' in {{module}} ({{because}}): Django {{version}} refuses it (check: security.E100). The setting only eased the 3.1 upgrade and is gone in 4.0: remove it once every instance runs 3.1 or later.",
    },
  },
  checkDjango(context) {
    if (!knowledge.djangoDefinesCheck('security.E100', context.djangoVersion)) return;
    const name = 'DEFAULT_HASHING_ALGORITHM';
    const state = context.setting(name);
    if (!state.binding) return;
    const certainty = holds(state.value, (v) => (v.kind === 'template' ? undefined : !(v.kind === 'str' && (v.value === 'sha1' || v.value === 'sha256'))));
    if (!certainty) return;
    context.report({ at: placeOf(context, name), messageId: 'security.E100', data: { certainty, setting: shown(context, name), version: context.djangoVersion ?? '3.2', ...where(context) } });
  },
});
