import { classify, createRule, possibilities, type AbstractValue, type StrValue } from '@celery-lint/core';

/** django-celery-beat's scheduler: its class path, or the `django` entry point it registers. */
function isDatabaseScheduler(v: AbstractValue): v is StrValue {
  return v.kind === 'str' && /^(django_celery_beat\.schedulers[.:]DatabaseScheduler|django)$/.test(v.value);
}

/**
 * django-celery-beat's DatabaseScheduler.setup_schedule() runs
 * update_from_dict(app.conf.beat_schedule) at every beat start, and
 * ModelEntry.from_entry() does PeriodicTask.objects.update_or_create(name=...,
 * defaults=...) with the entry's task, schedule, args, kwargs and options
 * (django_celery_beat/schedulers.py): what the admin changed in those rows
 * is written over.
 */
export const beatScheduleOverwritesDatabase = createRule({
  meta: {
    id: 'celery/beat-schedule-overwrites-database',
    description: "beat_schedule with django-celery-beat's DatabaseScheduler: admin edits to those entries are overwritten at every beat start",
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      overwrites:
        "beat_scheduler {{certainty}} django-celery-beat's DatabaseScheduler, which writes {{entries}} ({{names}}) over the database rows of the same name every time beat starts: changes made to them in the Django admin (schedule, arguments, queue) are lost at the next start. Keep each periodic task in one place: here, or in the database.",
    },
  },
  check(context) {
    const scheduler = context.get('beat_scheduler');
    const schedule = context.get('beat_schedule');
    if (!scheduler.binding || !schedule.binding) return;
    const { certainty } = classify(scheduler.value, isDatabaseScheduler);
    if (!certainty) return;
    const dicts = possibilities(schedule.value).filter((v) => v.kind === 'dict');
    if (dicts.length === 0) return;
    const names = [...new Set(dicts.flatMap((d) => (d.kind === 'dict' ? d.entries : [])).flatMap((e) => (e.key.kind === 'str' ? [e.key.value] : [])))];
    if (names.length === 0) return;
    const shown = names.slice(0, 3).map((n) => `'${n}'`).join(', ') + (names.length > 3 ? ', …' : '');
    context.report({ at: schedule.binding.valueSpan, messageId: 'overwrites', data: { certainty, entries: names.length === 1 ? 'this beat_schedule entry' : `these ${names.length} beat_schedule entries`, names: shown } });
  },
});
