// Python string literal details: prefixes and escape sequences.

export interface StringPrefix {
  readonly raw: boolean;
  readonly bytes: boolean;
  readonly formatted: boolean;
  /** The quote that opens the literal: ', ", ''' or """. */
  readonly quote: string;
  /** The prefix letters as written (`rb`, `f`, ``). */
  readonly letters: string;
}

/** Reads the `string_start` token, e.g. `rb'` or `f"""`. */
export function splitStringPrefix(start: string): StringPrefix {
  // By character: it runs for every string literal evaluated.
  let end = 0;
  let raw = false;
  let bytes = false;
  let formatted = false;
  for (; end < start.length; end++) {
    const c = start.charCodeAt(end) | 0x20; // ASCII letters to lowercase
    if (c < 97 || c > 122) break;
    if (c === 114) raw = true;
    else if (c === 98) bytes = true;
    else if (c === 102 || c === 116) formatted = true;
  }
  return { raw, bytes, formatted, quote: start.slice(end) || '"', letters: start.slice(0, end) };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decodes the body of a literal the way Python would (escapes, `{{` in f-strings). */
export function decodeStringBody(body: string, prefix: StringPrefix): string {
  // CPython reads a \r\n or bare \r line end inside a literal as \n, raw or not, before any escape.
  let text = body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
  if (prefix.formatted) text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  if (prefix.raw || !text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[i + 1]!;
    if (next === '\n') {
      i++;
      continue;
    }
    if (next === '\r') {
      i += text[i + 2] === '\n' ? 2 : 1;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' && !prefix.bytes ? 4 : next === 'U' && !prefix.bytes ? 8 : 0;
    if (hexLength) {
      const hex = text.slice(i + 2, i + 2 + hexLength);
      if (new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) {
        const code = parseInt(hex, 16);
        out += code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
        i += 1 + hexLength;
        continue;
      }
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1));
    if (octal) {
      out += String.fromCharCode(parseInt(octal[0], 8));
      i += octal[0].length;
      continue;
    }
    // Unknown escapes (and \N{...}) stay as written, as Python keeps unknown ones.
    out += ch;
  }
  return out;
}

/** A Python literal for `value` in the style of an existing literal (same prefix letters minus f/b, same quote). */
export function stringLiteralLike(original: string, value: string): string {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(original);
  const quote = m?.[2] ?? "'";
  const letters = (m?.[1] ?? '').replace(/[fFbBrR]/g, '');
  const q = quote[0]!;
  let body = '';
  for (const ch of value) {
    if (ch === '\\') body += '\\\\';
    else if (ch === q) body += `\\${q}`;
    else if (ch === '\n' && quote.length === 1) body += '\\n';
    else if (ch === '\r') body += '\\r';
    else body += ch;
  }
  return `${letters}${quote}${body}${quote}`;
}

/**
 * `length`: the prefix (`r`, `b`, `rb`, `u`; no f-string) and opening quote
 * of a string literal written in one piece; `quote`: the closing quote's
 * length. Undefined for anything else (f-strings, unterminated text), which
 * is read from the tree. By character: it runs for every string evaluated.
 */
export function plainLiteralOpening(text: string): { length: number; quote: number } | undefined {
  let i = 0;
  while (i < 2 && i < text.length && 'rRuUbB'.includes(text[i]!)) i++;
  const q = text.charCodeAt(i);
  if (q !== 39 && q !== 34) return undefined;
  const quote = text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q ? 3 : 1;
  const length = i + quote;
  if (text.length < length + quote) return undefined;
  for (let k = 1; k <= quote; k++) if (text.charCodeAt(text.length - k) !== q) return undefined;
  return { length, quote };
}
