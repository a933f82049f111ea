// Linting units on several threads (issue 18, item 5): `--jobs N` gives the
// report `--jobs 1` gives, byte for byte, in every format; a worker that
// crashes, throws or runs out of memory loses nothing and hangs nothing; a
// bad --jobs or CELERY_LINT_JOBS is one line and exit 2. The real CLI runs
// over a workspace of four units (three repositories, two of them pinning
// their own Celery). Units this small are all taken by the main thread
// before a worker has started, so a hook loaded into the CLI (--require;
// workers inherit it) holds the main thread at its first unit until a worker
// has taken one, and makes that worker fail in the ways the tests name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, runCli, type CliResult, type RunOptions } from './run-cli';

const HOOK = `'use strict';
const fs = require('node:fs');
const path = require('node:path');
const threads = require('node:worker_threads');
const root = process.env.JOBS_TEST_ROOT;
const fault = process.env.JOBS_TEST_FAULT || '';
const marker = path.join(path.dirname(root), path.basename(root) + '.worker-took-a-unit');
const open = fs.openSync;
const close = fs.closeSync;
const opened = new Map();
const faulty = new Set();
const sleeper = new Int32Array(new SharedArrayBuffer(4));
fs.openSync = function (file, ...rest) {
  if (typeof file === 'string' && file.startsWith(root + path.sep) && file.endsWith('.py')) {
    if (threads.isMainThread) {
      const times = (opened.get(file) || 0) + 1;
      opened.set(file, times);
      // The pre-filter reads a file once; the second read is a unit's. Wait there (30 s at most) for a worker.
      if (times === 2) for (let i = 0; i < 3000 && !fs.existsSync(marker); i++) Atomics.wait(sleeper, 0, 0, 10);
    } else {
      fs.writeFileSync(marker, '');
      if (fault === 'exit') process.exit(3);
      if (fault === 'oom') {
        const hog = [];
        for (;;) hog.push(new Array(1e5).fill(Math.random()));
      }
      if (fault === 'throw') {
        const fd = open.call(this, file, ...rest);
        faulty.add(fd);
        return fd;
      }
    }
  }
  return open.call(this, file, ...rest);
};
// readSource turns a failed open or read into a file error; a failed close is not its to catch, so it ends the unit's lint.
fs.closeSync = function (fd) {
  close.call(this, fd);
  if (faulty.delete(fd)) throw new Error('injected fault: closing a file failed');
};
`;

/** Three repositories (one with a pyproject.toml and per-file ignores) and a pinned monorepo of two: four units. */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-jobs-'));
  const copy = (from: string, to: string) => fs.cpSync(path.join(REPO, from), path.join(dir, to), { recursive: true });
  copy('fixtures/deprecated-setting-name', 'a/conf');
  copy('fixtures/hardcoded-credentials', 'a/tests');
  fs.writeFileSync(path.join(dir, 'a', 'pyproject.toml'), '[tool.celery-lint.per-file-ignores]\n"tests/**" = ["security"]\n');
  copy('fixtures/hardcoded-credentials', 'b/app');
  copy('fixtures/beat-task-unknown', 'b/beat');
  fs.writeFileSync(path.join(dir, 'b', 'requirements.txt'), 'celery==4.4.7\n');
  copy('examples/djproject', 'c/djproject');
  fs.writeFileSync(path.join(dir, 'c', 'djproject', 'requirements.txt'), 'celery==5.3.6\ndjango==4.2.11\n');
  copy('fixtures/deprecated-setting-name', 'c/old/conf');
  fs.writeFileSync(path.join(dir, 'c', 'old', 'requirements.txt'), 'celery==3.1.25\n');
  for (const repo of ['a', 'b']) fs.mkdirSync(path.join(dir, repo, '.git'));
  return dir;
}

const GUARDED: RunOptions = { timeout: 120_000 };

function run(dir: string, args: readonly string[], options: RunOptions = {}): CliResult {
  return runCli(args, { cwd: dir, ...GUARDED, ...options });
}

/** A run with the hook: the main thread waits at its first unit until a worker has taken one. */
function hooked(dir: string, args: readonly string[], fault = ''): CliResult {
  const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-hook-')), 'hold-main-thread.js');
  fs.writeFileSync(hook, HOOK);
  fs.rmSync(`${dir}.worker-took-a-unit`, { force: true });
  const nodeArgs = ['--require', hook, ...(fault === 'oom' ? ['--max-old-space-size=128'] : [])];
  return run(dir, args, { nodeArgs, env: { JOBS_TEST_ROOT: dir, JOBS_TEST_FAULT: fault } });
}

/** What --verbose says of the threads: units, threads, how many the workers linted. */
function threadsLine(stderr: string): { units: number; threads: number; byWorkers: number } | undefined {
  const m = /^celery-lint: linted (\d+) units on (\d+) threads, (\d+) of them by worker threads$/m.exec(stderr);
  return m ? { units: Number(m[1]), threads: Number(m[2]), byWorkers: Number(m[3]) } : undefined;
}

/** The output without --verbose's thread lines, which are the only thing allowed to differ. */
function withoutThreadLines(out: CliResult): CliResult {
  return { ...out, stderr: out.stderr.replace(/^celery-lint: (linted \d+ units on|a worker thread).*\n/gm, '') };
}

test('--jobs 3 gives the report --jobs 1 gives, byte for byte, in every format, with workers linting units', () => {
  const dir = workspace();
  const variants: string[][] = [
    ['--format', 'stylish'],
    ['--format', 'json'],
    ['--format', 'sarif'],
    ['--format', 'github'],
    ['--format', 'gitlab'],
    ['--format', 'junit'],
    ['--statistics', '--unsafe-fixes'],
    ['--diff', '--unsafe-fixes'],
    ['--format', 'json', '--quiet', '--select', 'security,correctness'],
  ];
  for (const variant of variants) {
    const args = ['.', '--verbose', ...variant];
    const one = run(dir, [...args, '--jobs', '1']);
    assert.equal(one.code, 1, `${variant.join(' ')}: ${one.stderr}`);
    assert.equal(threadsLine(one.stderr), undefined, 'one thread says nothing of threads');
    const three = hooked(dir, [...args, '--jobs', '3']);
    const threads = threadsLine(three.stderr);
    assert.ok(threads && threads.units === 4 && threads.threads === 3 && threads.byWorkers >= 1, `${variant.join(' ')}: ${three.stderr}`);
    assert.deepEqual(withoutThreadLines(three), one, variant.join(' '));
  }
  // What the runs judged, so the comparison is not between two empty reports.
  const json = JSON.parse(run(dir, ['.', '--format', 'json', '--jobs', '1']).stdout) as Array<{ filePath: string; messages: unknown[] }>;
  const withFindings = json.filter((r) => r.messages.length > 0).map((r) => path.relative(dir, r.filePath).split(path.sep)[0]);
  assert.deepEqual([...new Set(withFindings)].sort(), ['a', 'b', 'c']);
  const verbose = run(dir, ['.', '--verbose', '--jobs', '1']).stderr;
  assert.match(verbose, /warning: the project pins Celery 3\.1\.25/);
  assert.equal(verbose.match(/judged for Celery/g)?.length, 4, verbose);
  // No worker is started for units this small unless asked: auto lints them on the main thread.
  const auto = run(dir, ['.', '--verbose']);
  assert.equal(threadsLine(auto.stderr), undefined, auto.stderr);
});

test('--fix writes on one thread whatever --jobs says, and fixes what --jobs 1 fixes', () => {
  const one = workspace();
  const three = workspace();
  const a = run(one, ['.', '--fix', '--unsafe-fixes', '--format', 'json', '--jobs', '1', '--verbose']);
  const b = run(three, ['.', '--fix', '--unsafe-fixes', '--format', 'json', '--jobs', '3', '--verbose']);
  assert.equal(threadsLine(b.stderr), undefined, b.stderr);
  assert.equal(b.code, a.code, b.stderr);
  assert.equal(b.stdout.split(three).join('<dir>'), a.stdout.split(one).join('<dir>'));
  const fixed = fs.readFileSync(path.join(three, 'a', 'conf', 'celeryconfig.py'), 'utf8');
  assert.equal(fixed, fs.readFileSync(path.join(one, 'a', 'conf', 'celeryconfig.py'), 'utf8'));
  assert.match(fixed, /^broker_url = /m);
});

for (const fault of ['exit', 'throw', 'oom'] as const) {
  test(`a worker that fails (${fault}) loses no finding: the main thread lints its units, the report is unchanged, nothing hangs`, () => {
    const dir = workspace();
    const args = ['.', '--format', 'json', '--verbose'];
    const one = run(dir, [...args, '--jobs', '1']);
    const failing = hooked(dir, [...args, '--jobs', '2'], fault);
    assert.notEqual(failing.code, -1, `the run hung: ${failing.stderr}`);
    const threads = threadsLine(failing.stderr);
    assert.ok(threads && threads.threads === 2 && threads.byWorkers === 0, failing.stderr);
    const note = { exit: /a worker thread exited with code 3/, throw: /a worker thread failed on unit \d \(injected fault: closing a file failed\)/, oom: /a worker thread stopped \(.*out of memory/i }[fault];
    assert.match(failing.stderr, note);
    assert.deepEqual(withoutThreadLines(failing), one);
  });
}

test('a bad --jobs or CELERY_LINT_JOBS is one line and exit 2; auto and 0 are accepted; the flag wins over the variable', () => {
  const dir = workspace();
  for (const [args, env, message] of [
    [['--jobs', 'two'], {}, "--jobs takes a number of threads from 1 to 1024, or auto; got 'two'"],
    [['--jobs=-1'], {}, "--jobs takes a number of threads from 1 to 1024, or auto; got '-1'"],
    [['-j', '1.5'], {}, "--jobs takes a number of threads from 1 to 1024, or auto; got '1.5'"],
    [['--jobs', '100000'], {}, "--jobs takes a number of threads from 1 to 1024, or auto; got '100000'"],
    [['--jobs'], {}, '--jobs needs a value (N)'],
    [[], { CELERY_LINT_JOBS: 'many' }, "CELERY_LINT_JOBS takes a number of threads from 1 to 1024, or auto; got 'many'"],
  ] as const) {
    const out = run(dir, ['.', ...args], { env });
    assert.deepEqual([out.code, out.stdout, out.stderr], [2, '', `celery-lint: ${message}\n`], `${args.join(' ')} ${JSON.stringify(env)}`);
  }
  const one = run(dir, ['.', '--format', 'json', '--jobs', '1']);
  for (const [args, env] of [
    [['--jobs', 'auto'], {}],
    [['-j', '0'], {}],
    [['-j2'], { CELERY_LINT_JOBS: 'many' }],
    [[], { CELERY_LINT_JOBS: '2' }],
  ] as const) {
    const out = run(dir, ['.', '--format', 'json', ...args], { env });
    assert.deepEqual(out, one, `${args.join(' ')} ${JSON.stringify(env)}`);
  }
});
