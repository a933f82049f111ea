// CI never goes green on a mistake (issue 16, item 3): a missing path, a bad
// number, an unknown rule in per-file-ignores or an `include` that matches
// nothing is an error; --max-warnings says when it is exceeded; a run says
// how many files it checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CELERY_VERSION, NEWEST_DJANGO_LINE } from '@celery-lint/core';
import { findings, runCli, tempProject } from './run-cli';

const AMQP = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\n";

test('a path that does not exist is an error (exit 2) even next to valid ones, which are still linted and reported', () => {
  const dir = tempProject({ 'app/settings.py': AMQP, 'clean/settings.py': "SECRET_KEY = 'x'\n" });
  const out = runCli(['--format', 'json', 'app', 'typo/settings.py'], { cwd: dir });
  assert.equal(out.code, 2);
  assert.deepEqual(findings(out.stdout, dir), ['app/settings.py:2:25 celery/no-amqp-result-backend']);
  assert.equal(out.stderr, 'celery-lint: no such file or directory: typo/settings.py\n');
  const clean = runCli(['clean', 'nope'], { cwd: dir });
  assert.equal(clean.code, 2, 'a clean run with a missing path is still not green');
  // A missing path that looks like a command: the user meant the command.
  assert.match(runCli(['rulez'], { cwd: dir }).stderr, /^celery-lint: no such file or directory: rulez \(to run the command, write 'celery-lint rules' with no option before it\)\n$/);
});

test('--max-warnings: a bad number is a usage error; exceeding it says so', () => {
  const dir = tempProject({ 'settings.py': AMQP });
  const args = ['.', '--severity', 'celery/no-amqp-result-backend=warning'];
  for (const bad of ['abc', '-1', '1.5', '']) {
    const out = runCli([...args, `--max-warnings=${bad}`], { cwd: dir });
    assert.equal(out.code, 2, bad);
    assert.equal(out.stdout, '');
  }
  const exceeded = runCli([...args, '--max-warnings', '0'], { cwd: dir });
  assert.equal(exceeded.code, 1);
  assert.equal(exceeded.stderr, 'celery-lint: 1 warning, more than --max-warnings 0 allows.\n');
  const within = runCli([...args, '--max-warnings', '1'], { cwd: dir });
  assert.deepEqual([within.code, within.stderr], [0, '']);
});

test('an unknown rule in per-file-ignores is an error like one in select, naming the file', () => {
  const dir = tempProject({ 'pyproject.toml': '[tool.celery-lint.per-file-ignores]\n"tests/*" = ["celery/pickle-serialiser"]\n', 'settings.py': AMQP });
  const out = runCli(['.'], { cwd: dir });
  assert.equal(out.code, 2);
  assert.match(out.stderr, /^celery-lint: 'celery\/pickle-serialiser' in per-file-ignores\."tests\/\*" is neither a rule id nor a category \(see `celery-lint rules`\) \(from \/.*pyproject\.toml\)\n$/);
});

test('an include pattern that matches no file is reported and fails the run', () => {
  const dir = tempProject({ 'pyproject.toml': '[tool.celery-lint]\ninclude = ["src/", "scr/"]\n', 'src/settings.py': AMQP, 'other/settings.py': AMQP });
  const out = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.equal(out.code, 2);
  assert.deepEqual(findings(out.stdout, dir), ['src/settings.py:2:25 celery/no-amqp-result-backend']);
  assert.match(out.stderr, /^celery-lint: 'include' pattern 'scr\/' in \/.*pyproject\.toml matches no file\n$/);
  // A hook naming a few files says nothing about the rest of the project: no complaint then.
  const named = runCli(['src/settings.py'], { cwd: dir });
  assert.equal(named.code, 1);
  assert.equal(named.stderr, '');
});

test('a run says how many files it checked: "All checks passed!" when clean, a count with --verbose', () => {
  const dir = tempProject({ 'a/settings.py': "SECRET_KEY = 'x'\n", 'a/util.py': 'x = 1\n', 'b/settings.py': AMQP });
  assert.equal(runCli(['a'], { cwd: dir }).stdout, 'All checks passed! (2 files checked)\n');
  const verbose = runCli(['.', '--verbose', '--format', 'json'], { cwd: dir });
  assert.equal(verbose.code, 1);
  assert.equal(verbose.stderr, `celery-lint: checked 3 files\ncelery-lint: judged for Celery ${DEFAULT_CELERY_VERSION} (default: the newest release celery-lint knows) and Django ${NEWEST_DJANGO_LINE} (default: the newest release celery-lint knows)\n`);
});
