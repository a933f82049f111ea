// `--jobs auto` within a memory budget (issue 18, items 1 and 5): auto starts
// a worker only when the process has room for one, a worker of an auto pool
// stops taking units once the process is over the budget (the main thread
// lints the rest), and a number of threads the user gives is taken as given.
// The report is the one `--jobs 1` gives in every case. The process's RSS is
// what a hook loaded into the CLI (--require; workers inherit it) says it is,
// so the tests do not depend on this machine's memory or cores: the hook
// also reports four cores, and holds the main thread at its first unit until
// a worker has taken one (units this small would all go to the main thread
// otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, runCli, type CliResult } from './run-cli';

const MB = 1024 * 1024;

const HOOK = `'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const threads = require('node:worker_threads');
const root = process.env.JOBS_TEST_ROOT;
const marker = path.join(path.dirname(root), path.basename(root) + '.worker-took-a-unit');
os.availableParallelism = () => 4;
// JOBS_TEST_MAIN_RSS: the main thread's reading, in MB. JOBS_TEST_WORKER_RSS: a worker's, in MB once it has read a unit's file (0 before).
const rss = process.memoryUsage.rss;
process.memoryUsage.rss = () => {
  const said = threads.isMainThread ? process.env.JOBS_TEST_MAIN_RSS : fs.existsSync(marker) ? process.env.JOBS_TEST_WORKER_RSS : '0';
  return said === undefined ? rss() : Number(said) * ${MB};
};
const open = fs.openSync;
const opened = new Map();
const sleeper = new Int32Array(new SharedArrayBuffer(4));
fs.openSync = function (file, ...rest) {
  if (typeof file === 'string' && file.startsWith(root + path.sep) && file.endsWith('.py')) {
    if (threads.isMainThread) {
      const times = (opened.get(file) || 0) + 1;
      opened.set(file, times);
      // The pre-filter reads a file once; the second read is a unit's. Wait there (30 s at most) for a worker.
      if (times === 2 && process.env.JOBS_TEST_HOLD) for (let i = 0; i < 3000 && !fs.existsSync(marker); i++) Atomics.wait(sleeper, 0, 0, 10);
    } else {
      fs.writeFileSync(marker, '');
    }
  }
  return open.call(this, file, ...rest);
};
`;

/** A Celery configuration of about 200 KB: auto gives a worker only units of 192 KB or more. */
function largeConfig(n: number): string {
  const lines = [`broker_url = 'redis://localhost:6379/${n}'`, "task_serializer = 'json'", ''];
  for (let i = 0; i < 9000; i++) lines.push(`PROJECT_OPTION_${String(i).padStart(5, '0')} = ${i}`);
  lines.push("CELERY_RESULT_BACKEND = 'redis://localhost:6379/1'", '');
  return lines.join('\n');
}

/** Four repositories, each a unit of 200 KB or more, with findings in each. */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-jobs-memory-'));
  for (const [n, repo] of ['a', 'b', 'c', 'd'].entries()) {
    fs.cpSync(path.join(REPO, 'fixtures', 'hardcoded-credentials'), path.join(dir, repo, 'app'), { recursive: true });
    fs.writeFileSync(path.join(dir, repo, 'app', 'celeryconfig.py'), largeConfig(n));
    fs.mkdirSync(path.join(dir, repo, '.git'));
  }
  return dir;
}

function run(dir: string, args: readonly string[], env: Record<string, string> = {}): CliResult {
  const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-hook-')), 'memory.js');
  fs.writeFileSync(hook, HOOK);
  fs.rmSync(`${dir}.worker-took-a-unit`, { force: true });
  return runCli(['.', '--format', 'json', '--verbose', ...args], { cwd: dir, timeout: 120_000, nodeArgs: ['--require', hook], env: { JOBS_TEST_ROOT: dir, ...env } });
}

function threadsLine(stderr: string): { units: number; threads: number; byWorkers: number } | undefined {
  const m = /^celery-lint: linted (\d+) units on (\d+) threads, (\d+) of them by worker threads$/m.exec(stderr);
  return m ? { units: Number(m[1]), threads: Number(m[2]), byWorkers: Number(m[3]) } : undefined;
}

function withoutThreadLines(out: CliResult): CliResult {
  return { ...out, stderr: out.stderr.replace(/^celery-lint: (linted \d+ units on|a worker thread).*\n/gm, '') };
}

const STOPPED = /^celery-lint: a worker thread stopped taking units with the process at (\d+) MB \(auto's budget is 256 MB\); the main thread linted the rest$/m;

test('auto lints on worker threads while the process is under its memory budget, with the report --jobs 1 gives', () => {
  const dir = workspace();
  const one = run(dir, ['--jobs', '1']);
  assert.equal(one.code, 1, one.stderr);
  assert.equal(threadsLine(one.stderr), undefined);
  // What the runs judged, so the comparison is not between two empty reports.
  const json = JSON.parse(one.stdout) as Array<{ filePath: string; messages: unknown[] }>;
  assert.deepEqual([...new Set(json.filter((r) => r.messages.length > 0).map((r) => path.relative(dir, r.filePath).split(path.sep)[0]))].sort(), ['a', 'b', 'c', 'd']);
  const auto = run(dir, [], { JOBS_TEST_MAIN_RSS: '100', JOBS_TEST_WORKER_RSS: '200', JOBS_TEST_HOLD: '1' });
  const threads = threadsLine(auto.stderr);
  // 100 MB leaves room for two workers of 64 MB under 256 MB, not three (four cores, four large units).
  assert.ok(threads && threads.units === 4 && threads.threads === 3 && threads.byWorkers >= 1, auto.stderr);
  assert.doesNotMatch(auto.stderr, STOPPED);
  assert.deepEqual(withoutThreadLines(auto), one);
});

test('a worker of an auto pool stops taking units once the process is over the budget; the main thread lints the rest, the report is unchanged', () => {
  const dir = workspace();
  const one = run(dir, ['--jobs', '1']);
  const auto = run(dir, [], { JOBS_TEST_MAIN_RSS: '100', JOBS_TEST_WORKER_RSS: '300', JOBS_TEST_HOLD: '1' });
  const threads = threadsLine(auto.stderr);
  // Each worker looked before its first unit (0 MB), and again after reading one (300 MB): at most one unit each.
  assert.ok(threads && threads.threads === 3 && threads.byWorkers >= 1 && threads.byWorkers <= 2, auto.stderr);
  assert.equal(auto.stderr.match(new RegExp(STOPPED.source, 'gm'))?.length, 2, auto.stderr);
  assert.equal(STOPPED.exec(auto.stderr)?.[1], '300');
  assert.deepEqual(withoutThreadLines(auto), one);
});

test('auto starts no worker when the process has no room for one under the budget', () => {
  const dir = workspace();
  const one = run(dir, ['--jobs', '1']);
  // 200 MB and a worker of 64 MB would pass 256 MB.
  const auto = run(dir, ['--jobs', 'auto'], { JOBS_TEST_MAIN_RSS: '200' });
  assert.equal(threadsLine(auto.stderr), undefined, auto.stderr);
  assert.deepEqual(auto, one);
});

test('a number of threads the user gives is taken as given: no memory budget', () => {
  const dir = workspace();
  const one = run(dir, ['--jobs', '1']);
  const two = run(dir, ['--jobs', '2'], { JOBS_TEST_MAIN_RSS: '4000', JOBS_TEST_WORKER_RSS: '4000', JOBS_TEST_HOLD: '1' });
  const threads = threadsLine(two.stderr);
  assert.ok(threads && threads.threads === 2 && threads.byWorkers >= 1, two.stderr);
  assert.doesNotMatch(two.stderr, STOPPED);
  assert.deepEqual(withoutThreadLines(two), one);
});
