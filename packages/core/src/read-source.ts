// Reads a file as the linter needs it: text, or a clear reason it cannot be.
// Every file celery-lint reads (sources, pyproject.toml, .gitignore) goes
// through readRegularFile, so a FIFO never hangs the run, a device (a link to
// /dev/zero) is never opened, and nothing larger than its limit is read.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import type { Diagnostic } from './types';

/** Files above this size are skipped with a message rather than parsed (settings files are small). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** pyproject.toml and .gitignore above this size are refused: no real one comes near it. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type ReadResult =
  | { readonly ok: true; readonly text: string; /** The file starts with a UTF-8 byte-order mark, to keep when writing fixes. */ readonly bom: boolean }
  | { readonly ok: false; readonly message: string };

export type RegularFileRead =
  | { readonly ok: true; readonly bytes: Buffer; readonly stat: fs.Stats }
  | { readonly ok: false; readonly reason: 'missing' | 'not-regular' | 'unreadable'; readonly message: string }
  | { readonly ok: false; readonly reason: 'too-large'; readonly message: string; readonly size: number };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeSource(bytes: Uint8Array): ReadResult {
  try {
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { ok: true, text: decoder.decode(bytes), bom };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return {
      ok: false,
      message: `File is not valid UTF-8 (first bad byte at offset ${offset}); Python source must be UTF-8 unless it declares another encoding, which celery-lint does not support. It was not linted.`,
    };
  }
}

/** Why a file of `bytes` bytes is not linted, or undefined: the CLI and the language server say the same. */
export function sizeProblem(bytes: number): string | undefined {
  if (bytes <= MAX_FILE_BYTES) return undefined;
  return `File is ${(bytes / 1024 / 1024).toFixed(1)} MB, larger than the ${MAX_FILE_BYTES / 1024 / 1024} MB celery-lint reads; it was not linted.`;
}

/** What kind of thing a path is, in words, for messages about things that are not regular files. */
export function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'a regular file';
}

/** A file-system error in a few words, for one-line messages. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a directory';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on device';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  return (error as Error)?.message ?? String(error);
}

// Opening never blocks (a FIFO swapped in after the check) and never makes a terminal ours.
/**
 * `regular`: the caller has already seen that the path is a regular file (a
 * directory walk's entry, a path discovery stat'ed), so it is not stat'ed
 * again before it is opened; the opened descriptor is checked all the same.
 */
export interface SeenAsRegular {
  readonly regular: boolean;
}

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/**
 * The bytes of a regular file of at most `maxBytes`. Anything else (missing,
 * a FIFO, a device, a socket, a directory, too large) is refused before it is
 * opened (here, or by the caller that `seen` it), and checked again on the
 * opened descriptor, so a path swapped between the two is refused too. A file that grows past the limit while it
 * is read is refused rather than read without end.
 */
export function readRegularFile(file: string, maxBytes: number, seen?: SeenAsRegular): RegularFileRead {
  const tooLarge = (size: number) => ({
    ok: false as const,
    reason: 'too-large' as const,
    message: `it is ${formatSize(size)}, larger than the ${formatSize(maxBytes)} celery-lint reads`,
    size,
  });
  if (!seen?.regular) {
    let stat: fs.Stats | undefined;
    try {
      // Without an exception for a missing file: discovery asks for a .gitignore in every directory.
      stat = fs.statSync(file, { throwIfNoEntry: false });
    } catch (error) {
      return { ok: false, reason: 'unreadable', message: `cannot read it: ${fileErrorReason(error)}` };
    }
    if (!stat) return { ok: false, reason: 'missing', message: 'cannot read it: no such file or directory' };
    if (!stat.isFile()) return { ok: false, reason: 'not-regular', message: `it is ${fileKind(stat)}, not a regular file, so it was not opened` };
    if (stat.size > maxBytes) return tooLarge(stat.size);
  }
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    return { ok: false, reason: 'unreadable', message: `cannot read it: ${fileErrorReason(error)}` };
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return { ok: false, reason: 'not-regular', message: `it is ${fileKind(opened)}, not a regular file, so it was not read` };
    if (opened.size > maxBytes) return tooLarge(opened.size);
    const chunks: Buffer[] = [];
    let total = 0;
    // Read until end of file, one byte past the limit at most: first the size fstat gives and a byte more
    // (a short read of a regular file is its end), then 64 KB at a time for a file that grows while it is read.
    let want = opened.size + 1;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
      if (chunk.length === 0) return tooLarge(total);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return tooLarge(total);
      if (n < chunk.length) break;
      want = 64 * 1024;
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), stat: opened };
  } catch (error) {
    return { ok: false, reason: 'unreadable', message: `cannot read it: ${fileErrorReason(error)}` };
  } finally {
    fs.closeSync(fd);
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export function readSource(file: string, seen?: SeenAsRegular): ReadResult {
  const read = readRegularFile(file, MAX_FILE_BYTES, seen);
  return read.ok ? decodeSource(read.bytes) : notRead(read);
}

/** Why a source file was not read, as readSource and readSourceBytes say it. */
function notRead(read: Extract<RegularFileRead, { ok: false }>): { readonly ok: false; readonly message: string } {
  if (read.reason === 'too-large') return { ok: false, message: sizeProblem(read.size)! };
  return { ok: false, message: `File was not linted: ${read.message}.` };
}

export type SourceBytesRead = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly message: string };

/**
 * A source file's bytes, seen to be valid UTF-8 but not decoded, or what
 * readSource says of it: the CLI decodes only the files its pre-filter lets
 * through (mightConfigureCeleryBytes), one in four. isUtf8 (native) took 60
 * ms over the survey's 321 MB, decoding 340.
 */
export function readSourceBytes(file: string, seen?: SeenAsRegular): SourceBytesRead {
  const read = readRegularFile(file, MAX_FILE_BYTES, seen);
  if (!read.ok) return notRead(read);
  if (!isUtf8(read.bytes)) {
    // Decoding says why, in readSource's words (and would it decode after all, the bytes are good).
    const decoded = decodeSource(read.bytes);
    if (!decoded.ok) return decoded;
  }
  return { ok: true, bytes: read.bytes };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return bytes.length;
}

/** The diagnostic a file gets when it cannot be linted (too large, not UTF-8, not a regular file), at its start: the CLI's and the editor's. */
export function fileErrorDiagnostic(file: string, message: string): Diagnostic {
  return {
    ruleId: 'celery-lint/file-error',
    messageId: 'fileError',
    severity: 'error',
    message,
    file,
    span: { file, start: 0, end: 0 },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    fatal: true,
  };
}
