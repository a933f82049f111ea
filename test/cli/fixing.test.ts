// Fixing as Ruff and ESLint users know it (issue 16, item 4): --unsafe-fixes
// alone only marks unsafe fixes as available, --fix says what it fixed and
// what remains, --diff applies with `git apply` and `patch`, and --stdin
// --fix hands the fixed text back on standard output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findings, runCli, tempProject, type JsonResult } from './run-cli';

// Two safe fixes (invalid-setting-type, unused-suppression) and one unsafe one (no-amqp-result-backend).
const MIXED = "SECRET_KEY = 'x'\nCELERY_WORKER_CONCURRENCY = '4'\nCELERY_RESULT_BACKEND = 'amqp://'\nDEBUG = True  # noqa: celery/pickle-serializer\n";
const SAFE_FIXED = "SECRET_KEY = 'x'\nCELERY_WORKER_CONCURRENCY = 4\nCELERY_RESULT_BACKEND = 'amqp://'\nDEBUG = True\n";
const ALL_FIXED = "SECRET_KEY = 'x'\nCELERY_WORKER_CONCURRENCY = 4\nCELERY_RESULT_BACKEND = 'rpc://'\nDEBUG = True\n";

test('--unsafe-fixes alone writes nothing and counts unsafe fixes as fixable; with --fix it applies them', () => {
  const dir = tempProject({ 'settings.py': MIXED });
  const file = path.join(dir, 'settings.py');
  const plain = runCli(['.'], { cwd: dir });
  assert.match(plain.stdout, /\n {2}1 error and 1 warning potentially fixable with the `--fix` option\.\n {2}1 more problem fixable with `--fix --unsafe-fixes`/);
  const marked = runCli(['.', '--unsafe-fixes'], { cwd: dir });
  assert.equal(marked.code, 1);
  assert.match(marked.stdout, /\n {2}2 errors and 1 warning potentially fixable with the `--fix` option\.\n$/);
  assert.equal(fs.readFileSync(file, 'utf8'), MIXED);
  const json = JSON.parse(runCli(['.', '--unsafe-fixes', '--format', 'json'], { cwd: dir }).stdout) as JsonResult[];
  assert.deepEqual([json[0]!.fixableErrorCount, json[0]!.fixableWarningCount], [2, 1]);
  const applied = runCli(['.', '--fix', '--unsafe-fixes'], { cwd: dir });
  assert.equal(applied.code, 0);
  assert.equal(fs.readFileSync(file, 'utf8'), ALL_FIXED);
  assert.equal(applied.stdout, '\nFound 3 problems (3 fixed, 0 remaining).\n');
});

test('--fix prints what was fixed and what remains', () => {
  const dir = tempProject({ 'a/settings.py': MIXED, 'b/settings.py': MIXED });
  const out = runCli(['.', '--fix'], { cwd: dir });
  assert.equal(out.code, 1);
  assert.equal(fs.readFileSync(path.join(dir, 'a', 'settings.py'), 'utf8'), SAFE_FIXED);
  assert.match(out.stdout, /\nFound 6 problems \(4 fixed, 2 remaining\)\.\n\n✖ 2 problems \(2 errors, 0 warnings\)\n {2}2 more problems fixable with `--fix --unsafe-fixes`/);
  // Nothing left to fix: the run says so rather than nothing.
  const again = runCli(['.', '--fix', '--select', 'style'], { cwd: dir });
  assert.deepEqual([again.code, again.stdout], [0, 'All checks passed! (2 files checked)\n']);
});

/** Applies a diff with a tool in a fresh copy of the files and returns what the files became. */
function applyDiff(files: Record<string, string>, diff: string, tool: 'git' | 'patch'): Record<string, string> {
  const dir = tempProject(files);
  if (tool === 'git') {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const check = spawnSync('git', ['apply', '--check', '-'], { cwd: dir, input: diff, encoding: 'utf8' });
    assert.equal(check.status, 0, `git apply --check refused the diff: ${check.stderr}\n${diff}`);
    execFileSync('git', ['apply', '-'], { cwd: dir, input: diff });
  } else {
    const result = spawnSync('patch', ['-p1', '--forward', '--batch', '--no-backup-if-mismatch'], { cwd: dir, input: diff, encoding: 'utf8' });
    assert.equal(result.status, 0, `patch refused the diff: ${result.stdout}${result.stderr}\n${diff}`);
  }
  return Object.fromEntries(Object.keys(files).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

test('--diff output applies with git apply and patch and gives what --fix writes: hunks at the end, no final newline, CRLF', () => {
  const body = Array.from({ length: 12 }, (_, i) => `X${i} = ${i}\n`).join('');
  const files: Record<string, string> = {
    // The fix on the last line, which has no line break.
    'end/settings.py': `SECRET_KEY = 'x'\n${body}CELERY_RESULT_BACKEND = 'amqp://'`,
    // Fixes at the top and at the very end, far apart: two hunks.
    'two/settings.py': `SECRET_KEY = 'x'\nCELERY_WORKER_CONCURRENCY = '4'\n${body}CELERY_RESULT_BACKEND = 'amqp://'\n`,
    // Windows line endings are kept.
    'crlf/settings.py': MIXED.replace(/\n/g, '\r\n'),
    // A suppression removed from the last line, which is followed by a blank line.
    'tail/settings.py': `SECRET_KEY = 'x'\n${body}DEBUG = True  # noqa: celery/pickle-serializer\n\n`,
  };
  const dir = tempProject(files);
  const diff = runCli(['.', '--diff', '--unsafe-fixes'], { cwd: dir });
  assert.equal(diff.stderr, '');
  assert.match(diff.stdout, /\n\\ No newline at end of file\n/);
  assert.equal(diff.stdout.match(/^@@ /gm)?.length, 5, diff.stdout);
  assert.deepEqual(Object.fromEntries(Object.keys(files).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')])), files, '--diff writes nothing');
  assert.equal(runCli(['.', '--fix', '--unsafe-fixes'], { cwd: dir }).code, 0);
  const fixed = Object.fromEntries(Object.keys(files).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  assert.notDeepEqual(fixed, files);
  assert.deepEqual(applyDiff(files, diff.stdout, 'git'), fixed);
  assert.deepEqual(applyDiff(files, diff.stdout, 'patch'), fixed);
});

test('--stdin --fix: the fixed source on standard output, the report on standard error; JSON carries it in `output`', () => {
  const dir = tempProject({});
  const out = runCli(['--stdin', '--stdin-filename', 'proj/settings.py', '--fix', '--unsafe-fixes'], { cwd: dir, input: MIXED });
  assert.equal(out.code, 0);
  assert.equal(out.stdout, ALL_FIXED);
  assert.equal(out.stderr, '\nFound 3 problems (3 fixed, 0 remaining).\n');
  const safe = runCli(['--stdin', '--stdin-filename', 'proj/settings.py', '--fix'], { cwd: dir, input: MIXED });
  assert.equal(safe.code, 1);
  assert.equal(safe.stdout, SAFE_FIXED);
  assert.match(safe.stderr, /^\nproj\/settings\.py\n {2}3:25 {2}error/);
  const json = runCli(['--stdin', '--stdin-filename', 'proj/settings.py', '--fix', '--format', 'json'], { cwd: dir, input: MIXED });
  const [result] = JSON.parse(json.stdout) as Array<JsonResult & { output?: string }>;
  assert.equal(result!.output, SAFE_FIXED);
  assert.deepEqual(result!.messages.map((m) => m.ruleId), ['celery/no-amqp-result-backend']);
  // Nothing to fix: the text comes back exactly as it went in.
  const clean = "SECRET_KEY = 'x'\r\nCELERY_RESULT_BACKEND = 'rpc://'\r\n";
  assert.equal(runCli(['--stdin', '--stdin-filename', 'settings.py', '--fix'], { cwd: dir, input: clean }).stdout, clean);
  assert.deepEqual(fs.readdirSync(dir), [], '--stdin writes no file');
});

test('--stdin honours the project of --stdin-filename: its other modules and its exclude', () => {
  const dir = tempProject({
    'pyproject.toml': '[tool.celery-lint]\nexclude = ["generated/"]\n',
    'proj/__init__.py': '',
    'proj/settings/__init__.py': '',
    'proj/settings/base.py': "SECRET_KEY = 'x'\nRABBITMQ_URL = 'amqp://guest@rabbit//'\n",
    'proj/settings/production.py': 'from .base import *\n',
  });
  // The value comes from base.py, which only the project around the stdin path can give.
  const text = 'from .base import *\nCELERY_RESULT_BACKEND = RABBITMQ_URL\n';
  const out = runCli(['--stdin', '--stdin-filename', 'proj/settings/production.py', '--format', 'json'], { cwd: dir, input: text });
  assert.deepEqual(findings(out.stdout, dir), ['proj/settings/production.py:2:25 celery/no-amqp-result-backend']);
  const excluded = runCli(['--stdin', '--stdin-filename', 'generated/settings.py', '--format', 'json'], { cwd: dir, input: "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\n" });
  assert.equal(excluded.code, 0);
  assert.deepEqual(findings(excluded.stdout, dir), []);
  const excludedFix = runCli(['--stdin', '--stdin-filename', 'generated/settings.py', '--fix', '--unsafe-fixes'], { cwd: dir, input: "CELERY_RESULT_BACKEND = 'amqp://'\n" });
  assert.equal(excludedFix.stdout, "CELERY_RESULT_BACKEND = 'amqp://'\n", 'an excluded file comes back unchanged');
});
