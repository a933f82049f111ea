// Defaults of the few Django settings Celery rules read, from Django's
// django/conf/global_settings.py (checked on Django 3.2, 4.2 and 5.2), and of
// django-celery-beat's own setting (django_celery_beat/schedulers.py reads it
// with getattr(settings, 'DJANGO_CELERY_BEAT_TZ_AWARE', True)).
import type { AbstractValue } from '../types';

/** The value Django (or the extension) uses when the settings module leaves a name out; undefined when it depends on the Django version. */
export function djangoDefault(name: string): AbstractValue | undefined {
  switch (name) {
    case 'TIME_ZONE':
      return { kind: 'str', value: 'America/Chicago', literal: false };
    case 'INSTALLED_APPS':
      return { kind: 'list', items: [], partial: false };
    case 'DJANGO_CELERY_BEAT_TZ_AWARE':
      return { kind: 'bool', value: true };
    // USE_TZ: False until Django 4.2, True from 5.0.
    default:
      return undefined;
  }
}
