// Suppression comments, the way Python linters taught users:
//   X = 1  # noqa: celery/pickle-serializer, celery/no-amqp-result-backend
//   X = 1  # noqa                      (blanket: every finding on the line)
//   X = 1  # celery-lint: disable=celery/pickle-serializer -- reason
//   # celery-lint: disable-file=celery/pickle-serializer -- reason
// A directive naming one of our rules that silences nothing is itself
// reported (celery-lint/unused-suppression), with a safe fix removing it.
import { commentEnd, type SyntaxNode } from './parser';
import type { LineIndex } from './text';
import type { Diagnostic, Severity, SourceSpan } from './types';

export const UNUSED_SUPPRESSION = 'celery-lint/unused-suppression';

export interface Suppression {
  readonly kind: 'line' | 'file';
  /** 0-based line the directive applies to (its own line). */
  readonly line: number;
  /** Rule ids named; empty for a blanket `# noqa`. */
  readonly ids: readonly string[];
  /** The whole comment. */
  readonly comment: SourceSpan;
  /** Where the directive starts inside the comment (`noqa`, `celery-lint:`). */
  readonly directive: SourceSpan;
  /** The comment holds nothing but this directive (and a reason). */
  readonly wholeComment: boolean;
  readonly reason?: string;
}

const NOQA = /#\s*noqa(?::[ \t]*([^#]*))?/i;
const DIRECTIVE = /#\s*celery-lint:\s*(disable-file|disable)\s*=\s*([^#]*)/;

/** Ids from a list like `a, b c -- reason`; the reason is split off first. */
function parseIds(text: string): { ids: string[]; reason?: string } {
  const [list, ...reason] = text.split(/\s--\s?/);
  const ids = (list ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const why = reason.join(' -- ').trim();
  return why ? { ids, reason: why } : { ids };
}

/**
 * The comments that hold a directive's word, in order: each occurrence in the
 * text is looked up in the tree, which is one WebAssembly call where walking
 * every comment of the file was a walk of the whole tree. An occurrence inside
 * a string is no comment and is skipped.
 */
function directiveComments(text: string, roots: readonly SyntaxNode[]): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  let lastStart = -1;
  for (const m of text.matchAll(/noqa|celery-lint:/gi)) {
    const root = roots.find((r) => r.startIndex <= m.index && m.index < r.endIndex);
    const node = root?.descendantForIndex(m.index, m.index + m[0].length);
    if (!node || node.type !== 'comment' || node.startIndex === lastStart) continue;
    lastStart = node.startIndex;
    found.push(node);
  }
  return found;
}

/** Reads the suppression directives of a file from its comment nodes. */
/** `roots`: the file's syntax, one tree or consecutive pieces (see analyzeFile). */
export function readSuppressions(file: string, text: string, roots: readonly SyntaxNode[], lineIndex: () => LineIndex): Suppression[] {
  if (!/noqa|celery-lint:/i.test(text)) return [];
  return suppressionsInComments(file, text, directiveComments(text, roots).map((c) => ({ start: c.startIndex, end: commentEnd(text, c) })), lineIndex);
}

/**
 * The directives among comments found by other means (a launch file's
 * reader: YAML, Dockerfile, INI and shell comments all start with `#` or `;`).
 */
export function suppressionsInComments(file: string, text: string, comments: ReadonlyArray<{ start: number; end: number }>, lineIndex: () => LineIndex): Suppression[] {
  if (comments.length === 0 || !/noqa|celery-lint:/i.test(text)) return [];
  const lines = lineIndex();
  const out: Suppression[] = [];
  for (const comment of comments) {
    // An INI `;` comment reads as a `#` one: the directive is the same.
    const body = text.slice(comment.start, comment.end).replace(/^;/, '#');
    const span = { file, start: comment.start, end: comment.end };
    const line = lines.position(comment.start).line;
    const directive = DIRECTIVE.exec(body);
    if (directive) {
      const { ids, reason } = parseIds(directive[2]!);
      out.push({
        kind: directive[1] === 'disable-file' ? 'file' : 'line',
        line,
        ids,
        comment: span,
        directive: { file, start: comment.start + directive.index, end: comment.end },
        wholeComment: directive.index === 0,
        ...(reason ? { reason } : {}),
      });
      continue;
    }
    const noqa = NOQA.exec(body);
    if (noqa) {
      const { ids, reason } = parseIds(noqa[1] ?? '');
      out.push({
        kind: 'line',
        line,
        ids,
        comment: span,
        directive: { file, start: comment.start + noqa.index, end: comment.start + noqa.index + noqa[0].length },
        wholeComment: noqa.index === 0 && noqa[0].length === body.length,
        ...(reason ? { reason } : {}),
      });
    }
  }
  return out;
}

/** Diagnostics no suppression can silence: problems with the file itself or with celery-lint. */
function unsuppressible(d: Diagnostic): boolean {
  return d.ruleId === 'celery-lint/syntax-error' || d.ruleId === 'celery-lint/file-error' || d.ruleId === 'celery-lint/internal-error';
}

/** Our rule ids look like `celery/...` or `celery-lint/...`; other linters' codes (F401, E501) are not ours to judge. */
function isOurs(id: string): boolean {
  return /^celery(-lint)?\//.test(id);
}

export interface SuppressionInput {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly suppressions: readonly Suppression[];
}

/**
 * Drops suppressed diagnostics and adds one `unused-suppression` finding per
 * directive that names a running rule (or no rule at all: a typo) but
 * silences nothing on its line (or in its file).
 */
export function applySuppressions(
  diagnostics: readonly Diagnostic[],
  files: readonly SuppressionInput[],
  activeRules: ReadonlySet<string>,
  knownRules: ReadonlySet<string>,
  severity: Severity,
): Diagnostic[] {
  const byFile = new Map(files.filter((f) => f.suppressions.length > 0).map((f) => [f.file, f]));
  if (byFile.size === 0) return [...diagnostics];
  const used = new Map<Suppression, Set<string>>();
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const input = byFile.get(d.file);
    const match =
      input && !unsuppressible(d)
        ? input.suppressions.find(
            (s) => (s.kind === 'file' || s.line === d.range.start.line) && (s.ids.length === 0 ? s.kind === 'line' : s.ids.includes(d.ruleId)),
          )
        : undefined;
    if (!match) {
      kept.push(d);
      continue;
    }
    const ids = used.get(match) ?? new Set<string>();
    ids.add(d.ruleId);
    used.set(match, ids);
  }
  if (!activeRules.has(UNUSED_SUPPRESSION)) return kept;
  for (const input of byFile.values()) {
    for (const s of input.suppressions) {
      const silenced = used.get(s) ?? new Set<string>();
      // A rule that is not running (deselected) may need its directive elsewhere: only judge running or unknown ones.
      const unused = s.ids.filter((id) => isOurs(id) && !silenced.has(id) && (activeRules.has(id) || !knownRules.has(id)));
      if (unused.length === 0) continue;
      kept.push(unusedFinding(input, s, unused, knownRules, severity));
    }
  }
  return kept;
}

function unusedFinding(input: SuppressionInput, s: Suppression, unused: readonly string[], known: ReadonlySet<string>, severity: Severity): Diagnostic {
  const allUnused = unused.length === s.ids.length;
  const unknown = unused.filter((id) => !known.has(id));
  const message = unknown.length
    ? `Suppression names ${unknown.map((id) => `'${id}'`).join(', ')}, which is not a celery-lint rule.`
    : `Unused suppression: no ${unused.join(', ')} finding ${s.kind === 'file' ? 'in this file' : 'on this line'}.`;
  const span = s.directive;
  let edit: { start: number; end: number; text: string };
  if (allUnused && s.wholeComment) {
    // Remove the comment and the blanks before it; a comment alone on its line takes the line with it.
    const lineStart = input.lines.lineStart(s.line);
    const before = input.text.slice(lineStart, s.comment.start);
    if (before.trim() === '') {
      const next = input.lines.lineStart(s.line + 1);
      edit = { start: lineStart, end: next > lineStart ? next : s.comment.end, text: '' };
    } else {
      const trimmed = before.replace(/\s+$/, '');
      edit = { start: lineStart + trimmed.length, end: s.comment.end, text: '' };
    }
  } else if (allUnused) {
    edit = { start: s.directive.start, end: s.directive.end, text: '' };
  } else {
    const keep = s.ids.filter((id) => !unused.includes(id));
    const original = input.text.slice(s.directive.start, s.directive.end);
    const prefix = /^#\s*(noqa:|celery-lint:\s*disable(?:-file)?\s*=)\s*/i.exec(original)?.[0] ?? '';
    const reason = s.reason ? ` -- ${s.reason}` : '';
    const trailing = /\s*$/.exec(original)?.[0] ?? '';
    edit = { start: s.directive.start, end: s.directive.end, text: `${prefix}${keep.join(', ')}${reason}${trailing}` };
  }
  return {
    ruleId: UNUSED_SUPPRESSION,
    messageId: unknown.length ? 'unknownRule' : 'unused',
    severity,
    message,
    file: input.file,
    span,
    range: input.lines.range(span),
    fix: { file: input.file, edits: [edit], safety: 'safe' },
  };
}
