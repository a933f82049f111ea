// Suppression comments, the way Python linters taught users:
//   X = 1  # noqa: celery/pickle-serializer, celery/no-amqp-result-backend
//   X = 1  # noqa                      (blanket: every finding on the line)
//   X = 1  # celery-lint: disable=celery/pickle-serializer -- reason
//   # celery-lint: disable-file=celery/pickle-serializer -- reason
//   X = 1  # noqa: pickle-serializer  # type: ignore   (short names; other comments after)
// A comment may hold several directives, each read. A directive naming one of our rules that silences nothing is itself
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

// Anchored: each is tried at every `#` of a comment (directivesIn).
const NOQA = /^#\s*noqa(?::[ \t]*([^#]*))?/i;
const DIRECTIVE = /^#\s*celery-lint:\s*(disable-file|disable)\s*=\s*([^#]*)/;

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
    const found = directivesIn(body);
    for (const [i, d] of found.entries()) {
      const { ids, reason } = parseIds(d.list);
      // A directive ends where the next one in the same comment starts; the last one takes the rest of the comment.
      const next = found[i + 1];
      const end = next ? next.start : d.kind === 'noqa' ? d.start + d.length : body.length;
      out.push({
        kind: d.kind === 'disable-file' ? 'file' : 'line',
        line,
        ids,
        comment: span,
        directive: { file, start: comment.start + d.start, end: comment.start + end },
        wholeComment: found.length === 1 && d.start === 0 && (d.kind !== 'noqa' || d.length === body.length),
        ...(reason ? { reason } : {}),
      });
    }
  }
  return out;
}

interface FoundDirective {
  readonly kind: 'noqa' | 'disable' | 'disable-file';
  /** Offset in the comment of the `#` that starts it. */
  readonly start: number;
  readonly length: number;
  /** The id list as written, with any reason. */
  readonly list: string;
}

/**
 * Every directive of one comment, in order: a comment may hold several
 * (`# noqa: celery/a  # celery-lint: disable=celery/b`) and other tools'
 * (`# type: ignore  # noqa`). Each starts at a `#`; its id list stops at the next.
 */
function directivesIn(body: string): FoundDirective[] {
  const found: FoundDirective[] = [];
  for (let at = body.indexOf('#'); at >= 0; at = body.indexOf('#', at + 1)) {
    const rest = body.slice(at);
    const directive = DIRECTIVE.exec(rest);
    if (directive) {
      found.push({ kind: directive[1] as 'disable' | 'disable-file', start: at, length: directive[0].length, list: directive[2]! });
      continue;
    }
    const noqa = NOQA.exec(rest);
    if (noqa) found.push({ kind: 'noqa', start: at, length: noqa[0].length, list: noqa[1] ?? '' });
  }
  return found;
}

/** A directive inside one comment's text, for edits that extend it (the editor's "Disable for this line"). */
export interface CommentDirective {
  readonly kind: 'noqa' | 'disable' | 'disable-file';
  /** The ids as written; empty for a blanket `# noqa`. */
  readonly ids: readonly string[];
  /** Offsets in the comment of the id list, without a reason after it; undefined for a blanket `# noqa`. */
  readonly list?: { readonly start: number; readonly end: number };
}

/** The directives of one comment's text, read as the engine reads them. */
export function commentDirectives(comment: string): CommentDirective[] {
  return directivesIn(comment).map((d) => {
    const { ids } = parseIds(d.list);
    if (ids.length === 0) return { kind: d.kind, ids };
    const start = d.start + d.length - d.list.length;
    const written = (d.list.split(/\s--\s?/)[0] ?? '').trimEnd();
    return { kind: d.kind, ids, list: { start, end: start + written.length } };
  });
}

/** Diagnostics no suppression can silence: problems with the file itself or with celery-lint. */
function unsuppressible(d: Diagnostic): boolean {
  return d.ruleId === 'celery-lint/syntax-error' || d.ruleId === 'celery-lint/file-error' || d.ruleId === 'celery-lint/internal-error';
}

/**
 * The full id a directive's name stands for: a rule id, or the short name of
 * exactly one known rule (`pickle-serializer`), as flags and pyproject.toml
 * take them. Anything else (other linters' codes) is returned as written.
 */
function fullIds(known: ReadonlySet<string>): (name: string) => string {
  const byShort = new Map<string, string | null>();
  for (const id of known) {
    const short = id.slice(id.indexOf('/') + 1);
    byShort.set(short, byShort.has(short) ? null : id);
  }
  return (name) => (known.has(name) ? name : (byShort.get(name) ?? name));
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
  const fullId = fullIds(knownRules);
  const used = new Map<Suppression, Set<string>>();
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const input = byFile.get(d.file);
    const match =
      input && !unsuppressible(d)
        ? input.suppressions.find(
            (s) => (s.kind === 'file' || s.line === d.range.start.line) && (s.ids.length === 0 ? s.kind === 'line' : s.ids.some((id) => fullId(id) === d.ruleId)),
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
      const unused = s.ids.filter((written) => {
        const id = fullId(written);
        return isOurs(id) && !silenced.has(id) && (activeRules.has(id) || !knownRules.has(id));
      });
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
    // The last directive of a comment takes the blanks before it along: `# noqa: a  # celery-lint: disable=b` loses `  # celery-lint: ...`.
    const last = s.directive.end === s.comment.end;
    const start = last ? s.comment.start + input.text.slice(s.comment.start, s.directive.start).trimEnd().length : s.directive.start;
    edit = { start, end: s.directive.end, text: '' };
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
