// `celery-lint [OPTIONS] [PATH...]`: checks what the command line asks for,
// runs the lint, prints the report and works out the exit status:
// 0 no findings, 1 findings, 2 a usage, configuration or input error.
import * as fs from 'node:fs';
import { commandLike, UsageError, type CommandLine } from './command-line';
import { groupOptions } from './group-options';
import { runLint, type FileResult, type RunResult } from './lint-run';
import { checkOutputFile, writeReport, writeStderr, writeStdout } from './output';
import { formatReport, reportPieces, type ReportOptions } from './report';
import type { Jobs } from './unit-pool';

/** The run's problems, one line each, for standard error. */
export function problemLines(result: Pick<RunResult, 'problems'>): string {
  return result.problems
    .map((p) => {
      const hint = p.message.startsWith('no such file or directory: ') ? commandLike(p.message.slice('no such file or directory: '.length)) : undefined;
      const suffix = hint ? ` (to run the command, write 'celery-lint ${hint}' with no option before it)` : '';
      return `celery-lint: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}${suffix}\n`;
    })
    .join('');
}

function exitStatus(result: RunResult, maxWarnings: number | undefined): { code: number; note?: string } {
  const all = result.results.flatMap((r) => r.diagnostics);
  if (all.some((d) => d.ruleId === 'celery-lint/internal-error')) {
    return { code: 2, note: 'a rule failed while linting (see the celery-lint/internal-error findings); please report it.' };
  }
  if (result.problems.some((p) => p.severity === 'error')) return { code: 2 };
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.length - errors;
  if (errors > 0) return { code: 1 };
  if (maxWarnings !== undefined) {
    return warnings > maxWarnings ? { code: 1, note: `${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings} allows.` } : { code: 0 };
  }
  return { code: warnings > 0 ? 1 : 0 };
}

/** What the command line asks of a lint, checked before anything is read or written. */
function checkCombination(line: CommandLine): void {
  const stdin = line.flag('stdin');
  if (stdin && !line.given('stdin-filename')) throw new UsageError('--stdin needs --stdin-filename to name the file the text stands for');
  if (!stdin && line.given('stdin-filename')) throw new UsageError('--stdin-filename goes with --stdin');
  if (stdin && line.positionals.length > 0) throw new UsageError(`--stdin lints standard input; it takes no paths (got '${line.positionals[0]}')`);
  if (line.flag('diff') && line.flag('statistics')) throw new UsageError('--diff and --statistics cannot be combined: each replaces the report');
}

export async function lintCommand(line: CommandLine): Promise<number> {
  checkCombination(line);
  const optionsFor = groupOptions({ select: line.list('select'), ignore: line.list('ignore'), severity: line.list('severity'), celeryVersion: line.value('celery-version'), djangoVersion: line.value('django-version') });
  const jobs = jobsOf(line.value('jobs'), process.env['CELERY_LINT_JOBS']);
  const outputFile = line.value('output-file');
  if (outputFile !== undefined) checkOutputFile(outputFile);
  const stdin = line.flag('stdin');
  const diff = line.flag('diff');
  const fix = line.flag('fix') || diff;
  const paths = stdin ? [] : line.positionals.length > 0 ? [...line.positionals] : ['.'];
  const input = stdin ? fs.readFileSync(0) : undefined;
  const result = await runLint(paths, {
    cwd: process.cwd(),
    optionsFor,
    fix,
    unsafe: line.flag('unsafe-fixes'),
    write: fix && !diff && !stdin,
    jobs,
    ...(input ? { stdin: { bytes: input, path: line.value('stdin-filename')! } } : {}),
  });
  if (line.flag('quiet')) for (const r of result.results) r.diagnostics.splice(0, r.diagnostics.length, ...r.diagnostics.filter((d) => d.severity === 'error'));
  const format = line.value('format') ?? 'stylish';
  const report: ReportOptions = {
    cwd: process.cwd(),
    format,
    fixing: fix && !diff,
    unsafeFixes: line.flag('unsafe-fixes'),
    quiet: line.flag('quiet'),
    toFile: outputFile !== undefined,
  };
  const stdinFixed = input && fix ? stdinText(result.results[0], input) : undefined;
  if (line.flag('statistics')) writeReport(formatStatistics(result.results, report.unsafeFixes), outputFile);
  else if (diff) {
    const { formatDiff } = require('./formatters/diff') as typeof import('./formatters/diff');
    writeReport(formatDiff(result.results, process.cwd()), outputFile);
  } else if (stdinFixed !== undefined && format !== 'json' && outputFile === undefined) {
    // Ruff's and ESLint's contract: the fixed source on standard output, the report on standard error.
    writeStdout(stdinFixed);
    writeStderr(formatReport(result.results, { ...report, toFile: true }));
  } else writeReport(reportPieces(result.results, report), outputFile);
  if (stdinFixed !== undefined && outputFile !== undefined && format !== 'json') writeStdout(stdinFixed);
  const status = exitStatus(result, line.count('max-warnings'));
  writeStderr(problemLines(result));
  if (status.note) writeStderr(`celery-lint: ${status.note}\n`);
  if (line.flag('verbose')) {
    const checked = result.results.length;
    writeStderr(`celery-lint: checked ${checked} file${checked === 1 ? '' : 's'}\n`);
    const threads = result.threads;
    if (threads) writeStderr(`celery-lint: linted ${threads.units} units on ${threads.count} threads, ${threads.byWorkers} of them by worker threads\n`);
    for (const note of threads?.notes ?? []) writeStderr(`celery-lint: ${note}\n`);
    const targets = result.targets ?? [];
    for (const t of targets) {
      // A group is split only when its projects pin different releases: then each part says how many files it holds.
      const part = targets.length > 1 ? ` (${t.files} file${t.files === 1 ? '' : 's'})` : '';
      writeStderr(`celery-lint: judged for Celery ${t.celery.version} (${t.celery.from}) and Django ${t.django.version} (${t.django.from})${part}\n`);
    }
  }
  return line.flag('exit-zero') && status.code === 1 ? 0 : status.code;
}

/**
 * `--jobs`, else CELERY_LINT_JOBS, else auto: a whole number of threads (1:
 * one thread), or `auto` (0 too, as pylint reads it) for one per core when
 * the run has several large units. A bad value is a usage error naming where
 * it came from.
 */
export function jobsOf(flag: string | undefined, env: string | undefined): Jobs {
  const [raw, from] = flag !== undefined ? [flag, '--jobs'] : env !== undefined && env.trim() !== '' ? [env, 'CELERY_LINT_JOBS'] : ['auto', ''];
  const value = raw.trim().toLowerCase();
  if (value === 'auto' || /^0+$/.test(value)) return 'auto';
  if (!/^\d+$/.test(value) || Number(value) > 1024) throw new UsageError(`${from} takes a number of threads from 1 to 1024, or auto; got '${raw}'`);
  return Number(value);
}

/**
 * What `--stdin --fix` hands back: the fixed text, or the input exactly as it
 * came when nothing was (or could be) fixed, so an editor that replaces its
 * buffer with standard output never loses text.
 */
function stdinText(result: FileResult | undefined, input: Buffer): string | Buffer {
  return result?.fixed ?? input;
}

function formatStatistics(results: readonly FileResult[], unsafe: boolean): string {
  const counts = new Map<string, { count: number; fixable: number }>();
  for (const d of results.flatMap((r) => r.diagnostics)) {
    const entry = counts.get(d.ruleId) ?? { count: 0, fixable: 0 };
    entry.count++;
    if (d.fix && (unsafe || d.fix.safety === 'safe')) entry.fixable++;
    counts.set(d.ruleId, entry);
  }
  const rows = [...counts].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  return rows.map(([id, c]) => `${String(c.count).padStart(5)}  ${id}${c.fixable ? `  (${c.fixable} fixable)` : ''}\n`).join('');
}
