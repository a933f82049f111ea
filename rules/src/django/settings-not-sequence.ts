import { createRule, knowledge, type DjangoRuleContext } from '@celery-lint/core';
import { holds, placeOf, where } from './django-facts';

/** The settings Django refuses at start-up unless they are a list or a tuple, and the line that started checking each. */
const SEQUENCE_SETTINGS: ReadonlyArray<readonly [string, string]> = [
  ['INSTALLED_APPS', '1.0'],
  ['TEMPLATE_DIRS', '1.0'],
  ['LOCALE_PATHS', '1.0'],
  ['ALLOWED_HOSTS', '4.0'],
  ['SECRET_KEY_FALLBACKS', '4.1'],
];

function check(context: DjangoRuleContext, name: string): void {
  const state = context.setting(name);
  if (!state.binding) return;
  const certainty = holds(state.value, (v) => {
    if (v.kind === 'list' || v.kind === 'tuple') return false;
    if (v.kind === 'call' || v.kind === 'template') return v.kind === 'template' ? true : undefined;
    return true;
  });
  if (!certainty) return;
  const span = state.binding.valueSpan;
  const written = context.sourceText(span.file).slice(span.start, span.end);
  context.report({ at: placeOf(context, name), messageId: 'notSequence', data: { certainty, name, written: written.length > 40 ? `${written.slice(0, 37)}...` : written, version: context.djangoVersion ?? knowledge.NEWEST_DJANGO_LINE, ...where(context) } });
}

/**
 * Django's Settings refuses to load when one of these is not a list or a
 * tuple (ImproperlyConfigured): a bare string such as ALLOWED_HOSTS =
 * 'example.com' (4.0+) stops every command, not just the deploy checks.
 */
export const settingsNotSequence = createRule({
  meta: {
    id: 'django/settings-not-sequence',
    description: 'A setting Django requires to be a list or a tuple is something else, so Django refuses to start',
    category: 'correctness',
    defaultSeverity: 'error',
    messages: {
      notSequence:
        "{{name}} {{certainty}} not a list or a tuple in {{module}} ({{because}}): Django {{version}} refuses to load these settings (ImproperlyConfigured: The {{name}} setting must be a list or a tuple). Write it as a list: [{{written}}] for one item.",
    },
  },
  checkDjango(context) {
    for (const [name, since] of SEQUENCE_SETTINGS) if (knowledge.djangoAtLeast(context.djangoVersion, since)) check(context, name);
  },
});
