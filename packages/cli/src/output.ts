// Where reports go: standard output (a reader that closed it, as `head`
// does, ends the output quietly, not with a stack trace) or --output-file
// (missing directories are created, as ESLint does; a path that cannot be
// written is one line and exit status 2, found before anything runs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileErrorReason } from '@celery-lint/core';
import { UsageError } from './command-line';

let closed = false;
const guarded = new Set<NodeJS.WriteStream>();

/**
 * A closed pipe stops output without an error; the run finishes and exits
 * with its own status. Each stream is guarded when first written to (making
 * a stream costs start-up time a run that never writes to it need not pay).
 */
function guard(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
        if (stream === process.stdout) closed = true;
        return;
      }
      process.exitCode = 2;
    });
  }
  return stream;
}

export function writeStdout(text: string | Uint8Array): void {
  if (text.length > 0 && !closed) guard(process.stdout).write(text);
}

export function writeStderr(text: string): void {
  if (text) guard(process.stderr).write(text);
}

/**
 * Checks, before the run, that the report can be written to `file`: it is
 * not a directory, its nearest existing ancestor is a writable directory,
 * and an existing file is writable. Nothing is created yet.
 */
export function checkOutputFile(file: string): void {
  if (ownStream(file)) return;
  const full = path.resolve(file);
  const refuse = (why: string) => new UsageError(`cannot write the report to ${file}: ${why}`);
  /** The path's stat, or undefined where nothing is (yet): a missing part or a file where a directory would go. */
  const statOf = (p: string) => {
    try {
      return fs.statSync(p);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw refuse(fileErrorReason(error));
    }
  };
  const writable = (p: string, mode: number) => {
    try {
      fs.accessSync(p, mode);
    } catch (error) {
      throw refuse(fileErrorReason(error));
    }
  };
  const existing = statOf(full);
  if (existing) {
    if (existing.isDirectory()) throw refuse('it is a directory');
    writable(full, fs.constants.W_OK);
    return;
  }
  for (let dir = path.dirname(full); ; dir = path.dirname(dir)) {
    const stat = statOf(dir);
    if (stat) {
      if (!stat.isDirectory()) throw refuse(`${dir} is a file, not a directory`);
      writable(dir, fs.constants.W_OK | fs.constants.X_OK);
      return;
    }
    if (path.dirname(dir) === dir) return;
  }
}

/**
 * The process's own standard output or error, named as a file: written to
 * the stream itself. Opening /dev/stdout again fails (ENXIO) where standard
 * output is a socket, as it is under Node's child_process and systemd.
 */
function ownStream(file: string): 'stdout' | 'stderr' | undefined {
  const full = path.resolve(file);
  if (full === '/dev/stdout' || full === '/dev/fd/1' || full === '/proc/self/fd/1') return 'stdout';
  if (full === '/dev/stderr' || full === '/dev/fd/2' || full === '/proc/self/fd/2') return 'stderr';
  return undefined;
}

/**
 * Writes the report, whole or in pieces (report.ts): to the file (creating
 * its directories) or to standard output. An existing file is written into,
 * never replaced: a device (/dev/null) or a FIFO gets the report, as a shell
 * redirection gives it.
 */
export function writeReport(text: string | Iterable<string>, outputFile: string | undefined): void {
  const pieces = typeof text === 'string' ? [text] : text;
  const stream = outputFile === undefined ? 'stdout' : ownStream(outputFile);
  if (stream === 'stdout') {
    for (const piece of pieces) writeStdout(piece);
    return;
  }
  if (stream === 'stderr') {
    for (const piece of pieces) writeStderr(piece);
    return;
  }
  if (outputFile === undefined) return;
  let fd: number | undefined;
  try {
    fs.mkdirSync(path.dirname(path.resolve(outputFile)), { recursive: true });
    fd = fs.openSync(outputFile, 'w');
    for (const piece of pieces) writeAll(fd, Buffer.from(piece, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot write the report to ${outputFile}: ${fileErrorReason(error)}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes every byte (a FIFO or a device may take fewer at a time, as fs.writeFileSync allows for). */
function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}
