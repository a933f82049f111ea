// The edits behind "Disable <rule> for this line" and "... for this file":
// they write the same comments the engine reads (core/suppressions.ts), and
// extend an existing directive instead of stacking a second one.
import { commentDirectives, commentEnd, type LineIndex, type SyntaxNode, type TextEdit } from '@celery-lint/core';

/** What these edits ask of a document's syntax. */
export interface DocumentSyntax {
  nodeAt(start: number, end?: number): SyntaxNode | null;
  firstStatement(): SyntaxNode | null;
}

const FILE_DIRECTIVE = /^#\s*celery-lint:\s*disable-file\s*=\s*([^#]*?)(\s+--.*)?$/;

/**
 * The comment that ends `line`, if any. Found through the tree so a `#`
 * inside a string is not taken for one; a comment sits last on its line.
 */
function trailingComment(text: string, syntax: DocumentSyntax, lines: LineIndex, line: number): { start: number; end: number; text: string } | undefined {
  const end = lines.lineEnd(line);
  const start = lines.lineStart(line);
  const node = syntax.nodeAt(Math.max(start, end - 1), Math.max(start, end - 1));
  if (node?.type !== 'comment') return undefined;
  const commentStop = commentEnd(text, node);
  return commentStop === end ? { start: node.startIndex, end, text: text.slice(node.startIndex, end) } : undefined;
}

/** Appends `rule` to the ids of a directive's id list, keeping any reason after it. */
function extendIds(comment: string, pattern: RegExp, rule: string): string | undefined {
  const m = pattern.exec(comment);
  if (!m) return undefined;
  const ids = m[1]!.split(/[,\s]+/).filter(Boolean);
  if (ids.includes(rule)) return comment;
  const listStart = m.index + m[0].indexOf(m[1]!, m[0].indexOf('=') + 1);
  return `${comment.slice(0, listStart)}${[...ids, rule].join(', ')}${comment.slice(listStart + m[1]!.length)}`;
}

/**
 * The rule added to a directive of the comment that already names our rules:
 * a `# celery-lint: disable=` list first, else a `# noqa:` list that names
 * one (`rule` or a short name `ours` knows). A `# noqa:` list of other tools'
 * codes only is left to them.
 */
function extendLineDirective(comment: string, rule: string, ours: (id: string) => boolean): string | undefined {
  const directives = commentDirectives(comment);
  const target = directives.find((d) => d.kind === 'disable') ?? directives.find((d) => d.kind === 'noqa' && d.ids.some(ours));
  if (!target?.list) return undefined;
  if (target.ids.includes(rule)) return comment;
  return `${comment.slice(0, target.list.start)}${[...target.ids, rule].join(', ')}${comment.slice(target.list.end)}`;
}

/**
 * `# celery-lint: disable=<rule>` at the end of the finding's first line, or
 * the rule added to a directive already there (`# celery-lint: disable=`, or
 * a `# noqa:` naming our rules). A line that ends inside a string (a
 * triple-quoted value) gets nothing: a comment there would be text.
 * `ours`: whether a name in a `# noqa:` list is one of our rules (an id or its short name).
 */
export function disableForLineEdit(text: string, lines: LineIndex, syntax: DocumentSyntax, line: number, rule: string, ours: (id: string) => boolean = isOurId): TextEdit | undefined {
  const end = lines.lineEnd(line);
  const existing = trailingComment(text, syntax, lines, line);
  if (existing) {
    const extended = extendLineDirective(existing.text, rule, ours);
    if (extended !== undefined) return { start: existing.start, end: existing.end, text: extended };
    return { start: existing.end, end: existing.end, text: `  # celery-lint: disable=${rule}` };
  }
  const inside = syntax.nodeAt(Math.max(0, end - 1), end);
  for (let n = inside; n; n = n.parent) {
    if ((n.type === 'string' || n.type === 'string_content') && n.endIndex > end) return undefined;
  }
  const code = text.slice(lines.lineStart(line), end);
  const separator = code.trim() === '' ? '' : code.endsWith(' ') ? ' ' : '  ';
  return { start: end, end, text: `${separator}# celery-lint: disable=${rule}` };
}

/** Our rule ids look like `celery/...` or `celery-lint/...`. */
function isOurId(id: string): boolean {
  return /^celery(-lint)?\//.test(id);
}

/**
 * `# celery-lint: disable-file=<rule>` near the top: added to an existing
 * file directive, else on its own line after a shebang, encoding line and
 * module docstring (so `from __future__` imports stay valid and the
 * docstring stays the docstring).
 */
export function disableForFileEdit(text: string, lines: LineIndex, syntax: DocumentSyntax, rule: string): TextEdit {
  for (let line = 0; line < Math.min(lines.lineCount, 50); line++) {
    const lineText = lines.lineText(line).trim();
    const extended = FILE_DIRECTIVE.test(lineText) ? extendIds(lineText, FILE_DIRECTIVE, rule) : undefined;
    if (extended !== undefined) {
      const start = lines.lineStart(line) + lines.lineText(line).indexOf(lineText);
      return { start, end: start + lineText.length, text: extended };
    }
  }
  let line = 0;
  while (line < lines.lineCount && line < 2 && /^#(!|.*coding[:=])/.test(lines.lineText(line))) line++;
  const first = syntax.firstStatement();
  const isDocstring = first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string';
  if (isDocstring) line = Math.max(line, lines.position(first!.endIndex).line + 1);
  const eol = /\r\n?|\n/.exec(text)?.[0] ?? '\n';
  const at = line >= lines.lineCount ? text.length : lines.lineStart(line);
  const needsBreak = at === text.length && text.length > 0 && !/[\r\n]$/.test(text);
  return { start: at, end: at, text: `${needsBreak ? eol : ''}# celery-lint: disable-file=${rule}${eol}` };
}
