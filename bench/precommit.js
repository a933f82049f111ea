#!/usr/bin/env node
'use strict';
// What a pre-commit hook feels: the CLI on one staged settings file of a
// 4,000-file Django project (bench/generate-django.js), against `node -e 0`,
// in interleaved rounds (each round runs every command, in an order that
// alternates, so drift in the machine's load falls on all of them). Prints
// medians, minima and their ratios; asserts nothing. `node bench/precommit.js
// [OTHER_BIN]` adds another build of bin/celery-lint.js (a copy of an
// earlier build) for before and after. Where `perf` works, CPU time
// (task-clock) too: on a loaded shared machine it moves far less than wall time.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateDjango } = require('./generate-django');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'packages', 'cli', 'bin', 'celery-lint.js');

/**
 * Prints the comparison; returns the ratio of the staged settings file's run
 * to `node -e 0` (medians of wall time, and of CPU time where perf works).
 */
function precommit({ rounds = 21, files = 4000, other } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-precommit-'));
  const project = generateDjango(dir, { files });
  fs.mkdirSync(path.join(dir, '.git'));
  const settings = path.relative(dir, project.settings);
  console.log(`project: ${project.files} files (${(project.bytes / 1e6).toFixed(1)} MB, ${project.apps} apps) in ${dir}; staged: ${settings}`);

  const cases = [['node -e 0', ['-e', '0']]];
  for (const [label, bin] of [['this build', cli], ...(other ? [['other build', other]] : [])]) {
    cases.push([`${label}: ${settings}`, [bin, settings]]);
    cases.push([`${label}: ${settings} + 2 apps' models.py`, [bin, settings, 'apps/orders/models.py', 'apps/invoices/models.py']]);
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
    console.log(`${title}, ${rounds} interleaved rounds (median, minimum; ratio to node -e 0 by medians and by minima; target < 3x):`);
    cases.forEach(([label], i) => {
      const t = series[i];
      console.log(`  ${label.padEnd(72)} ${median(t).toFixed(1)} ms, ${Math.min(...t).toFixed(1)} ms   ${(median(t) / median(bare)).toFixed(2)}x, ${(Math.min(...t) / Math.min(...bare)).toFixed(2)}x`);
    });
  };
  report('pre-commit wall time', times);
  if (withPerf) report('pre-commit CPU time (perf task-clock)', cpu);
  fs.rmSync(dir, { recursive: true, force: true });
  return { files: project.files, wall: median(times[1]) / median(times[0]), cpu: withPerf ? median(cpu[1]) / median(cpu[0]) : undefined };
}

module.exports = { precommit };

if (require.main === module) {
  precommit({
    rounds: Number(process.env.CELERY_LINT_BENCH_ROUNDS ?? 21),
    files: Number(process.env.CELERY_LINT_BENCH_FILES ?? 4000),
    other: process.argv[2] ? path.resolve(process.argv[2]) : undefined,
  });
}
