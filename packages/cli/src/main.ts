// The `celery-lint` command. Formatters, and yargs itself, are required
// lazily: start-up time is most of a single-file run.
// Exit codes: 0 clean, 1 findings, 2 usage,
// configuration or internal error (with one line saying what to fix).
import * as fs from 'node:fs';
import type { ProjectConfig, Rule, Severity } from '@celery-lint/core';
import { runLint, type GroupOptions, type RunResult } from './lint-run';
import { colors, useColor } from './formatters/colors';

class UsageError extends Error {}

const VERSION = '0.1.0';

function loadRules(): { allRules: readonly Rule[]; rulesById: ReadonlyMap<string, Rule>; ruleDocPath(id: string): string } {
  return require('@celery-lint/rules');
}

/** Runs a core selection check, turning its error into a usage error (exit 2). */
function checked<T>(run: () => T): T {
  const core = require('@celery-lint/core') as typeof import('@celery-lint/core');
  try {
    return run();
  } catch (error) {
    if (error instanceof core.SelectionError) throw new UsageError(error.message);
    throw error;
  }
}

function parseSeverities(values: readonly string[], known: ReadonlyMap<string, Rule>): Record<string, Severity | 'off'> {
  return checked(() => (require('@celery-lint/core') as typeof import('@celery-lint/core')).parseSeverities(values, known));
}

function selectRules(all: readonly Rule[], select: readonly string[], ignore: readonly string[]): Rule[] {
  return checked(() => (require('@celery-lint/core') as typeof import('@celery-lint/core')).selectRules(all, select, ignore));
}

/** The target Celery version, checked against the releases the knowledge base knows. */
function celeryVersionOf(argv: Record<string, unknown>): { celeryVersion?: string } {
  const value = argv['celery-version'];
  if (value === undefined) return {};
  return { celeryVersion: checked(() => (require('@celery-lint/core') as typeof import('@celery-lint/core')).checkCeleryVersion(String(value))) };
}

/**
 * The run for files governed by a pyproject.toml (or none): the file's
 * settings, with every command-line flag taking precedence.
 */
function groupOptions(argv: Record<string, unknown>): (config: ProjectConfig | undefined) => GroupOptions {
  const { allRules, rulesById } = loadRules();
  const cliSelect = list(argv.select);
  const cliIgnore = list(argv.ignore);
  const cliSeverities = parseSeverities(list(argv.severity), rulesById);
  const cliVersion = celeryVersionOf(argv);
  return (config) => {
    const where = config ? ` (from ${config.file})` : '';
    try {
      const rules = selectRules(allRules, cliSelect.length ? cliSelect : (config?.select ?? []), cliIgnore.length ? cliIgnore : (config?.ignore ?? []));
      const fileSeverities = config
        ? parseSeverities(Object.entries(config.severity).map(([rule, level]) => `${rule}=${level}`), rulesById)
        : {};
      const version = cliVersion.celeryVersion ?? config?.celeryVersion;
      if (version !== undefined && !cliVersion.celeryVersion) celeryVersionOf({ 'celery-version': version });
      return {
        rules,
        knownRuleIds: allRules.map((r) => r.meta.id),
        severities: { ...fileSeverities, ...cliSeverities },
        ...(version ? { celeryVersion: version } : {}),
        ...(config?.knownSerializers.length ? { knownSerializers: config.knownSerializers } : {}),
      };
    } catch (error) {
      if (error instanceof UsageError && where) throw new UsageError(`${error.message}${where}`);
      throw error;
    }
  };
}

function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

function exitCode(result: RunResult, maxWarnings: number | undefined): number {
  const all = result.results.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.length - errors;
  if (all.some((d) => d.ruleId === 'celery-lint/internal-error')) return 2;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined) return warnings > maxWarnings ? 1 : 0;
  return warnings > 0 ? 1 : 0;
}

function write(text: string, outputFile: string | undefined): void {
  if (outputFile) fs.writeFileSync(outputFile, text);
  else if (text) process.stdout.write(text);
}

async function lintCommand(argv: Record<string, unknown>): Promise<number> {
  const cwd = process.cwd();
  const optionsFor = groupOptions(argv);
  optionsFor(undefined); // the flags alone must make sense, whatever the files say
  const paths = list(argv.paths);
  const stdin = Boolean(argv.stdin);
  if (stdin && !argv['stdin-filename']) throw new UsageError('--stdin needs --stdin-filename to name the file the text stands for');
  if (!stdin && paths.length === 0) paths.push('.');
  // --unsafe-fixes implies --fix: it names which fixes to apply.
  const fixMode = argv['unsafe-fixes'] ? 'unsafe' : argv.fix || argv.diff ? 'safe' : 'none';
  const result = await runLint(paths, {
    cwd,
    optionsFor,
    fix: fixMode,
    dryRun: Boolean(argv.diff) || stdin,
    ...(stdin ? { stdin: { text: fs.readFileSync(0, 'utf8'), path: String(argv['stdin-filename']) } } : {}),
  });
  for (const missing of result.missing) process.stderr.write(`celery-lint: no such file or directory: ${missing}\n`);
  if (result.missing.length > 0 && result.results.length === 0) return 2;

  if (argv.quiet) for (const r of result.results) r.diagnostics.splice(0, r.diagnostics.length, ...r.diagnostics.filter((d) => d.severity === 'error'));
  const format = String(argv.format);
  const outputFile = typeof argv['output-file'] === 'string' ? argv['output-file'] : undefined;
  if (argv.statistics) {
    const counts = new Map<string, { count: number; fixable: number }>();
    for (const d of result.results.flatMap((r) => r.diagnostics)) {
      const entry = counts.get(d.ruleId) ?? { count: 0, fixable: 0 };
      entry.count++;
      if (d.fix) entry.fixable++;
      counts.set(d.ruleId, entry);
    }
    const rows = [...counts].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    write(rows.map(([id, c]) => `${String(c.count).padStart(5)}  ${id}${c.fixable ? `  (${c.fixable} fixable)` : ''}\n`).join(''), outputFile);
  } else if (argv.diff) {
    const { formatDiff } = require('./formatters/diff') as typeof import('./formatters/diff');
    process.stdout.write(formatDiff(result.results, cwd));
  } else if (format === 'json') {
    const { formatJson } = require('./formatters/json') as typeof import('./formatters/json');
    write(`${formatJson(result.results)}\n`, outputFile);
  } else if (format === 'sarif') {
    const { formatSarif, readDoc } = require('./formatters/sarif') as typeof import('./formatters/sarif');
    const { allRules, ruleDocPath } = loadRules();
    write(formatSarif(result.results, allRules, cwd, VERSION, readDoc(ruleDocPath)), outputFile);
  } else if (format === 'junit') {
    const { formatJunit } = require('./formatters/junit') as typeof import('./formatters/junit');
    write(formatJunit(result.results, cwd), outputFile);
  } else if (format === 'gitlab') {
    const { formatGitlab } = require('./formatters/gitlab') as typeof import('./formatters/gitlab');
    write(formatGitlab(result.results, cwd), outputFile);
  } else if (format === 'github') {
    const { formatGithub } = require('./formatters/github') as typeof import('./formatters/github');
    write(formatGithub(result.results, cwd), outputFile);
  } else if (format === 'stylish') {
    const { formatStylish } = require('./formatters/stylish') as typeof import('./formatters/stylish');
    write(formatStylish(result.results, cwd, colors(!outputFile && useColor(process.env, Boolean(process.stdout.isTTY)))), outputFile);
  } else {
    throw new UsageError(`unknown --format '${format}'`);
  }
  if (stdin && (argv.fix || argv['unsafe-fixes'])) {
    const fixed = result.results[0]?.fixed;
    if (fixed !== undefined && !argv.diff && format !== 'json') process.stdout.write(fixed);
  }
  const code = exitCode(result, typeof argv['max-warnings'] === 'number' ? argv['max-warnings'] : undefined);
  if (code === 2) process.stderr.write('celery-lint: a rule failed while linting (see the celery-lint/internal-error findings); please report it.\n');
  return argv['exit-zero'] && code === 1 ? 0 : code;
}

function ruleCommand(id: string): number {
  const { rulesById, ruleDocPath } = loadRules();
  const rule = rulesById.get(id) ?? rulesById.get(`celery/${id}`);
  if (!rule) throw new UsageError(`unknown rule '${id}' (see \`celery-lint rules\`)`);
  process.stdout.write(fs.readFileSync(ruleDocPath(rule.meta.id), 'utf8'));
  return 0;
}

function rulesCommand(): number {
  const { allRules } = loadRules();
  const rows = allRules.map((r) => [r.meta.id, r.meta.category, r.meta.defaultSeverity, r.meta.fix ? `${r.meta.fix.safety} fix` : r.meta.hasSuggestions ? 'suggestions' : '-', r.meta.description]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) process.stdout.write(`${row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ')}\n`);
  return 0;
}

async function printConfigCommand(argv: Record<string, unknown>): Promise<number> {
  const result = await runLint(list(argv.paths), {
    cwd: process.cwd(),
    optionsFor: groupOptions(argv),
    fix: 'none',
    dryRun: true,
  });
  for (const missing of result.missing) process.stderr.write(`celery-lint: no such file or directory: ${missing}\n`);
  if (result.missing.length > 0 && result.results.length === 0) return 2;
  const { formatConfigurations, configurationsToJson } = require('@celery-lint/core') as typeof import('@celery-lint/core');
  const sources = new Map(result.results.map((r) => [r.filePath, r.source]));
  const sourceOf = (file: string) => sources.get(file);
  if (argv.format === 'json') process.stdout.write(`${JSON.stringify(configurationsToJson(result.configurations, sourceOf), null, 2)}\n`);
  else process.stdout.write(formatConfigurations(result.configurations, sourceOf, process.cwd()));
  return 0;
}

// Words yargs may read as a command (`help` is yargs' own, anywhere on the line;
// `$0` is the default command's name). A line with any of them goes to yargs.
const COMMAND_WORDS = new Set(['rule', 'rules', 'print-config', 'help', '$0']);

/**
 * `celery-lint [FILE...]` with no option and no command word, the way editors
 * and pre-commit hooks call it, means exactly what yargs would make of it
 * (paths, stylish format), so it is run without loading yargs at all.
 */
export function isPlainLint(args: readonly string[]): boolean {
  return args.every((a) => a.length > 0 && !a.startsWith('-') && !COMMAND_WORDS.has(a));
}

export async function main(args: readonly string[]): Promise<number> {
  let code = 0;
  let failure: string | undefined;
  try {
    if (isPlainLint(args)) code = await lintCommand({ paths: [...args], format: 'stylish' });
    else {
      const parsed = await parseCommandLine(args);
      code = parsed.code;
      failure = parsed.failure;
    }
  } catch (error) {
    if (error instanceof UsageError) failure = error.message;
    else if (error instanceof (require('@celery-lint/core') as typeof import('@celery-lint/core')).ConfigError) failure = error.message;
    else {
      process.stderr.write(`celery-lint: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      return 2;
    }
  }
  if (failure) {
    process.stderr.write(`celery-lint: ${failure}\n`);
    return 2;
  }
  return code;
}

/** Every other command line goes through yargs (subcommands, options, --help). */
async function parseCommandLine(args: readonly string[]): Promise<{ code: number; failure: string | undefined }> {
  let code = 0;
  let failure: string | undefined;
  const yargs = require('yargs') as typeof import('yargs');
  const parser = yargs([...args])
    .scriptName('celery-lint')
    .usage('$0 [paths..]  lint Celery and Django configuration')
    .command('rule <id>', 'print the documentation of a rule', (y) => y.positional('id', { type: 'string' }), (argv) => {
      code = ruleCommand(String(argv.id));
    })
    .command('rules', 'list every rule with its category, default severity and fix', () => {}, () => {
      code = rulesCommand();
    })
    .command(
      'print-config <paths..>',
      'show each effective configuration: every binding, whether Celery uses it, and its value',
      (y) => y.positional('paths', { type: 'string', array: true }).option('format', { choices: ['text', 'json'], default: 'text' }).option('celery-version', { type: 'string' }),
      async (argv) => {
        code = await printConfigCommand(argv as Record<string, unknown>);
      },
    )
    .command(
      '$0 [paths..]',
      'lint files and directories (default: the current directory)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true })
          .option('format', { alias: 'f', choices: ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'], default: 'stylish', describe: 'output format' })
          .option('output-file', { alias: 'o', type: 'string', describe: 'write the report to a file' })
          .option('fix', { type: 'boolean', describe: 'apply safe fixes' })
          .option('unsafe-fixes', { type: 'boolean', describe: 'with --fix, also apply unsafe fixes' })
          .option('diff', { type: 'boolean', describe: 'show what --fix would change, without writing' })
          .option('select', { type: 'string', array: true, describe: 'only these rule ids or categories' })
          .option('ignore', { type: 'string', array: true, describe: 'skip these rule ids or categories' })
          .option('severity', { type: 'string', array: true, describe: 'rule=error|warning|off' })
          .option('max-warnings', { type: 'number', describe: 'exit 1 only when warnings exceed this number' })
          .option('quiet', { type: 'boolean', describe: 'report errors only' })
          .option('exit-zero', { type: 'boolean', describe: 'exit 0 even when there are findings' })
          .option('statistics', { type: 'boolean', describe: 'print the number of findings per rule instead of the findings' })
          .option('stdin', { type: 'boolean', describe: 'lint text from standard input' })
          .option('stdin-filename', { type: 'string', describe: 'the path the standard input stands for' })
          .option('celery-version', { type: 'string', describe: 'target Celery version (default: newest 5.x)' }),
      async (argv) => {
        code = await lintCommand(argv as Record<string, unknown>);
      },
    )
    .strict()
    .help()
    .version(false)
    .fail((message, error) => {
      failure = message ?? error?.message ?? 'invalid command line';
    })
    .exitProcess(false);
  await parser.parseAsync();
  return { code, failure };
}
