// The one place that knows which tree-sitter binding we use (design.md, "Parser").
// web-tree-sitter keeps trees in WebAssembly memory that the garbage collector
// cannot see, so every Tree must be deleted by whoever owns it.
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Edit, Node, Tree, TreeCursor } from 'web-tree-sitter';

export type { Edit, Node as SyntaxNode, Tree, TreeCursor };

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
  await Parser.init(dir ? { locateFile: (name: string) => path.join(dir, name) } : undefined);
  const grammar = dir ? path.join(dir, 'tree-sitter-python.wasm') : require.resolve('tree-sitter-python/tree-sitter-python.wasm');
  const language = await Language.load(grammar);
  const created = new Parser();
  created.setLanguage(language);
  return created;
}

/** Loads the grammar once per process; later calls return the same parser. */
export async function initParser(options: ParserOptions = {}): Promise<void> {
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
 * Pass an edited previous tree to reparse incrementally.
 */
export function parse(text: string, oldTree?: Tree): Tree {
  const tree = requireParser().parse(text, oldTree ?? null);
  if (!tree) throw new Error('celery-lint: the parser returned no tree.');
  return tree;
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
