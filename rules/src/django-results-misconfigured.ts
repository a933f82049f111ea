import { classify, createRule, knowledge, type AbstractValue, type StrValue } from '@celery-lint/core';
import { spelled } from './config-facts';

function djangoBackend(v: AbstractValue): v is StrValue {
  return v.kind === 'str' && /^django-(db|cache)$/.test(knowledge.resultBackendName(v.value));
}

/**
 * django-celery-results' backends (`django-db`, `django-cache`) live in
 * `django_celery_results.backends`, whose package imports the database
 * backend and so the app's models: outside INSTALLED_APPS, Django refuses to
 * load them (RuntimeError: Model class ... isn't in an application in
 * INSTALLED_APPS) when the worker builds its backend. Since 2.4.0
 * (commit ad508fe) the database backend stores task_name, task_args,
 * task_kwargs, worker and periodic_task_name only with result_extended.
 */
export const djangoResultsMisconfigured = createRule({
  meta: {
    id: 'celery/django-results-misconfigured',
    description: "django-celery-results' backend without its app in INSTALLED_APPS, or without result_extended",
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      notInstalled:
        "result_backend {{certainty}} '{{backend}}', but django_celery_results is not in INSTALLED_APPS: loading the backend imports its models, and Django raises RuntimeError (Model class django_celery_results.models.TaskResult ... isn't in an application in INSTALLED_APPS) when the worker starts. Add 'django_celery_results' to INSTALLED_APPS.",
      notExtended:
        "result_backend {{certainty}} 'django-db', but {{setting}} is not set: since django-celery-results 2.4 the task name, arguments, worker and periodic task name are stored only with result_extended, so they stay empty in the admin's task results. Set {{setting}} = True.",
    },
  },
  check(context) {
    const backend = context.get('result_backend');
    if (!backend.binding) return;
    const { matches, certainty } = classify(backend.value, djangoBackend);
    if (!certainty) return;
    const apps = context.djangoSetting('INSTALLED_APPS');
    if (apps?.binding && (apps.value.kind === 'list' || apps.value.kind === 'tuple') && !apps.value.partial && apps.value.items.every((i) => i.kind === 'str')) {
      const installed = apps.value.items.some((i) => i.kind === 'str' && /^django_celery_results(\.|$)/.test(i.value));
      if (!installed) {
        context.report({
          at: backend.binding.valueSpan,
          messageId: 'notInstalled',
          data: { certainty, backend: knowledge.resultBackendName(matches[0]!.value) },
          related: [{ span: apps.binding.valueSpan, message: 'INSTALLED_APPS is set here' }],
        });
      }
    }
    const db = matches.some((m) => knowledge.resultBackendName(m.value) === 'django-db');
    const extended = context.get('result_extended');
    if (db && extended.isDefault) {
      context.report({ at: backend.binding.valueSpan, messageId: 'notExtended', data: { certainty, setting: spelled(context.config, 'result_extended') } });
    }
  },
});
