import { createRule, describeValue } from '@celery-lint/core';
import { productionSettings, spelled, truthy } from './config-facts';

function fileName(file: string): string {
  return file.replace(/\\/g, '/').split('/').slice(-2).join('/');
}

/**
 * task_always_eager in the production settings: every .delay() runs the task
 * inline in the caller, with no broker, no worker and no serialization
 * (celery-semantics §5), which hides serializer problems too. The common
 * shape is a development default in base settings that the production
 * module star-imports and never turns off.
 */
export const eagerInProduction = createRule({
  meta: {
    id: 'celery/eager-in-production',
    description: 'task_always_eager true in production settings (often inherited from base settings)',
    category: 'correctness',
    defaultSeverity: 'error',
    messages: {
      inherited:
        "{{key}} {{certainty}} {{value}} in {{base}}, which the production settings {{prod}} star-import without turning it off: in production every .delay() runs the task inline in the calling process, and nothing reaches the broker or the workers. Set {{name}} = False in {{prod}}, or move it to the development settings.",
      direct:
        '{{key}} {{certainty}} {{value}} in the production settings {{prod}}: every .delay() runs the task inline in the calling process, and nothing reaches the broker or the workers. Remove it, or set it only in development settings.',
    },
  },
  check(context) {
    const prod = productionSettings(context.config);
    if (!prod) return;
    const eager = context.get('task_always_eager');
    // Settings the production module holds (or inherits); an app-wide conf.update() is another matter.
    if (!eager.binding || (eager.binding.origin !== 'django-setting' && eager.binding.origin !== 'config-module' && eager.binding.origin !== 'config-class')) return;
    const certainty = truthy(eager.value);
    if (!certainty) return;
    const settingsFile = context.config.djangoSettingsFile ?? context.config.file;
    const inherited = eager.binding.keySpan.file !== settingsFile;
    context.report({
      at: eager.binding.valueSpan,
      messageId: inherited ? 'inherited' : 'direct',
      data: { key: eager.binding.key, certainty, value: describeValue(eager.value), base: fileName(eager.binding.keySpan.file), prod, name: spelled(context.config, 'task_always_eager') },
    });
  },
});
