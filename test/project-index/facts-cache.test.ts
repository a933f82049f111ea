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
import { mentionChecker, ProjectIndex, scanModuleFacts, wordsOf, type MentionKind } from '@celery-lint/core';
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

/** A hook for the CLI's process that lists the project's Python files it opens, written to LIST_OPENS_TO at exit. */
function openLister(dir: string): string {
  const hook = path.join(dir, 'list-opens.js');
  fs.writeFileSync(
    hook,
    [
      "const fs = require('node:fs');",
      'const open = fs.openSync;',
      'const opened = [];',
      'fs.openSync = function (file, ...rest) {',
      "  if (typeof file === 'string' && file.endsWith('.py')) opened.push(file);",
      '  return open.call(this, file, ...rest);',
      '};',
      "process.on('exit', () => fs.writeFileSync(process.env.LIST_OPENS_TO, JSON.stringify(opened)));",
      '',
    ].join('\n'),
  );
  return hook;
}

test("the rest of the project's mentions of a setting come from the words kept of each file: a far comment or read, added or taken away, moves the staged file's findings as in a whole run", () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-facts-')));
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-facts-tmp-')));
  try {
    generateDjango(root, { files: 200 });
    const staged = 'config/settings/base.py';
    // An old name Celery ignores (ignored-old-name, unless code reads it) and a misspelt one (unknown-setting, unless mentioned).
    fs.appendFileSync(path.join(root, staged), "\nCELERYD_PREFETCH_MULTIPLIER = 4\nCELERY_TASK_SERIALISER = 'json'\n");
    // A view nothing imports: outside the staged file's closure.
    const far = path.join(root, 'apps', 'orders', 'views.py');
    const original = fs.readFileSync(far, 'utf8');
    const list = path.join(tmp, 'opens');
    const hook = openLister(tmp);
    const env = { TMPDIR: tmp, LIST_OPENS_TO: list };
    const messages = (out: string) => (JSON.parse(out) as JsonResult[]).find((r) => r.filePath === path.join(root, staged))?.messages ?? [];
    /** Named runs, the first keeping what it read and the second answering from it, agree with a whole run; returns the rules and whether the second opened the far file. */
    const state = (text: string) => {
      fs.writeFileSync(far, text);
      // Older than the cache's settling time: kept.
      sleep(SETTLED_MS + 200);
      const whole = messages(runCli(['.', '--format', 'json'], { cwd: root, env: { TMPDIR: tmp } }).stdout);
      let opened: string[] = [];
      for (const run of ['cold', 'warm']) {
        const part = runCli(['--format', 'json', '--', staged], { cwd: root, env, nodeArgs: ['--require', hook] });
        assert.deepEqual(messages(part.stdout), whole, `${run} run: ${part.stderr}`);
        opened = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
      }
      const asked = whole.map((m) => m.ruleId).filter((id) => id === 'celery/ignored-old-name' || id === 'celery/unknown-setting');
      return { rules: [...new Set(asked)].sort(), farRead: opened.includes(far) };
    };

    const none = state(original);
    assert.deepEqual(none.rules, ['celery/ignored-old-name', 'celery/unknown-setting']);
    assert.equal(none.farRead, false, 'a kept file without the names is not read');
    // A comment mentions both names: the misspelt one is the project's to explain, the old one is still not read.
    const mentioned = state(`${original}# CELERY_TASK_SERIALISER, CELERYD_PREFETCH_MULTIPLIER\n`);
    assert.deepEqual(mentioned.rules, ['celery/ignored-old-name']);
    assert.equal(mentioned.farRead, true, 'whether code reads a name the file has is read from its text');
    const read = state(`${original}PREFETCH = settings.CELERYD_PREFETCH_MULTIPLIER\n`);
    assert.deepEqual(read.rules, ['celery/unknown-setting']);
    assert.deepEqual(state(original).rules, none.rules, 'taken away again');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("mentionChecker gives the same answers with files' words known as from their texts alone", () => {
  const texts = new Map<string, string>([
    ['/p/a.py', "from django.conf import settings\nx = settings.CELERY_QUEUES  # CELERYD_CONCURRENCY\n"],
    ['/p/b.py', "CONF = {'broker-url': 1, 'task_serializer': 'json'}\ngetattr(settings, 'BROKER_URL', None)\n"],
    ['/p/c.py', "def process_1(self):\n    global TIME_ZONE\n    return é_word + x2y\n"],
    ['/p/d.py', ''],
    ['/p/unreadable.py', ''],
  ]);
  const files = [...texts.keys()];
  const textOf = (file: string) => (file.endsWith('unreadable.py') ? undefined : texts.get(file));
  const names = ['CELERY_QUEUES', 'CELERYD_CONCURRENCY', 'broker-url', 'broker', 'url', 'task_serializer', 'BROKER_URL', 'process_1', 'TIME_ZONE', 'x2y', 'é_word', '_word', 'settings', 'CONF', 'missing', 'x', 'y', '-'];
  // The words of some files are known (as the facts cache keeps them); one file's are not.
  const known = (file: string) => (file === '/p/c.py' ? undefined : wordsOf(texts.get(file)!));
  for (const kind of ['mention', 'read'] as MentionKind[]) {
    const plain = mentionChecker(files, textOf);
    const withWords = mentionChecker(files, textOf, known);
    for (const name of names) assert.equal(withWords(name, kind), plain(name, kind), `${kind} ${JSON.stringify(name)}`);
  }
  assert.equal(mentionChecker(files, textOf, known)('CELERYD_CONCURRENCY'), true);
  assert.equal(mentionChecker(files, textOf, known)('CELERYD_CONCURRENCY', 'read'), false);
  assert.equal(mentionChecker(files, textOf, known)('BROKER_URL', 'read'), true);
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

/** A poetry.lock naming one package, padded with others as a real one is. */
function poetryLock(celery: string): string {
  const entry = (name: string, version: string) => `[[package]]\nname = "${name}"\nversion = "${version}"\ndescription = "${name}"\noptional = false\npython-versions = ">=3.8"\n`;
  const others = Array.from({ length: 40 }, (_, i) => entry(`dependency-${i}`, `1.${i}.0`));
  return [...others.slice(0, 20), entry('celery', celery), ...others.slice(20)].join('\n') + '\n[metadata]\nlock-version = "2.0"\n';
}

test("a lock file's pins are kept between runs over named files, and a changed lock file is read again", () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-pins-')));
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-pins-tmp-')));
  try {
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'proj'));
    fs.writeFileSync(path.join(root, 'proj', '__init__.py'), '');
    fs.writeFileSync(path.join(root, 'proj', 'celery.py'), "from celery import Celery\n\napp = Celery('proj')\napp.conf.task_serializer = 'pickle'\n");
    fs.writeFileSync(path.join(root, 'poetry.lock'), poetryLock('5.3.6'));
    // Counts the opens of the lock file, written at exit.
    const count = path.join(tmp, 'lock-opens');
    const hook = path.join(tmp, 'count-lock-opens.js');
    fs.writeFileSync(
      hook,
      [
        "const fs = require('node:fs');",
        'const open = fs.openSync;',
        'let opened = 0;',
        "fs.openSync = function (file, ...rest) { if (typeof file === 'string' && file.endsWith('poetry.lock')) opened++; return open.call(this, file, ...rest); };",
        "process.on('exit', () => fs.writeFileSync(process.env.COUNT_OPENS_TO, String(opened)));",
        '',
      ].join('\n'),
    );
    const run = (label: string) => {
      const result = runCli(['--verbose', 'proj/celery.py'], { cwd: root, env: { TMPDIR: tmp, COUNT_OPENS_TO: count }, nodeArgs: ['--require', hook] });
      assert.equal(result.code, 1, `${label}: ${result.stderr}`);
      const judged = /judged for Celery (\S+) \(celery \S+ in poetry\.lock:(\d+)\)/.exec(result.stderr);
      assert.ok(judged, `${label}: ${result.stderr}`);
      return { version: judged[1], line: Number(judged[2]), opens: Number(fs.readFileSync(count, 'utf8')) };
    };
    // The line of celery's version in the lock, as the report cites it.
    const line = poetryLock('5.3.6').split('\n').indexOf('version = "5.3.6"') + 1;
    assert.ok(line > 100);
    sleep(SETTLED_MS + 200);

    const first = run('first run');
    assert.deepEqual(first, { version: '5.3.6', line, opens: 1 });
    // The line too comes from the cache: what the report cites is the same.
    assert.deepEqual(run('second run'), { ...first, opens: 0 });
    // A new lock (a dependency upgraded): read again, and not kept while its change is this recent.
    fs.writeFileSync(path.join(root, 'poetry.lock'), poetryLock('5.4.0'));
    assert.deepEqual(run('after the lock changed'), { version: '5.4.0', line, opens: 1 });
    assert.deepEqual(run('right after'), { version: '5.4.0', line, opens: 1 });
    // A cache of the old lock's pins left behind, then the lock rewritten: never the stale pins.
    sleep(SETTLED_MS + 200);
    assert.deepEqual(run('once the change settled'), { version: '5.4.0', line, opens: 1 });
    assert.deepEqual(run('kept again'), { version: '5.4.0', line, opens: 0 });
    fs.writeFileSync(path.join(root, 'poetry.lock'), poetryLock('5.3.1'));
    assert.deepEqual(run('rewritten'), { version: '5.3.1', line, opens: 1 });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('cache files nobody wrote for 30 days are removed, at most once a day, and the run still uses its caches', () => {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-prune-')));
  const project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-prune-project-')));
  try {
    fs.writeFileSync(path.join(project, 'celeryconfig.py'), "broker_url = 'redis://localhost'\ntask_serializer = 'pickle'\n");
    const dir = path.join(tmp, `celery-lint-compile-cache-${process.getuid!()}`);
    fs.mkdirSync(dir, { mode: 0o700 });
    const daysAgo = (file: string, days: number) => {
      const when = (Date.now() - days * 24 * 60 * 60 * 1000) / 1000;
      fs.utimesSync(file, when, when);
    };
    const stale = path.join(dir, 'facts-0badc0de.json');
    const recent = path.join(dir, 'facts-00c0ffee.json');
    const plant = (file: string, days: number) => {
      fs.writeFileSync(file, '{}');
      daysAgo(file, days);
    };
    plant(stale, 40);
    plant(recent, 20);
    const lint = () => {
      const result = runCli([path.join(project, 'celeryconfig.py'), '--format', 'json'], { env: { TMPDIR: tmp } });
      const findings = (JSON.parse(result.stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => m.ruleId));
      assert.ok(findings.includes('celery/pickle-serializer'), result.stderr);
    };
    lint();
    assert.equal(fs.existsSync(stale), false, 'written 40 days ago: removed');
    assert.equal(fs.existsSync(recent), true, 'written 20 days ago: kept');
    assert.ok(fs.readdirSync(dir).some((name) => name.endsWith('.cache')), 'the run wrote its compiled code');
    // Pruned less than a day ago: a stale file waits for the next day.
    plant(stale, 40);
    lint();
    assert.equal(fs.existsSync(stale), true);
    daysAgo(path.join(dir, 'last-pruned'), 2);
    lint();
    assert.equal(fs.existsSync(stale), false);
    assert.equal(fs.existsSync(recent), true);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(project, { recursive: true, force: true });
  }
});
