// The differential run in words: agreement per category and per feature of
// the generator (issue 13's items), and each class of disagreement with one
// example (the case's Python files and both answers), for the test's output
// and for the status file the engine's owners work from.
import { featuresOf, type Case } from './cases';
import type { Comparison } from './compare';
import type { RenderedCase } from './render';

const rate = (part: number, whole: number): string => `${((100 * part) / Math.max(whole, 1)).toFixed(2)}%`;

export interface Tally {
  total: number;
  agree: number;
  unknownByEnvironment: number;
}

export function tallies(comparisons: readonly Comparison[], key: (c: Comparison) => string[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const c of comparisons) {
    for (const k of key(c)) {
      const row = out.get(k) ?? { total: 0, agree: 0, unknownByEnvironment: 0 };
      row.total++;
      if (c.agree) row.agree++;
      if (c.unknownByEnvironment) row.unknownByEnvironment++;
      out.set(k, row);
    }
  }
  return out;
}

export function table(title: string, rows: Map<string, Tally>): string[] {
  const lines = [title];
  for (const [name, r] of [...rows].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const unknown = r.unknownByEnvironment ? `  (${r.unknownByEnvironment} "may be": the deployment's environment decides)` : '';
    lines.push(`  ${name.padEnd(34)} ${String(r.agree).padStart(6)} / ${String(r.total).padEnd(6)} ${rate(r.agree, r.total).padStart(8)}${unknown}`);
  }
  return lines;
}

/** How many cases agree on every comparison. */
export function casesAgreeing(ids: readonly string[], comparisons: readonly Comparison[]): number {
  const wrong = new Set(comparisons.filter((c) => !c.agree).map((c) => c.caseId));
  return ids.filter((id) => !wrong.has(id)).length;
}

/** A disagreement's class: its category and subject with case-specific keys folded. */
export function classOf(c: Comparison): string {
  const subject = c.subject.replace(/^key \S+ via (\S+)(.*)$/, (_m, via: string, rest: string) => `key via ${via}${rest}`);
  return `${c.category}: ${subject}`;
}

export function describe(c: Comparison): string {
  return `  [${c.caseId}] ${c.subject}\n      print-config: ${c.engine}\n      celery:       ${c.celery}`;
}

export function example(c: Comparison, rendered: RenderedCase): string {
  const files = Object.entries(rendered.files).map(([rel, text]) => `# --- ${rel}\n${text}`).join('');
  const env = rendered.case.env ? `# deployment environment: ${JSON.stringify(rendered.case.env)}\n` : '';
  return `case ${c.caseId} (${featuresOf(rendered.case).join(', ')}): ${c.subject}\n\n\`\`\`python\n${env}${files}\`\`\`\n\nprint-config: \`${c.engine}\`\n\ncelery: \`${c.celery}\`\n`;
}

/** Markdown: per-class disagreements, most frequent first, one example each. */
export function statusReport(version: string, cases: number, comparisons: readonly Comparison[], rendered: ReadonlyMap<string, RenderedCase>, label: (c: Comparison, k: Case) => string): string {
  const wrong = comparisons.filter((c) => !c.agree);
  const classes = new Map<string, Comparison[]>();
  for (const c of wrong) {
    const k = `${classOf(c)} [${label(c, rendered.get(c.caseId)!.case)}]`;
    classes.set(k, [...(classes.get(k) ?? []), c]);
  }
  const out = [`## Celery ${version}: ${cases} cases, ${comparisons.length} comparisons, ${wrong.length} disagreements\n`];
  for (const [name, list] of [...classes].sort((a, b) => b[1].length - a[1].length)) {
    const features = new Map<string, number>();
    for (const c of list) for (const f of featuresOf(rendered.get(c.caseId)!.case)) features.set(f, (features.get(f) ?? 0) + 1);
    const common = [...features].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([f, n]) => `${f} ${n}`).join(', ');
    out.push(`### ${name}: ${list.length} (cases: ${[...new Set(list.map((c) => c.caseId))].length}; features: ${common})\n`);
    out.push(example(list[0]!, rendered.get(list[0]!.caseId)!));
  }
  return out.join('\n');
}
