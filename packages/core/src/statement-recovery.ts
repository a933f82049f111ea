// Recovery from an unclosed bracket (or triple-quoted string): typing
// `CELERY_BEAT_SCHEDULE = {`, or deleting a `]`, makes the rest of the file
// one unfinished expression to Python and to tree-sitter, and every finding
// below it would vanish until the bracket closes. A line at column 0 that
// starts a statement (`NAME = ...`, `def`, `import`, a decorator, a call)
// is where the user meant a new statement to begin: the text is cut there and
// each part is parsed on its own, so only the broken statement is lost.
//
// The cuts are a function of the text alone, found by a lexical scan
// (brackets, strings, comments, backslash continuations): the CLI parses the
// parts between them, and the language server's pieces (PiecewiseSyntax)
// keep them as piece boundaries, so both read a broken file the same way.
// Only text that does not parse is cut: a valid file is never touched.
import { parse, parsePart, type Tree } from './parser';
import { LineIndex } from './text';

/** Words that start a line without starting a statement: a clause of the statement above, an operator, a value. */
const NOT_A_STATEMENT = new Set(['else', 'elif', 'except', 'finally', 'case', 'and', 'or', 'not', 'in', 'is', 'lambda', 'None', 'True', 'False', 'await', 'yield']);
/** Compound statements whose keyword also appears inside expressions (`x if y else z`, comprehensions): only with their colon. */
const CLAUSE_KEYWORD = new Set(['if', 'for', 'while', 'with']);
/** Keywords that start a statement at column 0. */
const STATEMENT_KEYWORD = /^(?:def|class|try|import|from|async|return|raise|assert|del|global|nonlocal|pass|break|continue)\b/;
/** A target (`NAME`, `a.b`, `x['k']`) followed by an assignment, an annotation or a call. */
const TARGET_THEN = /^[A-Za-z_]\w*(?:[ \t]*(?:\.[ \t]*[A-Za-z_]\w*|\[[^\r\n\]]*\]))*[ \t]*(?:=(?!=)|[-+*\/%&|^@]=|\/\/=|\*\*=|>>=|<<=|:(?!=)|\()/;

/** Where scanning more than this many times the text's length stops looking for cuts (pathological input). */
const SCAN_BUDGET = 4;

/** The code of the line starting at `start`, without its comment or line break. */
function lineCode(text: string, start: number): string {
  let end = start;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  const line = text.slice(start, end);
  const hash = line.indexOf('#');
  return (hash === -1 ? line : line.slice(0, hash)).trimEnd();
}

/**
 * Whether the line at `start` (a line start) starts a statement the way
 * recovery needs: at column 0, a keyword, a decorator, or a target followed
 * by `=`, `:` or `(`; never a line ending in a comma (an item of the open
 * bracket, a keyword argument).
 */
export function startsStatement(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  if (!(c === 64 /* @ */ || c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  const code = lineCode(text, start);
  if (code.endsWith(',') || code.endsWith('\\')) return false;
  if (c === 64) return true;
  const word = /^[A-Za-z_]\w*/.exec(code)![0];
  if (NOT_A_STATEMENT.has(word)) return false;
  if (CLAUSE_KEYWORD.has(word)) return code.endsWith(':');
  return STATEMENT_KEYWORD.test(code) || TARGET_THEN.test(code);
}

/** Lexical state at the start of a line. */
export interface LineState {
  readonly offset: number;
  /** Open brackets. */
  readonly depth: number;
  /** Inside a triple-quoted string. */
  readonly inString: boolean;
  /** The line before ended with a backslash. */
  readonly continued: boolean;
  /**
   * The last code before this line (comments and blank lines skipped) can end
   * a statement: a name, a number, a string or a closing bracket. After an
   * operator, a dot or a word like `and` or `import`, tree-sitter's grammar
   * reads on past the line break (`X = os.` and `DEBUG = 1` on the next line
   * are one clean assignment to it, though Python refuses them), so cutting
   * there would read the text otherwise than the whole.
   */
  readonly afterEnd: boolean;
}

/** Words after which tree-sitter's grammar wants more, and reads a line break as a space. */
const WANTS_MORE = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'lambda', 'await', 'from', 'import', 'as', 'del', 'assert', 'with', 'for', 'while', 'def', 'class', 'global', 'nonlocal', 'async', 'print', 'exec', 'except', 'try', 'finally']);

function isWordChar(c: number): boolean {
  return c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}

interface ScanResult {
  /** Offset of the outermost bracket or string still open at the end, or -1. */
  readonly unclosedAt: number;
  /** What is open at the end is a triple-quoted string (outside any bracket). */
  readonly stringOpen: boolean;
}

/**
 * Scans [start, end) as Python's tokenizer would, with nothing open at
 * `start`, calling `atLine` for each line start after `start`.
 */
function scan(text: string, start: number, end: number, atLine: (state: LineState) => void): ScanResult {
  const stack: number[] = [];
  let i = start;
  let stringStart = -1;
  let quote = 0;
  let triple = false;
  let lastEmpty = -1; // the offset where the stack last became (or started) empty
  let continued = false;
  // The last code character outside comments, and where the word it ends (if any) started.
  let lastCode = -1;
  let wordStart = -1;
  const afterEnd = (): boolean => {
    if (lastCode === -1) return true;
    const c = text.charCodeAt(lastCode);
    if (c === 41 || c === 93 || c === 125 || c === 34 || c === 39) return true;
    return isWordChar(c) && !WANTS_MORE.has(text.slice(wordStart, lastCode + 1));
  };
  const lineStart = (at: number) => atLine({ offset: at, depth: stack.length, inString: stringStart !== -1, continued, afterEnd: afterEnd() });
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      const next = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      // A one-line string ends at the line break (the tokenizer reports it unterminated).
      if (stringStart !== -1 && !triple) stringStart = -1;
      if (next < end) lineStart(next);
      continued = false;
      i = next;
      continue;
    }
    if (stringStart !== -1) {
      if (c === 92 /* \ */) {
        i += text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
        continue;
      }
      if (c === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) {
        i += triple ? 3 : 1;
        stringStart = -1;
        lastCode = i - 1;
        continue;
      }
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (c === 92 && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) {
      continued = true;
      i++;
      continue;
    }
    if (c === 34 || c === 39) {
      lastCode = i;
      quote = c;
      triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      stringStart = i;
      i += triple ? 3 : 1;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) {
      if (stack.length === 0) lastEmpty = i;
      stack.push(c === 40 ? 41 : c === 91 ? 93 : 125);
    } else if (c === 41 || c === 93 || c === 125) {
      // A closer that matches no open bracket is the tokenizer's error; it closes the nearest matching one, if any.
      const at = stack.lastIndexOf(c);
      if (at !== -1) stack.length = at;
    }
    if (c !== 32 && c !== 9 && c !== 12) {
      if (isWordChar(c) && !(lastCode === i - 1 && isWordChar(text.charCodeAt(i - 1)))) wordStart = i;
      lastCode = i;
    }
    continued = false;
    i++;
  }
  if (stack.length > 0) return { unclosedAt: lastEmpty, stringOpen: false };
  if (stringStart !== -1 && triple) return { unclosedAt: stringStart, stringOpen: true };
  return { unclosedAt: -1, stringOpen: false };
}

/**
 * Offsets of the line starts where parsing restarts in a text whose
 * brackets (or a triple-quoted string) never close: for each, the first
 * line after the unclosed opening that starts a statement at column 0.
 * Empty for text whose brackets all close.
 */
export function recoveryCuts(text: string, start = 0, end = text.length): number[] {
  const cuts: number[] = [];
  let budget = SCAN_BUDGET * (end - start) + 1;
  for (let from = start; from < end && budget > 0; ) {
    const candidates: LineState[] = [];
    const result = scan(text, from, end, (state) => {
      if (!state.continued && (state.depth > 0 || state.inString) && startsStatement(text, state.offset)) candidates.push(state);
    });
    budget -= end - from;
    if (result.unclosedAt === -1) break;
    // Inside an unclosed bracket, a string that closes again is no place to cut; after an unclosed string, it is.
    const cut = candidates.find((c) => c.offset > result.unclosedAt && (result.stringOpen || !c.inString));
    if (cut === undefined) break;
    cuts.push(cut.offset);
    from = cut.offset;
  }
  return cuts;
}

/**
 * For each boundary (sorted line starts), whether the text may be cut there
 * without changing how the rest reads: a recovery cut, or a line at column 0
 * with nothing open before it that is no clause of the statement above (not
 * `else:`, not a closing bracket) and follows no decorator.
 */
export function soundBoundaries(text: string, boundaries: readonly number[], cuts: readonly number[]): boolean[] {
  const sound = boundaries.map((b) => cuts.includes(b));
  let next = 0;
  const segments = [0, ...cuts, text.length];
  for (let s = 0; s + 1 < segments.length; s++) {
    scan(text, segments[s]!, segments[s + 1]!, (state) => {
      while (next < boundaries.length && boundaries[next]! < state.offset) next++;
      if (boundaries[next] !== state.offset || sound[next]) return;
      sound[next] = state.depth === 0 && !state.inString && !state.continued && state.afterEnd && opensCleanly(text, state.offset);
    });
  }
  return sound;
}

/** The first code line at or after `at` is at column 0, starts no clause of the statement above, and no decorator precedes it. */
function opensCleanly(text: string, at: number): boolean {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (i >= text.length) return true;
    if (c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 35) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 12) {
      let j = i;
      while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 12) j++;
      const d = text.charCodeAt(j);
      if (j < text.length && d !== 10 && d !== 13 && d !== 35) return false;
      i = j;
      continue;
    }
    break;
  }
  const c = text.charCodeAt(i);
  if (c === 41 || c === 93 || c === 125) return false;
  const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 16))?.[0];
  if (word === 'else' || word === 'elif' || word === 'except' || word === 'finally') return false;
  // A decorator belongs to what follows it.
  return !previousCode(text, at).startsWith('@');
}

/** The code of the last line before `at` (a line start) that has any, or ''. */
function previousCode(text: string, at: number): string {
  let end = at;
  while (end > 0) {
    let start = end - 1;
    if (text.charCodeAt(start) === 10 && text.charCodeAt(start - 1) === 13) start--;
    while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
    const code = lineCode(text, start).trim();
    if (code !== '') return code;
    end = start;
  }
  return '';
}

/**
 * A part that does not parse is cut at each of its statements only up to
 * this many lines: past it, parsing statement by statement costs more than
 * it isolates (a 9.5 MB file would be parsed 250,000 times), and the part is
 * read whole, as tree-sitter recovers.
 */
export const STATEMENT_CUT_MAX_LINES = 5_000;

/** Lines of [start, end): line breaks in it, plus one. */
export function linesIn(text: string, start: number, end: number): number {
  let lines = 1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  return lines;
}

/**
 * The parts between recovery cuts (the whole text when there is none) that
 * are cut at each statement when they do not parse: the ones of at most
 * STATEMENT_CUT_MAX_LINES lines. Sorted [start, end) pairs.
 */
export function statementCutSpans(text: string, cuts: readonly number[]): Array<{ start: number; end: number; small: boolean }> {
  const bounds = [0, ...cuts, text.length];
  const spans: Array<{ start: number; end: number; small: boolean }> = [];
  for (let i = 0; i + 1 < bounds.length; i++) spans.push({ start: bounds[i]!, end: bounds[i + 1]!, small: linesIn(text, bounds[i]!, bounds[i + 1]!) <= STATEMENT_CUT_MAX_LINES });
  return spans;
}

/**
 * Parses Python source, cut at recovery points when the whole does not
 * parse: the trees of consecutive parts, in order, each parsed alone and
 * placed at its range of the text (parsePart: offsets stay those of the
 * whole, and a part reads the same wherever it stands). A part that still does not
 * parse is cut again at each of its top-level statements (statementCuts;
 * parts of at most STATEMENT_CUT_MAX_LINES lines), so what tree-sitter's
 * error recovery makes of a broken statement never reaches past it: the
 * editor cuts the same way (PiecewiseSyntax), whatever pieces an edit
 * history left it with. The caller owns the trees.
 */
export function parseRecovering(text: string): Tree[] {
  const whole = parse(text);
  if (!whole.rootNode.hasError) return [whole];
  const cuts = recoveryCuts(text);
  const lines = new LineIndex(text);
  const spans = statementCutSpans(text, cuts);
  const parts: Array<{ start: number; end: number; small: boolean; tree: Tree }> = [];
  if (cuts.length === 0) parts.push({ ...spans[0]!, tree: whole });
  else {
    whole.delete();
    for (const span of spans) parts.push({ ...span, tree: parseRange(text, lines, span.start, span.end) });
  }
  const inner = statementCuts(text, parts.filter((p) => p.small && p.tree.rootNode.hasError), cuts);
  const trees: Tree[] = [];
  for (const part of parts) {
    const within = inner.filter((at) => at > part.start && at < part.end);
    if (within.length === 0) {
      trees.push(part.tree);
      continue;
    }
    part.tree.delete();
    const edges = [part.start, ...within, part.end];
    for (let i = 0; i + 1 < edges.length; i++) trees.push(parseRange(text, lines, edges[i]!, edges[i + 1]!));
  }
  return trees;
}

/**
 * The line starts inside `ranges` where the text may be cut without
 * changing how the rest reads (soundBoundaries): where each top-level
 * statement begins. `cuts` are the recovery cuts of the text; sorted.
 */
export function statementCuts(text: string, ranges: ReadonlyArray<{ readonly start: number; readonly end: number }>, cuts: readonly number[]): number[] {
  const starts: number[] = [];
  for (const { start, end } of [...ranges].sort((a, b) => a.start - b.start)) {
    for (let i = start; i < end - 1; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
  }
  if (starts.length === 0) return starts;
  const sound = soundBoundaries(text, starts, cuts);
  return starts.filter((_, i) => sound[i]);
}

/** Parses [start, end) of `text` on its own (parsePart: the same wherever it stands); positions stay those of the whole text. */
export function parseRange(text: string, lines: LineIndex, start: number, end: number): Tree {
  const s = lines.position(start);
  return parsePart(text, start, end, { row: s.line, column: s.character });
}
