// The one diagnostic a file with a syntax error gets. It is reported apart
// from the readers: they read whatever parses, and this says where that stops.
import { isExtra, syntaxErrorNodes, type SyntaxNode } from './parser';
import type { LineIndex } from './text';
import type { Diagnostic } from './types';

/** One diagnostic for the first syntax error: precise enough to find, quiet enough not to flood. */
export function syntaxDiagnostics(file: string, root: SyntaxNode | undefined, lineIndex: () => LineIndex): Diagnostic[] {
  if (!root) return [];
  const found = syntaxErrorNodes(root, 1)[0];
  if (!found && !root.hasError) return [];
  const lines = lineIndex();
  const node = found ?? root;
  const start = errorStart(node);
  const span = { file, start, end: node.isMissing ? start : Math.min(node.endIndex, lines.lineEnd(lines.position(start).line)) };
  const shown = node.text.slice(start - node.startIndex);
  const message = node.isMissing
    ? `Syntax error: expected '${node.type}' here. Settings after this point may be missed.`
    : `Syntax error: celery-lint cannot parse this${node.endIndex > start ? ` ('${truncate(shown)}')` : ''}. Findings below cover only the parts that parse.`;
  return [
    {
      ruleId: 'celery-lint/syntax-error',
      messageId: 'syntaxError',
      severity: 'error',
      message,
      file,
      span,
      range: lines.range(span),
      fatal: true,
    },
  ];
}

/**
 * Where an error starts: an ERROR node that tree-sitter opened before the
 * comments leading up to the broken code (a whole file it cannot parse is
 * one ERROR from offset 0) starts at its first code, the line Python names.
 */
function errorStart(node: SyntaxNode): number {
  if (!node.isError) return node.startIndex;
  let first = node.firstChild;
  while (first && isExtra(first) && first.nextSibling) first = first.nextSibling;
  return first ? first.startIndex : node.startIndex;
}

function truncate(text: string): string {
  const line = text.split(/\r\n?|\n/)[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
