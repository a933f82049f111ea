// Runs the differential comparison for one Celery release: generated cases ->
// Python files in a temp dir -> real Celery (oracle.py, batched, one process
// per core) and the real `celery-lint print-config --format json` process on
// the same directories (one process for every case: a process per case would
// spend most of the run starting Node) -> comparisons.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPORTED_SETTINGS } from '@celery-lint/core';
import { generateCases, type Entry } from './cases';
import { compareCase, type Comparison, type JsonConfiguration, type OracleResult } from './compare';
import { renderCase, type RenderedCase } from './render';

export const PYTHON = '/usr/bin/python3';
const REPO = resolve(__dirname, '../../..');
/** oracle.py lives next to this file's source, not in dist/. */
export const ORACLE = join(REPO, 'test/differential/oracle.py');
const CLI = join(REPO, 'packages/cli/bin/celery-lint.js');

/** A Celery to compare with: Debian's installed one, or a newer suite's unpacked beside it. */
export interface Target {
  readonly label: string;
  /** PYTHONPATH that puts this Celery first; undefined for the installed one. */
  readonly pythonPath?: string;
}

/** Debian's installed Celery, and trixie's found through scripts/debian-python.sh (which CI runs first). */
export function targets(): Target[] {
  const script = join(REPO, 'scripts/debian-python.sh');
  const out = execFileSync(script, ['trixie'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n');
  return [{ label: 'installed' }, { label: 'trixie', pythonPath: out[out.length - 1]! }];
}

export interface DifferentialRun {
  readonly celeryVersion: string;
  readonly cases: number;
  readonly rendered: readonly RenderedCase[];
  readonly comparisons: Comparison[];
}

function collect(command: string, args: readonly string[], env: NodeJS.ProcessEnv, okCodes: readonly number[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      if (!okCodes.includes(code ?? -1)) fail(new Error(`${command} exited with ${code}: ${stderr.slice(-2000)}`));
      else done(Buffer.concat(stdout).toString('utf8'));
    });
  });
}

/**
 * Whether the oracle may swap an entry's value for a sentinel string to see
 * which setting it feeds: not a None, however written (a string would change what it means:
 * Celery(x=None) stores nothing, and a None lets a fallback through) and not
 * Django's TIME_ZONE (Django checks it when it loads the settings module).
 */
function markable(entry: Entry, file: string): boolean {
  return (entry.form?.literal ?? entry.value) !== 'None' && !(file === 'settings.py' && entry.key === 'TIME_ZONE');
}

/** Writes every case into its own directory; returns the oracle's view of each. */
function writeCases(root: string, rendered: readonly RenderedCase[]): object[] {
  return rendered.map((r) => {
    const dir = join(root, r.case.id);
    mkdirSync(dir);
    for (const [rel, text] of Object.entries(r.files)) writeFileSync(join(dir, rel), text);
    return { id: r.case.id, dir, files: Object.keys(r.files), entry: r.entry, lazy: r.lazy, keys: r.spans.map((s, i) => ({ ...s, mark: markable(r.case.entries[i]!, s.file) })), env: r.case.env ?? {}, settings: REPORTED_SETTINGS };
  });
}

export async function runDifferential(count: number, target: Target, options: { keepDir?: string } = {}): Promise<DifferentialRun> {
  const rendered = generateCases(count).map(renderCase);
  const root = options.keepDir ?? mkdtempSync(join(tmpdir(), 'celery-lint-diff-'));
  mkdirSync(root, { recursive: true });
  const env = { ...process.env, ...(target.pythonPath ? { PYTHONPATH: target.pythonPath } : {}) };
  try {
    const oracleCases = writeCases(root, rendered);
    const version = execFileSync(PYTHON, ['-c', 'import celery; print(celery.__version__)'], { encoding: 'utf8', env }).trim();
    const workers = Math.max(1, Math.min(cpus().length, 4));
    const batches: object[][] = Array.from({ length: workers }, () => []);
    oracleCases.forEach((c, i) => batches[i % workers]!.push(c));
    const oracles = batches.map((batch, i) => {
      const file = join(root, `cases-${i}.json`);
      writeFileSync(file, JSON.stringify(batch));
      return collect(PYTHON, [ORACLE, file], env, [0]).then((out) => JSON.parse(out) as { celery: string; results: OracleResult[] });
    });
    // print-config exits 2 when a file has a syntax error or cannot be read; a generated case has neither, but the JSON is what is compared.
    const dirs = rendered.map((r) => join(root, r.case.id));
    const cli = collect(process.execPath, [CLI, 'print-config', '--format', 'json', '--celery-version', version, '--', ...dirs], process.env, [0, 2]);
    const [configs, ...answers] = await Promise.all([cli.then((out) => JSON.parse(out) as JsonConfiguration[]), ...oracles]);
    const byFile = new Map(configs.filter((c) => c.kind === 'app' && c.name === 'app').map((c) => [c.file, c]));
    const byId = new Map(answers.flatMap((a) => a.results).map((r) => [r.id, r]));
    const comparisons = rendered.flatMap((r) => {
      const dir = join(root, r.case.id);
      return compareCase(r, (rel) => join(dir, rel), byFile.get(join(dir, r.entry)), byId.get(r.case.id)!, version);
    });
    return { celeryVersion: answers[0]!.celery, cases: rendered.length, rendered, comparisons };
  } finally {
    if (!options.keepDir) rmSync(root, { recursive: true, force: true });
  }
}
