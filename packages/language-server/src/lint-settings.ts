// What a lint run in the editor uses: the project's pyproject.toml, resolved
// exactly as the CLI does, with the editor's `celery-lint.*` settings on top
// (they play the part of command-line flags).
import { checkCeleryVersion, checkDjangoVersion, parseSeverities, selectRules, type ConfigErrorLocation, type ProjectConfig, type Rule, type Severity } from '@celery-lint/core';

/** When to lint: as the user types, or when the file is saved (ruff-vscode's `lint.run`). */
export type LintRun = 'onType' | 'onSave';
/** Which files get diagnostics: open ones, or every file of the workspace (ruff-vscode's `lint.scope`). */
export type LintScope = 'openFiles' | 'workspace';
/** Which of the server's messages pop up (ruff-vscode's `showNotifications`); the rest go to the log. */
export type ShowNotifications = 'off' | 'onError' | 'onWarning' | 'always';
/** Which of the server's messages reach the log (ruff-vscode's `logLevel`). */
export type LogLevel = 'error' | 'warning' | 'info' | 'debug';

export interface ClientSettings {
  readonly enable: boolean;
  /** rule id -> level, like `--severity rule=level`. */
  readonly severity: Readonly<Record<string, string>>;
  /** Extra command-line style arguments: --celery-version, --select, --ignore, --severity. */
  readonly args: readonly string[];
  readonly lint: { readonly run: LintRun; readonly scope: LintScope };
  /** Offer "Disable <rule> for this line / file". */
  readonly disableRuleComment: boolean;
  /** Offer `source.fixAll.celery-lint`. */
  readonly fixAll: boolean;
  readonly showNotifications: ShowNotifications;
  readonly logLevel: LogLevel;
}

export const DEFAULT_SETTINGS: ClientSettings = {
  enable: true,
  severity: {},
  args: [],
  lint: { run: 'onType', scope: 'openFiles' },
  disableRuleComment: true,
  fixAll: true,
  showNotifications: 'onError',
  logLevel: 'info',
};

export interface RunOptions {
  readonly rules: readonly Rule[];
  readonly knownRuleIds: readonly string[];
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  readonly celeryVersion?: string;
  readonly djangoVersion?: string;
  readonly knownSerializers?: readonly string[];
  /** The distributions the project pins (LintOptions.installedDistributions). */
  readonly installedDistributions?: readonly string[];
}

/** A setting that could not be used: from the editor's settings, or from a pyproject.toml key. */
export interface SettingsProblem {
  readonly message: string;
  readonly location?: ConfigErrorLocation;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * Settings as the client sent them, with anything malformed replaced by the
 * default. Nested objects (what VS Code sends for `lint.run`) and dotted keys
 * (what a hand-written client configuration may hold) are both read.
 */
export function normalizeSettings(raw: unknown): ClientSettings {
  const value = record(raw);
  const at = (dotted: string): unknown => {
    if (dotted in value) return value[dotted];
    return dotted.split('.').reduce<unknown>((v, part) => record(v)[part], value);
  };
  const severity = record(value.severity) as Record<string, string>;
  const args = Array.isArray(value.args) ? value.args.filter((a): a is string => typeof a === 'string') : [];
  const d = DEFAULT_SETTINGS;
  return {
    enable: value.enable !== false,
    severity,
    args,
    lint: {
      run: oneOf(at('lint.run'), ['onType', 'onSave'], d.lint.run),
      scope: oneOf(at('lint.scope'), ['openFiles', 'workspace'], d.lint.scope),
    },
    disableRuleComment: at('codeAction.disableRuleComment.enable') !== false,
    fixAll: at('fixAll') !== false,
    showNotifications: oneOf(at('showNotifications'), ['off', 'onError', 'onWarning', 'always'], d.showNotifications),
    logLevel: oneOf(at('logLevel'), ['error', 'warning', 'info', 'debug'], d.logLevel),
  };
}

interface ParsedArgs {
  select: string[];
  ignore: string[];
  severity: string[];
  celeryVersion?: string;
  djangoVersion?: string;
  unknown: string[];
}

function parseArgs(args: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { select: [], ignore: [], severity: [], unknown: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^--(select|ignore|severity|celery-version|django-version)(?:=(.*))?$/.exec(arg);
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
    else if (m[1] === 'django-version') out.djangoVersion = value;
    else out[m[1] as 'select' | 'ignore' | 'severity'].push(...items);
  }
  return out;
}

/**
 * The run for files one pyproject.toml governs. A bad setting is reported in
 * `problems` (with the pyproject.toml key it came from, if any) and left
 * out, so a typo in the settings never blanks the diagnostics.
 */
export function runOptionsFor(config: ProjectConfig | undefined, settings: ClientSettings, all: readonly Rule[]): { options: RunOptions; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const byId = new Map(all.map((r) => [r.meta.id, r]));
  const args = parseArgs(settings.args);
  if (args.unknown.length) problems.push({ message: `celery-lint.args: ignored ${args.unknown.map((a) => `'${a}'`).join(', ')} (the editor takes --select, --ignore, --severity, --celery-version and --django-version)` });
  const attempt = <T>(fallback: T, key: string | undefined, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      const message = (error as Error).message;
      // The value the message quotes (a rule id, a pattern) is where the editor points, inside the key.
      const quoted = /'([^']+)'/.exec(message)?.[1];
      const keyPath = key && quoted && key !== 'celery-version' && key !== 'django-version' ? [key, quoted] : key ? [key] : [];
      problems.push(config && key ? { message: `${message} (in ${config.file})`, location: { file: config.file, key: keyPath } } : { message });
      return fallback;
    }
  };
  const fromConfig = (key: 'select' | 'ignore') => (args[key].length ? undefined : config?.[key] ? key : undefined);
  const select = args.select.length ? args.select : (config?.select ?? []);
  const ignore = args.ignore.length ? args.ignore : (config?.ignore ?? []);
  const rules = attempt(all, fromConfig('select') ?? fromConfig('ignore'), () => selectRules(all, select, ignore));
  const fromFile = config ? attempt({}, 'severity', () => parseSeverities(Object.entries(config.severity).map(([r, l]) => `${r}=${l}`), byId, 'severity')) : {};
  const fromSettings = attempt({}, undefined, () => parseSeverities(Object.entries(settings.severity).map(([r, l]) => `${r}=${l}`), byId, 'celery-lint.severity'));
  const fromArgs = attempt({}, undefined, () => parseSeverities(args.severity, byId));
  const version = args.celeryVersion ?? config?.celeryVersion;
  const celeryVersion = version === undefined ? undefined : attempt<string | undefined>(undefined, args.celeryVersion ? undefined : 'celery-version', () => checkCeleryVersion(version, args.celeryVersion ? '--celery-version' : 'celery-version'));
  const django = args.djangoVersion ?? config?.djangoVersion;
  const djangoVersion = django === undefined ? undefined : attempt<string | undefined>(undefined, args.djangoVersion ? undefined : 'django-version', () => checkDjangoVersion(django, args.djangoVersion ? '--django-version' : 'django-version'));
  return {
    options: {
      rules,
      knownRuleIds: all.map((r) => r.meta.id),
      severities: { ...fromFile, ...fromSettings, ...fromArgs },
      ...(celeryVersion ? { celeryVersion } : {}),
      ...(djangoVersion ? { djangoVersion } : {}),
      ...(config?.knownSerializers.length ? { knownSerializers: config.knownSerializers } : {}),
    },
    problems,
  };
}
