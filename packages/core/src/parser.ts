// The one place that knows which tree-sitter binding we use (design.md, "Parser").
// web-tree-sitter keeps trees in WebAssembly memory that the garbage collector
// cannot see, so every Tree must be deleted by whoever owns it.
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Edit, Node, Point, Range, Tree, TreeCursor } from 'web-tree-sitter';

export type { Edit, Node as SyntaxNode, Range, Tree, TreeCursor };

let parser: Parser | undefined;
let loading: Promise<Parser> | undefined;

export interface ParserOptions {
  /**
   * A directory holding `tree-sitter.wasm` and `tree-sitter-python.wasm`. A
   * bundle (the VS Code extension) has no node_modules to resolve them from.
   */
  readonly wasmDirectory?: string;
}

async function load(options: ParserOptions): Promise<Parser> {
  const dir = options.wasmDirectory;
  // Emscripten turns the options object into the module itself, which is how we reach its heap below.
  const binding: Record<string, unknown> = dir ? { locateFile: (name: string) => path.join(dir, name) } : {};
  await Parser.init(binding);
  if (!process.env.CELERY_LINT_PLAIN_MARSHALLING) directHeapAccess(binding);
  const grammar = dir ? path.join(dir, 'tree-sitter-python.wasm') : require.resolve('tree-sitter-python/tree-sitter-python.wasm');
  const language = await Language.load(grammar);
  const created = new Parser();
  created.setLanguage(language);
  return created;
}

type HeapAccess = (ptr: number, value: number, type?: string) => unknown;

/**
 * web-tree-sitter copies every node and cursor it hands out through a small
 * shared buffer, one 32-bit word at a time, with Emscripten's generic
 * setValue/getValue: a switch on a type name and a DataView call per word.
 * That glue was a third of the time spent reading trees. On little-endian
 * hosts (every platform Node runs on today) a 32-bit word is the same in the
 * typed heap view, so those two calls go straight to it; every other type
 * still takes Emscripten's path. Returns whether the shortcut is on.
 */
export function directHeapAccess(binding: Record<string, unknown>): boolean {
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const setValue = binding['setValue'];
  const getValue = binding['getValue'];
  if (!littleEndian || typeof setValue !== 'function' || typeof getValue !== 'function' || !(binding['HEAP32'] instanceof Int32Array)) return false;
  const set = setValue as HeapAccess;
  const get = getValue as (ptr: number, type?: string) => unknown;
  // HEAP32 is read on each call: the module replaces the view when WebAssembly memory grows.
  binding['setValue'] = (ptr: number, value: number, type?: string): unknown => {
    if (type === 'i32') {
      (binding['HEAP32'] as Int32Array)[ptr >> 2] = value;
      return undefined;
    }
    return set(ptr, value, type);
  };
  binding['getValue'] = (ptr: number, type?: string): unknown => (type === 'i32' ? (binding['HEAP32'] as Int32Array)[ptr >> 2] : get(ptr, type));
  return true;
}

let location: ParserOptions = {};

/**
 * Where initParser() loads the grammar from when it is not told, set without
 * loading anything: a release bundle says where its .wasm files are when it
 * starts, and the CLI loads the grammar once it knows which WebAssembly
 * compiler the run wants (V8 fixes that when the module is compiled).
 */
export function locateParser(options: ParserOptions): void {
  location = options;
}

/** Loads the grammar once per process; later calls return the same parser. */
export async function initParser(options: ParserOptions = location): Promise<void> {
  if (parser) return;
  loading ??= load(options);
  parser = await loading;
}

export function isParserReady(): boolean {
  return parser !== undefined;
}

function requireParser(): Parser {
  if (!parser) throw new Error('celery-lint: initParser() must complete before parsing.');
  return parser;
}

/**
 * Parses Python source. The caller owns the returned tree and must delete() it.
 * Pass an edited previous tree to reparse incrementally, and `includedRanges`
 * to parse only part of the text (positions stay those of the whole text).
 */
export function parse(text: string, oldTree?: Tree, includedRanges?: Range[]): Tree {
  const seen = asGrammarReads(text);
  const tree = requireParser().parse(seen, oldTree ?? null, includedRanges ? { includedRanges } : undefined);
  if (!tree) throw new Error('celery-lint: the parser returned no tree.');
  // Nodes read their text from the source as written, not the grammar's copy.
  if (seen !== text && !retarget(tree, text)) {
    tree.delete();
    throw new Error('celery-lint: this web-tree-sitter cannot point a tree at its source text.');
  }
  return tree;
}

/**
 * Parses [start, end) of `text` as a file of its own and moves the tree to
 * where that part stands (`startPosition` is the row and column of `start`):
 * offsets, rows and node text are those of the whole text.
 *
 * Not a parse over an included range: there the grammar's first token
 * carries everything before the range as its leading whitespace, and
 * tree-sitter's error recovery prices skipping a token by its whole size,
 * whitespace included. A broken part was read one way at offset 353 and
 * another at offset 395, so the editor, which moves a part's tree when an
 * edit above it changes its offset, and the CLI, which parses it where it
 * ends up, disagreed on what it holds (issue 15, seed 3302). Parsed alone, a
 * part reads the same wherever it stands, and moving its tree is exact.
 */
export function parsePart(text: string, start: number, end: number, startPosition: Point): Tree {
  const seen = asGrammarReads(text);
  const tree = requireParser().parse(start === 0 && end === seen.length ? seen : seen.slice(start, end));
  if (!tree) throw new Error('celery-lint: the parser returned no tree.');
  if (start > 0) {
    // An insertion before the first token shifts every node and changes none.
    const origin = { row: 0, column: 0 };
    tree.edit({ startIndex: 0, oldEndIndex: 0, newEndIndex: start, startPosition: origin, oldEndPosition: origin, newEndPosition: startPosition });
  }
  // Nodes read their text from the whole source as written, at the moved offsets.
  if (!retarget(tree, text)) {
    tree.delete();
    throw new Error('celery-lint: this web-tree-sitter cannot point a tree at its source text.');
  }
  return tree;
}

/**
 * The text as tree-sitter-python must see it to split lines where CPython
 * does. CPython ends a line at \n, \r\n or a bare \r (its tokenizer reads
 * source with universal newlines); the grammar knows only \n and \r\n, so
 * a bare \r ran a comment, a string or a statement on into the next line.
 * A bare \r is shown to it as \n: one code unit for one, so every offset
 * holds, and its rows count the lines LineIndex (and an editor) counts.
 */
export function asGrammarReads(text: string): string {
  // One text is parsed piece by piece (statement-recovery.ts, PiecewiseSyntax): the same answer each time.
  if (text === lastRead.text) return lastRead.seen;
  const seen = text.includes('\r') ? text.replace(BARE_CR, '\n') : text;
  lastRead = { text, seen };
  return seen;
}

let lastRead = { text: '', seen: '' };

const BARE_CR = /\r(?!\n)/g;

/**
 * Where a comment ends. The grammar's comment token runs to the \n, so on a
 * \r\n line it takes the \r too; CPython's comment ends before it.
 */
export function commentEnd(text: string, node: Node): number {
  const end = node.endIndex;
  return end > node.startIndex && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/**
 * Points a tree at the text it now describes. web-tree-sitter reads a node's
 * `text` through the string the tree was parsed from; a tree that edit()
 * moved without a reparse (a piece after the one an edit landed in) would
 * read the old string at the new offsets. Returns false when this
 * web-tree-sitter keeps no such reference, and the caller must reparse.
 */
export function retarget(tree: Tree, text: string): boolean {
  const holder = tree as unknown as { textCallback?: unknown };
  if (typeof holder.textCallback !== 'function') return false;
  holder.textCallback = (index: number) => text.slice(index);
  return true;
}

/**
 * A comment or a backslash line continuation: the grammar lets both appear
 * between any two tokens, as named nodes, so `[1, \\<newline> 2]` has three
 * named children. Whoever reads children as operands skips these.
 */
export function isExtra(node: Node): boolean {
  const type = node.type;
  return type === 'comment' || type === 'line_continuation';
}

/** Parses, hands the tree to `use`, and always frees it. */
export function withTree<T>(text: string, use: (tree: Tree) => T): T {
  const tree = parse(text);
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

/**
 * ERROR and MISSING nodes under `root`, in document order, up to `limit`.
 * Only subtrees that contain an error are entered, so a clean file costs one check.
 */
export function syntaxErrorNodes(root: Node, limit = Infinity): Node[] {
  const found: Node[] = [];
  if (!root.hasError) return found;
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      const isProblem = node.isError || node.isMissing;
      if (isProblem) {
        found.push(node);
        if (found.length >= limit) break;
      }
      if (!isProblem && node.hasError && cursor.gotoFirstChild()) continue;
      let moved = cursor.gotoNextSibling();
      while (!moved && cursor.gotoParent()) moved = cursor.gotoNextSibling();
      if (!moved) break;
    }
  } finally {
    cursor.delete();
  }
  return found;
}
