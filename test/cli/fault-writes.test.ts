// --fix writes that lose nothing (issue 15, item 2), with faults injected
// into real CLI runs. Where permissions matter the CLI runs as `nobody`
// (unprivileged.ts): root may write anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { runCli, tempProject, type RunOptions } from './run-cli';
import { giveToNobody, NOBODY, needsRoot, unprivilegedProblem } from './unprivileged';

const AMQP = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\n";
const FIXED = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\n";
const FIX = ['--fix', '--unsafe-fixes'];
const asNobody: RunOptions = NOBODY ? { user: NOBODY } : {};
const unprivileged = unprivilegedProblem();

const read = (file: string) => fs.readFileSync(file, 'utf8');

function spawnSyncChecked(command: string, args: readonly string[]): void {
  const done = spawnSync(command, args, { encoding: 'utf8' });
  assert.equal(done.status, 0, `${command} ${args.join(' ')}: ${done.stderr}`);
}

test('a file changed after it was read is not overwritten: it is skipped with a message, and the others are fixed', () => {
  const dir = tempProject({ 'a/settings.py': AMQP, 'b/settings.py': AMQP });
  // A hook loaded into the CLI's process edits a/settings.py the moment the fix's temporary file is made,
  // as an editor saving at the wrong time would.
  const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-hook-')), 'edit-during-fix.js');
  fs.writeFileSync(
    hook,
    [
      "const fs = require('node:fs');",
      'const open = fs.openSync;',
      'fs.openSync = function (file, flags, ...rest) {',
      "  if (typeof file === 'string' && /[\\\\/]a[\\\\/]\\.settings\\.py\\.celery-lint-.*\\.tmp$/.test(file)) {",
      "    fs.appendFileSync(file.replace(/\\.settings\\.py\\.celery-lint-.*\\.tmp$/, 'settings.py'), 'DEBUG = True  # typed while celery-lint ran\\n');",
      '  }',
      '  return open.call(this, file, flags, ...rest);',
      '};',
      '',
    ].join('\n'),
  );
  const out = runCli(['.', ...FIX], { cwd: dir, nodeArgs: ['--require', hook] });
  assert.equal(out.code, 2);
  assert.match(out.stderr, /^celery-lint: \/.*\/a\/settings\.py changed after celery-lint read it; its fixes were not written \(run celery-lint again\)\n$/);
  assert.equal(read(path.join(dir, 'a', 'settings.py')), `${AMQP}DEBUG = True  # typed while celery-lint ran\n`, 'the edit survives');
  assert.equal(read(path.join(dir, 'b', 'settings.py')), FIXED);
  // The skipped file's finding is still reported; no temporary file is left behind.
  assert.match(out.stdout, /a\/settings\.py\n {2}2:25 {2}error/);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'a')), ['settings.py']);
});

test('a symbolic link stays a link and its target is fixed once, even when both are named', () => {
  const dir = tempProject({ 'real/settings.py': AMQP });
  fs.symlinkSync(path.join('real', 'settings.py'), path.join(dir, 'link.py'));
  const out = runCli(['link.py', ...FIX], { cwd: dir });
  assert.deepEqual([out.code, out.stderr], [0, '']);
  assert.ok(fs.lstatSync(path.join(dir, 'link.py')).isSymbolicLink());
  assert.equal(fs.readlinkSync(path.join(dir, 'link.py')), path.join('real', 'settings.py'));
  assert.equal(read(path.join(dir, 'real', 'settings.py')), FIXED);
  fs.writeFileSync(path.join(dir, 'real', 'settings.py'), AMQP);
  const both = runCli(['link.py', 'real/settings.py', '.', ...FIX, '--format', 'json'], { cwd: dir });
  assert.deepEqual([both.code, both.stderr], [0, '']);
  assert.deepEqual((JSON.parse(both.stdout) as Array<{ filePath: string }>).map((r) => path.relative(dir, r.filePath)), ['real/settings.py'], 'one file, reported once');
  assert.equal(read(path.join(dir, 'real', 'settings.py')), FIXED);
  assert.ok(fs.lstatSync(path.join(dir, 'link.py')).isSymbolicLink());
});

test('a hard-linked file keeps its links', () => {
  const dir = tempProject({ 'settings.py': AMQP });
  fs.linkSync(path.join(dir, 'settings.py'), path.join(dir, 'twin.txt'));
  const before = fs.statSync(path.join(dir, 'settings.py'));
  assert.equal(runCli(['settings.py', ...FIX], { cwd: dir }).code, 0);
  const after = fs.statSync(path.join(dir, 'settings.py'));
  assert.deepEqual([after.ino, after.nlink], [before.ino, 2]);
  assert.equal(read(path.join(dir, 'twin.txt')), FIXED);
});

test('mode is kept, group-writable bits too (a umask would strip them)', () => {
  const dir = tempProject({ 'settings.py': AMQP });
  fs.chmodSync(path.join(dir, 'settings.py'), 0o775);
  assert.equal(runCli(['.', ...FIX], { cwd: dir }).code, 0);
  assert.equal(fs.statSync(path.join(dir, 'settings.py')).mode & 0o7777, 0o775);
  assert.equal(read(path.join(dir, 'settings.py')), FIXED);
});

test('owner and group are kept: a file of another user that the fixer may write', { skip: needsRoot ?? unprivileged }, () => {
  // nobody fixes a group-writable file owned by root: a renamed temporary file would be nobody's.
  const dir = tempProject({ 'settings.py': AMQP });
  giveToNobody(dir);
  const file = path.join(dir, 'settings.py');
  fs.chownSync(file, 0, NOBODY!.gid);
  fs.chmodSync(file, 0o664);
  const out = runCli(['.', ...FIX], { cwd: dir, ...asNobody });
  assert.deepEqual([out.code, out.stderr], [0, '']);
  const stat = fs.statSync(file);
  assert.deepEqual([stat.uid, stat.gid, stat.mode & 0o7777], [0, NOBODY!.gid, 0o664]);
  assert.equal(read(file), FIXED);
  // And root fixing nobody's file leaves it nobody's.
  fs.writeFileSync(file, AMQP);
  fs.chownSync(file, NOBODY!.uid, NOBODY!.gid);
  fs.chmodSync(file, 0o640);
  assert.equal(runCli(['.', ...FIX], { cwd: dir }).code, 0);
  const byRoot = fs.statSync(file);
  assert.deepEqual([byRoot.uid, byRoot.gid, byRoot.mode & 0o7777], [NOBODY!.uid, NOBODY!.gid, 0o640]);
  assert.equal(read(file), FIXED);
});

test('a read-only file is not written: it is reported, and the other files are fixed', { skip: unprivileged }, () => {
  const dir = tempProject({ 'locked/settings.py': AMQP, 'open/settings.py': AMQP });
  giveToNobody(dir);
  fs.chmodSync(path.join(dir, 'locked', 'settings.py'), 0o444);
  const out = runCli(['.', ...FIX], { cwd: dir, ...asNobody });
  assert.equal(out.code, 2);
  assert.match(out.stderr, /^celery-lint: \/.*\/locked\/settings\.py is read-only; its fixes were not written\n$/);
  assert.match(out.stdout, /locked\/settings\.py\n {2}2:25 {2}error/);
  assert.equal(read(path.join(dir, 'locked', 'settings.py')), AMQP);
  assert.equal(fs.statSync(path.join(dir, 'locked', 'settings.py')).mode & 0o777, 0o444);
  assert.equal(read(path.join(dir, 'open', 'settings.py')), FIXED);
});

test('a directory where no temporary file can be made does not stop the run: that file is reported, the others fixed', { skip: unprivileged }, () => {
  const dir = tempProject({ 'sealed/settings.py': AMQP, 'open/settings.py': AMQP });
  giveToNobody(dir);
  // The file is writable, its directory is not: a temporary file cannot be made beside it.
  fs.chmodSync(path.join(dir, 'sealed'), 0o555);
  const out = runCli(['.', ...FIX], { cwd: dir, ...asNobody });
  assert.equal(out.code, 2);
  assert.match(out.stderr, /^celery-lint: no temporary file could be made beside \/.*\/sealed\/settings\.py \(permission denied\); its fixes were not written\n$/);
  assert.equal(read(path.join(dir, 'sealed', 'settings.py')), AMQP);
  assert.equal(read(path.join(dir, 'open', 'settings.py')), FIXED);
  fs.chmodSync(path.join(dir, 'sealed'), 0o755);
});

/**
 * Two modules to fix, a FIFO (a stand-in for /dev/null that the test owns: a
 * rename onto a link's target would turn it into a regular file), and a hook
 * for the CLI's process that swaps a/settings.py for a link to the FIFO once
 * the run has read it `reads` times (the pre-filter reads it first, its lint
 * second; the fix is written after both).
 */
function fifoSwap(reads: number): { dir: string; fifo: string; hook: string } {
  const dir = tempProject({ 'a/settings.py': AMQP, 'b/settings.py': AMQP });
  const fifo = path.join(dir, 'device');
  spawnSyncChecked('mkfifo', [fifo]);
  const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-hook-')), 'swap-after-read.js');
  fs.writeFileSync(
    hook,
    [
      "const fs = require('node:fs');",
      'const open = fs.openSync;',
      'const close = fs.closeSync;',
      'let count = 0;',
      'let watched;',
      'fs.openSync = function (file, ...rest) {',
      '  const fd = open.call(this, file, ...rest);',
      `  if (typeof file === 'string' && /[\\\\/]a[\\\\/]settings\\.py$/.test(file) && ++count === ${reads}) watched = { fd, file };`,
      '  return fd;',
      '};',
      'fs.closeSync = function (fd) {',
      '  close.call(this, fd);',
      '  if (watched && watched.fd === fd) {',
      '    fs.unlinkSync(watched.file);',
      `    fs.symlinkSync(${JSON.stringify(fifo)}, watched.file);`,
      '    watched = undefined;',
      '  }',
      '};',
      '',
    ].join('\n'),
  );
  return { dir, fifo, hook };
}

function assertFifoKept(dir: string, fifo: string): void {
  assert.ok(fs.lstatSync(fifo).isFIFO(), 'the FIFO is still a FIFO');
  assert.equal(fs.readlinkSync(path.join(dir, 'a', 'settings.py')), fifo);
  assert.equal(read(path.join(dir, 'b', 'settings.py')), FIXED);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'a')), ['settings.py'], 'no temporary file is left');
}

test('--fix never renames onto anything but a regular file: a module swapped for a link to a FIFO after its lint read it keeps the FIFO, with a message', () => {
  const { dir, fifo, hook } = fifoSwap(2);
  const out = runCli(['.', ...FIX], { cwd: dir, nodeArgs: ['--require', hook], timeout: 60_000 });
  assert.equal(out.code, 2, out.stderr);
  assert.match(out.stderr, /^celery-lint: \/.*\/a\/settings\.py is now a FIFO, not a regular file; its fixes were not written\n$/);
  assertFifoKept(dir, fifo);
});

test('a module swapped for a link to a FIFO after the pre-filter read it is read again for its lint: reported as a FIFO, never opened, nothing written', () => {
  const { dir, fifo, hook } = fifoSwap(1);
  const out = runCli(['.', ...FIX], { cwd: dir, nodeArgs: ['--require', hook], timeout: 60_000 });
  // Each lint reads its files again (the run keeps no text between the pre-filter and the lint): the swap is seen there.
  assert.deepEqual([out.code, out.stderr], [1, '']);
  assert.match(out.stdout, /a\/settings\.py\n {2}1:1 {2}error {2}File was not linted: it is a FIFO, not a regular file, so it was not opened\./);
  assertFifoKept(dir, fifo);
});

test('--output-file writes into a FIFO, or a link to one, as a shell redirection would: it stays a FIFO', async () => {
  const dir = tempProject({ 'settings.py': AMQP });
  const fifo = path.join(dir, 'report.fifo');
  spawnSyncChecked('mkfifo', [fifo]);
  fs.symlinkSync(fifo, path.join(dir, 'report-link'));
  for (const target of [fifo, path.join(dir, 'report-link')]) {
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let received = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const ended = new Promise((resolve) => reader.on('close', resolve));
    const out = runCli(['settings.py', '--format', 'json', '--output-file', target], { cwd: dir, timeout: 60_000 });
    await ended;
    assert.deepEqual([out.code, out.stdout, out.stderr], [1, '', '']);
    assert.equal((JSON.parse(received) as Array<{ messages: unknown[] }>)[0]!.messages.length, 1, received);
    assert.ok(fs.lstatSync(fifo).isFIFO(), `${target}: the FIFO is still a FIFO`);
  }
});

test('--output-file /dev/null and /dev/stdout write to the device (run unprivileged: never a real device as root)', { skip: unprivileged }, () => {
  const before = fs.statSync('/dev/null');
  const dir = tempProject({ 'settings.py': AMQP });
  giveToNobody(dir);
  const quiet = runCli(['settings.py', '--output-file', '/dev/null'], { cwd: dir, ...asNobody });
  assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [1, '', '']);
  const loud = runCli(['settings.py', '--format', 'json', '--output-file', '/dev/stdout'], { cwd: dir, ...asNobody });
  assert.equal(loud.code, 1, loud.stderr);
  assert.equal((JSON.parse(loud.stdout) as unknown[]).length, 1);
  const after = fs.statSync('/dev/null');
  assert.ok(after.isCharacterDevice());
  assert.deepEqual([after.ino, after.rdev], [before.ino, before.rdev]);
});
