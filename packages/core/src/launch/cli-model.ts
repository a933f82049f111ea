// Celery's command line as data (generated into knowledge/celery-cli.data.ts
// by scripts/generate-celery-cli.py), and the table for a target version.
// The data is loaded when a command line is first read, not with the engine.
import { compareReleases, resolveRelease } from '../knowledge/versions';

/** How the linter checks an option's value (from the click type Celery declares). */
export type CliValueKind = 'string' | 'app' | 'int' | 'float' | 'bool' | 'choice' | 'autoscale' | 'list' | 'json-array' | 'json-object' | 'datetime' | 'datetime-or-float';

export interface CliOption {
  /** Every spelling: `-c`, `--concurrency`. */
  readonly names: readonly string[];
  /** A flag takes no value. */
  readonly flag: boolean;
  readonly type: CliValueKind;
  readonly multiple: boolean;
  readonly choices?: readonly string[];
  readonly caseSensitive?: boolean;
  /** A boolean flag's `--no-x` spellings. */
  readonly negative?: readonly string[];
}

export interface CliCommand {
  readonly options: readonly CliOption[];
  readonly arguments: ReadonlyArray<{ readonly name: string; readonly nargs: number; readonly required: boolean; readonly choices?: readonly string[] }>;
  /** Positional arguments beyond the declared ones are accepted (worker and beat: `key=value` settings). */
  readonly allowExtraArgs: boolean;
  /** Options the command does not declare are passed on (multi). */
  readonly ignoreUnknownOptions: boolean;
  readonly subcommands?: readonly string[];
}

export interface CeleryCliTable {
  readonly release: string;
  readonly global: readonly CliOption[];
  readonly commands: Readonly<Record<string, CliCommand>>;
  /** `celery multi` verbs (start, stop, restart, ...). */
  readonly multiVerbs: readonly string[];
}

export interface CliRename {
  readonly command: string;
  readonly old: string;
  /** The Celery 5 spelling, or null when the option is gone. */
  readonly now: string | null;
  readonly removedIn: string;
  readonly source: string;
}

/**
 * The command-line table for a target Celery version: the newest generated
 * release not newer than the target's release (5.3 and 5.4 are read with
 * 5.2.6's table, whose commands they share), or the oldest.
 */
function data(): typeof import('../knowledge/celery-cli.data') {
  return require('../knowledge/celery-cli.data') as typeof import('../knowledge/celery-cli.data');
}

export function cliTableFor(celeryVersion: string): CeleryCliTable {
  let chosen = chosenTables.get(celeryVersion);
  if (!chosen) {
    const release = resolveRelease(celeryVersion) ?? celeryVersion;
    const tables = data().CELERY_CLI_TABLES;
    chosen = tables[0]!;
    for (const table of tables) if (compareReleases(table.release, release) <= 0) chosen = table;
    chosenTables.set(celeryVersion, chosen);
  }
  return chosen;
}

const chosenTables = new Map<string, CeleryCliTable>();

/**
 * Whether the generated tables speak for the target: Celery 5.0 moved the
 * command line to click; 4.x's own parser read options on either side of
 * the command, so a 5.x table would refuse lines that 4.x runs.
 */
export function tableCovers(celeryVersion: string): boolean {
  const release = resolveRelease(celeryVersion) ?? celeryVersion;
  return compareReleases(release, '5.0.0') >= 0;
}

export function renamesFor(command: string): readonly CliRename[] {
  return data().CELERY_CLI_RENAMES.filter((r) => r.command === command);
}

/** Commands other packages add to `celery` through entry points; their options are theirs, not checked here. */
export const PLUGIN_COMMANDS: ReadonlySet<string> = new Set(['flower']);
