// Runs rules over effective configurations and turns their reports into
// diagnostics. This is where a rule's meta is enforced: a rule cannot attach
// a fix or suggestion it did not declare, and a crashing rule becomes one
// diagnostic instead of a dead run.
import type { FileAnalysis } from './analysis-model';
import type { DjangoSettingValue, ProjectUsage } from './app-usage/model';
import { djangoDefault } from './knowledge/django';
import { settingLookup } from './setting-lookup';
import { formatMessage, type DjangoSettingLookup, type LaunchRuleContext, type ProjectModule, type ReportDescriptor, type Rule, type RuleContext } from './rule';
import { launchRuleContext, type LaunchRunInput } from './launch/launch-context';
import { runDjangoRules } from './django-pass';
import type { DeploymentSettings } from './django-targets';
import { LineIndex } from './text';
import { WordMentions } from './word-mentions';
import { readsNameOutside, readsOf } from './name-reads';
import type {
  Binding,
  Diagnostic,
  EffectiveConfigurationInfo,
  EnvironmentWrite,
  RegisteredSerializer,
  Severity,
  SourceSpan,
  TaskDefinition,
} from './types';

export interface RunOptions {
  readonly rules: readonly Rule[];
  readonly celeryVersion: string;
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  readonly knownSerializers: readonly string[];
  readonly usage: ProjectUsage;
  /** The Django settings each settings module leaves (read-usage.ts), by file. */
  readonly djangoSettings: ReadonlyMap<string, ReadonlyMap<string, DjangoSettingValue>>;
  /** The processes launch files start, for rules that check them. */
  readonly launch?: LaunchRunInput;
  /** Tasks of the project's modules not linted here (LintOptions.projectTasks). */
  readonly projectTasks?: readonly TaskDefinition[];
  /** Whether the project's files not linted here mention (or read) a name (LintOptions.mentionedOutside). */
  readonly mentionedOutside?: (name: string, kind?: MentionKind) => boolean;
  /** The Django settings modules the project deploys with, for the django/ rules, and the target Django version. */
  readonly django?: { readonly targets: readonly DeploymentSettings[]; readonly version: string | undefined };
  /** Reads a project file no run lints (a views module a setting names). */
  readonly readFile?: (file: string) => string | undefined;
  /** The files whose findings are shown (LintOptions.reports); every file when absent. */
  readonly reports?: (file: string) => boolean;
}

export const INTERNAL_ERROR_RULE = 'celery-lint/internal-error';

/** `name` as a word, the way RuleContext.mentionedElsewhere looks for it. */
export function mentionPattern(name: string): RegExp {
  return new RegExp(`(?<![\\w])${name.replace(/[^\w]/g, '')}(?![\\w])`, 'g');
}

/** Whether `text` mentions `name` as a word (mentionedElsewhere's test, for files not linted in the run). */
export function mentionsName(text: string, name: string): boolean {
  return text.includes(name) && mentionPattern(name).test(text);
}

/** A word anywhere (comments too), or a read of the name by code (name-reads.ts). */
export type MentionKind = 'mention' | 'read';

/** Whether one file's text mentions `name` (or, for 'read', reads it as a setting). */
export function answersFor(text: string, name: string, kind: MentionKind): boolean {
  return kind === 'read' ? readsOf(text, name).length > 0 : mentionsName(text, name);
}

/** A name that is one word: mentionsName() finds it exactly where a text has it among its words (word-mentions.ts). */
const ONE_WORD = /^\w+$/;

/**
 * LintOptions.mentionedOutside for a run over part of a project (named
 * files, an editor's closure): whether any of `files`, the rest of the
 * project, mentions `name` as a word. `wordsOf` may give a file's words
 * (wordsOf() in word-mentions.ts, of the text `textOf` gives, kept from an
 * earlier read): such a file is read only to tell whether code reads a name
 * it has. Texts are read on the first question that needs them, and each
 * answer is kept.
 */
export function mentionChecker(
  files: readonly string[],
  textOf: (file: string) => string | undefined,
  wordsOf: (file: string) => readonly string[] | undefined = () => undefined,
): (name: string, kind?: MentionKind) => boolean {
  const texts = new Map<string, string | undefined>();
  const answersIn = (file: string, name: string, kind: MentionKind): boolean => {
    if (!texts.has(file)) texts.set(file, textOf(file));
    const text = texts.get(file);
    return text !== undefined && answersFor(text, name, kind);
  };
  /** The files whose words are known, by word; the others (`unknown`) are asked by their text. */
  let byWord: Map<string, string[]> | undefined;
  const unknown: string[] = [];
  const answers = new Map<string, boolean>();
  return (name, kind = 'mention') => {
    const key = `${kind} ${name}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      if (!byWord) {
        byWord = new Map();
        for (const file of files) {
          const words = wordsOf(file);
          if (!words) unknown.push(file);
          else {
            for (const word of words) {
              const having = byWord.get(word);
              if (having) having.push(file);
              else byWord.set(word, [file]);
            }
          }
        }
      }
      if (ONE_WORD.test(name)) {
        // A file without the word neither mentions nor reads the name; one with it mentions it.
        const having = byWord.get(name) ?? [];
        answer = having.some((file) => kind === 'mention' || answersIn(file, name, kind)) || unknown.some((file) => answersIn(file, name, kind));
      } else {
        answer = files.some((file) => answersIn(file, name, kind));
      }
      answers.set(key, answer);
    }
    return answer;
  };
}

function isBinding(at: Binding | SourceSpan): at is Binding {
  return (at as Binding).keySpan !== undefined;
}

export function runRules(
  configurations: readonly EffectiveConfigurationInfo[],
  analyses: readonly FileAnalysis[],
  texts: ReadonlyMap<string, string>,
  options: RunOptions,
): Diagnostic[] {
  const byFile = new Map(analyses.map((a) => [a.file, a]));
  const others = new Map<string, LineIndex>();
  // Line indexes are built only for files that get a diagnostic.
  const lineIndex = (file: string): LineIndex => {
    const analysis = byFile.get(file);
    if (analysis) return analysis.lineIndex;
    let index = others.get(file);
    if (!index) {
      index = new LineIndex(texts.get(file) ?? '');
      others.set(file, index);
    }
    return index;
  };
  const registered: RegisteredSerializer[] = [...analyses.flatMap((a) => a.registeredSerializers), ...options.knownSerializers.map((name) => ({ name }))];
  const environment: EnvironmentWrite[] = analyses.flatMap((a) => a.environmentWrites);
  // In file order, whichever files were parsed: a did-you-mean picks the first of equally close names.
  const tasks: TaskDefinition[] = [...analyses.flatMap((a) => a.tasks), ...(options.projectTasks ?? []).filter((t) => !byFile.has(t.file))].sort(
    (a, b) => (a.file === b.file ? a.span.start - b.span.start : a.file < b.file ? -1 : 1),
  );
  const mentions = new WordMentions(texts);
  const outside = new Map<string, boolean>();
  const mentionedElsewhere = (name: string, except: SourceSpan, where: 'anywhere' | 'other-files' = 'anywhere'): boolean => {
    if (mentions.mentionedElsewhere(name, except, where)) return true;
    // The rest of the project (a run over named files): never the file the name is bound in.
    if (!options.mentionedOutside) return false;
    let found = outside.get(name);
    if (found === undefined) {
      found = options.mentionedOutside(name);
      outside.set(name, found);
    }
    return found;
  };
  const readAnswers = new Map<string, boolean>();
  const readElsewhere = (name: string, except: readonly SourceSpan[]): boolean => {
    const key = `${name}\0${except.map((s) => `${s.file}:${s.start}-${s.end}`).join(',')}`;
    let found = readAnswers.get(key);
    if (found === undefined) {
      found = false;
      for (const [file, text] of texts) {
        // Python only: `${CELERY_QUEUES}` in an entrypoint script is an environment variable, not the setting.
        if (!file.endsWith('.py')) continue;
        if (readsNameOutside(text, file, name, except)) {
          found = true;
          break;
        }
      }
      // The rest of the project (a run over named files) never holds the linted files' spans.
      if (!found && options.mentionedOutside) found = options.mentionedOutside(name, 'read');
      readAnswers.set(key, found);
    }
    return found;
  };
  const out: Diagnostic[] = [];
  const reportsIn = options.reports ?? (() => true);
  // A binding shared by several configurations (base.py under dev and prod) reports once, naming them all.
  const seen = new Map<string, string[]>();
  let current = '';
  const push = (d: Diagnostic) => {
    if (!reportsIn(d.file)) return;
    const key = `${d.ruleId}|${d.file}|${d.span.start}|${d.span.end}|${d.message}`;
    const names = seen.get(key);
    if (names) {
      if (!names.includes(current)) names.push(current);
      return;
    }
    const configurationNames = [current];
    seen.set(key, configurationNames);
    out.push({ ...d, configurations: configurationNames });
  };

  for (const config of configurations) {
    current = config.settingsClass ? `${config.name} (${config.settingsClass})` : config.name;
    const { used, get } = settingLookup(config, options.celeryVersion);

    const djangoSetting = (name: string): DjangoSettingLookup | undefined => djangoSettingOf(config, name, byFile, options.djangoSettings);

    for (const rule of options.rules) {
      const severity = options.severities[rule.meta.id];
      if (severity === 'off') continue;
      const report = (descriptor: ReportDescriptor) => push(toDiagnostic(rule, severity ?? descriptor.severity ?? rule.meta.defaultSeverity, descriptor, lineIndex));
      const context: RuleContext = {
        config,
        celeryVersion: options.celeryVersion,
        get,
        usedBindings: () => used,
        registeredSerializers: () => registered,
        environmentWrites: () => environment,
        tasks: () => tasks,
        usage: () => options.usage,
        configurations: () => configurations,
        djangoSetting,
        sourceText: (file) => texts.get(file) ?? '',
        mentionedElsewhere,
        readElsewhere,
        reportsIn,
        report,
      };
      try {
        rule.check(context);
      } catch (error) {
        const span = config.sourceSpan ?? { file: config.file, start: 0, end: 0 };
        push({
          ruleId: INTERNAL_ERROR_RULE,
          messageId: 'ruleCrashed',
          severity: 'error',
          message: `Rule ${rule.meta.id} failed on this configuration: ${error instanceof Error ? error.message : String(error)}. This is a celery-lint bug; please report it.`,
          file: span.file,
          span,
          range: lineIndex(span.file).range(span),
        });
      }
    }
  }
  const launch = options.launch;
  if (launch && launch.model.processes.length > 0) {
    current = '';
    for (const rule of options.rules) {
      if (!rule.checkLaunch) continue;
      const severity = options.severities[rule.meta.id];
      if (severity === 'off') continue;
      const report = (descriptor: ReportDescriptor) => {
        const d = toDiagnostic(rule, severity ?? descriptor.severity ?? rule.meta.defaultSeverity, descriptor, lineIndex);
        if (!reportsIn(d.file)) return;
        const key = `${d.ruleId}|${d.file}|${d.span.start}|${d.span.end}|${d.message}`;
        if (seen.has(key)) return;
        seen.set(key, []);
        out.push(d);
      };
      const context: LaunchRuleContext = launchRuleContext(launch, options.celeryVersion, environment, (file) => texts.get(file) ?? launch.model.referenced.get(file) ?? '', report);
      try {
        rule.checkLaunch(context);
      } catch (error) {
        const first = launch.model.processes[0]!;
        push({
          ruleId: INTERNAL_ERROR_RULE,
          messageId: 'ruleCrashed',
          severity: 'error',
          message: `Rule ${rule.meta.id} failed on the launch files: ${error instanceof Error ? error.message : String(error)}. This is a celery-lint bug; please report it.`,
          file: first.file,
          span: first.definedAt,
          range: lineIndex(first.definedAt.file).range(first.definedAt),
        });
      }
    }
  }
  const django = options.django;
  if (django && django.targets.length > 0) {
    current = '';
    const active = options.rules.filter((rule) => rule.checkDjango && options.severities[rule.meta.id] !== 'off');
    runDjangoRules(
      active,
      {
        targets: django.targets,
        settings: options.djangoSettings,
        analyses: byFile,
        djangoVersion: django.version,
        sourceText: (file) => texts.get(file) ?? '',
        projectModule: (dotted) => projectModule(options, texts, dotted),
      },
      (rule, descriptor) => {
        const severity = options.severities[rule.meta.id];
        push(toDiagnostic(rule, severity === 'error' || severity === 'warning' ? severity : descriptor.severity ?? rule.meta.defaultSeverity, descriptor, lineIndex));
      },
      (rule, target, error) => {
        const span = { file: target.file, start: 0, end: 0 };
        push({
          ruleId: INTERNAL_ERROR_RULE,
          messageId: 'ruleCrashed',
          severity: 'error',
          message: `Rule ${rule.meta.id} failed on the Django settings module ${target.module}: ${error instanceof Error ? error.message : String(error)}. This is a celery-lint bug; please report it.`,
          file: span.file,
          span,
          range: lineIndex(span.file).range(span),
        });
      },
    );
  }
  return out;
}

/** A module the project names by dotted path, as ProjectUsage knows the project's files. */
function projectModule(options: RunOptions, texts: ReadonlyMap<string, string>, dotted: string): ProjectModule {
  const status = options.usage.moduleStatus(dotted);
  if (status === 'missing') return { status: 'missing' };
  const file = status === 'unknown' ? undefined : options.usage.moduleFile(dotted);
  if (!file) return { status: 'unknown' };
  return { status: 'found', file, text: texts.get(file) ?? options.readFile?.(file) };
}

/**
 * A Django setting as the configuration's settings module leaves it: its
 * settings class (django-configurations) first, then the module's own names
 * (star imports included); unknown when a star import could not be followed.
 */
function djangoSettingOf(
  config: EffectiveConfigurationInfo,
  name: string,
  analyses: ReadonlyMap<string, FileAnalysis>,
  settings: ReadonlyMap<string, ReadonlyMap<string, DjangoSettingValue>>,
): DjangoSettingLookup | undefined {
  const file = config.djangoSettingsFile;
  if (!file) return undefined;
  const module = analyses.get(file);
  const fromClass = config.settingsClass ? module?.settingsClasses.get(config.settingsClass)?.bindings.find((b) => b.key === name) : undefined;
  const binding = fromClass ? { value: fromClass.value, keySpan: fromClass.keySpan, valueSpan: fromClass.valueSpan } : settings.get(file)?.get(name);
  if (binding) return { binding, value: binding.value, isDefault: false };
  if (!module || module.unresolvedStarImports.length > 0) {
    return { binding: undefined, value: { kind: 'unknown', reason: `${name} may be set in a module celery-lint does not read` }, isDefault: false };
  }
  const fallback = djangoDefault(name);
  return fallback ? { binding: undefined, value: fallback, isDefault: true } : { binding: undefined, value: { kind: 'unknown', reason: `the default of ${name} depends on the Django version` }, isDefault: true };
}

function toDiagnostic(rule: Rule, severity: Severity, descriptor: ReportDescriptor, lineIndex: (file: string) => LineIndex): Diagnostic {
  const { meta } = rule;
  const template = meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`reported unknown messageId '${descriptor.messageId}'`);
  if (descriptor.fix && !meta.fix) throw new Error('reported a fix, but its meta declares none');
  if (descriptor.suggestions?.length && !meta.hasSuggestions) throw new Error('reported suggestions, but its meta does not declare hasSuggestions');
  const span = isBinding(descriptor.at) ? descriptor.at.valueSpan : descriptor.at;
  const index = lineIndex(span.file);
  const suggestions = descriptor.suggestions?.map((s) => {
    const suggestionTemplate = meta.messages[s.messageId];
    if (suggestionTemplate === undefined) throw new Error(`suggested with unknown messageId '${s.messageId}'`);
    return { messageId: s.messageId, message: formatMessage(suggestionTemplate, s.data, meta.id), fix: { file: s.fix.file, edits: s.fix.edits } };
  });
  return {
    ruleId: meta.id,
    messageId: descriptor.messageId,
    severity,
    message: formatMessage(template, descriptor.data, meta.id),
    file: span.file,
    span,
    range: index.range(span),
    docsUrl: meta.docsUrl,
    ...(descriptor.fix && meta.fix ? { fix: { file: descriptor.fix.file, edits: descriptor.fix.edits, safety: meta.fix.safety } } : {}),
    ...(suggestions?.length ? { suggestions } : {}),
    ...(descriptor.related?.length
      ? {
          related: descriptor.related.map((r) => ({ span: r.span, range: lineIndex(r.span.file).range(r.span), message: r.message })),
        }
      : {}),
  };
}
