// Runs the differential comparison: generated cases -> Python files in a temp
// dir -> real Celery (oracle.py, batched, one process per core) and
// celery-lint's engine on the same files -> comparisons.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initParser, lint } from '@celery-lint/core';
import { generateCases } from './cases';
import { appConfiguration, compareCase, type Comparison, type OracleResult } from './compare';
import { renderCase, type RenderedCase } from './render';

export const PYTHON = '/usr/bin/python3';
/** oracle.py lives next to this file's source, not in dist/. */
export const ORACLE = resolve(__dirname, '../../differential/oracle.py');

export interface DifferentialRun {
  readonly celeryVersion: string;
  readonly cases: number;
  readonly comparisons: Comparison[];
}

function runOracle(casesFile: string): Promise<{ celery: string; results: OracleResult[] }> {
  return new Promise((done, fail) => {
    const child = spawn(PYTHON, [ORACLE, casesFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`oracle exited with ${code}: ${stderr.slice(-2000)}`));
      else done(JSON.parse(stdout) as { celery: string; results: OracleResult[] });
    });
  });
}

/** Writes every case into its own directory; returns the oracle's view of each. */
function writeCases(root: string, rendered: readonly RenderedCase[]): object[] {
  return rendered.map((r) => {
    const dir = join(root, r.case.id);
    mkdirSync(dir);
    for (const [rel, text] of Object.entries(r.files)) writeFileSync(join(dir, rel), text);
    return { id: r.case.id, dir, files: Object.keys(r.files), entry: r.entry, keys: r.spans };
  });
}

export async function runDifferential(count: number, options: { keepDir?: boolean } = {}): Promise<DifferentialRun> {
  const rendered = generateCases(count).map(renderCase);
  const root = mkdtempSync(join(tmpdir(), 'celery-lint-diff-'));
  try {
    const oracleCases = writeCases(root, rendered);
    const workers = Math.max(1, Math.min(cpus().length, 4));
    const batches: object[][] = Array.from({ length: workers }, () => []);
    oracleCases.forEach((c, i) => batches[i % workers]!.push(c));
    const files = batches.map((batch, i) => {
      const file = join(root, `cases-${i}.json`);
      writeFileSync(file, JSON.stringify(batch));
      return file;
    });
    const oraclePromise = Promise.all(files.map(runOracle));

    // The engine runs meanwhile, on the same files read back from disk, targeting the installed Celery.
    const installed = execFileSync(PYTHON, ['-c', 'import celery; print(celery.__version__)'], { encoding: 'utf8' }).trim();
    await initParser();
    const configs = rendered.map((r) => {
      const dir = join(root, r.case.id);
      const sources = Object.keys(r.files).map((rel) => ({ path: join(dir, rel), text: readFileSync(join(dir, rel), 'utf8') }));
      return appConfiguration(lint(sources, { rules: [], celeryVersion: installed }).configurations, join(dir, r.entry));
    });

    const answers = await oraclePromise;
    const celeryVersion = answers[0]!.celery;
    const byId = new Map(answers.flatMap((a) => a.results).map((r) => [r.id, r]));
    const comparisons = rendered.flatMap((r, i) =>
      compareCase(r, (rel) => join(root, r.case.id, rel), configs[i], byId.get(r.case.id)!, celeryVersion),
    );
    return { celeryVersion, cases: rendered.length, comparisons };
  } finally {
    if (!options.keepDir) rmSync(root, { recursive: true, force: true });
  }
}
