// Robust output (issue 16, item 6; issue 15, item 7): a closed pipe is no
// crash, --output-file creates missing directories, and a report that cannot
// be written is one line and exit status 2, found before anything is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, runCli, tempProject } from './run-cli';
import { giveToNobody, NOBODY, unprivilegedProblem } from './unprivileged';

const AMQP = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\n";

test('piping into head ends the output quietly: no EPIPE stack trace', () => {
  // Far more report than a pipe holds (over 100 KB), so writing goes on after head has gone.
  const files: Record<string, string> = {};
  for (let i = 0; i < 100; i++) files[`p${i}/settings.py`] = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\nCELERY_TASK_SERIALIZER = 'pickle'\nCELERY_ACCEPT_CONTENT = ['json', 'pickle']\nCELERY_WORKER_CONCURRENCY = '4'\n";
  const dir = tempProject(files);
  assert.ok(runCli(['.'], { cwd: dir }).stdout.length > 100_000);
  for (const format of ['stylish', 'json']) {
    const out = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" . --format ${format} | head -c 100 >/dev/null; echo "status $?"`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(out.stderr, '', `${format}: ${out.stderr}`);
    assert.equal(out.stdout, 'status 0\n');
  }
});

test('--output-file creates missing directories, as ESLint does', () => {
  const dir = tempProject({ 'settings.py': AMQP });
  const out = runCli(['.', '--format', 'json', '-o', 'reports/ci/celery-lint.json'], { cwd: dir });
  assert.deepEqual([out.code, out.stdout, out.stderr], [1, '', '']);
  assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'ci', 'celery-lint.json'), 'utf8')) as unknown[]).length, 1);
});

test('an --output-file that cannot be written is one line, exit 2, and nothing is fixed', () => {
  const dir = tempProject({ 'settings.py': AMQP, 'reports/.keep': '', 'a-file': 'x' });
  const cases: Array<[string, RegExp]> = [
    ['reports', /^celery-lint: cannot write the report to reports: it is a directory\n$/],
    ['a-file/report.json', /^celery-lint: cannot write the report to a-file\/report\.json: \/.*\/a-file is a file, not a directory\n$/],
    ['a-file/deeper/report.json', /^celery-lint: cannot write the report to a-file\/deeper\/report\.json: \/.*\/a-file is a file, not a directory\n$/],
  ];
  for (const [target, message] of cases) {
    const out = runCli(['.', '--fix', '--unsafe-fixes', '-o', target], { cwd: dir });
    assert.equal(out.code, 2, target);
    assert.match(out.stderr, message);
    assert.equal(out.stdout, '');
    assert.equal(fs.readFileSync(path.join(dir, 'settings.py'), 'utf8'), AMQP, `${target}: a rejected run fixed a file`);
  }
});

test('an --output-file in a directory the user cannot write is one line and exit 2', { skip: unprivilegedProblem() }, () => {
  const dir = tempProject({ 'settings.py': AMQP });
  giveToNobody(dir);
  const locked = path.join(dir, 'locked');
  fs.mkdirSync(locked);
  fs.chmodSync(locked, 0o555);
  if (NOBODY) fs.chownSync(locked, NOBODY.uid, NOBODY.gid);
  const out = runCli(['.', '-o', 'locked/sub/report.txt'], { cwd: dir, ...(NOBODY ? { user: NOBODY } : {}) });
  assert.deepEqual([out.code, out.stdout, out.stderr], [2, '', 'celery-lint: cannot write the report to locked/sub/report.txt: permission denied\n']);
  fs.writeFileSync(path.join(dir, 'report.txt'), 'old');
  fs.chmodSync(path.join(dir, 'report.txt'), 0o444);
  if (NOBODY) fs.chownSync(path.join(dir, 'report.txt'), NOBODY.uid, NOBODY.gid);
  const readOnly = runCli(['.', '-o', 'report.txt'], { cwd: dir, ...(NOBODY ? { user: NOBODY } : {}) });
  assert.deepEqual([readOnly.code, readOnly.stderr], [2, 'celery-lint: cannot write the report to report.txt: permission denied\n']);
});
