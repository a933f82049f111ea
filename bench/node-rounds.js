'use strict';
// Node commands timed in interleaved rounds (each round runs every command,
// in an order that alternates, so drift in the machine's load falls on all
// of them), with CPU time (perf task-clock) where perf works: on a loaded
// shared machine it moves far less than wall time. Shared by the start-up
// and pre-commit benchmarks; the first case is the baseline (`node -e 0`).
const { spawnSync } = require('node:child_process');

function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** `cases`: [label, node arguments, optional environment variables added]; returns per-case wall times and CPU times (ms), the latter empty without perf. */
function nodeRounds(cases, { rounds, cwd }) {
  const perf = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', 'true'], { encoding: 'utf8' });
  const withPerf = perf.status === 0 && /task-clock/.test(perf.stderr) && !/not supported/.test(perf.stderr);
  const times = cases.map(() => []);
  const cpu = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = cases.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const start = process.hrtime.bigint();
      const env = cases[i][2] ? { ...process.env, ...cases[i][2] } : process.env;
      const run = withPerf
        ? spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', process.execPath, ...cases[i][1]], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
        : spawnSync(process.execPath, cases[i][1], { cwd, env, stdio: 'ignore' });
      times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
      if (withPerf) cpu[i].push(Number(/^([\d.]+),msec,task-clock/m.exec(run.stderr)?.[1]));
    }
  }
  const report = (title, series, target = '') => {
    const bare = series[0];
    console.log(`${title}, ${rounds} interleaved rounds (median, minimum; ratio to node -e 0 by medians and by minima${target}):`);
    const width = Math.max(...cases.map(([label]) => label.length));
    cases.forEach(([label], i) => {
      const t = series[i];
      console.log(`  ${label.padEnd(width)} ${median(t).toFixed(1)} ms, ${Math.min(...t).toFixed(1)} ms   ${(median(t) / median(bare)).toFixed(2)}x, ${(Math.min(...t) / Math.min(...bare)).toFixed(2)}x`);
    });
  };
  return { times, cpu: withPerf ? cpu : undefined, report };
}

module.exports = { median, nodeRounds };
