// The engine's public data model. Everything here is plain data so that the
// CLI, the language server and the tests can share it without knowing how the
// engine computed it.

/** A place in one file: UTF-16 code-unit offsets into the file's text. */
export interface SourceSpan {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** 0-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

// ---------------------------------------------------------------------------
// Abstract values: what the evaluator knows about a Python expression.

interface ValueBase {
  /** Where the value was written, when it comes from one expression. */
  readonly span?: SourceSpan;
  /**
   * Where the value was last read through a name (that name, where it was
   * read), when it was: a finding about a value built elsewhere lands on the
   * path (if/else branch) that read it. A call that hands its argument back
   * unchanged (`str('x')`) is a site too: the binding points at the call.
   */
  readonly site?: SourceSpan;
}

/** A string whose every character is known. */
export interface StrValue extends ValueBase {
  readonly kind: 'str';
  readonly value: string;
  /** True when `span` is exactly one plain string literal, so a fix may replace it. */
  readonly literal: boolean;
}

/** A hole in a template: a part of a string that is not known statically. */
export interface Hole {
  readonly hole: string;
}

/** A string with known pieces and holes, e.g. `"amqp://{u}@{h}".format(...)`. */
export interface TemplateValue extends ValueBase {
  readonly kind: 'template';
  readonly parts: ReadonlyArray<string | Hole>;
}

export interface NumValue extends ValueBase {
  readonly kind: 'num';
  readonly value: number;
  readonly isInt: boolean;
}

export interface BoolValue extends ValueBase {
  readonly kind: 'bool';
  readonly value: boolean;
}

export interface NoneValue extends ValueBase {
  readonly kind: 'none';
}

export interface SeqValue extends ValueBase {
  readonly kind: 'list' | 'tuple' | 'set';
  readonly items: readonly AbstractValue[];
  /** True when some items could not be enumerated (`*spread`, `+ other_list`). */
  readonly partial: boolean;
}

export interface DictEntry {
  readonly key: AbstractValue;
  readonly value: AbstractValue;
}

export interface DictValue extends ValueBase {
  readonly kind: 'dict';
  readonly entries: readonly DictEntry[];
  readonly partial: boolean;
}

/** A call the evaluator recognises by name but does not run: `crontab(minute="0")`. */
export interface CallValue extends ValueBase {
  readonly kind: 'call';
  /** Dotted name as resolved through imports, e.g. `celery.schedules.crontab`. */
  readonly callee: string;
  readonly args: readonly AbstractValue[];
  readonly kwargs: ReadonlyArray<{ readonly name: string; readonly value: AbstractValue }>;
}

/** Several possibilities: `if` branches, `os.environ.get("X", default)`. */
export interface OneOfValue extends ValueBase {
  readonly kind: 'oneOf';
  readonly options: readonly AbstractValue[];
}

/** Not set on this path: the setting keeps whatever it had before (or its default). */
export interface UnsetValue extends ValueBase {
  readonly kind: 'unset';
}

/** Something the evaluator does not know, with the reason in words. */
export interface UnknownValue extends ValueBase {
  readonly kind: 'unknown';
  readonly reason: string;
  /** The environment variable the value comes from, when that is the reason. */
  readonly envVar?: string;
  /**
   * The value is the variable's text itself, a str when it is set
   * (`os.environ.get('X')`, `os.getenv('X')`, `env('X')` with no cast): a
   * setting that needs a number or a boolean may get a string from it.
   */
  readonly envText?: true;
  /** A name imported from elsewhere: the dotted path it was imported as (a module given as a config source). */
  readonly importedAs?: string;
}

export type AbstractValue =
  | StrValue
  | TemplateValue
  | NumValue
  | BoolValue
  | NoneValue
  | SeqValue
  | DictValue
  | CallValue
  | OneOfValue
  | UnsetValue
  | UnknownValue;

// ---------------------------------------------------------------------------
// Bindings and effective configurations.

/** How a binding reached the configuration. */
export type BindingOrigin =
  | 'django-setting' // UPPERCASE name in a Django settings module
  | 'config-module' // module global in a celeryconfig-style module
  | 'config-class' // attribute of a config class given to config_from_object
  | 'config-dict' // entry of a dict given to config_from_object
  | 'celery-kwarg' // Celery(broker=..., backend=..., task_serializer=...)
  | 'celery-changes' // Celery(changes={...})
  | 'conf-update' // app.conf.update(key=...) or app.conf.update({...})
  | 'conf-attribute' // app.conf.key = value
  | 'conf-item' // app.conf['key'] = value
  | 'conf-setdefault' // app.conf.setdefault('key', value)
  | 'add-defaults'; // app.add_defaults({...})

export interface Binding {
  /** Stable within one lint run: `${file}:${keySpan.start}`. */
  readonly id: string;
  /** The key as written: `CELERY_RESULT_BACKEND`, `backend`, `result_backend`. */
  readonly key: string;
  /** The Celery setting this binding feeds (`result_backend`), or undefined when Celery ignores it. */
  readonly setting: string | undefined;
  readonly value: AbstractValue;
  readonly keySpan: SourceSpan;
  /** The whole value expression. */
  readonly valueSpan: SourceSpan;
  /**
   * When paths assign the name differently (if/elif/else, try/except): the
   * other paths' value expressions, so a finding about one possibility is
   * reported, and fixed, where that possibility is written.
   */
  readonly alternativeValueSpans?: readonly SourceSpan[];
  readonly origin: BindingOrigin;
  /** The Django setting name for Django-only settings (e.g. `TIME_ZONE`), for Django rules. */
  readonly djangoSetting?: string;
}

/** Why Celery ignores a key, for rules to act on (the `reason` says it in words). */
export type IgnoredCode =
  /** Not a setting of the target Celery version (typo, third-party key, newer setting). */
  | 'unknown-key'
  /** A pre-4.0 name in a source read with a namespace (`CELERY_ALWAYS_EAGER`). */
  | 'old-name-under-namespace'
  /** A lowercase name in Django settings: Django only copies UPPERCASE names. */
  | 'django-lowercase'
  /** A setting name without the namespace prefix the app reads with. */
  | 'missing-namespace'
  /** A spelling of a setting that Celery's lookup never reaches: another spelling (or the default) is found first. */
  | 'not-reached'
  /** A write Celery throws away: made after the first read and before a config_from_object() that reloads, or a setdefault of a key already set. */
  | 'discarded';

export type BindingStatus =
  /** `fallback`: read only by a Settings property when the setting itself is None (`broker_host` for `broker_url`). */
  | { readonly state: 'used'; readonly fallback?: true }
  | { readonly state: 'ignored'; readonly code: IgnoredCode; readonly reason: string }
  | { readonly state: 'overridden'; readonly by: string /* binding id */ };

/**
 * How the key was spelt: the new (4.0+) name, an old name, the namespaced
 * name (`CELERY_TASK_SERIALIZER` under namespace `CELERY`), a `Celery()`
 * keyword alias (`broker`), or none of these.
 */
export type KeySpelling = 'new' | 'old' | 'namespaced' | 'alias' | 'unknown';

export interface ConfiguredBinding extends Binding {
  readonly status: BindingStatus;
  readonly spelling: KeySpelling;
  /** A `conf` write made after the configuration was first read: stored as written, never counted by the mixing check. */
  readonly afterFirstRead?: true;
}

/** `os.environ[...] = ...` / `os.environ.setdefault(...)` / `os.putenv(...)` in linted code. */
export interface EnvironmentWrite {
  readonly name: string;
  readonly value: AbstractValue;
  readonly span: SourceSpan;
  /** True for setdefault: only takes effect when the variable is not already set. */
  readonly isDefault: boolean;
}

/**
 * A variable Celery's Settings reads before the configured value
 * (`CELERY_BROKER_URL`, `CELERY_RESULT_BACKEND`, `CELERY_BROKER_READ_URL`,
 * `CELERY_BROKER_WRITE_URL`), set by the project's own code where the app
 * runs (its module, its config source). An empty string overrides nothing.
 */
export interface EnvironmentOverride {
  readonly variable: string;
  /** The setting it overrides (`broker_url`). */
  readonly setting: string;
  readonly value: AbstractValue;
  /** The write (`os.environ[...] = ...`, `os.environ.setdefault(...)`). */
  readonly span: SourceSpan;
  /** `setdefault`: the deployment's own value of the variable, when it has one, wins. */
  readonly isDefault: boolean;
  /** `is` when it surely overrides; `may` when its value or whether it runs is not known. */
  readonly certainty: 'is' | 'may';
}

/**
 * What one Settings property gives (`app.conf.broker_url`, what the worker
 * connects with): its own key, else a fallback key or another setting, else
 * the default, with the environment in front (celery/app/utils.py Settings).
 */
export interface DerivedSetting {
  readonly setting: string;
  readonly value: AbstractValue;
  /** `binding`: its own key; `fallback`: another key or setting; `environment`; `default`. */
  readonly from: 'binding' | 'fallback' | 'environment' | 'default';
  /** The binding that gives the value (its id), for `binding` and for a `fallback` key. */
  readonly binding?: string;
  /** The key or setting fallen back to (`broker_host`, `TIME_ZONE`, `broker_url`). */
  readonly fallbackKey?: string;
  readonly environment?: EnvironmentOverride;
}

/** The old/new setting-name check Celery runs at the first read (detect_settings). */
export interface MixingCheck {
  /** The spelling Celery settles on. */
  readonly format: 'new' | 'old';
  /** Keys to rename, with the name Celery asks for; empty when Celery accepts the configuration. */
  readonly mixed: ReadonlyArray<{ readonly key: string; readonly renameTo: string }>;
  /** Celery's ImproperlyConfigured message, when it raises. */
  readonly message?: string;
}

/** An error loading the configuration may raise, depending on what the linter cannot see (the deployment's environment). */
export interface MayRaise {
  readonly type: string;
  /** The message, with what is not known in angle brackets. */
  readonly message: string;
  /** When it raises, in words. */
  readonly when: string;
  /** The value that decides. */
  readonly span: SourceSpan;
}

/** A place where configuration came from somewhere the linter cannot see into. */
export interface OpaqueSource {
  readonly span: SourceSpan;
  readonly reason: string;
  /**
   * Which of Celery's maps it may add keys to: the config source, the pending
   * changes, `Celery()` keywords (never counted by the mixing check) or
   * add_defaults() (never counted either); undefined when it may be any.
   */
  readonly layer?: 'source' | 'pending' | 'autoset' | 'add-defaults';
}

/** A function Celery registers as a task (`@shared_task`, `@app.task(name=...)`). */
export interface TaskDefinition {
  /** The explicit `name=` given to the decorator, if any. */
  readonly name: string | undefined;
  readonly functionName: string;
  readonly file: string;
  readonly span: SourceSpan;
}

/**
 * A serializer the project registers with kombu itself, or one the user
 * declares (`known-serializers`: a package registers it through kombu's
 * entry points, which the linter cannot see; then it has no span).
 */
export interface RegisteredSerializer {
  readonly name: string;
  readonly contentType?: string;
  readonly span?: SourceSpan;
}

export interface EffectiveConfigurationInfo {
  readonly id: string;
  /** `app` for a Celery app, `module` for a settings/config module no app was found for. */
  readonly kind: 'app' | 'module';
  /** App variable name (`app`) or module path (`proj/settings.py`). */
  readonly name: string;
  readonly file: string;
  /** The namespace Celery reads with (`CELERY`), or null for none. */
  readonly namespace: string | null;
  /**
   * No app in view is shown to read this Django settings module: `namespace`
   * is only the reading its keys fit best, and rules whose verdict depends on
   * the namespace say nothing.
   */
  readonly namespaceUnknown?: true;
  /** Every binding, in the order Celery applies them. */
  readonly bindings: readonly ConfiguredBinding[];
  readonly opaqueSources: readonly OpaqueSource[];
  /** Where the configuration source was named (`config_from_object(...)`), when it was. */
  readonly sourceSpan?: SourceSpan;
  /** The django-configurations class the Django settings come from (`Prod`), when they are class-based. */
  readonly settingsClass?: string;
  /** The Django settings module this configuration reads (its file), when it reads one. */
  readonly djangoSettingsFile?: string;
  /**
   * The DJANGO_SETTINGS_MODULE a launch file gives the processes that run
   * this configuration (over the module the code names with setdefault).
   */
  readonly launchedSettingsModule?: { readonly module: string; readonly span: SourceSpan; readonly where: string };
  /** Environment variables the project's code sets that Celery reads before the configured value. */
  readonly environment?: readonly EnvironmentOverride[];
  /** The Settings properties (broker URLs, result backend, timezone, default exchange and routing key) as Celery computes them. */
  readonly derived?: readonly DerivedSetting[];
  /** Celery's old/new name check for this configuration (what celery/mixed-setting-names reports). */
  readonly mixing?: MixingCheck;
  /** What importing the app module raises before the configuration is read (`config_from_envvar(..., namespace=...)`: a TypeError). */
  readonly raises?: { readonly type: string; readonly message: string; readonly span: SourceSpan };
  /**
   * Where importing the app module first reads its configuration (Celery finalizes it there: later
   * writes are stored as written and not checked for mixed names), and what reads it: the module itself,
   * a call of its functions, or a project module it imports (`reader`).
   */
  readonly firstRead?: { readonly span: SourceSpan; readonly how: string; readonly reader?: string };
  /** What loading the configuration may raise, depending on the deployment (Django's TIME_ZONE from the environment). */
  readonly mayRaise?: MayRaise;
}

// ---------------------------------------------------------------------------
// Rules, fixes and diagnostics.

export type Severity = 'error' | 'warning';
export type RuleCategory = 'correctness' | 'security' | 'deprecation' | 'style';
export type FixSafety = 'safe' | 'unsafe';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A fix is a list of non-overlapping edits in one file. */
export interface Fix {
  readonly file: string;
  readonly edits: readonly TextEdit[];
}

export interface Suggestion {
  readonly messageId: string;
  readonly message: string;
  readonly fix: Fix;
}

export interface RelatedInformation {
  readonly span: SourceSpan;
  readonly range: Range;
  readonly message: string;
}

export interface Diagnostic {
  readonly ruleId: string;
  readonly messageId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly span: SourceSpan;
  readonly range: Range;
  readonly fix?: Fix & { readonly safety: FixSafety };
  readonly suggestions?: readonly Suggestion[];
  readonly related?: readonly RelatedInformation[];
  /**
   * The configurations (`EffectiveConfigurationInfo.name`) this finding holds
   * in, when a binding is shared by several (base.py under dev and prod).
   */
  readonly configurations?: readonly string[];
  /** True for problems that stopped the file from being linted fully (syntax, encoding). */
  readonly fatal?: boolean;
  readonly docsUrl?: string;
}
