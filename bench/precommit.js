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
// When the precision survey's checkouts are present (as bench/run.js finds
// them), a real project too: akarpov, a cookiecutter-django project with a
// .gitignore, Compose files, Dockerfiles and a 580 KB poetry.lock, which the
// generated project has none of.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateDjango } = require('./generate-django');
const { median, nodeRounds } = require('./node-rounds');

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
  const cacheDirs = [];
  const real = realProject();
  for (const [label, bin] of [['this build', cli], ...(other ? [['other build', other]] : [])]) {
    // Each build its own caches (they live in the temporary directory): the project's facts file is one per project,
    // and a build finding another's would read the whole project in every round.
    const caches = { TMPDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-precommit-caches-')) };
    cacheDirs.push(caches.TMPDIR);
    cases.push([`${label}: ${settings}`, [bin, settings], caches]);
    cases.push([`${label}: ${settings} + 2 apps' models.py`, [bin, settings, 'apps/orders/models.py', 'apps/invoices/models.py'], caches]);
    if (real) cases.push([`${label}: ${real.label}`, [bin, real.settings], caches]);
  }

  const { times, cpu, report } = nodeRounds(cases, { rounds, cwd: dir });
  report('pre-commit wall time', times, '; target < 3x');
  if (cpu) report('pre-commit CPU time (perf task-clock)', cpu, '; target < 3x');
  for (const d of [dir, ...cacheDirs, ...(real ? [real.dir] : [])]) fs.rmSync(d, { recursive: true, force: true });
  return { files: project.files, wall: median(times[1]) / median(times[0]), cpu: cpu ? median(cpu[1]) / median(cpu[0]) : undefined };
}

/** A copy of the survey's akarpov checkout, as a repository (a .git folder), when the survey is here. */
function realProject() {
  const survey = path.resolve(process.env.CELERY_LINT_SURVEY_CHECKOUTS || path.join(root, '.survey'));
  const checkout = path.join(survey, 'Alexander-D-Karpov+akarpov');
  const staged = path.join('config', 'settings', 'production.py');
  if (!fs.existsSync(path.join(checkout, staged))) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-precommit-real-'));
  fs.cpSync(checkout, dir, { recursive: true, dereference: true });
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  return { dir, settings: path.join(dir, staged), label: `akarpov (real): ${staged}` };
}

module.exports = { precommit };

if (require.main === module) {
  precommit({
    rounds: Number(process.env.CELERY_LINT_BENCH_ROUNDS ?? 21),
    files: Number(process.env.CELERY_LINT_BENCH_FILES ?? 4000),
    other: process.argv[2] ? path.resolve(process.argv[2]) : undefined,
  });
}
