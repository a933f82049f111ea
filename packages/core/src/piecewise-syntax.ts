// The syntax of a long file an editor keeps changing, as consecutive pieces
// that are parsed on their own (design.md, "Parser"). tree-sitter's
// incremental reparse still visits every top-level statement of a file, so a
// keystroke in a 3,000-line settings module cost as much as 25 ms in
// WebAssembly. Cut at top-level statements, the file becomes pieces of a few
// dozen lines; a keystroke reparses the piece it lands in (edit + reparse of
// that piece's old tree) and only moves the others. Each piece is parsed as a
// file of its own and placed at its range of the whole text (parsePart), so
// every node keeps its offset in the file and a moved piece reads as a fresh
// parse where it now stands.
import { parse, parsePart, retarget, type Edit, type SyntaxNode, type Tree } from './parser';
import { recoveryCuts, soundBoundaries, statementCuts, statementCutSpans } from './statement-recovery';
import { LineIndex } from './text';

/** Lines per piece when a file is cut: small enough to reparse in well under a millisecond. */
const PIECE_LINES = 40;
/** Files shorter than this stay one tree: cutting them gains nothing. */
const MIN_LINES_TO_CUT = 4 * PIECE_LINES;

interface Piece {
  start: number;
  end: number;
  /** Undefined for a piece just joined from others: it is parsed afresh. */
  tree: Tree | undefined;
  /** Edited (or joined) since the last parse. */
  stale: boolean;
  /** Parsed over a range of the text (false: the whole file's own tree). */
  readonly ranged: boolean;
}

export class PiecewiseSyntax {
  private text: string;
  private pieces: Piece[];
  private lines: LineIndex | undefined;

  constructor(text: string) {
    this.text = text;
    this.pieces = this.build(parse(text));
  }

  /** Records one edit (already applied to `text`, which is the whole new text). */
  edit(change: Edit, text: string): void {
    const edit = widenedPastCarriageReturn(change, this.text);
    this.text = text;
    this.lines = undefined;
    const delta = edit.newEndIndex - edit.oldEndIndex;
    const pieces = this.pieces;
    // The pieces the edit touches; a pure insertion at a boundary belongs to the piece it starts.
    let first = pieces.findIndex((p) => p.end > edit.startIndex);
    if (first === -1) first = pieces.length - 1;
    let last = first;
    while (last + 1 < pieces.length && pieces[last + 1]!.start < edit.oldEndIndex) last++;
    for (let i = first; i < pieces.length; i++) pieces[i]!.tree?.edit(edit);
    const touched = last > first ? this.merge(first, last) : pieces[first]!;
    touched.end += delta;
    touched.stale = true;
    for (let i = first + 1; i < pieces.length; i++) {
      const moved = pieces[i]!;
      moved.start += delta;
      moved.end += delta;
      if (moved.tree && !retarget(moved.tree, text)) moved.stale = true;
    }
  }

  /**
   * The trees of the current text, in order; stale pieces are reparsed first.
   * Owned by this object. `lines`: an index of the current text the caller has.
   */
  trees(lines?: LineIndex): Tree[] {
    if (lines) this.lines = lines;
    this.refreshStale();
    if (this.pieces.some((p) => p.tree!.rootNode.hasError)) this.recover();
    return this.pieces.map((p) => p.tree!);
  }

  private refreshStale(): void {
    for (let i = 0; i < this.pieces.length; i++) {
      if (this.pieces[i]!.stale) i = this.refresh(i);
    }
  }

  /**
   * While the text does not parse, its pieces are cut the way the CLI cuts
   * it (statement-recovery.ts): at every recovery cut, and elsewhere only
   * where nothing is left open, so an unclosed bracket costs its own
   * statement and a bracket closed again joins what it spans. A piece that
   * still does not parse is then cut at each of its top-level statements, as
   * the CLI cuts a part that does not parse: where the earlier edits had
   * cut the file must not change what tree-sitter's error recovery makes of
   * the text around a broken statement.
   */
  private recover(): void {
    const cuts = recoveryCuts(this.text);
    const sound = soundBoundaries(this.text, this.pieces.slice(1).map((p) => p.start), cuts);
    for (let k = sound.length - 1; k >= 0; k--) if (!sound[k]) this.merge(k, k + 1);
    for (const cut of cuts) {
      const i = this.pieces.findIndex((p) => p.start < cut && cut < p.end);
      if (i === -1) continue;
      const piece = this.pieces[i]!;
      piece.tree?.delete();
      this.pieces.splice(i, 1, { start: piece.start, end: cut, tree: undefined, stale: true, ranged: true }, { start: cut, end: piece.end, tree: undefined, stale: true, ranged: true });
    }
    // These boundaries are the CLI's (soundBoundaries vouched for the rest): parsed as they stand, never joined
    // again by refresh()'s quicker test, which takes a backslash ending a comment for a continued line.
    this.parseStaleAsCut();
    // A long part that does not parse is read whole, as the CLI reads it (STATEMENT_CUT_MAX_LINES).
    const spans = statementCutSpans(this.text, cuts);
    const large = spans.filter((span) => !span.small && this.pieces.some((p) => p.start >= span.start && p.end <= span.end && p.tree!.rootNode.hasError));
    for (const span of large) {
      const first = this.pieces.findIndex((p) => p.start === span.start);
      const last = this.pieces.findIndex((p) => p.end === span.end);
      if (first !== -1 && last > first) this.merge(first, last);
    }
    if (large.length > 0) this.parseStaleAsCut();
    const small = (p: Piece) => spans.some((span) => span.small && p.start >= span.start && p.end <= span.end);
    const inner = statementCuts(this.text, this.pieces.filter((p) => p.tree!.rootNode.hasError && small(p)), cuts);
    for (let i = this.pieces.length - 1; i >= 0; i--) {
      const piece = this.pieces[i]!;
      const within = inner.filter((at) => at > piece.start && at < piece.end);
      if (within.length === 0) continue;
      piece.tree?.delete();
      const edges = [piece.start, ...within, piece.end];
      const parts: Piece[] = [];
      for (let k = 0; k + 1 < edges.length; k++) parts.push({ start: edges[k]!, end: edges[k + 1]!, tree: undefined, stale: true, ranged: true });
      this.pieces.splice(i, 1, ...parts);
    }
    this.parseStaleAsCut();
  }

  /** Parses every stale piece afresh over its own range, joining none. */
  private parseStaleAsCut(): void {
    for (let i = 0; i < this.pieces.length; i++) {
      const piece = this.pieces[i]!;
      if (!piece.stale) continue;
      piece.tree?.delete();
      this.pieces[i] = piece.ranged ? this.parsePiece(piece.start, piece.end) : { ...piece, tree: parse(this.text), stale: false };
    }
  }

  /** The smallest node covering [start, end). */
  nodeAt(start: number, end = start, lines?: LineIndex): SyntaxNode | null {
    const trees = this.trees(lines);
    let i = this.pieces.findIndex((p) => start < p.end);
    if (i === -1) i = trees.length - 1;
    return trees[i]!.rootNode.descendantForIndex(start, end);
  }

  /** How the file is cut right now (for tests and measurements). */
  get pieceCount(): number {
    return this.pieces.length;
  }

  delete(): void {
    for (const p of this.pieces) p.tree?.delete();
    this.pieces = [];
  }

  private lineIndex(): LineIndex {
    this.lines ??= new LineIndex(this.text);
    return this.lines;
  }

  /**
   * Cuts a whole-file tree into pieces, or keeps it whole: short files, files
   * with syntax errors (their top level is not a list of statements), and
   * top-level statements sharing a line (`a = 1; b = 2`) are not cut there.
   */
  private build(whole: Tree): Piece[] {
    const keep = (): Piece[] => [{ start: 0, end: this.text.length, tree: whole, stale: false, ranged: false }];
    const lines = this.lineIndex();
    if (lines.lineCount < MIN_LINES_TO_CUT || whole.rootNode.hasError) return keep();
    const cuts = cutPoints(whole.rootNode, lines);
    if (cuts.length === 0) return keep();
    whole.delete();
    return this.parseBetween([0, ...cuts, this.text.length]);
  }

  /** One piece between each two consecutive offsets. */
  private parseBetween(bounds: readonly number[]): Piece[] {
    const pieces: Piece[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) pieces.push(this.parsePiece(bounds[i]!, bounds[i + 1]!));
    return pieces;
  }

  /**
   * A piece parsed afresh is parsed as a file of its own (parsePart), as the
   * CLI parses its parts, so its tree reads the same after edits above it
   * have moved it. Reusing an old tree, it is reparsed over its range: the
   * caller keeps that tree only when it parses cleanly, and a clean parse
   * has no error recovery to weigh where the piece stands.
   */
  private parsePiece(start: number, end: number, old?: Tree): Piece {
    const lines = this.lineIndex();
    const at = lines.position(start);
    const tree = old ? parse(this.text, old, [rangeOf(lines, start, end)]) : parsePart(this.text, start, end, { row: at.line, column: at.character });
    return { start, end, tree, stale: false, ranged: true };
  }

  /**
   * Reparses piece `i` and checks that it still stands on its own: it must
   * end with a line break (a joined line belongs to the next piece too) and
   * start at column 0 (an indented line continues the piece before). When it
   * does not, it is joined with that neighbour and parsed again. Returns the
   * index of the last piece it refreshed.
   */
  private refresh(i: number): number {
    for (;;) {
      const piece = this.pieces[i]!;
      if (i < this.pieces.length - 1 && !endsLine(this.text, piece.end)) {
        this.merge(i, i + 1);
        continue;
      }
      if (i > 0 && !startsAtColumnZero(this.text, piece.start, piece.end)) {
        this.merge(i - 1, i);
        i--;
        continue;
      }
      const old = piece.tree;
      const parseIt = (reuse?: Tree): Piece => (piece.ranged ? this.parsePiece(piece.start, piece.end, reuse) : { ...piece, tree: parse(this.text, reuse), stale: false });
      let fresh = parseIt(old);
      if (old && fresh.tree!.rootNode.hasError) {
        // Error recovery that starts from an old tree can read the text otherwise than a fresh parse (the CLI's) does.
        fresh.tree!.delete();
        fresh = parseIt();
      }
      old?.delete();
      this.pieces[i] = fresh;
      if (fresh.tree!.rootNode.hasError) return i;
      if (!fresh.ranged) {
        // A whole file that parses cleanly again is cut into pieces.
        this.pieces = this.build(fresh.tree!);
        return this.pieces.length - 1;
      }
      // A piece that has grown by joining is cut again once it parses cleanly.
      const lines = this.lineIndex();
      if (lines.position(fresh.end).line - lines.position(fresh.start).line > 4 * PIECE_LINES) return this.recut(i);
      return i;
    }
  }

  /** Cuts piece `i` at its own top-level statements; returns the index of the last part. */
  private recut(i: number): number {
    const piece = this.pieces[i]!;
    const cuts = cutPoints(piece.tree!.rootNode, this.lineIndex()).filter((c) => c > piece.start && c < piece.end);
    if (cuts.length === 0) return i;
    piece.tree!.delete();
    const parts = this.parseBetween([piece.start, ...cuts, piece.end]);
    this.pieces.splice(i, 1, ...parts);
    return i + parts.length - 1;
  }

  /** Joins pieces first..last into one stale piece, to be parsed afresh over their range. */
  private merge(first: number, last: number): Piece {
    const joined = this.pieces.slice(first, last + 1);
    for (const p of joined) p.tree?.delete();
    const piece: Piece = { start: joined[0]!.start, end: joined[joined.length - 1]!.end, tree: undefined, stale: true, ranged: joined.every((p) => p.ranged) };
    this.pieces.splice(first, joined.length, piece);
    return piece;
  }
}

/**
 * The grammar reads a bare \r as a line break and the \r of \r\n as part of
 * one (see asGrammarReads): an edit just after a \r can turn one into the
 * other (a \n typed after it, the \n of \r\n deleted), changing what the
 * grammar saw one code unit before the edit. Such an edit is taken to start
 * at that \r, so the reparse reads it again.
 */
function widenedPastCarriageReturn(edit: Edit, before: string): Edit {
  const start = edit.startIndex;
  if (start === 0 || before.charCodeAt(start - 1) !== 13) return edit;
  let lineStart = start - 1;
  while (lineStart > 0 && before.charCodeAt(lineStart - 1) !== 10 && before.charCodeAt(lineStart - 1) !== 13) lineStart--;
  // Between \r and \n the edit's row is the \r's own; after a bare \r it is the next one.
  const row = before.charCodeAt(start) === 10 ? edit.startPosition.row : edit.startPosition.row - 1;
  return { ...edit, startIndex: start - 1, startPosition: { row, column: start - 1 - lineStart } };
}

function rangeOf(lines: LineIndex, start: number, end: number) {
  const s = lines.position(start);
  const e = lines.position(end);
  return { startIndex: start, endIndex: end, startPosition: { row: s.line, column: s.character }, endPosition: { row: e.line, column: e.character } };
}

/** Offsets of line starts where a new top-level statement begins, about PIECE_LINES apart. */
function cutPoints(root: SyntaxNode, lines: LineIndex): number[] {
  const cuts: number[] = [];
  const cursor = root.walk();
  try {
    if (!cursor.gotoFirstChild()) return cuts;
    let lastCutLine = lines.position(root.startIndex).line;
    let previousEndLine = -1;
    do {
      const startLine = cursor.startPosition.row;
      const isStatement = cursor.nodeIsNamed && cursor.nodeType !== 'comment';
      if (isStatement && cursor.startPosition.column === 0 && startLine > previousEndLine && startLine - lastCutLine >= PIECE_LINES) {
        cuts.push(lines.lineStart(startLine));
        lastCutLine = startLine;
      }
      if (isStatement) previousEndLine = cursor.endPosition.row;
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
  return cuts;
}

function endsLine(text: string, end: number): boolean {
  const c = text.charCodeAt(end - 1);
  if (c !== 10 && c !== 13) return false;
  // A backslash before the break joins the next line to this one.
  const before = text.charCodeAt(c === 10 && text.charCodeAt(end - 2) === 13 ? end - 3 : end - 2);
  return before !== 92;
}

/** Whether the piece's first line of code (blank and comment lines skipped) starts at column 0. */
function startsAtColumnZero(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 35) {
      // A comment line: skip to its end.
      while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 12) {
      // Indented: fine only if the line is blank or a comment.
      let j = i;
      while (j < end && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 12)) j++;
      const next = text.charCodeAt(j);
      if (j < end && next !== 10 && next !== 13 && next !== 35) return false;
      i = j;
      continue;
    }
    return true;
  }
  return true;
}
