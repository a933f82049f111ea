import { createRule } from '@celery-lint/core';
import { truthy } from '../config-facts';

/**
 * DEBUG truthy in a settings module the project deploys with: Django's
 * security.W018 (a truthiness test in every version: DEBUG = 'False' is a
 * non-empty string, so it counts as on).
 */
export const debugInDeployment = createRule({
  meta: {
    id: 'django/debug-in-deployment',
    description: 'DEBUG is on in a settings module the project deploys with',
    category: 'security',
    defaultSeverity: 'warning',
    djangoChecks: ['security.W018'],
    messages: {
      'security.W018':
        "DEBUG {{certainty}} {{value}} in {{module}}, which the project deploys with ({{because}}): Django then shows tracebacks, settings and source to anyone who triggers an error. Set DEBUG = False for production (Django's check --deploy: security.W018).",
    },
  },
  checkDjango(context) {
    const debug = context.setting('DEBUG');
    const certainty = truthy(debug.value);
    if (!certainty || !debug.binding) return;
    context.report({
      at: debug.binding.valueSpan,
      messageId: 'security.W018',
      data: { certainty: certainty === 'is' ? 'is' : 'may be', value: context.sourceText(debug.binding.valueSpan.file).slice(debug.binding.valueSpan.start, debug.binding.valueSpan.end), module: context.settingsModule, because: context.deployedBecause },
    });
  },
});
