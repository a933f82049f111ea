// `[tool.celery-lint]` in pyproject.toml, resolved the way Ruff does: the
// closest pyproject.toml that has our table wins (ones without it are
// skipped), `extend` pulls in another file explicitly, and every unknown key
// or bad value is an error naming the key and the file. The CLI and the
// language server share this module so a file is judged the same everywhere.
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { MAX_CONFIG_BYTES, readRegularFile } from './read-source';
import type { Severity } from './types';

// smol-toml ships a CommonJS build, but its types are declared as an ES module.
const { parse: parseToml } = require('smol-toml') as { parse(text: string): unknown };

/** Where in a pyproject.toml a configuration error is: the editor shows it there. */
export interface ConfigErrorLocation {
  readonly file: string;
  /** The key under [tool.celery-lint], with any sub-key (`['severity', 'celery/x']`). */
  readonly key?: readonly string[];
  /** 1-based, for a file that is not valid TOML. */
  readonly line?: number;
  readonly column?: number;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly location?: ConfigErrorLocation,
  ) {
    super(message);
  }
}

export interface ProjectConfig {
  /** The pyproject.toml this came from (the closest one, before `extend`). */
  readonly file: string;
  /** Directory globs are relative to. */
  readonly root: string;
  readonly select?: readonly string[];
  readonly ignore?: readonly string[];
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  /** gitignore-style pattern (relative to `root`) -> rule ids or categories. */
  readonly perFileIgnores: ReadonlyArray<{ readonly pattern: string; readonly rules: readonly string[] }>;
  readonly include?: readonly string[];
  readonly exclude: readonly string[];
  readonly celeryVersion?: string;
  /** `django-version`: the target Django release for the django/ rules. */
  readonly djangoVersion?: string;
  /** Serializer names packages register through kombu's entry points (`known-serializers`). */
  readonly knownSerializers: readonly string[];
}

const KEYS = new Set(['select', 'ignore', 'severity', 'per-file-ignores', 'include', 'exclude', 'celery-version', 'django-version', 'known-serializers', 'extend']);
// `warn` is accepted for `warning`, as on the command line.
const LEVELS: ReadonlyMap<string, Severity | 'off'> = new Map([['error', 'error'], ['warning', 'warning'], ['warn', 'warning'], ['off', 'off']]);

/** `per-file-ignores."tests/**"` -> ['per-file-ignores', 'tests/**']. */
function keyPath(key: string): string[] {
  const dot = key.indexOf('.');
  return dot === -1 ? [key] : [key.slice(0, dot), key.slice(dot + 1).replace(/^"|"$/g, '')];
}

function stringList(value: unknown, key: string, file: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ConfigError(`'${key}' in [tool.celery-lint] of ${file} must be a list of strings`, { file, key: keyPath(key) });
  }
  return value as string[];
}

function table(value: unknown, key: string, file: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`'${key}' in [tool.celery-lint] of ${file} must be a table`, { file, key: keyPath(key) });
  }
  return value as Record<string, unknown>;
}

/** The text of a pyproject.toml, or undefined when there is none; anything unreadable is an error. */
function readConfigText(file: string): string | undefined {
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if (read.ok) return read.bytes.toString('utf8');
  if (read.reason === 'missing') return undefined;
  throw new ConfigError(`cannot use ${file}: ${read.message}`, { file });
}

/** The one-line reason a TOML text does not parse, with its line and column. */
function tomlProblem(error: unknown): string {
  const { line, column, message } = error as { line?: number; column?: number; message?: string };
  const reason = String(message ?? error).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
  return line !== undefined && column !== undefined ? `line ${line}, column ${column}: ${reason}` : reason;
}

/** The raw `[tool.celery-lint]` table of a pyproject.toml, or undefined when it has none. */
function readTable(file: string, text: string | undefined = readConfigText(file)): Record<string, unknown> | undefined {
  if (text === undefined) throw new ConfigError(`cannot read ${file}: no such file`, { file });
  if (!text.includes('celery-lint')) return undefined;
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const { line, column } = error as { line?: unknown; column?: unknown };
    const at = typeof line === 'number' && typeof column === 'number' ? { line, column } : {};
    throw new ConfigError(`${file} is not valid TOML (${tomlProblem(error)})`, { file, ...at });
  }
  const tool = data.tool as Record<string, unknown> | undefined;
  const ours = tool?.['celery-lint'];
  return ours === undefined ? undefined : table(ours, 'tool.celery-lint', file);
}

/** Reads and validates one file's table, following `extend` (cycles are an error). */
export function loadConfig(file: string, seen: readonly string[] = []): ProjectConfig {
  const absolute = path.resolve(file);
  if (seen.includes(absolute)) throw new ConfigError(`'extend' in ${seen[seen.length - 1]} forms a cycle through ${absolute}`, { file: seen[seen.length - 1]!, key: ['extend'] });
  const raw = readTable(absolute);
  if (!raw) throw new ConfigError(`${absolute} has no [tool.celery-lint] table`, { file: absolute });
  return fromTable(absolute, raw, seen);
}

/** Validates a file's table (already read), following `extend`. */
function fromTable(absolute: string, raw: Record<string, unknown>, seen: readonly string[]): ProjectConfig {
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) throw new ConfigError(`unknown key '${key}' in [tool.celery-lint] of ${absolute} (known: ${[...KEYS].join(', ')})`, { file: absolute, key: [key] });
  }
  const root = path.dirname(absolute);
  let base: ProjectConfig | undefined;
  if (raw.extend !== undefined) {
    if (typeof raw.extend !== 'string') throw new ConfigError(`'extend' in [tool.celery-lint] of ${absolute} must be a path`, { file: absolute, key: ['extend'] });
    base = loadConfig(path.resolve(root, raw.extend), [...seen, absolute]);
  }
  const severity: Record<string, Severity | 'off'> = { ...(base?.severity ?? {}) };
  if (raw.severity !== undefined) {
    for (const [rule, level] of Object.entries(table(raw.severity, 'severity', absolute))) {
      const known = typeof level === 'string' ? LEVELS.get(level) : undefined;
      if (!known) throw new ConfigError(`severity of '${rule}' in [tool.celery-lint] of ${absolute} must be "error", "warning" or "off"`, { file: absolute, key: ['severity', rule] });
      severity[rule] = known;
    }
  }
  const perFileIgnores = raw['per-file-ignores'] !== undefined
    ? Object.entries(table(raw['per-file-ignores'], 'per-file-ignores', absolute)).map(([pattern, rules]) => ({
        pattern,
        rules: stringList(rules, `per-file-ignores."${pattern}"`, absolute),
      }))
    : (base?.perFileIgnores ?? []);
  if (raw['celery-version'] !== undefined && typeof raw['celery-version'] !== 'string') {
    throw new ConfigError(`'celery-version' in [tool.celery-lint] of ${absolute} must be a string such as "5.4"`, { file: absolute, key: ['celery-version'] });
  }
  if (raw['django-version'] !== undefined && typeof raw['django-version'] !== 'string') {
    throw new ConfigError(`'django-version' in [tool.celery-lint] of ${absolute} must be a string such as "4.2"`, { file: absolute, key: ['django-version'] });
  }
  const pick = (key: 'select' | 'ignore' | 'include', inherited: readonly string[] | undefined) =>
    raw[key] !== undefined ? stringList(raw[key], key, absolute) : inherited;
  const select = pick('select', base?.select);
  const ignored = pick('ignore', base?.ignore);
  const include = pick('include', base?.include);
  const celeryVersion = (raw['celery-version'] as string | undefined) ?? base?.celeryVersion;
  const djangoVersion = (raw['django-version'] as string | undefined) ?? base?.djangoVersion;
  return {
    file: absolute,
    root,
    ...(select ? { select } : {}),
    ...(ignored ? { ignore: ignored } : {}),
    severity,
    perFileIgnores,
    ...(include ? { include } : {}),
    exclude: raw.exclude !== undefined ? stringList(raw.exclude, 'exclude', absolute) : (base?.exclude ?? []),
    ...(celeryVersion ? { celeryVersion } : {}),
    ...(djangoVersion ? { djangoVersion } : {}),
    knownSerializers: raw['known-serializers'] !== undefined ? stringList(raw['known-serializers'], 'known-serializers', absolute) : (base?.knownSerializers ?? []),
  };
}

/**
 * Finds the closest pyproject.toml with a [tool.celery-lint] table for files
 * in a directory, with a cache. A pyproject.toml that cannot be used (broken
 * TOML, a bad value, a FIFO) is an error for the files it would govern only:
 * `lookup` hands the error back so a run can lint the others.
 */
export class ConfigResolver {
  private readonly byDirectory = new Map<string, ProjectConfig | ConfigError | null>();

  /** The configuration for a file; throws the ConfigError of a pyproject.toml that governs it but cannot be used. */
  forFile(file: string): ProjectConfig | undefined {
    return this.forDirectory(path.dirname(path.resolve(file)));
  }

  forDirectory(dir: string): ProjectConfig | undefined {
    // Resolved, as every directory the cache holds (lookup() relies on it).
    const found = this.lookupDirectory(path.resolve(dir));
    if (found instanceof ConfigError) throw found;
    return found;
  }

  /** The configuration for a file, or the error of the pyproject.toml that should have given it. */
  lookup(file: string): ProjectConfig | ConfigError | undefined {
    // Asked for every file of a project: a directory seen already, as given (a walk's paths are resolved), needs no path.resolve.
    const known = this.byDirectory.get(path.dirname(file));
    if (known !== undefined) return known ?? undefined;
    return this.lookupDirectory(path.dirname(path.resolve(file)));
  }

  private lookupDirectory(dir: string): ProjectConfig | ConfigError | undefined {
    // Walk up to the first directory already known or holding our table, then fill the cache on the way back.
    const pending: string[] = [];
    let found: ProjectConfig | ConfigError | undefined;
    for (let current = dir; ; ) {
      const cached = this.byDirectory.get(current);
      if (cached !== undefined) {
        found = cached ?? undefined;
        break;
      }
      pending.push(current);
      const own = ownConfig(current);
      if (own !== undefined) {
        found = own;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    for (const visited of pending) this.byDirectory.set(visited, found ?? null);
    return found;
  }

  /** Forget cached results (the language server calls this when a pyproject.toml changes). */
  clear(): void {
    this.byDirectory.clear();
  }
}

/** The configuration a directory's own pyproject.toml gives, an error if it cannot be used, or undefined when it has none. */
function ownConfig(dir: string): ProjectConfig | ConfigError | undefined {
  const candidate = path.join(dir, 'pyproject.toml');
  try {
    const text = readConfigText(candidate);
    const raw = text === undefined ? undefined : readTable(candidate, text);
    return raw ? fromTable(candidate, raw, []) : undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

function relativeTo(config: ProjectConfig, file: string): string | undefined {
  const rel = path.relative(config.root, path.resolve(file)).split(path.sep).join('/');
  return rel && !rel.startsWith('..') ? rel : undefined;
}

/**
 * A configuration's patterns, compiled once: a pre-commit run asks whether
 * each of a project's files is excluded, and a matcher compiled per question
 * cost 0.2-0.7 s over 4,000 files with one `exclude` pattern.
 */
interface Matchers {
  readonly exclude: Ignore | undefined;
  readonly include: Ignore | undefined;
  readonly perFileIgnores: ReadonlyArray<{ readonly matcher: Ignore; readonly rules: readonly string[] }>;
}

const matchersOf = new WeakMap<ProjectConfig, Matchers>();

function matchers(config: ProjectConfig): Matchers {
  let known = matchersOf.get(config);
  if (!known) {
    known = {
      exclude: config.exclude.length ? ignore().add(config.exclude as string[]) : undefined,
      include: config.include ? ignore().add(config.include as string[]) : undefined,
      perFileIgnores: config.perFileIgnores.map((p) => ({ matcher: ignore().add(p.pattern), rules: p.rules })),
    };
    matchersOf.set(config, known);
  }
  return known;
}

/** `include` / `exclude`, matched relative to the config's directory (never against absolute paths). */
export function isExcluded(config: ProjectConfig, file: string): boolean {
  if (!config.exclude.length && !config.include) return false;
  const rel = relativeTo(config, file);
  if (rel === undefined) return false;
  const { exclude, include } = matchers(config);
  if (exclude?.ignores(rel)) return true;
  if (include && !include.ignores(rel)) return true;
  return false;
}

/** Rule ids or categories `per-file-ignores` turns off for a file. */
export function ignoredForFile(config: ProjectConfig, file: string): readonly string[] {
  const rel = relativeTo(config, file);
  if (rel === undefined) return [];
  return matchers(config).perFileIgnores.filter((p) => p.matcher.ignores(rel)).flatMap((p) => p.rules);
}
