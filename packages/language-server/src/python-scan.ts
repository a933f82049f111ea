// A small forward scan of Python text up to a point: which brackets are open,
// whether the point is inside a string or a comment. Completion needs this
// while the user is typing, when the code is incomplete and the syntax tree
// is mostly ERROR nodes; brackets, strings and comments are still plain.

export interface OpenBracket {
  readonly char: '(' | '[' | '{';
  readonly offset: number;
  /** Offset just past the last top-level comma inside this bracket so far (or past the bracket). */
  readonly itemStart: number;
}

export interface ScanResult {
  readonly brackets: readonly OpenBracket[];
  /** Set when the point is inside a string literal. */
  readonly string?: { readonly quoteStart: number; readonly contentStart: number };
  readonly inComment: boolean;
}

/** The first line break (\n or \r: Python ends a line at either) at or after `from`, or -1. */
function lineBreakAfter(text: string, from: number): number {
  const n = text.indexOf('\n', from);
  const r = text.indexOf('\r', from);
  return r === -1 || (n !== -1 && n < r) ? n : r;
}

const CLOSING: Record<string, '(' | '[' | '{'> = { ')': '(', ']': '[', '}': '{' };

export function scanPython(text: string, end: number): ScanResult {
  const brackets: Array<{ char: '(' | '[' | '{'; offset: number; itemStart: number }> = [];
  let i = 0;
  while (i < end) {
    const c = text[i]!;
    if (c === '#') {
      const lineEnd = lineBreakAfter(text, i);
      if (lineEnd === -1 || lineEnd >= end) return { brackets, inComment: true };
      i = lineEnd + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const contentStart = i + quote.length;
      let j = contentStart;
      let closed = false;
      while (j < end) {
        const d = text[j]!;
        if (d === '\\') {
          j += 2;
          continue;
        }
        if (!triple && (d === '\n' || d === '\r')) break; // an unterminated one-line string ends at the line
        if (text.startsWith(quote, j)) {
          closed = true;
          j += quote.length;
          break;
        }
        j++;
      }
      if (!closed && j >= end) return { brackets, string: { quoteStart: i, contentStart }, inComment: false };
      i = j;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') brackets.push({ char: c, offset: i, itemStart: i + 1 });
    else if (c === ')' || c === ']' || c === '}') {
      const open = CLOSING[c];
      // Unbalanced code while typing: close the nearest matching bracket, dropping unclosed inner ones.
      const at = brackets.map((b) => b.char).lastIndexOf(open!);
      if (at !== -1) brackets.length = at;
    } else if (c === ',' && brackets.length > 0) brackets[brackets.length - 1]!.itemStart = i + 1;
    i++;
  }
  return { brackets, inComment: false };
}
