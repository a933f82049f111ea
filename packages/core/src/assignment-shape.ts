// Reading `NAME = value` lines without asking the tree: most lines of a
// settings file are this, and every question to a tree-sitter Node is a
// WebAssembly call. The binder reads offsets here and finds the value's node
// only if something evaluates the name (test/assignment-shape checks the
// shortcut against the tree over every file we ship).
import type { SyntaxNode } from './parser';
import { isAsciiNameChar, isAsciiNameStart } from './python-tokens';

/**
 * The key and value offsets of an expression statement that is plainly
 * `NAME = value`, read from its text without asking the tree: most lines of a
 * settings file are this, and every question to the tree is a WebAssembly
 * call. Anything the text alone cannot settle (chained or keyword `=`, a value
 * that may be a call, a line continuation, a non-ASCII name) is undefined, and
 * the caller reads the tree. Read by character: it runs for every line.
 */
export function simpleAssignmentShape(text: string, start: number, end: number): { keyEnd: number; valueStart: number } | undefined {
  let i = start;
  if (i >= end || !isAsciiNameStart(text.charCodeAt(i))) return undefined;
  while (i < end && isAsciiNameChar(text.charCodeAt(i))) i++;
  const keyEnd = i;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  // '=' but not '=='.
  if (i >= end || text.charCodeAt(i) !== 61 || text.charCodeAt(i + 1) === 61) return undefined;
  i++;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const valueStart = i;
  if (valueStart >= end) return undefined;
  const first = text.charCodeAt(valueStart);
  // '\\', '#', line breaks: the value does not start here.
  if (first === 92 || first === 35 || first === 10 || first === 13) return undefined;
  if (text.charCodeAt(end - 1) === 41 /* ')' */) return undefined;
  for (let j = valueStart; j < end; j++) if (text.charCodeAt(j) === 61) return undefined;
  return { keyEnd, valueStart };
}

/** The outermost node under `container` covering exactly [start, end): an assignment's right-hand side. */
export function expressionAt(container: SyntaxNode, start: number, end: number): SyntaxNode | undefined {
  // The smallest node spanning the range is the expression: in Python's grammar no visible node
  // in expression position wraps a single child of the same extent (test/assignment-shape checks
  // this over every file we ship).
  const node = container.descendantForIndex(start, end);
  return node && node.startIndex === start && node.endIndex === end ? node : undefined;
}
