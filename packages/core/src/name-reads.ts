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

/**
 * Names of a Django setting's shape (`CELERY_QUEUES`, `BROKER_URL`: capitals
 * with an underscore), the names whose reads a run over a whole checkout
 * keeps from the files it does not lint (SettingReads).
 */
export const SETTING_SHAPED = /(?<!\w)[A-Z][A-Z0-9]*_[A-Z0-9_]*(?!\w)/g;

/**
 * The setting-shaped names the Python files a run does not lint read
 * (views, tasks, tests that say `settings.CELERY_QUEUES`): a whole checkout
 * keeps only these names, not the files' text, so "does the project read X?"
 * is answered over all of it at the cost of a set of words.
 */
export class SettingReads {
  private readonly names = new Set<string>();

  add(text: string): void {
    if (!text.includes('_')) return;
    for (const m of text.matchAll(SETTING_SHAPED)) {
      if (!this.names.has(m[0]) && isReadAt(text, m.index, m.index + m[0].length)) this.names.add(m[0]);
    }
  }

  reads(name: string): boolean {
    return this.names.has(name);
  }
}
