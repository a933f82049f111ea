// Applies text edits the way ESLint's source-code-fixer does: sorted by
// position, a fix that overlaps one already taken waits for the next pass.
import type { Diagnostic, Fix, TextEdit } from './types';

export interface RuleFix extends Fix {
  readonly ruleId: string;
}

/** The fixes of one file that the current mode may apply, in report order. */
export function fixableFixes(diagnostics: readonly Diagnostic[], file: string, unsafe: boolean): RuleFix[] {
  const out: RuleFix[] = [];
  for (const d of diagnostics) {
    if (d.file !== file || !d.fix) continue;
    if (d.fix.safety === 'unsafe' && !unsafe) continue;
    out.push({ ruleId: d.ruleId, file: d.fix.file, edits: d.fix.edits });
  }
  return out;
}

function bounds(fix: Fix): { start: number; end: number } {
  return {
    start: Math.min(...fix.edits.map((e) => e.start)),
    end: Math.max(...fix.edits.map((e) => e.end)),
  };
}

/** Applies non-overlapping fixes; returns the new text and the fixes left for a later pass. */
export function applyFixesToText<F extends Fix>(text: string, fixes: readonly F[]): { text: string; applied: F[]; skipped: F[] } {
  const ordered = fixes.filter((f) => f.edits.length > 0).map((f) => ({ fix: f, ...bounds(f) }));
  ordered.sort((a, b) => a.start - b.start || a.end - b.end);
  const applied: F[] = [];
  const skipped: F[] = [];
  const edits: TextEdit[] = [];
  const seenEdits = new Set<string>();
  let lastEnd = -1;
  for (const { fix, start, end } of ordered) {
    const key = JSON.stringify(fix.edits);
    if (seenEdits.has(key)) continue; // two findings proposing the same edit
    // Two inserts at one point have no defined order, so the second waits too.
    if (start < lastEnd || (start === lastEnd && start === end)) {
      skipped.push(fix);
      continue;
    }
    seenEdits.add(key);
    applied.push(fix);
    edits.push(...fix.edits);
    lastEnd = end;
  }
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, applied, skipped };
}
