// `--diff`: what --fix would change, as a unified diff per file.
import * as path from 'node:path';
import type { FileResult } from '../lint-run';

/** A minimal line diff (longest common subsequence), enough for the small edits fixes make. */
function diffLines(before: string[], after: string[]): Array<{ op: ' ' | '-' | '+'; line: string }> {
  const n = before.length;
  const m = after.length;
  // Trim the common head and tail first: fixes touch a few lines of large files.
  let head = 0;
  while (head < n && head < m && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && before[n - 1 - tail] === after[m - 1 - tail]) tail++;
  const a = before.slice(head, n - tail);
  const b = after.slice(head, m - tail);
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const out: Array<{ op: ' ' | '-' | '+'; line: string }> = before.slice(0, head).map((line) => ({ op: ' ' as const, line }));
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: ' ', line: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || table[i + 1]![j]! >= table[i]![j + 1]!)) out.push({ op: '-', line: a[i++]! });
    else out.push({ op: '+', line: b[j++]! });
  }
  out.push(...before.slice(n - tail).map((line) => ({ op: ' ' as const, line })));
  return out;
}

/** A text's lines with their line breaks kept: the last may have none. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** `start,count` as unified diffs write it: an empty range names the line before it. */
function range(linesBefore: number, count: number): string {
  return `${count === 0 ? linesBefore : linesBefore + 1},${count}`;
}

/**
 * A unified diff that `git apply` and `patch -p1` accept: lines are compared
 * with their line breaks, and a last line without one is marked
 * "\ No newline at end of file".
 */
export function unifiedDiff(name: string, before: string, after: string, context = 3): string {
  const lines = diffLines(linesOf(before), linesOf(after));
  const changed = lines.map((l, i) => (l.op !== ' ' ? i : -1)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const out = [`--- a/${name}\n`, `+++ b/${name}\n`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(lines.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) {
      k++;
      end = Math.min(lines.length, changed[k]! + context + 1);
    }
    k++;
    const hunk = lines.slice(start, end);
    const oldBefore = lines.slice(0, start).filter((l) => l.op !== '+').length;
    const newBefore = lines.slice(0, start).filter((l) => l.op !== '-').length;
    out.push(`@@ -${range(oldBefore, hunk.filter((l) => l.op !== '+').length)} +${range(newBefore, hunk.filter((l) => l.op !== '-').length)} @@\n`);
    for (const l of hunk) out.push(l.line.endsWith('\n') ? `${l.op}${l.line}` : `${l.op}${l.line}\n\\ No newline at end of file\n`);
  }
  return out.join('');
}

export function formatDiff(results: readonly FileResult[], cwd: string): string {
  return results
    .filter((r) => r.fixed !== undefined && r.original !== undefined && r.fixed !== r.original)
    .map((r) => unifiedDiff(path.relative(cwd, r.filePath).split(path.sep).join('/'), r.original!, r.fixed!))
    .join('');
}
