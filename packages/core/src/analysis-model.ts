// The analysis model: what reading one file yields (its bindings, apps, config
// sources, settings classes, ...) and what a module offers its importers. It
// lives apart from the readers that fill it (extract.ts and the binder and
// interpreters it drives) so that the modules consuming it (configuration,
// roles, settings classes, import-time effects) depend on data, not on the
// code that reads Python, and no import cycle runs back through extract.ts.
import type { ImportTimeRead } from './conf-reads';
import type { ModuleScope } from './module-scope';
import type { Suppression } from './suppressions';
import type { LineIndex } from './text';
import type {
  AbstractValue,
  BindingOrigin,
  Diagnostic,
  EnvironmentWrite,
  OpaqueSource,
  RegisteredSerializer,
  SourceSpan,
  TaskDefinition,
} from './types';

export type ModuleKind = 'django-settings' | 'celery-config' | 'app-module' | 'other';

/** A key set to a value somewhere, before the configuration decides what it means. */
export interface RawBinding {
  readonly key: string;
  readonly value: AbstractValue;
  readonly keySpan: SourceSpan;
  readonly valueSpan: SourceSpan;
  /** The value expressions of the other paths (if/else) that assign this name. */
  readonly alternativeValueSpans?: readonly SourceSpan[];
  readonly origin: BindingOrigin;
  /** For Celery(broker=...) and friends: the setting the keyword stands for. */
  readonly aliasOf?: string;
  /** Earlier module-level assignments of the same name that this one replaced. */
  readonly shadowed?: readonly RawBinding[];
  /** For a `conf` write: where the statement that applies it starts (a dict given to conf.update() applies there, not where it is written). */
  readonly appliedAt?: number;
  /** For app.add_defaults(): which call (0 = the first). */
  readonly group?: number;
  /** A module global that `del NAME` removed further down (the name in the `del`). */
  readonly deletedAt?: SourceSpan;
  /**
   * A settings class's `@property` (class-properties.ts): Django settings
   * loaded from an instance see its value; Celery's config_from_object(Class)
   * sees the property object, so config-class readers leave it out.
   */
  readonly fromProperty?: true;
}

export type ConfigSourceRef =
  /** `config_from_object('proj.celeryconfig')` or `'django.conf:settings'`. */
  | { readonly kind: 'module-path'; readonly path: string; readonly span: SourceSpan }
  /** A class or dict defined in the same file. */
  | { readonly kind: 'bindings'; readonly label: string; readonly bindings: readonly RawBinding[]; readonly span: SourceSpan }
  | { readonly kind: 'opaque'; readonly reason: string; readonly span: SourceSpan }
  /** `config_source=src` where an `if` picked src: Celery loads one of these, celery-lint cannot tell which. */
  | { readonly kind: 'alternatives'; readonly options: readonly ConfigSourceRef[]; readonly span: SourceSpan };

export interface AppModel {
  /** The variable the app is bound to (`app`). */
  readonly name: string;
  /** The `Celery(...)` call, or the first use for an app created elsewhere. */
  readonly span: SourceSpan;
  /** True when this file only uses an app it imports (`from proj.celery import app`). */
  readonly implicit: boolean;
  /** For an app this module imports: the dotted path it is imported as (`proj.celery.app`). */
  readonly importedAs?: string;
  namespace: string | null | undefined;
  readonly changes: RawBinding[];
  configSource: ConfigSourceRef | undefined;
  readonly opaque: OpaqueSource[];
  /**
   * Where importing the app's module first reads its configuration (Celery finalizes it there), if it
   * does: a read in its top level, a top-level call of its functions that reads, or (import-time-effects.ts)
   * the import of a project module that reads it.
   */
  firstRead?: number;
  /** What performs that first read, for print-config: the statement's span and how it reads. */
  firstReadBy?: { readonly span: SourceSpan; readonly how: string; readonly reader?: string };
  /** Where the config source in force was given (its config_from_object() call). */
  sourceAt?: number;
  /** The add_defaults() calls read so far. */
  addDefaultsCalls?: number;
  /** What importing the app module raises before any configuration is read (a call Python refuses). */
  raises?: { readonly type: string; readonly message: string; readonly span: SourceSpan };
}

/** A read of `conf` at import time, and what its receiver's first name was imported as (`from proj.celery import app` reading `app.conf`: `proj.celery.app`). */
export interface ConfReadAtImport extends ImportTimeRead {
  readonly imported?: string;
}

export interface FileAnalysis {
  readonly file: string;
  /** What the module is to the project: guessed here from its path and text, then decided from how the project uses it (roles.ts). */
  kind: ModuleKind;
  readonly moduleBindings: readonly RawBinding[];
  readonly apps: readonly AppModel[];
  readonly registeredSerializers: readonly RegisteredSerializer[];
  /** `os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')`. */
  readonly djangoSettingsModule: string | undefined;
  /** Environment variables the code sets (`C_FORCE_ROOT`, `DJANGO_SETTINGS_MODULE`, ...). */
  readonly environmentWrites: readonly EnvironmentWrite[];
  /** Linted files this module imports from. */
  readonly importedFiles: readonly string[];
  /**
   * Linted files whose settings this module takes in: `from x import *`, django-split-settings'
   * include(), a django-configurations class it imports. Importing a helper is not one.
   */
  readonly settingsFromFiles: readonly string[];
  /** `from x import *` of modules that are not among the linted files. */
  readonly unresolvedStarImports: readonly string[];
  /** Classes defined (or imported) here, with their attributes, for config_from_object(Class). */
  readonly classes: ReadonlyMap<string, readonly RawBinding[]>;
  /** django-configurations classes defined (or imported) here: one of them is the Django settings (settings-classes.ts). */
  readonly settingsClasses: ReadonlyMap<string, SettingsClass>;
  /** `os.environ.setdefault('DJANGO_CONFIGURATION', 'Prod')`: the settings class django-configurations loads. */
  readonly djangoConfiguration: string | undefined;
  /** Calls `djcelery.setup_loader()`: django-celery's loader (Celery 3) reads Django settings without a namespace. */
  readonly djceleryLoader: boolean;
  /** The reads of an object's `conf` that importing this module performs (a project module's import may finalize an app: import-time-effects.ts). */
  readonly confReads: readonly ConfReadAtImport[];
  /** Names this module imports, with the dotted path each is imported as: an app may be imported through a module that re-exports it. */
  readonly imports: ReadonlyMap<string, string>;
  /** Superset's `CELERY_CONFIG = CeleryConfig`: the class (defined or imported here) Superset gives its Celery app. */
  readonly celeryConfigClass: string | undefined;
  /** Dicts made from Airflow's DEFAULT_CELERY_CONFIG (airflow-celery.ts): what a project gives Airflow's Celery app. */
  readonly airflowCeleryDicts?: readonly AirflowCeleryDict[];
  readonly tasks: readonly TaskDefinition[];
  /** `# noqa` / `# celery-lint: disable...` comments. */
  readonly suppressions: readonly Suppression[];
  readonly diagnostics: Diagnostic[];
  readonly lineIndex: LineIndex;
}

/** A django-configurations class (settings-classes.ts): one of them may be the Django settings. */
export interface SettingsClass {
  /** The class's attributes, inherited ones included (a subclass's override replaces its base's). */
  readonly bindings: readonly RawBinding[];
  /** True when another settings class in the same module extends it: a base, rarely loaded itself. */
  readonly extended: boolean;
}

/** A dict made from Airflow's DEFAULT_CELERY_CONFIG (airflow-celery.ts). */
export interface AirflowCeleryDict {
  /** The module global holding the dict. */
  readonly name: string;
  readonly span: SourceSpan;
  /** The entries the project writes over Airflow's. */
  readonly bindings: readonly RawBinding[];
}

/** What a module offers to `from x import ...` in another linted file. */
export interface ModuleExports {
  readonly scope: ModuleScope;
  readonly classes: ReadonlyMap<string, RawBinding[]>;
  /** Subclasses of Celery, with their `self.conf` writes: importers' instances of them are apps too. */
  readonly celerySubclasses: ReadonlyMap<string, RawBinding[]>;
  /** Names of django-configurations classes: importers' subclasses of them are settings classes too. */
  readonly settingsClasses: ReadonlySet<string>;
}

/** Finds (and reads, if needed) the linted module an import names; undefined when it is not linted or is being read (a cycle). */
export type Importer = (fromFile: string, moduleName: string, level: number) => { file: string; exports: ModuleExports | undefined } | undefined;

/**
 * The order Celery applies pending changes in: the constructor first —
 * `changes=`, then `broker`, `backend`, `include`, then its other keyword
 * arguments, which override it — then every later `conf` write in source order.
 */
export function byApplicationOrder(a: RawBinding, b: RawBinding): number {
  // Celery.__init__ stores broker, backend and include (in that order) before the other keywords.
  const aliases = ['broker_url', 'result_backend', 'include'];
  const stage = (binding: RawBinding) =>
    binding.origin === 'celery-changes' ? 0 : binding.origin !== 'celery-kwarg' ? 5 : binding.aliasOf ? 1 + aliases.indexOf(binding.aliasOf) : 4;
  return stage(a) - stage(b) || (a.appliedAt ?? a.keySpan.start) - (b.appliedAt ?? b.keySpan.start) || a.keySpan.start - b.keySpan.start;
}
