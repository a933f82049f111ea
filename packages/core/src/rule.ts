import type { DjangoSettingValue, ProjectUsage } from './app-usage/model';
import type { AppLink } from './launch/app-link';
import type { LaunchEnvVar, LaunchProcess } from './launch/process';
import type {
  AbstractValue,
  Binding,
  ConfiguredBinding,
  EffectiveConfigurationInfo,
  EnvironmentWrite,
  FixSafety,
  RegisteredSerializer,
  RuleCategory,
  Severity,
  SourceSpan,
  TaskDefinition,
  TextEdit,
} from './types';

export const DOCS_BASE_URL = 'https://github.com/celery-lint/celery-lint/blob/main/rules/docs/';

export interface RuleMeta {
  /** Public API: `celery/no-amqp-result-backend`. */
  readonly id: string;
  readonly description: string;
  readonly category: RuleCategory;
  readonly defaultSeverity: Severity;
  /** Message templates by id; `{{name}}` placeholders are filled from `data`. */
  readonly messages: Readonly<Record<string, string>>;
  /** Present when the rule may attach a fix to its reports. */
  readonly fix?: { readonly safety: FixSafety };
  /** True when the rule may attach suggestions. */
  readonly hasSuggestions?: boolean;
  /** The Django system checks this rule mirrors (`security.W018`), for rules of the `django/` pack. */
  readonly djangoChecks?: readonly string[];
  /** Filled in by createRule from the id. */
  readonly docsUrl: string;
}

/** What a rule hands to `report` to describe a fix: edits in one file. */
export interface FixDescriptor {
  readonly file: string;
  readonly edits: readonly TextEdit[];
}

export interface SuggestionDescriptor {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly fix: FixDescriptor;
}

export interface RelatedDescriptor {
  readonly span: SourceSpan;
  readonly message: string;
}

export interface ReportDescriptor {
  /** Where the finding is: a binding (its value) or an explicit span. */
  readonly at: Binding | SourceSpan;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly fix?: FixDescriptor;
  readonly suggestions?: readonly SuggestionDescriptor[];
  readonly related?: readonly RelatedDescriptor[];
  /**
   * This finding's severity when the user has not set the rule's: a rule
   * whose findings differ in weight (worker-as-root: an error with pickle
   * accepted, a warning without) says so per finding.
   */
  readonly severity?: Severity;
}

/** The answer to "what is setting X in this configuration, and who decided it?" */
export interface SettingLookup {
  /** The binding that decides the value, if any binding does. */
  readonly binding: ConfiguredBinding | undefined;
  /** The value Celery ends up with: the binding's, the default, or unknown. */
  readonly value: AbstractValue;
  /** True when the value is Celery's default (no binding decides it). */
  readonly isDefault: boolean;
}

/** A Django setting of the settings module a configuration reads (RuleContext.djangoSetting). */
export interface DjangoSettingLookup {
  /** Where the settings module (or a module it star-imports, or its settings class) sets it, if it does. */
  readonly binding: DjangoSettingValue | undefined;
  /** Its value: the binding's, Django's default when nothing sets it, or unknown. */
  readonly value: AbstractValue;
  /** True when nothing sets it and `value` is Django's default. */
  readonly isDefault: boolean;
}

export interface RuleContext {
  readonly config: EffectiveConfigurationInfo;
  /** Target Celery version, e.g. `5.6.0`. */
  readonly celeryVersion: string;
  /** Looks up a setting by canonical name through the effective configuration. */
  get(setting: string): SettingLookup;
  /** Bindings that Celery actually uses, in application order. */
  usedBindings(): readonly ConfiguredBinding[];
  /** Tasks defined anywhere in the linted files. */
  tasks(): readonly TaskDefinition[];
  /** Environment variables set by the linted code (`os.environ['C_FORCE_ROOT'] = '1'`). */
  environmentWrites(): readonly EnvironmentWrite[];
  /** Serializers registered anywhere in the linted files (`kombu.serialization.register`). */
  registeredSerializers(): readonly RegisteredSerializer[];
  /**
   * How the linted project calls its tasks, waits for results and
   * autodiscovers them (app-usage/model.ts). Project-wide: the same for every
   * configuration of a run.
   */
  usage(): ProjectUsage;
  /**
   * Every configuration of the run, this one included: a project-wide fact
   * (a wait for a result somewhere in the project) may go through any of the
   * project's apps, so a rule asserting it of one app asks what the others are.
   */
  configurations(): readonly EffectiveConfigurationInfo[];
  /**
   * A Django setting (`TIME_ZONE`, `USE_TZ`, `INSTALLED_APPS`,
   * `DJANGO_CELERY_BEAT_TZ_AWARE`: app-usage/read-usage.ts DJANGO_SETTINGS_READ)
   * of the Django settings module this configuration reads; undefined when it
   * reads none.
   */
  djangoSetting(name: string): DjangoSettingLookup | undefined;
  /** The text of a file the engine has read (for building edits). */
  sourceText(file: string): string;
  /**
   * Whether a linted file mentions `name` anywhere but at `except` (the
   * binding's own key): `settings.CELERY_JOBS_ENABLED`, `getattr(settings,
   * "CELERY_JOBS_ENABLED")`. Comments count too, so it errs towards "read".
   */
  mentionedElsewhere(name: string, except: SourceSpan, where?: 'anywhere' | 'other-files'): boolean;
  /**
   * Whether the project's code reads `name` outside the spans of `except`
   * (name-reads.ts): `settings.CELERY_QUEUES`, `app.conf.X`, `getattr(settings,
   * 'X')`, `env('X')`, an import or an expression, but not an assignment,
   * a keyword argument, a dict key or a comment. Stricter than
   * mentionedElsewhere: a second settings module that sets the name again
   * does not make it the project's own.
   */
  readElsewhere(name: string, except: readonly SourceSpan[]): boolean;
  /**
   * Whether a finding in `file` is shown: a run over named files lints their
   * closure but shows only their findings, so a rule may skip costly work
   * (a did-you-mean, a search of the project) for a finding nobody sees.
   * report() drops such findings anyway.
   */
  reportsIn(file: string): boolean;
  report(descriptor: ReportDescriptor): void;
}

/** What a process's app has for one setting, with the process's environment applied. */
export interface ProcessSetting {
  readonly value: AbstractValue;
  /** The binding in the code that sets it, unless an environment variable or the default decides. */
  readonly binding: ConfiguredBinding | undefined;
  /** The launch file's variable that decides it (`CELERY_BROKER_URL`, or one the code reads). */
  readonly fromEnvironment?: LaunchEnvVar;
  readonly isDefault: boolean;
}

/** What a rule sees of the launch files: once per run, every process they start. */
export interface LaunchRuleContext {
  readonly celeryVersion: string;
  processes(): readonly LaunchProcess[];
  /** The app `-A` names, as Celery would find it; undefined when the process names none. */
  appOf(process: LaunchProcess): AppLink | undefined;
  /** A setting of the process's app (undefined when the app's configuration is not known). */
  setting(process: LaunchProcess, setting: string): ProcessSetting | undefined;
  /** Environment variables the linted code sets (`os.environ['C_FORCE_ROOT'] = '1'`). */
  environmentWrites(): readonly EnvironmentWrite[];
  sourceText(file: string): string;
  report(descriptor: ReportDescriptor): void;
}

/** A Django setting as a deployment settings module leaves it (DjangoRuleContext.setting). */
export interface DjangoSettingState extends DjangoSettingLookup {
  /** False when the target Django version has no such setting (and nothing sets it). */
  readonly exists: boolean;
}

/** What a Django rule sees: one Django settings module the project deploys with (django-targets.ts). */
export interface DjangoRuleContext {
  /** The settings module's file and dotted name. */
  readonly settingsFile: string;
  readonly settingsModule: string;
  /** Why the module counts as a deployment one, in words ("wsgi.py sets DJANGO_SETTINGS_MODULE to it"). */
  readonly deployedBecause: string;
  /** Target Django version (a line such as `4.2`), or undefined for the newest the table knows. */
  readonly djangoVersion: string | undefined;
  /** A setting's value: where the module (or what it star-imports) sets it, else Django's default for the target. */
  setting(name: string): DjangoSettingState;
  sourceText(file: string): string;
  /** A module of the project by dotted name (a view a setting names), read or not. */
  projectModule(dotted: string): ProjectModule;
  report(descriptor: ReportDescriptor): void;
}

/** What the project shows of a module it names by dotted path. */
export type ProjectModule =
  /** The project's one file for the name, with its text (undefined when it cannot be read). */
  | { readonly status: 'found'; readonly file: string; readonly text: string | undefined }
  /** The name's top package is the project's, and the project has no such module. */
  | { readonly status: 'missing' }
  /** Not the project's to tell (an installed package), or several files answer to the name. */
  | { readonly status: 'unknown' };

export interface Rule {
  readonly meta: RuleMeta;
  /** Runs once per effective configuration. */
  check(context: RuleContext): void;
  /** Runs once per lint run over the processes launch files start. */
  checkLaunch?(context: LaunchRuleContext): void;
  /** Runs once per Django settings module the project deploys with. */
  checkDjango?(context: DjangoRuleContext): void;
}

export type RuleDefinition = {
  readonly meta: Omit<RuleMeta, 'docsUrl'>;
  check?(context: RuleContext): void;
  checkLaunch?(context: LaunchRuleContext): void;
  checkDjango?(context: DjangoRuleContext): void;
};

export function ruleDocName(id: string): string {
  return id.replace(/^[^/]+\//, '');
}

/** The one way to make a rule: stamps the docs URL and checks the meta is well-formed. */
export function createRule(definition: RuleDefinition): Rule {
  const { meta } = definition;
  if (!/^[a-z-]+\/[a-z0-9-]+$/.test(meta.id)) {
    throw new Error(`Rule id '${meta.id}' must look like 'celery/some-name'.`);
  }
  if (Object.keys(meta.messages).length === 0) {
    throw new Error(`Rule '${meta.id}' declares no messages.`);
  }
  if (!definition.check && !definition.checkLaunch && !definition.checkDjango) throw new Error(`Rule '${meta.id}' checks nothing.`);
  return {
    meta: { ...meta, docsUrl: `${DOCS_BASE_URL}${ruleDocName(meta.id)}.md` },
    check: definition.check ?? (() => {}),
    ...(definition.checkLaunch ? { checkLaunch: definition.checkLaunch } : {}),
    ...(definition.checkDjango ? { checkDjango: definition.checkDjango } : {}),
  };
}

/** Fills `{{name}}` placeholders; a missing placeholder is a rule bug, so it throws. */
export function formatMessage(template: string, data: Readonly<Record<string, string>> | undefined, ruleId: string): string {
  let parts = templateParts.get(template);
  if (!parts) {
    // Odd indexes hold placeholder names: 'a {{x}} b' -> ['a ', 'x', ' b'].
    parts = template.split(/\{\{\s*(\w+)\s*\}\}/);
    templateParts.set(template, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = data?.[name];
    if (value === undefined) {
      throw new Error(`Rule '${ruleId}' left placeholder '{{${name}}}' without data.`);
    }
    out += value + parts[i + 1]!;
  }
  return out;
}

/** Message templates split once: a run can report thousands of findings from a few templates. */
const templateParts = new Map<string, string[]>();
