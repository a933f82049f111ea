// Reads a file as the linter needs it: text, or a clear reason it cannot be.
import * as fs from 'node:fs';

/** Files above this size are skipped with a message rather than parsed (settings files are small). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type ReadResult =
  | { readonly ok: true; readonly text: string; /** The file starts with a UTF-8 byte-order mark, to keep when writing fixes. */ readonly bom: boolean }
  | { readonly ok: false; readonly message: string };

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

export function readSource(file: string): ReadResult {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    return { ok: false, message: `Cannot read the file: ${(error as Error).message}` };
  }
  const tooLarge = sizeProblem(size);
  if (tooLarge) return { ok: false, message: tooLarge };
  try {
    return decodeSource(fs.readFileSync(file));
  } catch (error) {
    return { ok: false, message: `Cannot read the file: ${(error as Error).message}` };
  }
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
