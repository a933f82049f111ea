// A linear scan of Python source for the names it uses, for rules that only
// need "does this name occur as code?" and cannot afford to parse the file
// again. It knows comments, string literals (prefixes, escapes, triple
// quotes) and f-string holes, and nothing else.
//
// It is built to err one way: where it cannot be sure whether text is code
// (malformed input, odd f-string corners) it treats it as code, so callers
// over-count names rather than miss one. On well-formed Python it finds the
// parser's identifiers plus words the grammar calls something else
// (keywords, soft keywords, `__future__`, the `r` of `!r`), which no caller
// asks about; checked against tree-sitter on the standard library.

/** Stop scanning when a visitor returns this. */
export const STOP = true;

/** Called with the [start, end) offsets of each identifier; return STOP to end the scan. */
export type IdentifierVisitor = (start: number, end: number) => boolean | void;

const QUOTE = 0x27; // '
const DQUOTE = 0x22; // "
const HASH = 0x23;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const CR = 0x0d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const COLON = 0x3a;

/** ASCII identifier characters: 1 = may start one, 2 = may only continue one. */
const ASCII_IDENT = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) ASCII_IDENT[c] = 1;
  else if (/[0-9]/.test(ch)) ASCII_IDENT[c] = 2;
}
/** `[A-Za-z_]`: may start an ASCII identifier (false past the end of the text, where `c` is NaN). */
export function isAsciiNameStart(c: number): boolean {
  return c < 128 && ASCII_IDENT[c] === 1;
}

/** `[A-Za-z0-9_]`: may continue an ASCII identifier. */
export function isAsciiNameChar(c: number): boolean {
  return c < 128 && ASCII_IDENT[c] !== 0;
}

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;

/** The string prefixes Python accepts (t-strings are 3.14's templates, read like f-strings). */
const PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);

interface FString {
  readonly kind: 'fstring';
  readonly quote: number;
  readonly triple: boolean;
  readonly raw: boolean;
}

interface Hole {
  readonly kind: 'hole';
  /** The f-string the hole is in. */
  readonly string: FString;
  /** Open (, [ and { inside the hole: a `}` or `:` at zero ends the expression. */
  brackets: number;
  /** After the top-level `:`, the rest is a format spec: literal text with nested holes. */
  spec: boolean;
}

type Frame = FString | Hole;

/** The code point at `i` (whole surrogate pairs) and its length in UTF-16 units. */
function codePointAt(text: string, i: number): [string, number] {
  const cp = text.codePointAt(i)!;
  return cp > 0xffff ? [text.slice(i, i + 2), 2] : [text[i]!, 1];
}

function isIdentifierStart(text: string, i: number, c: number): number {
  if (c < 128) return ASCII_IDENT[c] === 1 ? 1 : 0;
  const [ch, length] = codePointAt(text, i);
  return ID_START.test(ch) ? length : 0;
}

function identifierEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_IDENT[c] === 0) break;
      i++;
      continue;
    }
    const [ch, length] = codePointAt(text, i);
    if (!ID_CONTINUE.test(ch)) break;
    i += length;
  }
  return i;
}

function lineEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE || c === CR) break;
    i++;
  }
  return i;
}

export function isTriple(text: string, i: number, quote: number): boolean {
  return text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote;
}

/** Where the literal closes: its closing quote, or an unterminated single-quoted literal's line end. */
function closes(text: string, i: number, quote: number, triple: boolean): number {
  const c = text.charCodeAt(i);
  if (c === quote) return !triple ? 1 : isTriple(text, i, quote) ? 3 : 0;
  // An unterminated literal ends with its line, so the rest of the file is still read as code.
  return !triple && (c === NEWLINE || c === CR) ? 1 : 0;
}

/** The end of a literal without holes whose body starts at `i`. */
export function plainStringEnd(text: string, i: number, quote: number, triple: boolean): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Even in a raw literal a backslash keeps the next quote from closing it.
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    const closing = closes(text, i, quote, triple);
    if (closing) return i + closing;
    i++;
  }
  return n;
}

/**
 * Calls `visit` for every identifier in `text` that is code: not in a
 * comment, not in a string literal, but in f-string holes (`f"{name}"`).
 */
export function forEachIdentifier(text: string, visit: IdentifierVisitor): void {
  const n = text.length;
  const stack: Frame[] = [];
  let i = 0;

  /** Opens the literal whose first quote is at `at`; returns where scanning continues. */
  const openString = (at: number, prefix: string): number => {
    const quote = text.charCodeAt(at);
    const triple = isTriple(text, at, quote);
    const body = at + (triple ? 3 : 1);
    const lower = prefix.toLowerCase();
    if (!lower.includes('f') && !lower.includes('t')) return plainStringEnd(text, body, quote, triple);
    stack.push({ kind: 'fstring', quote, triple, raw: lower.includes('r') });
    return body;
  };

  while (i < n) {
    const top = stack.length === 0 ? undefined : stack[stack.length - 1]!;
    const c = text.charCodeAt(i);

    if (top?.kind === 'fstring') {
      const closing = closes(text, i, top.quote, top.triple);
      if (closing) {
        stack.pop();
        i += closing;
      } else if (c === BACKSLASH) {
        const next = text.charCodeAt(i + 1);
        // `\{` leaves the brace to open a hole; `\N{...}` is a named character, not a hole.
        if (next === LBRACE || next === RBRACE) i++;
        else if (!top.raw && next === 0x4e && text.charCodeAt(i + 2) === LBRACE) {
          const close = text.indexOf('}', i + 3);
          i = close < 0 ? n : close + 1;
        } else i += 2;
      } else if (c === LBRACE) {
        if (text.charCodeAt(i + 1) === LBRACE) i += 2;
        else {
          stack.push({ kind: 'hole', string: top, brackets: 0, spec: false });
          i++;
        }
      } else i++;
      continue;
    }

    if (top?.spec) {
      const closing = closes(text, i, top.string.quote, top.string.triple);
      if (closing) {
        // Malformed: the literal ends inside a format spec. Close both.
        stack.pop();
        stack.pop();
        i += closing;
      } else if (c === LBRACE) {
        stack.push({ kind: 'hole', string: top.string, brackets: 0, spec: false });
        i++;
      } else {
        if (c === RBRACE) stack.pop();
        i++;
      }
      continue;
    }

    // Code: the module itself, or the expression in an f-string hole.
    const start = isIdentifierStart(text, i, c);
    if (start) {
      const end = identifierEnd(text, i + start);
      const q = text.charCodeAt(end);
      if ((q === QUOTE || q === DQUOTE) && end - i <= 2 && PREFIXES.has(text.slice(i, end).toLowerCase())) {
        i = openString(end, text.slice(i, end));
        continue;
      }
      if (visit(i, end) === STOP) return;
      i = end;
      continue;
    }
    if (c === QUOTE || c === DQUOTE) {
      i = openString(i, '');
      continue;
    }
    if (c < 128 && ASCII_IDENT[c] === 2) {
      // A number, with any letters glued to it (1e5, 0xff, 10j): none of them is a name.
      i = identifierEnd(text, i + 1);
      continue;
    }
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === HASH) {
      // In a one-line hole `#` cannot start a comment (it would swallow the closing quote):
      // reading on as code over-counts at worst.
      if (!top || top.string.triple) i = lineEnd(text, i);
      else i++;
      continue;
    }
    if (top) {
      if (c === 0x28 || c === 0x5b || c === LBRACE) top.brackets++;
      else if (c === 0x29 || c === 0x5d) top.brackets = Math.max(0, top.brackets - 1);
      else if (c === RBRACE) {
        if (top.brackets === 0) stack.pop();
        else top.brackets--;
      } else if (c === COLON && top.brackets === 0) top.spec = true;
    }
    i++;
  }
}

/** How often each name occurs as code in `text` (comments and string literals do not count). */
export function identifierCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  forEachIdentifier(text, (start, end) => {
    const name = text.slice(start, end);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return counts;
}

/**
 * Whether `name` occurs in `text` with no ASCII identifier character on
 * either side: true wherever `name` is written as an identifier (and in some
 * strings and comments too), so false proves the text never names it.
 */
export function mayMentionName(text: string, name: string): boolean {
  if (name === '') return true;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isAsciiNameChar(text.charCodeAt(at - 1)) && !isAsciiNameChar(text.charCodeAt(at + name.length))) return true;
  }
  return false;
}

/**
 * Whether `name` may be bound by an assignment in text[start, end): written
 * as mayMentionName finds it and followed, past blanks, by `=` but not `==`,
 * or by `:` (an annotated assignment). A superset (keyword arguments, `:=`
 * and dict keys pass too), so false proves no `name = ...` is there.
 */
export function mayAssignName(text: string, name: string, start: number, end: number): boolean {
  if (name === '') return true;
  for (let at = text.indexOf(name, start); at >= 0 && at + name.length <= end; at = text.indexOf(name, at + 1)) {
    if (isAsciiNameChar(text.charCodeAt(at - 1)) || isAsciiNameChar(text.charCodeAt(at + name.length))) continue;
    const next = skipBlanks(text, at + name.length);
    const c = text.charCodeAt(next);
    if (c === 0x3a /* : */ || (c === 0x3d /* = */ && text.charCodeAt(next + 1) !== 0x3d)) return true;
  }
  return false;
}

/** Skips spaces, tabs and backslash continuations. */
function skipBlanks(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0c) i++;
    else if (c === BACKSLASH && text.charCodeAt(i + 1) === NEWLINE) i += 2;
    else if (c === BACKSLASH && text.charCodeAt(i + 1) === CR) i += text.charCodeAt(i + 2) === NEWLINE ? 3 : 2;
    else return i;
  }
}

/**
 * Whether code in `text` calls a function or method named `name`
 * (`name(...)`, `obj.name(...)`): a `def name(` or `class name(` is not a call.
 */
export function callsName(text: string, name: string): boolean {
  if (!text.includes(name)) return false;
  let found = false;
  let previousStart = 0;
  let previousEnd = 0;
  forEachIdentifier(text, (start, end) => {
    const [afterStart, afterEnd] = [previousStart, previousEnd];
    previousStart = start;
    previousEnd = end;
    if (end - start !== name.length || !text.startsWith(name, start)) return;
    if (text.charCodeAt(skipBlanks(text, end)) !== 0x28) return;
    const previous = text.slice(afterStart, afterEnd);
    if ((previous === 'def' || previous === 'class') && skipBlanks(text, afterEnd) === start) return;
    found = true;
    return STOP;
  });
  return found;
}
