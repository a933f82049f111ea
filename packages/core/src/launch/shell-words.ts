// Splits a command line into words the way a POSIX shell does (token
// recognition, XCU 2.3; quote removal, 2.6.7), keeping where each word was
// written. No maintained npm word splitter reports positions, and the one
// full shell parser that ran synchronously (mvdan-sh) is deprecated by its
// author; this is the part of a shell a launch file needs, tested against
// Python's shlex and /bin/sh (test/differential/shell-words.test.ts).
//
// A \r\n line end reads as \n (a Windows checkout of a repository whose
// scripts have \n), so a CRLF checkout gives the same findings.
//
// Words that the shell would expand (`$VAR`, `$(...)`, backquotes, globs),
// and template tags (`{{ venv }}`) a file is rendered from, keep their text
// and are marked `expands`, so no rule judges a value that is
// only known at run time.
import { MappedBuilder, sourceRange, type MappedText } from './mapped-text';

export interface ShellWord {
  /** The word after quote removal (expansions left as written). */
  readonly value: string;
  /** Where the word was written, quotes included. */
  readonly start: number;
  readonly end: number;
  /** The word as mapped text: each character of `value` with its source offset. */
  readonly mapped: MappedText;
  /** True when the shell would expand part of it (parameter, command, arithmetic, glob). */
  readonly expands: boolean;
  /** True when part of the word was quoted (so `''` is a word, and `*` no glob). */
  readonly quoted: boolean;
  /** The file the word is written in, when it is not the file of the command it ends up in (`"$@"` in a script). */
  readonly file?: string;
}

/** A simple command: its words, up to a control operator (`;`, `&&`, `||`, `|`, `&`, newline). */
export interface ShellCommand {
  readonly words: ShellWord[];
  /** The operator that ended it, if any. */
  readonly terminator?: string;
}

export interface SplitOptions {
  /**
   * Shell syntax: control operators end commands, `#` starts a comment, and
   * redirections are dropped. Without it (Compose's and supervisor's
   * splitters, Python's shlex.split) every token is a word.
   */
  readonly shell: boolean;
}

const OPERATORS = ['&&', '||', ';;', '|', '&', ';', '(', ')'];
const REDIRECT = /^(\d*)(>>|<<-?|<>|>&|<&|>\||>|<)/;

/** Splits mapped text into simple commands of words. */
export function splitCommands(source: MappedText, options: SplitOptions = { shell: true }): ShellCommand[] {
  const text = source.text;
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let i = 0;
  const endCommand = (terminator?: string) => {
    if (words.length > 0 || terminator) commands.push(terminator ? { words, terminator } : { words });
    words = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    // A \r\n line end (a Windows checkout) reads as \n: the repository's own text has \n.
    if (c === '\r' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (options.shell) endCommand('\n');
      i++;
      continue;
    }
    if (options.shell && c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (options.shell) {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op) {
        endCommand(op);
        i += op.length;
        continue;
      }
      const redirect = REDIRECT.exec(text.slice(i, i + 5));
      if (redirect && (redirect[1] === '' || /\d/.test(c))) {
        // A redirection and its target are not arguments.
        i += redirect[0].length;
        while (text[i] === ' ' || text[i] === '\t') i++;
        i = readWord(source, i, options).next;
        continue;
      }
    }
    const { word, next } = readWord(source, i, options);
    if (next === i) {
      i++; // a character no rule above takes: never loop on it
      continue;
    }
    words.push(word);
    i = next;
  }
  endCommand();
  return commands.filter((c) => c.words.length > 0);
}

/** Every word of mapped text, ignoring shell operators (what Python's shlex.split gives). */
export function splitWords(source: MappedText): ShellWord[] {
  return splitCommands(source, { shell: false }).flatMap((c) => c.words);
}

function isBreak(c: string, options: SplitOptions): boolean {
  if (c === ' ' || c === '\t' || c === '\n' || c === '\r') return true;
  return options.shell && (c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === '(' || c === ')');
}

/** Reads one word from `start`: quotes, escapes and expansions until an unquoted break. */
function readWord(source: MappedText, start: number, options: SplitOptions): { word: ShellWord; next: number } {
  const text = source.text;
  const out = new MappedBuilder();
  const at = (k: number) => source.offsets[k]!;
  let i = start;
  let expands = false;
  let quoted = false;
  /** Copies an expansion starting at `k` as written; returns where it ends, or `k` when there is none. */
  const copyExpansion = (k: number): number => {
    if (text[k] !== '$' && text[k] !== '`' && !(text[k] === '{' && (text[k + 1] === '{' || text[k + 1] === '%'))) return k;
    const end = text[k] === '{' ? templateEnd(text, k) : expansionEnd(text, k);
    if (end <= k + 1) return k;
    expands = true;
    for (let j = k; j < end; j++) out.push(text[j]!, at(j));
    return end;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (isBreak(c, options)) {
      // `$(...)`/`${...}` were consumed whole below; a lone `(` breaks the word.
      break;
    }
    if (c === '\\') {
      if (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n')) {
        i += text[i + 1] === '\r' ? 3 : 2;
        continue;
      }
      if (i + 1 < text.length) out.push(text[i + 1]!, at(i));
      i += 2;
      quoted = true;
      continue;
    }
    if (c === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      for (let k = i + 1; k < end; k++) out.push(text[k]!, at(k));
      i = close === -1 ? text.length : close + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      while (i < text.length && text[i] !== '"') {
        const d = text[i]!;
        if (d === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') out.push(text[i + 1]!, at(i));
          i += 2;
          continue;
        }
        const expansion = copyExpansion(i);
        if (expansion > i) {
          i = expansion;
          continue;
        }
        out.push(d, at(i));
        i++;
      }
      i++; // the closing quote
      continue;
    }
    const expansion = copyExpansion(i);
    if (expansion > i) {
      i = expansion;
      continue;
    }
    if (options.shell && (c === '*' || c === '?' || c === '[')) expands = true;
    out.push(c, at(i));
    i++;
  }
  const mapped = out.done(source.offsets[i] ?? source.offsets[source.offsets.length - 1]!);
  const span = sourceRange(source, start, i);
  return { word: { value: mapped.text, start: span.start, end: span.end, mapped, expands, quoted }, next: i };
}

/**
 * Where a template tag at `i` (`{{ venv }}`, `{% if x %}`: Jinja, Django,
 * Helm, Ansible) ends: the file is rendered before any shell reads it, so the
 * tag is one placeholder even with spaces inside.
 */
function templateEnd(text: string, i: number): number {
  const close = text.indexOf(text[i + 1] === '%' ? '%}' : '}}', i + 2);
  const line = text.indexOf('\n', i);
  return close === -1 || (line !== -1 && line < close) ? i + 1 : close + 2;
}

/**
 * Where an expansion starting at `i` (`$NAME`, `${...}`, `$(...)`, `$((...))`,
 * backquotes) ends; `i + 1` when the `$` expands nothing (a literal dollar).
 */
function expansionEnd(text: string, i: number): number {
  if (text[i] === '`') {
    const close = text.indexOf('`', i + 1);
    return close === -1 ? text.length : close + 1;
  }
  const next = text[i + 1];
  if (next === '{') return matching(text, i + 1, '{', '}');
  if (next === '(') return matching(text, i + 1, '(', ')');
  if (next !== undefined && /[A-Za-z_]/.test(next)) {
    let k = i + 1;
    while (k < text.length && /\w/.test(text[k]!)) k++;
    return k;
  }
  if (next !== undefined && /[0-9@*#?$!-]/.test(next)) return i + 2;
  return i + 1;
}

/** The index after the bracket closing the one at `open`, skipping quoted text. */
function matching(text: string, open: number, opening: string, closing: string): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    const c = text[k]!;
    if (c === '\\') {
      k++;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", k + 1);
      if (close === -1) return text.length;
      k = close;
      continue;
    }
    if (c === opening) depth++;
    else if (c === closing && --depth === 0) return k + 1;
  }
  return text.length;
}
