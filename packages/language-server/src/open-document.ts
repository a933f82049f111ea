// One document open in the editor: its text as the client sees it, kept in
// step with incremental changes, and its syntax, which follows by
// tree-sitter's incremental reparse (edit the old tree, reparse against it,
// delete the old one) of only the piece of the file an edit lands in
// (core's PiecewiseSyntax) instead of a parse from scratch on every keystroke.
import { isUtf8 } from 'node:buffer';
import { decodeSource, launchFileKind, LineIndex, MAX_FILE_BYTES, PiecewiseSyntax, readRegularFile, sizeProblem, type Edit, type SyntaxNode, type Tree } from '@celery-lint/core';

/** An LSP content change: a range and its replacement, or the whole text. */
export type ContentChange =
  | { readonly range: { readonly start: Position; readonly end: Position }; readonly text: string }
  | { readonly text: string };

interface Position {
  readonly line: number;
  readonly character: number;
}

/** Row and column (UTF-16 units, as web-tree-sitter counts for string input) after `text`, starting from `from`. */
function advance(from: { row: number; column: number }, text: string): { row: number; column: number } {
  let { row, column } = from;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      row++;
      column = 0;
    } else if (c !== 13) column++;
  }
  return { row, column };
}

/** The size check of the CLI, on the editor's text; only a text near the limit is measured byte by byte. */
function sizeError(text: string): string | undefined {
  // A UTF-16 unit is at most three UTF-8 bytes.
  if (text.length * 3 <= MAX_FILE_BYTES) return undefined;
  return sizeProblem(Buffer.byteLength(text, 'utf8'));
}

/** A content change that cannot apply to the document: it is refused whole. */
export class InvalidChangeError extends Error {}

function isPosition(p: unknown): p is Position {
  const { line, character } = (p ?? {}) as Partial<Position>;
  return Number.isSafeInteger(line) && Number.isSafeInteger(character) && line! >= 0 && character! >= 0;
}

/**
 * The range of a change, checked against a document of `lineCount` lines. A
 * character past the end of its line means the line's end (LSP says so); a
 * line past the last is allowed only as the end of the document (the line
 * after the last, at character 0, as some clients send for "to the end").
 */
function checkedRange(range: unknown, lineCount: number, where: string): { start: Position; end: Position } {
  const { start, end } = (range ?? {}) as { start?: unknown; end?: unknown };
  if (!isPosition(start) || !isPosition(end)) throw new InvalidChangeError(`${where} has a range that is not two positions of non-negative integers`);
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) {
    throw new InvalidChangeError(`${where} has a range that ends (${end.line}:${end.character}) before it starts (${start.line}:${start.character})`);
  }
  for (const p of [start, end]) {
    if (p.line > lineCount || (p.line === lineCount && p.character > 0)) {
      throw new InvalidChangeError(`${where} names line ${p.line + 1}, past the end of the document (${lineCount} lines)`);
    }
  }
  return { start, end };
}

export class OpenDocument {
  private currentText: string;
  private index: LineIndex | undefined;
  private syntax: PiecewiseSyntax | undefined;
  /** Set when the file on disk is not UTF-8: the CLI does not lint it, so neither does the editor. */
  private encodingProblem: string | undefined;
  private sizeChecked: { readonly text: string; readonly problem: string | undefined } | undefined;
  private launchChecked: { readonly text: string; readonly launch: boolean } | undefined;

  constructor(
    readonly uri: string,
    /** Absolute file path the engine names this document by. */
    readonly path: string,
    public version: number,
    text: string,
  ) {
    this.currentText = text;
  }

  get text(): string {
    return this.currentText;
  }

  /**
   * Why the CLI would not lint this file (larger than its limit, or not
   * UTF-8 on disk), or undefined. Such a document is neither parsed nor linted.
   */
  get fileError(): string | undefined {
    if (this.sizeChecked?.text !== this.currentText) this.sizeChecked = { text: this.currentText, problem: sizeError(this.currentText) };
    return this.encodingProblem ?? this.sizeChecked.problem;
  }

  /** Reads the file's bytes on disk again (on open and whenever the file changes or is saved). */
  checkEncoding(): void {
    this.encodingProblem = undefined;
    // Not on disk (yet), not a regular file or too large: the editor's text is all there is.
    const onDisk = readRegularFile(this.path, MAX_FILE_BYTES);
    if (!onDisk.ok) return;
    // Most files are UTF-8, and checking is a thousand times quicker than decoding (0.5 ms against 270 ms for 9 MB).
    if (isUtf8(onDisk.bytes)) return;
    const read = decodeSource(onDisk.bytes);
    if (!read.ok) this.encodingProblem = read.message;
  }

  /**
   * A Dockerfile, Compose file, manifest, Procfile, supervisor or systemd
   * unit, or script: linted by the launch readers, never parsed as Python (no
   * hover, completion or Python comment edits). YAML and INI files are told
   * by what they hold, so the answer follows the text.
   */
  get isLaunchFile(): boolean {
    if (this.launchChecked?.text !== this.currentText) this.launchChecked = { text: this.currentText, launch: launchFileKind(this.path, this.currentText) !== undefined };
    return this.launchChecked.launch;
  }

  get lineIndex(): LineIndex {
    this.index ??= new LineIndex(this.currentText);
    return this.index;
  }

  /**
   * Applies changes in order, as LSP requires, moving the tree along with the
   * text. A change the client could not have meant (text that is not a
   * string, a position that is not a pair of non-negative integers, a line
   * past the end, a range that ends before it starts) throws an
   * InvalidChangeError before anything is applied: the last good text stays.
   */
  applyChanges(changes: readonly ContentChange[], version: number): void {
    const steps = this.plan(changes);
    for (const step of steps) {
      if (step.edit === undefined) {
        this.replaceAll(step.text);
        continue;
      }
      this.syntax?.edit(step.edit, step.text);
      this.currentText = step.text;
      this.index = undefined;
    }
    this.version = version;
  }

  /** The text after each change, and the tree edit that gets there (none for a whole-text change). */
  private plan(changes: readonly ContentChange[]): Array<{ text: string; edit?: Edit }> {
    if (!Array.isArray(changes)) throw new InvalidChangeError('contentChanges is not a list');
    const steps: Array<{ text: string; edit?: Edit }> = [];
    let text = this.currentText;
    let lines: LineIndex | undefined = this.index;
    for (const [i, change] of changes.entries()) {
      const where = changes.length > 1 ? `change ${i + 1} of ${changes.length}` : 'the change';
      if (typeof change !== 'object' || change === null || typeof change.text !== 'string') throw new InvalidChangeError(`${where} has no text`);
      if (!('range' in change) || change.range === undefined) {
        text = change.text;
        lines = undefined;
        steps.push({ text });
        continue;
      }
      lines ??= new LineIndex(text);
      const { start: from, end: to } = checkedRange(change.range, lines.lineCount, where);
      const start = lines.offset(from);
      const end = lines.offset(to);
      const next = text.slice(0, start) + change.text + text.slice(end);
      const startPosition = lines.position(start);
      const oldEndPosition = lines.position(end);
      const startPoint = { row: startPosition.line, column: startPosition.character };
      const edit: Edit = {
        startIndex: start,
        oldEndIndex: end,
        newEndIndex: start + change.text.length,
        startPosition: startPoint,
        oldEndPosition: { row: oldEndPosition.line, column: oldEndPosition.character },
        newEndPosition: advance(startPoint, change.text),
      };
      steps.push({ text: next, edit });
      text = next;
      lines = undefined;
    }
    return steps;
  }

  private replaceAll(text: string): void {
    this.currentText = text;
    this.index = undefined;
    this.syntax?.delete();
    this.syntax = undefined;
  }

  /** The trees of the current text (pieces of it, in order), reparsed where edits are pending. Owned by this document. */
  syntaxTrees(): Tree[] {
    return this.pieces().trees(this.lineIndex);
  }

  /** The smallest node covering [start, end). */
  nodeAt(start: number, end = start): SyntaxNode | null {
    return this.pieces().nodeAt(start, end, this.lineIndex);
  }

  /** Parsed on first use: a document only opened and closed is never parsed. */
  private pieces(): PiecewiseSyntax {
    this.syntax ??= new PiecewiseSyntax(this.currentText);
    return this.syntax;
  }

  /** The module's first statement (a docstring, say). */
  firstStatement(): SyntaxNode | null {
    return this.syntaxTrees()[0]?.rootNode.firstNamedChild ?? null;
  }

  dispose(): void {
    this.syntax?.delete();
    this.syntax = undefined;
  }
}
