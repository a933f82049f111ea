import { createRule, describeValue, knowledge, possibilities, type AbstractValue, type ResultWait, type RuleContext, type SourceSpan } from '@celery-lint/core';
import { isTestFile, spelled, truthy } from './config-facts';

/** Whether result_backend is (or may be) unset: None, an empty string, or 'disabled'. */
function disabled(value: AbstractValue): 'is' | 'may be' | undefined {
  const all = possibilities(value);
  const off = all.filter((v) => v.kind === 'none' || (v.kind === 'str' && (v.value === '' || v.value === 'disabled')));
  if (off.length === 0) return undefined;
  return off.length === all.length ? 'is' : 'may be';
}

/** What Celery raises for a wait without a backend (checked on 5.2.6 and 5.6.3 with the memory transport). */
function failure(wait: ResultWait): string {
  if (wait.kind === 'chord') return 'NotImplementedError: Starting chords requires a result backend to be configured.';
  if (/\.(get|wait|join|join_native|collect)\s*\(/.test(wait.what) && !/^\(/.test(wait.what)) return 'NotImplementedError: No result backend is configured.';
  return "AttributeError: 'DisabledBackend' object has no attribute '_get_task_meta_for'";
}

function backendName(value: AbstractValue): string | undefined {
  const all = possibilities(value);
  if (all.length !== 1 || all[0]!.kind !== 'str') return undefined;
  return knowledge.resultBackendName(all[0]!.value);
}

function checkIgnoredChordResults(context: RuleContext, chords: readonly ResultWait[]): void {
  const ignore = context.get('task_ignore_result');
  if (!ignore.binding || !truthy(ignore.value) || chords.length === 0) return;
  const name = backendName(context.get('result_backend').value);
  // The Redis backend counts chord parts itself, so a chord still completes there (celery-semantics, facts checked).
  if (!name || /^(redis|rediss|sentinel|rpc)$/.test(name)) return;
  for (const chord of chords) {
    context.report({
      at: chord.span,
      messageId: 'ignoredResults',
      data: { what: chord.what, setting: spelled(context.config, 'task_ignore_result'), backend: name },
      related: [{ span: ignore.binding.valueSpan, message: 'task_ignore_result is set here' }],
    });
  }
}

/** Words that configure a result backend in any of Celery's spellings, or through `Celery(backend=...)`. */
const BACKEND_WORDS = ['result_backend', 'RESULT_BACKEND', 'CELERY_RESULT_BACKEND', 'CELERY_BACKEND', 'backend='];

/**
 * Whether "no result backend" is known of this configuration, not merely
 * unseen: an app (not a settings module no app was found for) whose every
 * source was read (no opaque source: a YAML file, a config_from_envvar, a
 * `**` of something unknown), whose Django settings module was found when it
 * reads one, and a project that configures a backend nowhere else (another
 * settings module the environment may pick, an app factory's
 * `Celery(backend=...)` the linter cannot tie to this app).
 */
function unsetIsKnown(context: RuleContext): boolean {
  const { config } = context;
  if (config.kind !== 'app' || config.opaqueSources.length > 0) return false;
  if (!projectAppsKnown(context)) return false;
  if (readsDjangoSettings(context) && !config.djangoSettingsFile) return false;
  const nowhere: SourceSpan = { file: '', start: 0, end: 0 };
  return !BACKEND_WORDS.some((word) => context.mentionedElsewhere(word, nowhere));
}

/**
 * The project's waits may go through any of its apps: "no backend" holds for
 * them only when this app is not a test's throwaway (`Celery(__name__)` in a
 * test function, while the real app lives elsewhere) and no other app of
 * the project has a configuration celery-lint cannot read (wikimedia/ores
 * builds its real app from YAML at run time). A partial view stays quiet.
 */
function projectAppsKnown(context: RuleContext): boolean {
  if (isTestFile(context.config.file)) return false;
  return context.configurations().every((c) => c === context.config || c.kind !== 'app' || isTestFile(c.file) || c.opaqueSources.length === 0);
}

/** An app configured from Django's settings (`config_from_object('django.conf:settings')`). */
function readsDjangoSettings(context: RuleContext): boolean {
  const span = context.config.sourceSpan;
  return span !== undefined && /django\.conf(:|\.)settings/.test(context.sourceText(span.file).slice(span.start, span.end));
}

/**
 * The project reads task results (`.get()`, `.state`, `AsyncResult(...)`)
 * or starts chords, but this configuration has no result backend: Celery's
 * DisabledBackend raises at the first such read (checked on 5.2.6 and
 * 5.6.3). With task_always_eager results are EagerResults and need none.
 */
export const resultBackendMissing = createRule({
  meta: {
    id: 'celery/result-backend-missing',
    description: 'The project waits for task results or starts chords, but the configuration has no result backend',
    category: 'correctness',
    defaultSeverity: 'error',
    messages: {
      missing:
        'This reads a task result ({{what}}), but result_backend {{certainty}} {{value}} in this configuration: Celery {{version}} raises {{failure}}. Configure a result backend (or stop waiting for the result).',
      chordMissing:
        'This starts a chord ({{what}}), but result_backend {{certainty}} {{value}} in this configuration: Celery {{version}} raises {{failure}}. Chords need a result backend to count their header tasks.',
      ignoredResults:
        "This starts a chord ({{what}}) while {{setting}} is true: the header tasks store no results, so with the '{{backend}}' result backend the chord's body never runs. Give the header tasks ignore_result=False.",
    },
  },
  check(context) {
    // Tests run under their own settings (often eager): their waits say nothing about this configuration.
    const waits = context.usage().resultWaits.filter((w) => !isTestFile(w.span.file));
    if (waits.length === 0) return;
    checkIgnoredChordResults(context, waits.filter((w) => w.kind === 'chord'));
    // Eager calls return EagerResults, which need no backend.
    if (truthy(context.get('task_always_eager').value) === 'is') return;
    const backend = context.get('result_backend');
    const certainty = disabled(backend.value);
    if (!certainty) return;
    // The environment may set one where the app runs: only linted code that does so is seen.
    if (context.environmentWrites().some((w) => w.name === 'CELERY_RESULT_BACKEND')) return;
    // "Not set" is said only of a configuration seen whole; an explicit None/'' is always known.
    if (!backend.binding && !unsetIsKnown(context)) return;
    const value = backend.binding ? describeValue(backend.value) : 'not set';
    for (const wait of waits) {
      context.report({
        at: wait.span,
        messageId: wait.kind === 'chord' ? 'chordMissing' : 'missing',
        data: { what: wait.what, certainty: backend.binding ? certainty : 'is', value, version: context.celeryVersion, failure: failure(wait) },
        related: [backend.binding ? { span: backend.binding.valueSpan, message: 'result_backend is set here' } : { span: context.config.sourceSpan ?? { file: context.config.file, start: 0, end: 0 }, message: `${context.config.name} has no result_backend` }],
      });
    }
  },
});
