// A call statement `receiver.method(args)`, taken apart once. The binder and
// each interpreter it offers the call to ask the same questions of it, and
// every question to a tree-sitter Node is a WebAssembly call.
import { isExtra, type SyntaxNode } from './parser';

export interface MethodCall {
  readonly node: SyntaxNode;
  /** The called attribute (`receiver.method`). */
  readonly fn: SyntaxNode;
  readonly method: string | undefined;
  readonly receiver: SyntaxNode | null;
  readonly args: readonly SyntaxNode[];
  /** Arguments that are neither keyword arguments nor splats. */
  readonly positional: readonly SyntaxNode[];
  /** A keyword argument's value. */
  keyword(name: string): SyntaxNode | null;
}

/** `fn`: the call's function, an attribute. */
export function methodCall(node: SyntaxNode, fn: SyntaxNode): MethodCall {
  const method = fn.childForFieldName('attribute')?.text;
  const receiver = fn.childForFieldName('object');
  const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && !isExtra(a));
  const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat');
  const keyword = (name: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? null;
  return { node, fn, method, receiver, args, positional, keyword };
}
