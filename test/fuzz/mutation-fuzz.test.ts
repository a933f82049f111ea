// The seeded mutation fuzz test CI runs (issue 15): a few hundred mutated
// fixture cases through the real CLI, about a minute. CELERY_LINT_FUZZ_SEED
// picks another seed, CELERY_LINT_FUZZ_CASES another count; a failure names
// its seed and case, and `npm run fuzz -- --seed S --case N` writes it out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describeFailure, makeCase, PYTHON, runBatch, type CaseFailure } from './mutation-fuzz';

const SEED = Number(process.env.CELERY_LINT_FUZZ_SEED ?? 20261202);
const CASES = Number(process.env.CELERY_LINT_FUZZ_CASES ?? 250);
const BATCH = 100;

test(`mutated fixtures never crash, hang or get damaged by --fix (seed ${SEED}, ${CASES} cases)`, { skip: fs.existsSync(PYTHON) ? undefined : `${PYTHON} is needed to compile the fixed files` }, () => {
  const failures: CaseFailure[] = [];
  let compiled = 0;
  let fixed = 0;
  for (let start = 0; start < CASES; start += BATCH) {
    const cases = Array.from({ length: Math.min(BATCH, CASES - start) }, (_, i) => makeCase(SEED, start + i));
    const outcome = runBatch(cases, { batchTimeoutMs: 300_000, caseTimeoutMs: 60_000 });
    failures.push(...outcome.failures);
    compiled += outcome.compiled;
    fixed += outcome.fixed;
  }
  console.log(`fuzz: seed ${SEED}: ${CASES} inputs, ${compiled} of them valid Python, ${fixed} changed by --fix, ${failures.length} failures`);
  // The mutations must reach the checks: inputs that still compile, and fixes that apply to them.
  assert.ok(compiled > CASES / 10, `only ${compiled} inputs compile`);
  assert.ok(fixed > 0, 'no input was fixed');
  assert.deepEqual(failures.map(describeFailure), []);
});
