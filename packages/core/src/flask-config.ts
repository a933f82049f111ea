// What a module-level Flask app's `app.config` holds at each point of its
// module, as far as the module shows it: Flask's own defaults (their keys),
// then what the project writes (`from_object`, `['KEY'] = ...`, `update`,
// `from_mapping`). Read only as the source of a comprehension that picks
// Celery's settings out of it (comprehension-fold.ts), so that
// `{k[7:].lower(): v for k, v in app.config.items() if k.startswith('CELERY_')}`
// folds into the settings Celery gets. A write celery-lint cannot read
// (`from_pyfile`, `from_envvar`, an object it does not know) makes the mapping
// partial: the fold then says "may" instead of inventing or dropping keys.
import type { AbstractValue, DictEntry, DictValue, SourceSpan } from './types';

/**
 * Keys Flask's Config starts with (Flask 0.12 to 3.1; some come and go
 * between versions). None begins with CELERY, so a prefix filter drops them;
 * without a filter they reach Celery, with values celery-lint leaves unknown.
 */
const FLASK_DEFAULT_KEYS = [
  'DEBUG', 'TESTING', 'PROPAGATE_EXCEPTIONS', 'SECRET_KEY', 'SECRET_KEY_FALLBACKS', 'PERMANENT_SESSION_LIFETIME',
  'USE_X_SENDFILE', 'TRUSTED_HOSTS', 'SERVER_NAME', 'APPLICATION_ROOT', 'SESSION_COOKIE_NAME', 'SESSION_COOKIE_DOMAIN',
  'SESSION_COOKIE_PATH', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_PARTITIONED',
  'SESSION_COOKIE_SAMESITE', 'SESSION_REFRESH_EACH_REQUEST', 'MAX_CONTENT_LENGTH', 'MAX_FORM_MEMORY_SIZE', 'MAX_FORM_PARTS',
  'SEND_FILE_MAX_AGE_DEFAULT', 'TRAP_BAD_REQUEST_ERRORS', 'TRAP_HTTP_EXCEPTIONS', 'EXPLAIN_TEMPLATE_LOADING',
  'PREFERRED_URL_SCHEME', 'TEMPLATES_AUTO_RELOAD', 'MAX_COOKIE_SIZE', 'PROVIDE_AUTOMATIC_OPTIONS', 'ENV', 'JSON_AS_ASCII',
  'JSON_SORT_KEYS', 'JSONIFY_PRETTYPRINT_REGULAR', 'JSONIFY_MIMETYPE', 'PRESERVE_CONTEXT_ON_EXCEPTION',
];

/** `Flask`, `flask.Flask`: the class whose instances have a `config`. */
export function isFlaskClass(path: string | undefined): boolean {
  return path === 'Flask' || path === 'flask.Flask';
}

/** Python's str.isupper(): Flask's from_object() takes only such attributes. */
export function isUpperName(name: string): boolean {
  return name !== name.toLowerCase() && name === name.toUpperCase();
}

interface Snapshot {
  /** The module scope's `now` when the write ran: a value computed for an earlier line does not see it. */
  readonly at: number;
  readonly entries: readonly DictEntry[];
  readonly partial: boolean;
}

export class FlaskConfigs {
  private readonly history = new Map<string, Snapshot[]>();

  create(app: string, at: number, span: SourceSpan): void {
    const defaults: DictEntry[] = FLASK_DEFAULT_KEYS.map((key) => ({
      key: { kind: 'str', value: key, literal: false, span },
      value: { kind: 'unknown', reason: `Flask's default for ${key}`, span },
    }));
    this.history.set(app, [{ at, entries: defaults, partial: false }]);
  }

  has(app: string): boolean {
    return this.history.has(app);
  }

  /** Later keys replace earlier ones, as `dict.update` does; `partial`: some write could not be read. */
  write(app: string, at: number, entries: readonly DictEntry[], partial: boolean): void {
    const snapshots = this.history.get(app);
    const last = snapshots?.[snapshots.length - 1];
    if (!snapshots || !last) return;
    const written = new Set(entries.map((e) => (e.key.kind === 'str' ? e.key.value : undefined)).filter((k) => k !== undefined));
    const kept = last.entries.filter((e) => e.key.kind !== 'str' || !written.has(e.key.value));
    snapshots.push({ at, entries: [...kept, ...entries], partial: last.partial || partial });
  }

  /** `app.config` as it was at `at` (a module scope's `now`), if `path` names a Flask app's config. */
  mappingAt(path: string, at: number): DictValue | undefined {
    const match = /^(\w+)\.config$/.exec(path);
    const snapshots = match ? this.history.get(match[1]!) : undefined;
    if (!snapshots) return undefined;
    let found: Snapshot | undefined;
    for (const snapshot of snapshots) if (snapshot.at <= at) found = snapshot;
    return found && { kind: 'dict', entries: found.entries, partial: found.partial };
  }
}

/** A dict's entries for a Flask config write, and whether any part of it could not be read. */
export function entriesOfMapping(value: AbstractValue): { entries: readonly DictEntry[]; partial: boolean } {
  if (value.kind !== 'dict') return { entries: [], partial: true };
  return { entries: value.entries.filter((e) => e.key.kind === 'str'), partial: value.partial || value.entries.some((e) => e.key.kind !== 'str') };
}
