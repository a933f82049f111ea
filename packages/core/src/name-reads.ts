// Whether code reads a name, as opposed to only mentioning it: the project's
// own knob (`settings.CELERY_QUEUES` in a stats view, `app.conf.X`,
// `getattr(settings, 'X', None)`, `env('X')`, `from .base import X`) against
// the settings modules that only assign it (`X = ...`, `X += ...`,
// `override_settings(X=...)`, `{'X': ...}`). Rules whose verdict is "Celery
// ignores this name" must not call a name the code itself reads a mistake:
// the project put it there for its own use. Read from the text, not the
// tree: the files that read a setting (views, tasks) are mostly never parsed.
import type { SourceSpan } from './types';

/** `name` followed by an assignment operator (not `==`): a write, a keyword argument or a default. */
const ASSIGNED_AFTER = /^[ \t]*(?:\*\*|\/\/|<<|>>|[-+*/%&|^@])?=(?!=)/;
/** An annotated assignment at the start of a statement (`X: int = 1`). */
const ANNOTATED_AFTER = /^[ \t]*:[^\n=]*=(?!=)/;
/** A string literal used as a dict key (`{'X': 1}`, `conf.update(**{'X': 1})`). */
const DICT_KEY_AFTER = /^[ \t]*:/;
/** Statements whose name is no read of its value. */
const NOT_A_READ_BEFORE = /(?:^|[^\w.])(?:global|nonlocal|del)[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*$/;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /\w/.test(ch);
}

/** Whether the word `text.slice(at, end)` is read there (not written, not a dict key, not in a comment). */
function isReadAt(text: string, at: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(lineStart, at);
  // A comment (a `#` inside a string on the same line errs towards "not read").
  if (before.includes('#')) return false;
  const after = text.slice(end, end + 120);
  const quote = text[at - 1];
  if ((quote === "'" || quote === '"') && text[end] === quote) return !DICT_KEY_AFTER.test(after.slice(1));
  if (ASSIGNED_AFTER.test(after)) return false;
  if (/^[ \t]*$/.test(before) && ANNOTATED_AFTER.test(after)) return false;
  return !NOT_A_READ_BEFORE.test(before);
}

/** The offsets at which `text` reads `name` (an identifier), in order. */
export function readsOf(text: string, name: string): number[] {
  // indexOf('') finds the end of the text over and over: no name, no read.
  if (name === '') return [];
  const found: number[] = [];
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    const end = at + name.length;
    if (isWordChar(text[at - 1]) || isWordChar(text[end])) continue;
    if (isReadAt(text, at, end)) found.push(at);
  }
  return found;
}

/** Whether `text` (the file `file`) reads `name` anywhere outside the spans of `except` in that file. */
export function readsNameOutside(text: string, file: string, name: string, except: readonly SourceSpan[]): boolean {
  return readsOf(text, name).some((at) => !except.some((span) => span.file === file && span.start <= at && at < span.end));
}
