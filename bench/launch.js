#!/usr/bin/env node
'use strict';
// What reading launch files (Dockerfiles, Compose, Kubernetes, Procfiles,
// supervisor, systemd, scripts) adds to a whole-tree run: the CLI lints two
// mirrors of one tree (hard links where the file system allows), one with the
// launch files and one without, in interleaved rounds (each round runs both,
// in an order that alternates, so drift in the machine's load falls on both).
// CPU time (user + system, from GNU time) moves far less than wall time on a
// shared machine; both are printed. Asserts nothing.
//
//   node bench/launch.js [TREE] [OTHER_BIN]
//
// TREE defaults to the benchmark's generated tree with the launch-file
// fixtures copied into it; OTHER_BIN adds another build of
// bin/celery-lint.js (a copy of an earlier build) run on the full mirror.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generate } = require('./generate-tree');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'packages', 'cli', 'bin', 'celery-lint.js');
const core = require(path.join(root, 'packages', 'core'));
const rounds = Number(process.env.CELERY_LINT_BENCH_ROUNDS ?? 5);
const [treeArgument, otherArgument] = process.argv.slice(2);
const other = otherArgument ? path.resolve(otherArgument) : undefined;

const SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.venv', 'venv']);

/** Links (or copies) every file of `from` into `to`, except the ones `keep` refuses. Returns how many. */
function mirror(from, to, keep) {
  let count = 0;
  const walk = (dir, out) => {
    fs.mkdirSync(out, { recursive: true });
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const target = path.join(out, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(full, target);
      } else if (entry.isFile() && keep(entry.name)) {
        try {
          fs.linkSync(full, target);
        } catch {
          fs.copyFileSync(full, target);
        }
        count++;
      }
    }
  };
  walk(from, to);
  return count;
}

/** The generated tree, with every launch-file fixture case copied in as one more project. */
function defaultTree(dir) {
  generate(dir);
  const fixtures = path.join(root, 'fixtures');
  for (const rule of fs.readdirSync(fixtures)) {
    const ruleDir = path.join(fixtures, rule);
    if (!fs.statSync(ruleDir).isDirectory()) continue;
    for (const entry of fs.readdirSync(ruleDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const caseDir = path.join(ruleDir, entry.name);
      const hasLaunch = fs.readdirSync(caseDir, { recursive: true }).some((f) => core.mayBeLaunchFile(String(f)));
      if (hasLaunch) fs.cpSync(caseDir, path.join(dir, 'launch-projects', `${rule}-${entry.name}`), { recursive: true });
    }
  }
  return dir;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-launch-bench-'));
const tree = treeArgument ? path.resolve(treeArgument) : defaultTree(path.join(work, 'tree'));
const withLaunch = path.join(work, 'with-launch');
const withoutLaunch = path.join(work, 'without-launch');
const all = mirror(tree, withLaunch, () => true);
const python = mirror(tree, withoutLaunch, (name) => core.fileKindOf(name) !== 'launch');
console.log(`tree ${tree}: ${all} files; ${all - python} named like launch files`);

const hasGnuTime = spawnSync('/usr/bin/time', ['-f', '%U %S', 'true'], { encoding: 'utf8' }).status === 0;
const cases = [
  ['without launch files', [cli, '--format', 'json', '--exit-zero', withoutLaunch]],
  ['with launch files', [cli, '--format', 'json', '--exit-zero', withLaunch]],
  ...(other ? [['other build, with launch files', [other, '--format', 'json', '--exit-zero', withLaunch]]] : []),
];
const wall = cases.map(() => []);
const cpu = cases.map(() => []);
for (let round = 0; round < rounds; round++) {
  const order = cases.map((_, i) => i);
  if (round % 2 === 1) order.reverse();
  for (const i of order) {
    const start = process.hrtime.bigint();
    const run = hasGnuTime
      ? spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...cases[i][1]], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync(process.execPath, cases[i][1], { stdio: 'ignore' });
    wall[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (hasGnuTime) {
      const [user, system] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
      cpu[i].push((user + system) * 1000);
    }
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const report = (title, series) => {
  console.log(`${title}, ${rounds} interleaved rounds (median, minimum; against the run without launch files):`);
  cases.forEach(([label], i) => {
    const t = series[i];
    const ratio = (median(t) / median(series[0]) - 1) * 100;
    console.log(`  ${label.padEnd(34)} ${median(t).toFixed(0)} ms, ${Math.min(...t).toFixed(0)} ms   ${ratio >= 0 ? '+' : ''}${ratio.toFixed(1)}%`);
  });
};
report('wall time', wall);
if (hasGnuTime) report('CPU time (user + system)', cpu);
fs.rmSync(work, { recursive: true, force: true });
