import { createRule, knowledge, possibilities } from '@celery-lint/core';
import { where } from './django-facts';
import { weakKeyReason } from './secret-key-facts';

/** security.W025 (Django 4.1+): each weak entry of SECRET_KEY_FALLBACKS, tested like SECRET_KEY. */
export const weakSecretKeyFallback = createRule({
  meta: {
    id: 'django/weak-secret-key-fallback',
    description: 'An entry of SECRET_KEY_FALLBACKS is short, repetitive, empty or a startproject key',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W025'],
    messages: {
      'security.W025':
        "SECRET_KEY_FALLBACKS[{{index}}] is weak in {{module}} ({{because}}): {{reason}}. Django still accepts signatures made with a fallback key, so a weak one undoes a strong SECRET_KEY. Django's check --deploy: security.W025.",
    },
  },
  checkDjango(context) {
    if (!knowledge.djangoDefinesCheck('security.W025', context.djangoVersion)) return;
    const fallbacks = context.setting('SECRET_KEY_FALLBACKS');
    const all = possibilities(fallbacks.value);
    if (!fallbacks.binding || all.length !== 1) return;
    const list = all[0]!;
    if (list.kind !== 'list' && list.kind !== 'tuple') return;
    list.items.forEach((item, index) => {
      const reason = item.kind === 'str' || item.kind === 'template' ? weakKeyReason(item) : undefined;
      if (!reason) return;
      context.report({ at: item.span ?? fallbacks.binding!.valueSpan, messageId: 'security.W025', data: { index: String(index), reason, ...where(context) } });
    });
  },
});
