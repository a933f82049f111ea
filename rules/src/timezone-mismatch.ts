import { classify, createRule, describeValue, knowledge, possibilities, truthiness, type AbstractValue, type RuleContext, type StrValue } from '@celery-lint/core';
import { spelled, truthy } from './config-facts';

const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu', 'GMT', 'Etc/GMT', 'Etc/GMT0', 'Etc/GMT+0', 'Etc/GMT-0', 'GMT0', 'Greenwich', 'Etc/Greenwich', 'UCT', 'Etc/UCT']);

function isNonUtcZone(v: AbstractValue): v is StrValue {
  return v.kind === 'str' && v.value !== '' && !UTC_NAMES.has(v.value);
}

/**
 * Celery 4.4-5.2 reads Django's TIME_ZONE nowhere: app/utils.py's
 * Settings.timezone falls back to a lowercase 'time_zone' key; 5.3 changed it
 * to 'TIME_ZONE' (commit 6f8c2dff). Checked by running 5.2.6 (Django 3.2),
 * 5.5.2 (Django 4.2) and 5.6.3 (Django 5.2): TIME_ZONE='Europe/Paris' gives
 * app.timezone UTC on 5.2.6 and Europe/Paris on 5.5.2 and 5.6.3; a settings
 * module without TIME_ZONE gives America/Chicago (Django's default) on 5.5.2
 * and 5.6.3. The Django fixup only swaps the loader's now() for Django's, in
 * every version; it does not touch the timezone.
 */
function checkDjangoTimeZone(context: RuleContext): void {
  const { config } = context;
  const celeryZone = context.get('timezone');
  // An explicit Celery timezone wins in every version; one Celery may see elsewhere: no finding.
  if (!celeryZone.isDefault) return;
  const zone = context.djangoSetting('TIME_ZONE');
  if (!zone) return;
  const name = spelled(config, 'timezone');
  if (knowledge.compareVersions(context.celeryVersion, '5.3') < 0) {
    // enable_utc=False without a timezone means the host's local time instead: another story.
    if (truthiness(context.get('enable_utc').value) !== true || !zone.binding) return;
    const { matches, certainty } = classify(zone.value, isNonUtcZone);
    if (!certainty) return;
    context.report({
      at: zone.binding.valueSpan,
      messageId: 'ignored',
      data: { certainty, tz: describeValue(matches[0]!), version: context.celeryVersion, name },
    });
    return;
  }
  // 5.3+: the Django default itself becomes Celery's timezone when nothing sets one. Only said of
  // settings that look complete (INSTALLED_APPS set): a fragment may be completed elsewhere.
  if (!zone.isDefault || config.kind !== 'app' || !config.sourceSpan || !context.djangoSetting('INSTALLED_APPS')?.binding) return;
  // "Neither is set" is an absence: where the project writes TIME_ZONE in a part the linter could not
  // read into these settings (a template that does not parse, a module it did not link), it is unknown.
  if (context.mentionedElsewhere('TIME_ZONE', config.sourceSpan)) return;
  context.report({ at: config.sourceSpan, messageId: 'chicago', data: { version: context.celeryVersion, name } });
}

/**
 * django-celery-beat with USE_TZ = False: DJANGO_CELERY_BEAT_TZ_AWARE
 * defaults to True, so its scheduler stores aware run times
 * (schedulers.py ModelEntry._default_now), which Django's SQLite, MySQL and
 * Oracle backends refuse to save without time zone support; its README tells
 * time-zone-naive projects to set the flag to False.
 */
function checkBeatTzAware(context: RuleContext): void {
  const apps = context.djangoSetting('INSTALLED_APPS');
  if (!apps || (apps.value.kind !== 'list' && apps.value.kind !== 'tuple')) return;
  if (!apps.value.items.some((i) => i.kind === 'str' && /^django_celery_beat(\.|$)/.test(i.value))) return;
  const useTz = context.djangoSetting('USE_TZ');
  if (!useTz?.binding || possibilities(useTz.value).some((v) => truthiness(v) !== false)) return;
  const aware = context.djangoSetting('DJANGO_CELERY_BEAT_TZ_AWARE');
  if (!aware) return;
  const certainty = truthy(aware.value);
  if (!certainty) return;
  context.report({
    at: aware.binding?.valueSpan ?? useTz.binding.valueSpan,
    messageId: 'beatTzAware',
    data: { aware: aware.binding ? `${certainty} ${describeValue(aware.value)}` : 'is not set (it defaults to True)' },
  });
}

/** Celery and Django (or django-celery-beat) disagree about the time zone schedules run in. */
export const timezoneMismatch = createRule({
  meta: {
    id: 'celery/timezone-mismatch',
    description: "Celery's time zone is not the one the Django project sets, or django-celery-beat's time zone awareness contradicts USE_TZ",
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      ignored:
        "TIME_ZONE {{certainty}} {{tz}}, but Celery {{version}} does not read Django's TIME_ZONE (it falls back to a 'time_zone' key Django never has): with {{name}} unset, crontab() schedules and ETAs run in UTC, not in {{tz}}. Set {{name}} = TIME_ZONE (Celery 5.3 and later follow TIME_ZONE themselves).",
      chicago:
        "Neither TIME_ZONE nor {{name}} is set, so Celery {{version}} takes Django's default TIME_ZONE, 'America/Chicago': crontab() schedules and ETAs run in Chicago time. Set TIME_ZONE (or {{name}}) explicitly.",
      beatTzAware:
        "USE_TZ is False, but DJANGO_CELERY_BEAT_TZ_AWARE {{aware}}: django-celery-beat then saves time-zone-aware run times, which Django's SQLite, MySQL and Oracle backends refuse without time zone support (ValueError: ... does not support timezone-aware datetimes when USE_TZ is False). Set DJANGO_CELERY_BEAT_TZ_AWARE = False, as django-celery-beat says for time-zone-naive projects.",
    },
  },
  check(context) {
    checkDjangoTimeZone(context);
    checkBeatTzAware(context);
  },
});
