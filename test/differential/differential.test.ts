// Differential test: celery-lint's engine against the real Celery installed
// here (Debian's python3-celery, through /usr/bin/python3 and oracle.py) on
// generated configurations. Prints the agreement rate per category and every
// disagreement; fails when agreement drops below the documented expectation
// or a disagreement appears that is neither a documented version difference
// nor a known, reported engine bug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Category, Comparison } from './compare';
import { EXPECTED, KNOWN_ENGINE_BUGS, knownBugOf, versionDifferenceOf } from './expectations';
import { runDifferential } from './run';

function rate(part: number, whole: number): string {
  return `${((100 * part) / Math.max(whole, 1)).toFixed(2)}%`;
}

function describe(c: Comparison): string {
  return `  [${c.caseId}] ${c.subject}\n      engine: ${c.engine}\n      celery: ${c.celery}`;
}

test('the engine agrees with real Celery on generated configurations', { timeout: 10 * 60_000 }, async () => {
  const run = await runDifferential(EXPECTED.cases);
  assert.ok(run.cases >= 1000, `only ${run.cases} cases`);
  const comparisons = run.comparisons;

  const categories = new Map<Category, { total: number; agree: number; version: number }>();
  const unexplained: Comparison[] = [];
  const versionDiffs: Comparison[] = [];
  const bugs: Comparison[] = [];
  for (const c of comparisons) {
    const row = categories.get(c.category) ?? { total: 0, agree: 0, version: 0 };
    row.total++;
    if (c.agree) row.agree++;
    else if (versionDifferenceOf(c)) {
      row.version++;
      versionDiffs.push(c);
    } else if (knownBugOf(c)) bugs.push(c);
    else unexplained.push(c);
    categories.set(c.category, row);
  }

  const agree = comparisons.filter((c) => c.agree).length;
  const rawRate = agree / comparisons.length;
  const withoutVersion = agree / (comparisons.length - versionDiffs.length);
  const lines = [
    `Differential test against Celery ${run.celeryVersion}: ${run.cases} cases, ${comparisons.length} comparisons`,
    `  agreement ${rate(agree, comparisons.length)} raw; ${(100 * withoutVersion).toFixed(2)}% without ${versionDiffs.length} documented version differences`,
    ...[...categories].map(
      ([name, r]) => `  ${name.padEnd(12)} ${String(r.agree).padStart(6)} / ${String(r.total).padEnd(6)} ${rate(r.agree, r.total).padStart(8)}  (version differences: ${r.version})`,
    ),
  ];
  if (bugs.length) lines.push(`Known engine bugs (${bugs.length}, see expectations.ts):`, ...bugs.map(describe));
  if (unexplained.length) lines.push(`Unexplained disagreements (${unexplained.length}):`, ...unexplained.map(describe));
  const stale = KNOWN_ENGINE_BUGS.filter((b) => !bugs.some((c) => c.caseId === b.caseId && c.subject.startsWith(b.subject)));
  if (stale.length) lines.push(`Known bugs that no longer show (remove them from expectations.ts): ${stale.map((b) => `${b.caseId} ${b.subject}`).join('; ')}`);
  console.log(lines.join('\n'));

  assert.ok(rawRate >= EXPECTED.minRawAgreement, `raw agreement ${rate(agree, comparisons.length)} < ${EXPECTED.minRawAgreement * 100}%`);
  assert.ok(
    withoutVersion >= EXPECTED.minAgreementWithoutVersionDifferences,
    `agreement without version differences ${(100 * withoutVersion).toFixed(2)}% < ${EXPECTED.minAgreementWithoutVersionDifferences * 100}%`,
  );
  assert.deepEqual(unexplained.map(describe), [], 'disagreements that are neither documented version differences nor known engine bugs');
  // Every category was exercised, and Celery both raised and accepted configurations.
  for (const name of ['keys', 'raises', 'serializers', 'backend', 'broker'] as const) assert.ok((categories.get(name)?.total ?? 0) > 500, name);
  const raising = comparisons.filter((c) => c.category === 'raises' && c.facts.celeryRaises === true);
  assert.ok(raising.length >= 50, `only ${raising.length} configurations raise`);
  // Where both raise, the engine's message is Celery's, word for word (the keys to rename and their new names).
  assert.deepEqual(raising.filter((c) => c.agree && c.facts.sameMessage !== true).map(describe), []);
});
