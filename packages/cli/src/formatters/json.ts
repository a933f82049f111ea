// ESLint's JSON formatter shape, so tools that read ESLint output read ours.
// Each fix says whether it is safe or unsafe (`applicability`, as in Ruff's
// JSON); only fixes this run would apply count as fixable. A file that was
// fixed carries its new text in `output`, as ESLint's does.
import type { Diagnostic, Fix } from '@celery-lint/core';
import type { FileResult } from '../lint-run';

interface EslintFix {
  range: [number, number];
  text: string;
}

export interface JsonOptions {
  /** `--unsafe-fixes`: unsafe fixes count as fixable. */
  readonly unsafeFixes: boolean;
}

/** ESLint fixes are one range + text: several edits become one replacement spanning them. */
export function mergeFix(fix: Fix, source: string): EslintFix {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  const start = edits[0]!.start;
  const end = edits[edits.length - 1]!.end;
  let text = '';
  let at = start;
  for (const e of edits) {
    text += source.slice(at, e.start) + e.text;
    at = e.end;
  }
  return { range: [start, end], text };
}

export function eslintMessage(d: Diagnostic, source: string | undefined) {
  return {
    ruleId: d.ruleId,
    severity: d.severity === 'error' ? 2 : 1,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    ...(d.fatal ? { fatal: true } : {}),
    ...(d.fix && source !== undefined ? { fix: { ...mergeFix(d.fix, source), applicability: d.fix.safety } } : {}),
    ...(d.suggestions?.length && source !== undefined
      ? { suggestions: d.suggestions.map((s) => ({ messageId: s.messageId, desc: s.message, fix: mergeFix(s.fix, source) })) }
      : {}),
  };
}

export function formatJson(results: readonly FileResult[], options: JsonOptions = { unsafeFixes: false }): string {
  return [...jsonChunks(results, options)].join('');
}

/** About how many characters each piece of jsonChunks() holds. */
const CHUNK = 1 << 20;

/**
 * formatJson()'s text in pieces, each made when the one before has been
 * taken: a report over a 100,000-file tree, made whole, held its objects, its
 * string and the bytes written at once, ~50 MB at the very end of the run
 * and the run's peak. The pieces joined are exactly the whole (JSON.stringify
 * of an array is its items' joined by commas).
 */
export function* jsonChunks(results: readonly FileResult[], options: JsonOptions = { unsafeFixes: false }): Generator<string> {
  const applicable = (d: Diagnostic) => d.fix !== undefined && (options.unsafeFixes || d.fix.safety === 'safe');
  let chunk = '[';
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    const messages = r.diagnostics.map((d) => eslintMessage(d, r.source));
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
    const entry = {
      filePath: r.filePath,
      messages,
      suppressedMessages: [],
      errorCount: errors.length,
      fatalErrorCount: r.diagnostics.filter((d) => d.fatal).length,
      warningCount: warnings.length,
      fixableErrorCount: errors.filter(applicable).length,
      fixableWarningCount: warnings.filter(applicable).length,
      ...(r.fixed !== undefined ? { output: r.fixed } : {}),
    };
    chunk += (i > 0 ? ',' : '') + JSON.stringify(entry);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]`;
}
