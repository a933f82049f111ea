// What the project index reads of each file is kept between runs over named
// files (packages/cli/src/facts-cache.ts): a second pre-commit run reads
// only the files that changed. Checked with the real CLI process: a warm run
// opens a small part of the project and gives the findings of a whole-project
// run, and so does a run after a file changed, or with a cache file that
// cannot be used. And in the process: a file changed without changing its
// size or modification time is read again, never taken from the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectIndex, scanModuleFacts } from '@celery-lint/core';
import { FactsCache, useFactsCache } from 'celery-lint/dist/src/facts-cache';
import { runCli, type JsonResult } from '../cli/run-cli';

const REPO = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDjango } = require(path.join(REPO, 'bench', 'generate-django.js')) as {
  generateDjango(root: string, options: { files: number }): { files: number; settings: string };
};

/** The facts cache keeps only files whose times are older than this (facts-cache.ts, SETTLED_MS), so the test waits it out once. */
const SETTLED_MS = 3000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A hook for the CLI's process that counts the project's Python files it opens, written to COUNT_OPENS_TO at exit. */
function openCounter(dir: string): string {
  const hook = path.join(dir, 'count-opens.js');
  fs.writeFileSync(
    hook,
    [
      "const fs = require('node:fs');",
      'const open = fs.openSync;',
      // Distinct files: a file the run reads twice (the pre-filter, then its lint) is one file read.
      'const opened = new Set();',
      'fs.openSync = function (file, ...rest) {',
      "  if (typeof file === 'string' && file.endsWith('.py')) opened.add(file);",
      '  return open.call(this, file, ...rest);',
      '};',
      "process.on('exit', () => fs.writeFileSync(process.env.COUNT_OPENS_TO, String(opened.size)));",
      '',
    ].join('\n'),
  );
  return hook;
}

test('a second run over a staged settings file reads only what changed, and every run gets the whole-project findings', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-facts-')));
  // A private temporary directory: the CLI's caches live in it, fresh for this test.
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-facts-tmp-')));
  try {
    generateDjango(root, { files: 400 });
    // The tasks.py edited below gets a modification time in whole seconds, which utimes can set back exactly.
    const base = fs.readFileSync(path.join(root, 'config', 'settings', 'base.py'), 'utf8');
    const [, app, misspelt] = /'task': 'apps\.(\w+)\.tasks\.(proces_\d)'/.exec(base)!;
    const tasks = path.join(root, 'apps', app!, 'tasks.py');
    const mtime = Math.floor(Date.now() / 1000) - 60;
    fs.utimesSync(tasks, mtime, mtime);
    const count = path.join(tmp, 'opens');
    const env = { TMPDIR: tmp, COUNT_OPENS_TO: count };
    const hook = openCounter(tmp);
    const staged = ['config/settings/base.py', 'config/settings/production.py'];
    const messages = (out: string, file: string) => (JSON.parse(out) as JsonResult[]).find((r) => r.filePath === path.join(root, file))?.messages ?? [];
    const agreeWithWhole = (label: string): number => {
      const whole = runCli(['.', '--format', 'json'], { cwd: root, env: { TMPDIR: tmp } });
      const part = runCli(['--format', 'json', '--', ...staged], { cwd: root, env, nodeArgs: ['--require', hook] });
      assert.equal(part.code, whole.code, `${label}: ${part.stderr}`);
      for (const file of staged) assert.deepEqual(messages(part.stdout, file), messages(whole.stdout, file), `${label}: ${file}`);
      return Number(fs.readFileSync(count, 'utf8'));
    };
    sleep(SETTLED_MS + 200);

    const cold = agreeWithWhole('first run');
    const cacheFiles = fs.readdirSync(fs.readdirSync(tmp).map((d) => path.join(tmp, d)).find((d) => /celery-lint-compile-cache/.test(d))!).filter((f) => f.startsWith('facts-'));
    assert.equal(cacheFiles.length, 1, 'one facts file for the project');
    const warm = agreeWithWhole('second run');
    assert.ok(cold >= 300, `the first run reads the project (${cold} files opened)`);
    assert.ok(warm < cold / 5, `the second run reads the closure only (${warm} of ${cold} files opened)`);

    // The beat schedule's misspelt task comes to exist in its app's tasks.py: base.py's finding goes. The file keeps
    // its size and modification time.
    assert.ok(messages(runCli(['--format', 'json', '--', staged[0]!], { cwd: root, env: { TMPDIR: tmp } }).stdout, staged[0]!).some((m) => m.ruleId === 'celery/beat-task-unknown'));
    const before = fs.statSync(tasks);
    const text = fs.readFileSync(tasks, 'utf8');
    const edited = text.replace('def process_2(', `def ${misspelt}(`).replace("logger.info('processing %s'", "logger.info('processing  %s'");
    assert.equal(Buffer.byteLength(edited), Buffer.byteLength(text));
    fs.writeFileSync(tasks, edited);
    fs.utimesSync(tasks, mtime, mtime);
    const after = fs.statSync(tasks);
    assert.deepEqual([after.size, after.mtimeMs, after.ino], [before.size, before.mtimeMs, before.ino], 'only the change time tells');
    agreeWithWhole('after a far file changed');
    assert.ok(!messages(runCli(['--format', 'json', '--', staged[0]!], { cwd: root, env: { TMPDIR: tmp } }).stdout, staged[0]!).some((m) => m.ruleId === 'celery/beat-task-unknown'));

    // A cache file that cannot be used (not JSON) is read past.
    const dir = fs.readdirSync(tmp).map((d) => path.join(tmp, d)).find((d) => /celery-lint-compile-cache/.test(d))!;
    fs.writeFileSync(path.join(dir, cacheFiles[0]!), '{"format": 1, "files": ');
    agreeWithWhole('with a broken cache file');
    // With the caches turned off, nothing is kept.
    fs.rmSync(dir, { recursive: true, force: true });
    runCli(['--', ...staged], { cwd: root, env: { TMPDIR: tmp, CELERY_LINT_NO_CACHE: '1' } });
    assert.ok(!fs.readdirSync(tmp).some((d) => /celery-lint-compile-cache/.test(d)));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a file rewritten with the same size and modification time is read again: its change time tells', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-facts-')));
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-facts-cache-'));
  try {
    const files = {
      'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
      'proj/celeryconfig.py': "broker_url = 'redis://'\n",
      'proj/tasks.py': "from proj.celery import app\n\n@app.task\ndef add(x, y):\n    return x + y\n",
      'proj/util.py': 'def helper():\n    return 1\n',
    };
    const mtime = Math.floor(Date.now() / 1000) - 60;
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
      fs.utimesSync(path.join(root, name), mtime, mtime);
    }
    const paths = Object.keys(files).map((name) => path.join(root, name));
    const reads: string[] = [];
    const read = (file: string) => {
      reads.push(path.relative(root, file));
      return fs.readFileSync(file, 'utf8');
    };
    const build = () => {
      const cache = FactsCache.open(paths)!;
      const index = ProjectIndex.build(paths, read, cache);
      cache.save();
      return index;
    };
    useFactsCache({ directory: cacheDir, build: 'test build' });
    sleep(SETTLED_MS + 200);
    build();
    assert.equal(reads.length, 4, 'the first build reads every file');
    reads.length = 0;
    build();
    assert.deepEqual(reads, [], 'the second reads none');

    // tasks.py now defines `sub` and util.py configures the app: same sizes, same modification times.
    const rewrite = (name: string, from: string, to: string) => {
      const file = path.join(root, name);
      const text = fs.readFileSync(file, 'utf8').replace(from, to);
      assert.equal(text.length, fs.statSync(file).size);
      fs.writeFileSync(file, text);
      fs.utimesSync(file, mtime, mtime);
      return text;
    };
    const tasks = rewrite('proj/tasks.py', 'def add(x, y):\n    return x + y', 'def sub(x, y):\n    return x - y');
    const util = rewrite('proj/util.py', 'def helper():\n    return 1', 'import proj.celery  # conf');
    const index = build();
    assert.deepEqual(reads.sort(), ['proj/tasks.py', 'proj/util.py']);
    assert.deepEqual(index.factsOf(path.join(root, 'proj/tasks.py')), scanModuleFacts(tasks, path.join(root, 'proj/tasks.py')));
    assert.deepEqual(index.factsOf(path.join(root, 'proj/tasks.py'))?.tasks?.map((t) => t.functionName), ['sub']);
    assert.deepEqual(
      index.factsOf(path.join(root, 'proj/util.py'))?.references.map((r) => r.name),
      scanModuleFacts(util, path.join(root, 'proj/util.py')).references.map((r) => r.name),
    );
  } finally {
    useFactsCache(undefined);
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
