// The run for the files one pyproject.toml governs (or none): the file's
// settings, with every command-line flag taking precedence. The flags are
// checked once before anything runs; a file's settings are checked when a
// file it governs is met, and a bad one fails only those files.
import type { ProjectConfig, Rule, Severity } from '@celery-lint/core';
import { UsageError } from './command-line';
import type { GroupOptions } from './lint-run';

export interface RulePack {
  readonly allRules: readonly Rule[];
  readonly rulesById: ReadonlyMap<string, Rule>;
  ruleDocPath(id: string): string;
}

export function loadRules(): RulePack {
  return require('@celery-lint/rules') as RulePack;
}

function core(): typeof import('@celery-lint/core') {
  return require('@celery-lint/core') as typeof import('@celery-lint/core');
}

/** Runs a core selection check, turning its error into a usage error (exit 2). */
export function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof core().SelectionError) throw new UsageError(error.message);
    throw error;
  }
}

export interface SelectionFlags {
  readonly select: readonly string[];
  readonly ignore: readonly string[];
  readonly severity: readonly string[];
  readonly celeryVersion: string | undefined;
  readonly djangoVersion?: string | undefined;
}

/** Checks the flags (throwing a UsageError) and returns the builder of each configuration's run. */
export function groupOptions(flags: SelectionFlags): (config: ProjectConfig | undefined) => GroupOptions {
  const { allRules, rulesById } = loadRules();
  const { selectRules, parseSeverities, checkCeleryVersion, checkDjangoVersion, checkRuleNames } = core();
  const cliSeverities = checked(() => parseSeverities(flags.severity, rulesById));
  const cliVersion = flags.celeryVersion === undefined ? undefined : checked(() => checkCeleryVersion(flags.celeryVersion!));
  const cliDjango = flags.djangoVersion === undefined ? undefined : checked(() => checkDjangoVersion(flags.djangoVersion!));
  checked(() => selectRules(allRules, flags.select, flags.ignore));
  const knownRuleIds = allRules.map((r) => r.meta.id);
  return (config) => {
    const where = config ? ` (from ${config.file})` : '';
    try {
      const rules = selectRules(allRules, flags.select.length ? flags.select : (config?.select ?? []), flags.ignore.length ? flags.ignore : (config?.ignore ?? []));
      for (const entry of config?.perFileIgnores ?? []) checkRuleNames(allRules, entry.rules, ` in per-file-ignores."${entry.pattern}"`);
      const fileSeverities: Record<string, Severity | 'off'> = config
        ? parseSeverities(Object.entries(config.severity).map(([rule, level]) => `${rule}=${level}`), rulesById, 'severity')
        : {};
      const version = cliVersion ?? (config?.celeryVersion === undefined ? undefined : checkCeleryVersion(config.celeryVersion, 'celery-version'));
      const django = cliDjango ?? (config?.djangoVersion === undefined ? undefined : checkDjangoVersion(config.djangoVersion, 'django-version'));
      return {
        rules,
        knownRuleIds,
        severities: { ...fileSeverities, ...cliSeverities },
        ...(version ? { celeryVersion: version, celeryVersionFrom: cliVersion ? '--celery-version' : `celery-version in ${config!.file}` } : {}),
        ...(django ? { djangoVersion: django, djangoVersionFrom: cliDjango ? '--django-version' : `django-version in ${config!.file}` } : {}),
        ...(config?.knownSerializers.length ? { knownSerializers: config.knownSerializers } : {}),
      };
    } catch (error) {
      if (error instanceof core().SelectionError) throw new UsageError(`${error.message}${where}`);
      throw error;
    }
  };
}
