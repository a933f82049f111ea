// Shapes of the generated knowledge data (celery-settings.data.ts,
// celery-aliases.data.ts). Release names are Celery's (or kombu's) tags without
// the `v` (`5.2.6`), or `main` for the unreleased branch, which sorts last.

/** A default as stored in the table: JSON, with tags for Python values JSON cannot hold. */
export type DefaultData =
  | null
  | boolean
  | number
  | string
  | readonly DefaultData[]
  | { readonly $tuple: readonly DefaultData[] }
  | { readonly $timedelta: number }
  | { readonly $float: string }
  | { readonly [key: string]: DefaultData };

export interface ChangePoint<T> {
  /** First release with this value. */
  readonly since: string;
  readonly value: T;
}

export interface SettingData {
  /** New-style (4.0+) name: `result_backend`. */
  readonly name: string;
  /** The pre-4.0 name Celery maps to it (`_to_compat`): `CELERY_RESULT_BACKEND`. */
  readonly oldName: string;
  /** Celery's declared type in the newest release (documentation only; Celery never converts values). */
  readonly type: string;
  /** Default in the newest release that has the setting. */
  readonly default: DefaultData;
  /** First Celery line that has it (`4.4` = 4.4.0 or earlier; `5.7` = only on main so far). */
  readonly since: string;
  /** First scanned release that has it: `5.3.0`, `main`. */
  readonly sinceRelease?: string;
  /** First release that no longer has it. */
  readonly removedIn?: string;
  /** Our one-line description. */
  readonly description: string;
  /** Present when the default changed between releases. */
  readonly defaultHistory?: ReadonlyArray<ChangePoint<DefaultData>>;
  /** Present when the declared type changed between releases. */
  readonly typeHistory?: ReadonlyArray<ChangePoint<string>>;
  /** Celery's own deprecation marks (`deprecate_by`, `remove_by`, `alt`). */
  readonly deprecation?: {
    readonly since: string;
    readonly deprecateBy: string | null;
    readonly removeBy: string | null;
    readonly alternative: string | null;
  };
}

export interface SourceRelease {
  readonly release: string;
  readonly ref: string;
  readonly commit: string;
  /** `__version__` at that commit (main says the last release it was branched from). */
  readonly versionString: string;
}

export interface KnowledgeSource {
  readonly celery: { readonly repository: string; readonly releases: readonly SourceRelease[] };
  readonly kombu: { readonly repository: string; readonly releases: readonly SourceRelease[] };
}

export interface AliasData {
  readonly alias: string;
  /** Class path the alias loads. */
  readonly target: string;
  readonly since: string;
  readonly removedIn?: string;
  /** The first release from which the alias names a module that no longer exists (`amqp` from Celery 5.0, `riak`): loading it fails. */
  readonly targetMissingSince?: string;
}

export interface ExtraKeyData {
  readonly key: string;
  /** The part of Celery that reads it. */
  readonly reader: string;
  readonly file: string;
  readonly since: string;
  readonly removedIn?: string;
  /** `setting`: looked up through app.conf like a setting (a namespace prefix applies); `exact`: only this spelling. */
  readonly lookup: 'setting' | 'exact';
  readonly description: string;
}

export interface ExtensionKeyData {
  readonly key: string;
  /** `celery-setting`: read from app.conf (namespace applies); `django-setting`: read from django.conf.settings. */
  readonly kind: 'celery-setting' | 'django-setting';
  readonly description: string;
}

export interface ExtensionData {
  readonly package: string;
  readonly repository: string;
  readonly commit: string;
  readonly keys: readonly ExtensionKeyData[];
  /** Result backend aliases the package registers through entry points. */
  readonly resultBackends: readonly string[];
}
