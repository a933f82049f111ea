import type { ConfiguredBinding, RuleContext, SourceSpan } from '@celery-lint/core';

/** Origins whose bindings are settings modules computing one setting from another. */
const SETTINGS_MODULE_ORIGINS = new Set(['django-setting', 'config-module']);

/**
 * Whether the project's own code reads the key of `binding` (issue 14 item
 * 5): `settings.CELERY_QUEUES` in a view, `app.conf.CELERY_BEAT_SCHEDULE`
 * copied onto the setting Celery reads, `getattr(settings, ...)`. Then the
 * name is the project's knob, and "Celery ignores it" is no mistake of its.
 * Settings modules computing their settings from each other do not make a
 * knob (`CELERY_RESULT_BACKEND = CELERY_BROKER_URL`, `if CELERY_BROKER_URL
 * == ...` beside it, a production module's `X = X + [...]`): that is the
 * configuration believing Celery reads the name, which is what these rules
 * are about. So the binding's own module and the values of the
 * configuration's settings-module bindings are left out.
 */
export function projectReadsKey(context: RuleContext, binding: ConfiguredBinding): boolean {
  const except: SourceSpan[] = [{ file: binding.keySpan.file, start: 0, end: Number.MAX_SAFE_INTEGER }];
  for (const b of context.config.bindings) {
    if (b.key === binding.key) except.push(b.keySpan);
    if (b.key === binding.key || SETTINGS_MODULE_ORIGINS.has(b.origin)) except.push(b.valueSpan);
  }
  return context.readElsewhere(binding.key, except);
}
