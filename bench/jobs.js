#!/usr/bin/env node
'use strict';
// `node bench/jobs.js [TREE...]`: a whole-tree run on one thread against the
// default (worker threads when the tree has several large units; issue 18,
// item 5), in interleaved rounds (round i runs one side first, round i+1 the
// other, so drift in the machine's load falls on both). Prints wall time,
// user CPU and peak RSS (GNU time's %e %U %M) per side, their medians and the
// ratios, and whether the two reports are byte for byte the same. Asserts
// nothing. TREE defaults to the precision survey's checkouts
// ($CELERY_LINT_SURVEY_CHECKOUTS, else .survey/); CELERY_LINT_BENCH_ROUNDS
// (default 3) sets the rounds, CELERY_LINT_BENCH_JOBS (default auto) the
// other side's --jobs.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'packages', 'cli', 'bin', 'celery-lint.js');
const rounds = Number(process.env.CELERY_LINT_BENCH_ROUNDS ?? 3);
const jobs = process.env.CELERY_LINT_BENCH_JOBS ?? 'auto';
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((t) => fs.existsSync(t));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One run: wall s, user CPU s, peak RSS MB (GNU time), its report's bytes and what --verbose said of threads. */
function measured(tree, jobsArg) {
  const timing = path.join(os.tmpdir(), `celery-lint-bench-jobs-${process.pid}`);
  const args = [cli, tree, '--format', 'json', '--verbose', '--jobs', jobsArg];
  const start = process.hrtime.bigint();
  const run = GNU_TIME
    ? spawnSync(GNU_TIME, ['-o', timing, '-f', '%e %U %M', process.execPath, ...args], { maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, args, { maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  let user;
  let rss;
  if (GNU_TIME) {
    const [e, u, m] = fs.readFileSync(timing, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    fs.rmSync(timing, { force: true });
    [user, rss] = [u, m / 1024];
    if (!Number.isNaN(e)) return { wall: e, user, rss, status: run.status, stdout: run.stdout, threads: threadsOf(run.stderr) };
  }
  return { wall, user, rss, status: run.status, stdout: run.stdout, threads: threadsOf(run.stderr) };
}

function threadsOf(stderr) {
  const threads = /celery-lint: (linted \d+ units on \d+ threads, \d+ of them by worker threads)/.exec(String(stderr))?.[1] ?? 'one thread';
  // auto's memory budget (packages/cli/src/pool-memory.ts) may have stopped a worker early.
  const stopped = String(stderr).match(/a worker thread stopped taking units with the process at \d+ MB/g);
  return stopped ? `${threads}; ${stopped.length} stopped over auto's memory budget` : threads;
}

function defaultTree() {
  const dir = path.resolve(process.env.CELERY_LINT_SURVEY_CHECKOUTS || path.join(root, '.survey'));
  return fs.existsSync(dir) ? dir : undefined;
}

const trees = process.argv.slice(2).length > 0 ? process.argv.slice(2).map((t) => path.resolve(t)) : [defaultTree()].filter(Boolean);
if (trees.length === 0) {
  console.error('bench/jobs: name a tree, or set CELERY_LINT_SURVEY_CHECKOUTS to the survey checkouts');
  process.exit(2);
}
console.log(`cores: ${os.availableParallelism?.() ?? os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${rounds} interleaved rounds; --jobs 1 against --jobs ${jobs}`);
for (const tree of trees) {
  const one = [];
  const many = [];
  for (let i = 0; i < rounds; i++) {
    const sides = [
      () => one.push(measured(tree, '1')),
      () => many.push(measured(tree, jobs)),
    ];
    if (i % 2 === 1) sides.reverse();
    for (const side of sides) side();
    const [a, b] = [one[one.length - 1], many[many.length - 1]];
    console.log(`  round ${i + 1}: --jobs 1 ${a.wall.toFixed(1)} s wall, ${a.user?.toFixed(1)} s user, ${a.rss?.toFixed(0)} MB | --jobs ${jobs} ${b.wall.toFixed(1)} s wall, ${b.user?.toFixed(1)} s user, ${b.rss?.toFixed(0)} MB (${b.threads})`);
  }
  const identical = many.every((r) => r.status === one[0].status && r.stdout.equals(one[0].stdout)) && one.every((r) => r.stdout.equals(one[0].stdout));
  const m = (runs, key) => median(runs.map((r) => r[key]));
  console.log(`${tree}:`);
  console.log(`  --jobs 1:      ${m(one, 'wall').toFixed(1)} s wall, ${m(one, 'user')?.toFixed(1)} s user CPU, ${m(one, 'rss')?.toFixed(0)} MB peak RSS (medians)`);
  console.log(`  --jobs ${jobs}:`.padEnd(17) + `${m(many, 'wall').toFixed(1)} s wall, ${m(many, 'user')?.toFixed(1)} s user CPU, ${m(many, 'rss')?.toFixed(0)} MB peak RSS (medians)`);
  const ratios = one.map((r, i) => r.wall / many[i].wall);
  console.log(`  speed-up (wall, --jobs 1 / --jobs ${jobs}): ${median(ratios).toFixed(2)}x median of the rounds' ratios (${ratios.map((r) => r.toFixed(2)).join(', ')}); user CPU ${(m(many, 'user') / m(one, 'user')).toFixed(2)}x, peak RSS ${(m(many, 'rss') / m(one, 'rss')).toFixed(2)}x`);
  console.log(`  reports byte for byte the same: ${identical ? 'yes' : 'NO'} (exit ${one[0].status})`);
}
