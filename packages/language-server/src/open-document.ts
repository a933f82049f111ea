// One document open in the editor: its text as the client sees it, kept in
// step with incremental changes, and a syntax tree that follows by
// tree-sitter's incremental reparse (edit the old tree, reparse against it,
// delete the old one) instead of a parse from scratch on every keystroke.
import { LineIndex, parse, type Edit, type Tree } from '@celery-lint/core';

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

export class OpenDocument {
  private currentText: string;
  private index: LineIndex | undefined;
  private tree: Tree | undefined;
  /** The tree has been edited but not reparsed. */
  private stale = false;

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

  get lineIndex(): LineIndex {
    this.index ??= new LineIndex(this.currentText);
    return this.index;
  }

  /** Applies changes in order, as LSP requires, moving the tree along with the text. */
  applyChanges(changes: readonly ContentChange[], version: number): void {
    for (const change of changes) {
      if (!('range' in change)) {
        this.replaceAll(change.text);
        continue;
      }
      const lines = this.lineIndex;
      const start = lines.offset(change.range.start);
      const end = Math.max(start, lines.offset(change.range.end));
      if (this.tree) {
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
        this.tree.edit(edit);
        this.stale = true;
      }
      this.currentText = this.currentText.slice(0, start) + change.text + this.currentText.slice(end);
      this.index = undefined;
    }
    this.version = version;
  }

  private replaceAll(text: string): void {
    this.currentText = text;
    this.index = undefined;
    this.tree?.delete();
    this.tree = undefined;
    this.stale = false;
  }

  /** The tree for the current text, reparsed incrementally when edits are pending. Owned by this document. */
  syntaxTree(): Tree {
    if (!this.tree) {
      this.tree = parse(this.currentText);
    } else if (this.stale) {
      const next = parse(this.currentText, this.tree);
      this.tree.delete();
      this.tree = next;
    }
    this.stale = false;
    return this.tree;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }
}
