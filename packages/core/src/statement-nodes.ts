// The statements of a module at every depth, found without visiting the
// expressions they hold. descendantsOfType() walks every node of the tree in
// WebAssembly, and a settings module is mostly the insides of its values
// (dicts, lists, calls): a walk that goes only where statements can stand
// asks for a small part of that.
import type { SyntaxNode, TreeCursor } from './parser';

/**
 * Nodes that hold statements (directly, or through a clause or a block).
 * In a tree without syntax errors the grammar puts an expression_statement
 * only in a module or a block, and a block only under these.
 */
const STATEMENT_CONTAINERS = new Set([
  'module',
  'block',
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'match_statement',
  'case_clause',
]);

/**
 * The expression statements and assignments under `root`, in document order:
 * what root.descendantsOfType(['assignment', 'expression_statement']) lists.
 * A tree with a syntax error is walked whole, since error recovery can put a
 * statement anywhere. An expression statement starting at an offset `skip`
 * holds is left out with what it holds, before any Node is made for it.
 */
export function assignmentsAndExpressionStatements(root: SyntaxNode, skip?: ReadonlySet<number>): SyntaxNode[] {
  if (root.hasError) {
    const found = root.descendantsOfType(['assignment', 'expression_statement']).filter((n): n is SyntaxNode => !!n);
    return skip ? found.filter((n) => !skip.has(n.startIndex)) : found;
  }
  const found: SyntaxNode[] = [];
  const cursor = root.walk();
  try {
    collectUnder(cursor, found, skip);
  } finally {
    cursor.delete();
  }
  return found;
}

/** Walks the children of the cursor's node (a statement container); the cursor ends where it started. */
function collectUnder(cursor: TreeCursor, found: SyntaxNode[], skip: ReadonlySet<number> | undefined): void {
  if (!cursor.gotoFirstChild()) return;
  do {
    const type = cursor.nodeType;
    if (type === 'expression_statement') {
      if (!skip?.has(cursor.startIndex)) collectStatement(cursor.currentNode, found);
    } else if (STATEMENT_CONTAINERS.has(type)) collectUnder(cursor, found, skip);
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
}

/**
 * An expression statement and the assignments in it. The grammar nests an
 * assignment only as a statement's child or as the right-hand side of an
 * assignment or augmented assignment (`a = b = c`).
 */
function collectStatement(statement: SyntaxNode, found: SyntaxNode[]): void {
  found.push(statement);
  for (const child of statement.namedChildren) {
    for (let n = child; n && (n.type === 'assignment' || n.type === 'augmented_assignment'); n = n.childForFieldName('right')) {
      if (n.type === 'assignment') found.push(n);
    }
  }
}
