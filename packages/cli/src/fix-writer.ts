// Writes a fixed file without losing anything: not over a change made after
// the file was read, not into a read-only file, through a symbolic link to
// its target (the link stays a link), keeping hard links, owner, group and
// mode; never onto anything but a regular file (a path swapped for a link to
// /dev/null after it was read must not have the device renamed over). A
// failure is returned as a message for that file; the run goes on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileErrorReason as reason, fileKind, MAX_FILE_BYTES, readRegularFile } from '@celery-lint/core';

export type WriteOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Whether the file still holds exactly the bytes celery-lint read. */
function unchanged(target: string, expected: Buffer): boolean {
  const now = readRegularFile(target, MAX_FILE_BYTES);
  return now.ok && now.bytes.equals(expected);
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}

/** Rewrites the file's own inode: its hard links, owner and group stay as they are. */
function writeInPlace(target: string, bytes: Buffer): void {
  // Non-blocking: a FIFO put in the file's place must not hold the run up (it is refused below).
  const fd = fs.openSync(target, fs.constants.O_WRONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) throw new Error(`it is now ${fileKind(opened)}, not a regular file`);
    writeAll(fd, bytes);
    fs.ftruncateSync(fd, bytes.length);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces `file` (whose bytes were `before` when it was read) with `after`.
 * The common case goes through a temporary file in the same directory and a
 * rename, so a crash never leaves half a file; the content is compared once
 * more just before the rename. A file with other hard links, or whose owner
 * or group the temporary file cannot be given, is rewritten in place
 * instead, since a rename would cut the links or change the owner.
 */
export function writeFixed(file: string, before: Buffer, after: Buffer): WriteOutcome {
  let target: string;
  let stat: fs.Stats;
  try {
    target = fs.realpathSync(file);
    stat = fs.statSync(target);
  } catch (error) {
    return { ok: false, message: `${file} could not be written (${reason(error)}); its fixes were not applied` };
  }
  // A rename onto a device, a FIFO or a socket would replace it with a regular file.
  if (!stat.isFile()) return { ok: false, message: `${file} is now ${fileKind(stat)}, not a regular file; its fixes were not written` };
  const changed: WriteOutcome = { ok: false, message: `${file} changed after celery-lint read it; its fixes were not written (run celery-lint again)` };
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    return { ok: false, message: `${file} is read-only; its fixes were not written` };
  }
  if (!unchanged(target, before)) return changed;
  if (stat.nlink > 1) {
    try {
      writeInPlace(target, after);
      return { ok: true };
    } catch (error) {
      return { ok: false, message: `${file} could not be written (${reason(error)}); its fixes were not applied` };
    }
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.celery-lint-${process.pid}-${Date.now().toString(36)}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
  } catch (error) {
    return { ok: false, message: `no temporary file could be made beside ${file} (${reason(error)}); its fixes were not written` };
  }
  let keepsOwner = true;
  try {
    try {
      writeAll(fd, after);
      if (typeof process.getuid === 'function') {
        const own = fs.fstatSync(fd);
        if (own.uid !== stat.uid || own.gid !== stat.gid) {
          try {
            fs.fchownSync(fd, stat.uid, stat.gid);
          } catch {
            keepsOwner = false;
          }
        }
      }
      fs.fchmodSync(fd, stat.mode & 0o7777);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (!keepsOwner) {
      fs.rmSync(temp, { force: true });
      if (!unchanged(target, before)) return changed;
      writeInPlace(target, after);
      return { ok: true };
    }
    if (!unchanged(target, before)) {
      fs.rmSync(temp, { force: true });
      return changed;
    }
    fs.renameSync(temp, target);
    return { ok: true };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    return { ok: false, message: `${file} could not be written (${reason(error)}); its fixes were not applied` };
  }
}
