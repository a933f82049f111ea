// One bad input never stops or hangs the run (issue 15, items 4, 5 and 8),
// with faults put into real projects and the real CLI run over them: a
// broken pyproject.toml, FIFOs, devices and sockets where files should be,
// oversized configuration, unreadable directories, bytes on stdin that are
// not UTF-8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { findings, runCli, tempProject, type RunOptions } from './run-cli';
import { giveToNobody, NOBODY, unprivilegedProblem } from './unprivileged';

const AMQP = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\n";
// A hang or a runaway read is a failure, not a stuck suite; a small heap makes reading /dev/zero fail fast.
const GUARDED: RunOptions = { timeout: 30_000, nodeArgs: ['--max-old-space-size=256'] };

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

test('a broken pyproject.toml fails only the files it governs: the others are linted and reported, and the run exits 2', () => {
  const dir = tempProject({
    'good/pyproject.toml': '[tool.celery-lint]\nselect = ["correctness"]\n',
    'good/settings.py': AMQP,
    'broken/pyproject.toml': '[project]\nname = "b"\n[tool.celery-lint]\nselect = ["security"\nignore = []\n',
    'broken/settings.py': AMQP,
    'wrong/pyproject.toml': '[tool.celery-lint]\nselcet = ["security"]\n',
    'wrong/settings.py': AMQP,
    'loose/settings.py': AMQP,
  });
  const out = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.equal(out.code, 2);
  assert.deepEqual(findings(out.stdout, dir), ['good/settings.py:2:25 celery/no-amqp-result-backend', 'loose/settings.py:2:25 celery/no-amqp-result-backend']);
  const lines = out.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 2, out.stderr);
  assert.match(lines[0]!, /^celery-lint: \/.*\/broken\/pyproject\.toml is not valid TOML \(line 5, column 1: .+\)$/);
  assert.match(lines[1]!, /^celery-lint: unknown key 'selcet' in \[tool\.celery-lint\] of \/.*\/wrong\/pyproject\.toml/);
  // A pyproject.toml that is not ours (no [tool.celery-lint]) may be broken: it governs nothing here.
  fs.writeFileSync(path.join(dir, 'broken', 'pyproject.toml'), '[project\nname = "b"\n');
  fs.rmSync(path.join(dir, 'wrong'), { recursive: true });
  const theirs = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.deepEqual([theirs.code, theirs.stderr], [1, '']);
  assert.ok(findings(theirs.stdout, dir).includes('broken/settings.py:2:25 celery/no-amqp-result-backend'));
});

test('a FIFO named settings.py, pyproject.toml or .gitignore is never opened: the run neither hangs nor reads it', async () => {
  const dir = tempProject({ 'app/settings.py': AMQP, 'piped/settings.py': AMQP, 'conf/settings.py': AMQP });
  mkfifo(path.join(dir, 'piped', 'local.py'));
  mkfifo(path.join(dir, 'conf', 'pyproject.toml'));
  mkfifo(path.join(dir, 'piped', '.gitignore'));
  // A writer blocks until someone opens the FIFO for reading: if the CLI opened it, the writer would finish.
  const writer = spawn('sh', ['-c', `printf 'x = 1\\n' > '${path.join(dir, 'piped', 'local.py')}'`], { stdio: 'ignore' });
  try {
    const out = runCli(['.', '--format', 'json'], { cwd: dir, ...GUARDED });
    assert.equal(out.code, 2, out.stderr);
    assert.deepEqual(findings(out.stdout, dir), ['app/settings.py:2:25 celery/no-amqp-result-backend', 'piped/settings.py:2:25 celery/no-amqp-result-backend']);
    assert.deepEqual(out.stderr.split('\n').filter(Boolean).sort(), [
      `celery-lint: cannot use ${path.join(dir, 'conf', 'pyproject.toml')}: it is a FIFO, not a regular file, so it was not opened`,
      `celery-lint: warning: ${path.join(dir, 'piped', '.gitignore')} was not used: it is a FIFO, not a regular file, so it was not opened`,
    ]);
    // Named on the command line, a FIFO is an error, not a silent skip.
    const named = runCli(['piped/local.py', 'app/settings.py'], { cwd: dir, ...GUARDED });
    assert.equal(named.code, 2);
    assert.match(named.stderr, /^celery-lint: piped\/local\.py is a FIFO, not a file or directory; it was not read\n$/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(writer.exitCode, null, 'the FIFO was opened for reading');
  } finally {
    writer.kill('SIGKILL');
  }
});

test('links to /dev/zero and sockets where files should be are not read: no memory eaten, one line each', async () => {
  const dir = tempProject({ 'app/settings.py': AMQP, 'dev/settings.py': AMQP });
  fs.symlinkSync('/dev/zero', path.join(dir, 'dev', 'zero.py'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'dev', 'pyproject.toml'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'app', '.gitignore'));
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path.join(dir, 'app', 'socket.py'), resolve));
  try {
    const out = runCli(['.', '--format', 'json'], { cwd: dir, ...GUARDED });
    assert.equal(out.code, 2, out.stderr);
    assert.deepEqual(findings(out.stdout, dir), ['app/settings.py:2:25 celery/no-amqp-result-backend']);
    assert.deepEqual(out.stderr.split('\n').filter(Boolean).sort(), [
      `celery-lint: cannot use ${path.join(dir, 'dev', 'pyproject.toml')}: it is a character device, not a regular file, so it was not opened`,
      `celery-lint: warning: ${path.join(dir, 'app', '.gitignore')} was not used: it is a character device, not a regular file, so it was not opened`,
    ]);
    const named = runCli(['dev/zero.py', 'app/socket.py', 'app/settings.py'], { cwd: path.join(dir), ...GUARDED });
    assert.equal(named.code, 2);
    assert.deepEqual(named.stderr.split('\n').filter((l) => !l.includes('.gitignore')), [
      'celery-lint: dev/zero.py is a character device, not a file or directory; it was not read',
      'celery-lint: app/socket.py is a socket, not a file or directory; it was not read',
      '',
    ]);
  } finally {
    server.close();
  }
});

test('configuration files over a sane size are refused with a message', () => {
  const big = `[tool.celery-lint]\nselect = ["correctness"]\n${'# padding\n'.repeat(120_000)}`;
  const dir = tempProject({ 'huge/pyproject.toml': big, 'huge/settings.py': AMQP, 'fine/settings.py': AMQP, 'fine/.gitignore': `${'*.tmp\n'.repeat(200_000)}` });
  const out = runCli(['.', '--format', 'json'], { cwd: dir, ...GUARDED });
  assert.equal(out.code, 2);
  assert.deepEqual(findings(out.stdout, dir), ['fine/settings.py:2:25 celery/no-amqp-result-backend']);
  assert.deepEqual(out.stderr.split('\n').filter(Boolean).sort(), [
    `celery-lint: cannot use ${path.join(dir, 'huge', 'pyproject.toml')}: it is 1.1 MB, larger than the 1 MB celery-lint reads`,
    `celery-lint: warning: ${path.join(dir, 'fine', '.gitignore')} was not used: it is 1.1 MB, larger than the 1 MB celery-lint reads`,
  ]);
});

test('an unreadable directory named on the command line is an error; one met while walking is a warning', { skip: unprivilegedProblem() }, () => {
  const dir = tempProject({ 'app/settings.py': AMQP, 'app/private/settings.py': AMQP, 'secret/settings.py': AMQP });
  giveToNobody(dir);
  fs.chmodSync(path.join(dir, 'secret'), 0o000);
  fs.chmodSync(path.join(dir, 'app', 'private'), 0o000);
  const as = NOBODY ? { user: NOBODY } : {};
  try {
    const named = runCli(['secret', 'app', '--format', 'json'], { cwd: dir, ...as });
    assert.equal(named.code, 2);
    assert.deepEqual(findings(named.stdout, dir), ['app/settings.py:2:25 celery/no-amqp-result-backend']);
    assert.deepEqual(named.stderr.split('\n').filter(Boolean), [
      `celery-lint: cannot read directory ${path.join(dir, 'secret')}: permission denied`,
      `celery-lint: warning: cannot read directory ${path.join(dir, 'app', 'private')}: permission denied; its files were not linted`,
    ]);
    const walked = runCli(['app'], { cwd: dir, ...as });
    assert.equal(walked.code, 1, 'a warning alone does not fail the run');
  } finally {
    fs.chmodSync(path.join(dir, 'secret'), 0o755);
    fs.chmodSync(path.join(dir, 'app', 'private'), 0o755);
  }
});

test('--stdin gets the same UTF-8 check as files, and an empty path is an error', () => {
  const dir = tempProject({ 'settings.py': AMQP });
  const bytes = Buffer.concat([Buffer.from("SECRET_KEY = '"), Buffer.from([0xff, 0xfe]), Buffer.from("'\n")]);
  const out = runCli(['--stdin', '--stdin-filename', 'settings.py', '--format', 'json'], { cwd: dir, input: bytes });
  assert.equal(out.code, 1);
  const [result] = JSON.parse(out.stdout) as Array<{ messages: Array<{ ruleId: string; message: string; fatal?: boolean }> }>;
  assert.equal(result!.messages.length, 1);
  assert.equal(result!.messages[0]!.ruleId, 'celery-lint/file-error');
  assert.match(result!.messages[0]!.message, /^Standard input is not valid UTF-8 \(first bad byte at offset 14\)/);
  // With --fix the bytes come back untouched.
  const fixed = runCli(['--stdin', '--stdin-filename', 'settings.py', '--fix'], { cwd: dir, input: bytes });
  assert.equal(fixed.stdout, bytes.toString('utf8'), 'the same bytes, read back the same way');
  const empty = runCli(['settings.py', ''], { cwd: dir });
  assert.deepEqual([empty.code, empty.stdout, empty.stderr], [2, '', 'celery-lint: an empty path was given\n']);
});
