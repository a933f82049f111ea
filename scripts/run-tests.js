#!/usr/bin/env node
// Runs every compiled test file with Node's own test runner. Arguments filter
// test files by substring: `node scripts/run-tests.js cli fixtures`.
//
// The tests make hundreds of temporary projects, servers' scratch folders
// and caches. They all go into one directory made for the run (TMPDIR, which
// Node's os.tmpdir(), Python's tempfile and most tools honour), removed when
// the run ends, so a run leaves nothing behind in the machine's /tmp (a run
// used to leave ~800 directories there). A failing run keeps it, and says
// where; CELERY_LINT_KEEP_TEST_TMP=1 keeps it always.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const roots = ['packages', 'rules', 'test'].map((d) => path.join(root, d));

function collect(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) collect(full, out);
    else if (e.name.endsWith('.test.js') && full.includes(`${path.sep}dist${path.sep}`)) out.push(full);
  }
}

const files = [];
for (const r of roots) collect(r, files);
const filters = process.argv.slice(2);
const selected = files.filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (selected.length === 0) {
  console.error('run-tests: no test files found (did `tsc -b` run?)');
  process.exit(1);
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-tests-'));
// As /tmp is: tests that run the CLI as an unprivileged user make their directories here too.
fs.chmodSync(scratch, 0o1777);
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], { stdio: 'inherit', env: { ...process.env, TMPDIR: scratch } });
// A failing run keeps them: what a failing test wrote (a fuzz campaign's replay file) is there to look at.
if (result.status !== 0 || process.env.CELERY_LINT_KEEP_TEST_TMP === '1') console.error(`run-tests: the tests' temporary files are kept in ${scratch}`);
else fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
process.exit(result.status ?? 1);
