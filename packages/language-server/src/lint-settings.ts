// What a lint run in the editor uses: the project's pyproject.toml, resolved
// exactly as the CLI does, with the editor's `celery-lint.*` settings on top
// (they play the part of command-line flags).
import { checkCeleryVersion, parseSeverities, selectRules, type ProjectConfig, type Rule, type Severity } from '@celery-lint/core';

export interface ClientSettings {
  readonly enable: boolean;
  /** rule id -> level, like `--severity rule=level`. */
  readonly severity: Readonly<Record<string, string>>;
  /** Extra command-line style arguments: --celery-version, --select, --ignore, --severity. */
  readonly args: readonly string[];
}

export const DEFAULT_SETTINGS: ClientSettings = { enable: true, severity: {}, args: [] };

export interface RunOptions {
  readonly rules: readonly Rule[];
  readonly knownRuleIds: readonly string[];
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  readonly celeryVersion?: string;
  readonly knownSerializers?: readonly string[];
}

/** Settings as the client sent them, with anything malformed replaced by the default. */
export function normalizeSettings(raw: unknown): ClientSettings {
  const value = (raw ?? {}) as Record<string, unknown>;
  const severity = typeof value.severity === 'object' && value.severity !== null && !Array.isArray(value.severity) ? (value.severity as Record<string, string>) : {};
  const args = Array.isArray(value.args) ? value.args.filter((a): a is string => typeof a === 'string') : [];
  return { enable: value.enable !== false, severity, args };
}

interface ParsedArgs {
  select: string[];
  ignore: string[];
  severity: string[];
  celeryVersion?: string;
  unknown: string[];
}

function parseArgs(args: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { select: [], ignore: [], severity: [], unknown: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^--(select|ignore|severity|celery-version)(?:=(.*))?$/.exec(arg);
    if (!m) {
      out.unknown.push(arg);
      continue;
    }
    const value = m[2] ?? args[++i];
    if (value === undefined) {
      out.unknown.push(arg);
      continue;
    }
    const items = value.split(',').map((v) => v.trim()).filter(Boolean);
    if (m[1] === 'celery-version') out.celeryVersion = value;
    else out[m[1] as 'select' | 'ignore' | 'severity'].push(...items);
  }
  return out;
}

/**
 * The run for files one pyproject.toml governs. A bad setting is reported in
 * `problems` and left out, so a typo in the editor's settings never blanks
 * the diagnostics.
 */
export function runOptionsFor(config: ProjectConfig | undefined, settings: ClientSettings, all: readonly Rule[]): { options: RunOptions; problems: string[] } {
  const problems: string[] = [];
  const byId = new Map(all.map((r) => [r.meta.id, r]));
  const args = parseArgs(settings.args);
  if (args.unknown.length) problems.push(`celery-lint.args: ignored ${args.unknown.map((a) => `'${a}'`).join(', ')} (the editor takes --select, --ignore, --severity and --celery-version)`);
  const attempt = <T>(fallback: T, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      problems.push((error as Error).message);
      return fallback;
    }
  };
  const select = args.select.length ? args.select : (config?.select ?? []);
  const ignore = args.ignore.length ? args.ignore : (config?.ignore ?? []);
  const rules = attempt(all, () => selectRules(all, select, ignore));
  const fromFile = config ? attempt({}, () => parseSeverities(Object.entries(config.severity).map(([r, l]) => `${r}=${l}`), byId, `severity (in ${config.file})`)) : {};
  const fromSettings = attempt({}, () => parseSeverities(Object.entries(settings.severity).map(([r, l]) => `${r}=${l}`), byId, 'celery-lint.severity'));
  const fromArgs = attempt({}, () => parseSeverities(args.severity, byId));
  const version = args.celeryVersion ?? config?.celeryVersion;
  const celeryVersion = version === undefined ? undefined : attempt<string | undefined>(undefined, () => checkCeleryVersion(version));
  return {
    options: {
      rules,
      knownRuleIds: all.map((r) => r.meta.id),
      severities: { ...fromFile, ...fromSettings, ...fromArgs },
      ...(celeryVersion ? { celeryVersion } : {}),
      ...(config?.knownSerializers.length ? { knownSerializers: config.knownSerializers } : {}),
    },
    problems,
  };
}
