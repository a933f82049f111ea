#!/usr/bin/env node
'use strict';
// Start-up of the CLI on one small settings file, against `node -e 0`, in
// interleaved rounds (each round runs every command, in an order that
// alternates, so drift in the machine's load falls on all of them). Prints
// medians and minima; asserts nothing. `node bench/startup.js [OTHER_BIN]`
// adds another build of bin/celery-lint.js (a copy of an earlier build) to
// compare before and after. Where `perf` works, CPU time (task-clock) is
// measured too: on a loaded shared machine it moves far less than wall time.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

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
}

const perf = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', 'true'], { encoding: 'utf8' });
const withPerf = perf.status === 0 && /task-clock/.test(perf.stderr) && !/not supported/.test(perf.stderr);
const times = cases.map(() => []);
const cpu = cases.map(() => []);
for (let round = 0; round < rounds; round++) {
  const order = cases.map((_, i) => i);
  if (round % 2 === 1) order.reverse();
  for (const i of order) {
    const start = process.hrtime.bigint();
    const run = withPerf
      ? spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', process.execPath, ...cases[i][1]], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
      : spawnSync(process.execPath, cases[i][1], { cwd: dir, stdio: 'ignore' });
    times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (withPerf) cpu[i].push(Number(/^([\d.]+),msec,task-clock/m.exec(run.stderr)?.[1]));
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const report = (title, series) => {
  const bare = series[0];
  console.log(`${title}, ${rounds} interleaved rounds (median, minimum; ratio to node -e 0 by medians and by minima):`);
  cases.forEach(([label], i) => {
    const t = series[i];
    console.log(`  ${label.padEnd(62)} ${median(t).toFixed(1)} ms, ${Math.min(...t).toFixed(1)} ms   ${(median(t) / median(bare)).toFixed(2)}x, ${(Math.min(...t) / Math.min(...bare)).toFixed(2)}x`);
  });
};
report('start-up wall time', times);
if (withPerf) report('start-up CPU time (perf task-clock)', cpu);
fs.rmSync(dir, { recursive: true, force: true });
