#!/usr/bin/env node
'use strict';
// Start-up of the CLI on one small settings file, against `node -e 0`, in
// interleaved rounds (each round runs every command, in an order that
// alternates, so drift in the machine's load falls on all of them). Prints
// medians and minima; asserts nothing. `node bench/startup.js [OTHER_BIN]`
// adds another build of bin/celery-lint.js (a copy of an earlier build) to
// compare before and after. Where `perf` works, CPU time (task-clock) is
// measured too: on a loaded shared machine it moves far less than wall time.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { nodeRounds } = require('./node-rounds');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'packages', 'cli', 'bin', 'celery-lint.js');
const other = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
const rounds = Number(process.env.CELERY_LINT_BENCH_ROUNDS ?? 31);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-startup-'));
fs.writeFileSync(
  path.join(dir, 'settings.py'),
  "import os\nSECRET_KEY = 'x'\nCELERY_BROKER_URL = os.environ.get('BROKER', 'redis://localhost:6379/0')\nCELERY_RESULT_BACKEND = 'amqp://guest@localhost//'\nCELERY_TASK_SERIALIZER = 'json'\n",
);

const cases = [['node -e 0', ['-e', '0']]];
for (const [label, bin] of [['this build', cli], ...(other ? [['other build', other]] : [])]) {
  cases.push([`${label}: settings.py`, [bin, 'settings.py']]);
  cases.push([`${label}: settings.py --format json --select correctness`, [bin, 'settings.py', '--format', 'json', '--select', 'correctness']]);
  // A directory: the run chooses its WebAssembly compiler after discovery (packages/cli/src/compiler-choice.ts).
  cases.push([`${label}: . (the directory)`, [bin, '.']]);
}

const { times, cpu, report } = nodeRounds(cases, { rounds, cwd: dir });
report('start-up wall time', times);
if (cpu) report('start-up CPU time (perf task-clock)', cpu);
fs.rmSync(dir, { recursive: true, force: true });
