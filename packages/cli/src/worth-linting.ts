// Which files a run lints: a Python file that may configure Celery (the
// pre-filter), or a launch file that may start it.
import { decodeSource, launchFileKind, mayLaunchCelery, mightConfigureCelery, mightConfigureCeleryBytes, type ReadResult } from '@celery-lint/core';

/** Whether a file is worth linting: a Python file that may configure Celery, or a launch file that may start it. */
function worthLinting(file: string, text: string): boolean {
  const kind = launchFileKind(file, text);
  return kind ? mayLaunchCelery(kind, text) : file.endsWith('.py') || !/\.(ya?ml|conf|ini|service|sh|bash)$/.test(file) ? mightConfigureCelery(text, file) : false;
}

/**
 * Below this many files a run judges them on their text: the byte test's
 * start-up (2.5 ms: compiling its WebAssembly, writing its tables) is more
 * than it saves, ~35 us a file (over the survey's 52,904 files, decoding and
 * the text test took ~2,700 ms, the byte test and decoding what it let
 * through ~950), and a pre-commit run names a file or two.
 */
export const BYTE_TEST_FROM_FILES = 128;

/**
 * A file's text when it is worth linting (worthLinting), else undefined.
 * With `byBytes`, a .py file is judged on its bytes first and decoded only
 * when the pre-filter lets it through or cannot tell (four in five are
 * turned down undecoded).
 */
export function textWorthLinting(file: string, bytes: Buffer, byBytes: boolean): ReadResult | undefined {
  const verdict = byBytes && file.endsWith('.py') ? mightConfigureCeleryBytes(bytes, file) : 'undecided';
  if (verdict === 'no') return undefined;
  const read = decodeSource(bytes);
  return !read.ok || verdict === 'yes' || worthLinting(file, read.text) ? read : undefined;
}
