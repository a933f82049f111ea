// The nodes the usage reader can learn something from, found through the
// words that name them instead of a walk over every call of the module: a
// call says something only through its method's name (`.delay`, `.get`) or a
// function imported as Celery's chord or signature, a result attribute through
// its name (`.status`), a chord through a `|`. Each word of the text is looked
// up in the tree, where a walk made a Node (and asked its function) for each
// of the thousands of calls a views or tasks module holds.
import type { SyntaxNode, Tree } from '../parser';

export interface UsageWords {
  /** `x.METHOD(...)`: the calls. */
  readonly methods: ReadonlySet<string>;
  /** `FUNCTION(...)`: the calls. */
  readonly functions: ReadonlySet<string>;
  /** `x.ATTRIBUTE`: the attributes. */
  readonly attributes: ReadonlySet<string>;
  /** `a | b`: the binary operators. */
  readonly pipes: boolean;
}

const ASCII_NAME = /^[A-Za-z_]\w*$/;

/**
 * The calls, attributes and `|` operators that `words` name, in document
 * order (a node before the nodes inside it), as a walk over those kinds
 * would meet them; undefined when a word is no ASCII name, which the word
 * search below could miss inside a longer non-ASCII identifier.
 */
export function usageNodes(text: string, trees: readonly Tree[], words: UsageWords): SyntaxNode[] | undefined {
  const names = [...words.methods, ...words.functions, ...words.attributes];
  if (!names.every((n) => ASCII_NAME.test(n))) return undefined;
  const found: SyntaxNode[] = [];
  const nodeAt = (start: number, end: number): SyntaxNode | undefined => {
    const tree = trees.find((t) => t.rootNode.startIndex <= start && end <= t.rootNode.endIndex);
    return tree?.rootNode.descendantForIndex(start, end) ?? undefined;
  };
  // A word inside a string or a comment, or part of a longer name, finds no identifier of its own span.
  if (names.length > 0) {
    for (const match of text.matchAll(new RegExp(`\\b(?:${names.join('|')})\\b`, 'g'))) {
      const start = match.index;
      const end = start + match[0].length;
      const id = nodeAt(start, end);
      if (!id || id.type !== 'identifier' || id.startIndex !== start || id.endIndex !== end) continue;
      const node = nodeNamedBy(id, match[0], words);
      if (node) found.push(node);
    }
  }
  if (words.pipes) {
    for (let at = text.indexOf('|'); at >= 0; at = text.indexOf('|', at + 1)) {
      const operator = nodeAt(at, at + 1);
      if (operator?.type !== '|' || operator.startIndex !== at) continue;
      const parent = operator.parent;
      if (parent?.type === 'binary_operator') found.push(parent);
    }
  }
  // Document order: by start, and an enclosing node (which ends later) before the nodes it holds.
  return found.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

/** The call or attribute an identifier names as a method, a function or an attribute, if it is one of those. */
function nodeNamedBy(id: SyntaxNode, word: string, words: UsageWords): SyntaxNode | undefined {
  const parent = id.parent;
  if (!parent) return undefined;
  if (parent.type === 'call') {
    return words.functions.has(word) && parent.childForFieldName('function')?.startIndex === id.startIndex ? parent : undefined;
  }
  if (parent.type !== 'attribute' || parent.childForFieldName('attribute')?.startIndex !== id.startIndex) return undefined;
  if (words.attributes.has(word)) return parent;
  if (!words.methods.has(word)) return undefined;
  const call = parent.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.startIndex === parent.startIndex ? call : undefined;
}
