// Time and memory grow linearly with input size (issue 15, item 6). Each
// shape is one that once took minutes, gigabytes or the whole stack: made
// large enough that a path quadratic in it would take hours or run out of
// memory (the guard kills the CLI long before), and linted by the real CLI
// with a small heap. Each asserts the findings, not the time: a shape must
// finish and still say what it should (a final `result_backend = 'amqp://'`
// is found after every pathological block).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findings, REPO, runCli, tempProject, type RunOptions } from './run-cli';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { largeSettings } = require(path.join(REPO, 'bench', 'large-settings.js')) as { largeSettings: () => string };

// Generous: linear runs take seconds; the quadratic ones these shapes came from took far longer, or ran out of heap.
const GUARDED: RunOptions = { timeout: 600_000, nodeArgs: ['--max-old-space-size=1024'] };
const SENTINEL = "result_backend = 'amqp://'\n";
const lines = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => `${line(i)}\n`).join('');
const lineCount = (text: string): number => text.split('\n').length - 1;

/** Lints `files` (path -> text) in one run and returns its findings (file:line:column rule) and exit code. */
function lint(files: Record<string, string>): { code: number; found: string[]; stderr: string } {
  const dir = tempProject(files);
  const out = runCli(['.', '--format', 'json'], { cwd: dir, ...GUARDED });
  assert.ok(out.code === 0 || out.code === 1, `exit ${out.code}: ${out.stderr.slice(0, 2000)}`);
  assert.equal(out.stderr, '');
  return { code: out.code, found: findings(out.stdout, dir), stderr: out.stderr };
}

/** A celeryconfig module: `body`, then the sentinel; expects `extra` findings besides the sentinel's. */
function expectShape(name: string, body: string, extra: string[] = []): void {
  const text = body + SENTINEL;
  const { found } = lint({ [`${name}/celeryconfig.py`]: text });
  assert.deepEqual(found, [...extra, `${name}/celeryconfig.py:${lineCount(text)}:18 celery/no-amqp-result-backend`].sort());
}

test('a 500,000-deep attribute chain is read in one pass', () => {
  expectShape('attribute', `task_default_queue = a${'.b'.repeat(500_000)}\n`);
});

test('a celeryconfig of 40,000 settings reports each unknown one, asking each name once of a word index', () => {
  const text = lines(40_000, (i) => `custom_setting_${i} = ${i}`) + SENTINEL;
  const { found } = lint({ 'many/celeryconfig.py': text });
  assert.equal(found.length, 40_001);
  assert.equal(found.filter((f) => f.endsWith(' celery/unknown-setting')).length, 40_000);
  assert.ok(found.includes('many/celeryconfig.py:1:1 celery/unknown-setting'));
  assert.ok(found.includes('many/celeryconfig.py:40000:1 celery/unknown-setting'));
  assert.ok(found.includes('many/celeryconfig.py:40001:18 celery/no-amqp-result-backend'));
});

test('the largest settings file accepted (9.5 MB) is linted whole', () => {
  const text = largeSettings();
  assert.ok(Buffer.byteLength(text) > 9 * 1024 * 1024 && Buffer.byteLength(text) < 10 * 1024 * 1024);
  const { found } = lint({ 'large/settings.py': text });
  assert.deepEqual(found, [`large/settings.py:${lineCount(text)}:25 celery/no-amqp-result-backend`]);
});

test('brackets, parentheses, braces and calls nested 50,000 to 100,000 deep', () => {
  expectShape(
    'nested',
    `task_routes = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` +
      `broker_url = ${'('.repeat(100_000)}'redis://'${')'.repeat(100_000)}\n` +
      `task_annotations = ${"{'a': ".repeat(50_000)}1${'}'.repeat(50_000)}\n` +
      `task_default_queue = ${'f('.repeat(50_000)}'q'${')'.repeat(50_000)}\n`,
  );
});

test('long string concatenations: 200,000 pieces, implicit and with +', () => {
  const pieces = Array.from({ length: 200_000 }, (_, i) => `'p${i}'`);
  // Implicitly concatenated, the scheme is still known: the folded string keeps its start.
  const text = `broker_url = 'redis://' + ${pieces.join(' + ')}\nresult_backend = ('amqp://'\n    ${pieces.join('\n    ')})\n`;
  const { found } = lint({ 'concat/celeryconfig.py': text });
  assert.deepEqual(found, ['concat/celeryconfig.py:2:19 celery/no-amqp-result-backend']);
});

test('a name assigned 100,000 times, and extended from itself 100,000 times', () => {
  expectShape('reassigned', lines(100_000, (i) => `result_backend = 'rpc://${i}'`));
  const text = SENTINEL + lines(100_000, () => "result_backend = result_backend + 'x'");
  const { found } = lint({ 'extended/celeryconfig.py': text });
  // The folded value keeps its scheme: the decisive (last) assignment is reported.
  assert.deepEqual(found, [`extended/celeryconfig.py:${lineCount(text)}:18 celery/no-amqp-result-backend`]);
});

test('a chain of 100,000 names, each built from the one before', () => {
  const text = "SECRET_KEY = 'x'\na0 = 'amqp://'\n" + lines(100_000, (i) => `a${i + 1} = a${i} + 'x'`) + 'CELERY_RESULT_BACKEND = a100000\n';
  const { found } = lint({ 'chain/settings.py': text });
  assert.deepEqual(found, [`chain/settings.py:${lineCount(text)}:25 celery/no-amqp-result-backend`]);
});

test('values grown in place 50,000 times: append, +=, item assignment, update', () => {
  expectShape(
    'grown',
    'imports = []\n' +
      lines(50_000, (i) => `imports.append('m${i}')`) +
      'include = []\n' +
      lines(50_000, (i) => `include += ['m${i}']`) +
      'beat_schedule = {}\n' +
      lines(40_000, (i) => `beat_schedule['k${i}'] = {'task': 't${i}', 'schedule': 10}`) +
      'task_annotations = {}\n' +
      lines(40_000, (i) => `task_annotations.update({'t${i}': {'rate_limit': '10/s'}})`),
  );
});

test('branches by the ten thousand: if after if, a 50,000-path elif chain, try after try', () => {
  expectShape(
    'branches',
    "import os\ntask_default_queue = 'q'\n" +
      lines(50_000, (i) => `if c${i}:\n    task_default_queue += 'x'`) +
      "x = os.environ['X']\nif x == '0':\n    task_default_exchange = 'a'\n" +
      lines(50_000, (i) => `elif x == '${i + 1}':\n    task_default_exchange = 'e${i}'`) +
      lines(30_000, (i) => `try:\n    import m${i}\nexcept ImportError:\n    task_default_routing_key = 'k${i}'`),
  );
});

test('values doubled 40 times (strings, f-strings, lists, dicts, extend) stay bounded', () => {
  expectShape(
    'doubled',
    "task_default_queue = 'q'\n" +
      'task_default_queue = task_default_queue + task_default_queue\n'.repeat(40) +
      "imports = ['a']\n" +
      'imports = imports + imports\n'.repeat(40) +
      "task_annotations = {'a': 1}\n" +
      'task_annotations = task_annotations | task_annotations\n'.repeat(40) +
      "task_default_exchange = 'e'\n" +
      "task_default_exchange = f'{task_default_exchange}{task_default_exchange}'\n".repeat(40) +
      "include = ['a']\n" +
      'include.extend(include)\n'.repeat(40),
  );
});

test('--fix over a project of 2,000 files, each with a fix, lints the project once per pass, not once per file', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 2000; i++) files[`app${i}/settings.py`] = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\n";
  const dir = tempProject(files);
  const out = runCli(['.', '--fix', '--unsafe-fixes', '--format', 'json'], { cwd: dir, ...GUARDED });
  assert.deepEqual([out.code, out.stderr], [0, '']);
  assert.deepEqual(findings(out.stdout, dir), []);
  for (const file of ['app0/settings.py', 'app1999/settings.py']) {
    assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\n");
  }
});
