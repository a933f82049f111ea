#!/usr/bin/env node
'use strict';
// `npm run bench`: prints numbers, asserts nothing (timing belongs here, not in tests).
// 1. whole-tree CLI run: files per second;
// 2. engine time / (read + bare parse) time over the same candidate files;
// 3. single-file CLI wall time / `node -e 0` wall time;
// 4. project resolution overhead (issue 4): the whole-project engine (every
//    candidate file in one lint() call, so star imports, DJANGO_SETTINGS_MODULE
//    and config_from_object are followed across files) against the
//    single-file engine (each candidate file in a lint() call of its own).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { generate } = require('./generate-tree');

const root = path.resolve(__dirname, '..');
// Outside the repository: its .gitignore would hide the tree from a whole-tree run.
const treeDir = path.join(require('node:os').tmpdir(), 'celery-lint-bench-tree');
const cli = path.join(root, 'packages', 'cli', 'bin', 'celery-lint.js');
const core = require(path.join(root, 'packages', 'core'));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeMs(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Round i runs a then b, or b then a: drift in the machine's load falls on both sides. */
function alternately(i, a, b) {
  if (i % 2 === 0) {
    a();
    b();
  } else {
    b();
    a();
  }
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.name.endsWith('.py')) out.push(full);
  }
  return out;
}

function wall(command, args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    spawnSync(command, args, { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

async function main() {
  // CELERY_LINT_BENCH_PROJECTS=0 rebuilds the tree as it was before it held projects (issue 2's numbers, like for like).
  const projects = process.env.CELERY_LINT_BENCH_PROJECTS === undefined ? undefined : Number(process.env.CELERY_LINT_BENCH_PROJECTS);
  const generated = generate(treeDir, projects === undefined ? {} : { projects });
  console.log(`tree: ${generated.files} files, ${(generated.bytes / 1e6).toFixed(1)} MB in ${treeDir}`);
  await core.initParser();
  let rules = [];
  try {
    rules = require(path.join(root, 'rules')).allRules ?? [];
  } catch {
    console.log('(rules package not built: engine measured without rules)');
  }

  const all = walk(treeDir);
  const texts = new Map(all.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const candidates = all.filter((f) => core.mightConfigureCelery(texts.get(f)));
  const candidateBytes = candidates.reduce((n, f) => n + fs.statSync(f).size, 0);
  const inProjects = candidates.filter((f) => f.startsWith(path.join(treeDir, 'projects') + path.sep)).length;
  console.log(`candidates after the text pre-filter: ${candidates.length} of ${all.length} (${(candidateBytes / 1e6).toFixed(2)} MB), ${inProjects} of them in ${generated.projects} projects`);

  // The machine is shared and noisy: many alternating rounds, and the minima
  // too, which are the runs least disturbed by other work.
  const runs = 21;
  const bare = [];
  const engine = [];
  const measureBare = () =>
    bare.push(
      timeMs(() => {
        for (const f of candidates) core.withTree(fs.readFileSync(f, 'utf8'), (t) => t.rootNode.type);
      }),
    );
  const measureEngine = () =>
    engine.push(
      timeMs(() => {
        const files = candidates.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
        core.lint(files, { rules });
      }),
    );
  for (let i = 0; i < runs; i++) alternately(i, measureBare, measureEngine);
  const bareMs = median(bare);
  const engineMs = median(engine);
  const sources = candidates.map((f) => ({ path: f, text: texts.get(f) }));
  const together = core.lint(sources, { rules });
  const spread = (values) => `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`;
  console.log(`read + bare parse of candidates: ${bareMs.toFixed(0)} ms (median of ${runs}; runs ${spread(bare)} ms)`);
  console.log(`engine (read + parse + extract + configurations + ${rules.length} rules): ${engineMs.toFixed(0)} ms (runs ${spread(engine)} ms), ${together.diagnostics.length} findings`);
  console.log(`engine / bare parse: ${(engineMs / bareMs).toFixed(2)}x medians, ${(Math.min(...engine) / Math.min(...bare)).toFixed(2)}x minima   (target <= 1.5x)`);

  // Project resolution: texts are read beforehand, so both sides time the engine only.
  const overhead = (ruleSet, runs) => {
    const whole = [];
    const single = [];
    for (let i = 0; i < runs; i++) {
      const measureWhole = () => whole.push(timeMs(() => core.lint(sources, { rules: ruleSet })));
      const measureSingle = () =>
        single.push(
          timeMs(() => {
            for (const s of sources) core.lint([s], { rules: ruleSet });
          }),
        );
      alternately(i, measureWhole, measureSingle);
    }
    return { wholeMs: median(whole), singleMs: median(single), percent: ((median(whole) - median(single)) / median(single)) * 100 };
  };
  if (generated.projects === 0) console.log('(no projects in the tree: project resolution has little to follow)');
  const alone = sources.map((s) => core.lint([s], { rules }));
  const aloneFindings = alone.reduce((n, o) => n + o.diagnostics.length, 0);
  const aloneConfigurations = alone.reduce((n, o) => n + o.configurations.length, 0);
  const projectRuns = 7;
  const withRules = overhead(rules, projectRuns);
  console.log(`whole-project engine (all ${sources.length} candidates in one lint()): ${withRules.wholeMs.toFixed(0)} ms, ${together.configurations.length} configurations, ${together.diagnostics.length} findings`);
  console.log(`single-file engine (each candidate in its own lint()): ${withRules.singleMs.toFixed(0)} ms, ${aloneConfigurations} configurations, ${aloneFindings} findings (medians of ${projectRuns})`);
  console.log(`project resolution overhead: ${withRules.percent.toFixed(1)}%   (target <= 20%)`);
  // The same without rules: what following imports and building configurations cost by themselves.
  const noRules = overhead([], projectRuns);
  console.log(`  without rules: whole-project ${noRules.wholeMs.toFixed(0)} ms vs single-file ${noRules.singleMs.toFixed(0)} ms = ${noRules.percent.toFixed(1)}% (medians of ${projectRuns})`);

  if (!fs.existsSync(cli)) {
    console.log('CLI not built: skipping the CLI measurements');
    return;
  }
  const wholeRuns = 3;
  const wholeCli = wall(process.execPath, [cli, treeDir, '--format', 'json'], wholeRuns);
  console.log(`whole-tree CLI run: ${wholeCli.toFixed(0)} ms for ${all.length} files = ${Math.round(all.length / (wholeCli / 1000))} files/s (median of ${wholeRuns})`);

  // The same kind of file as before the tree grew projects: a loose settings module, no project around it.
  const singleFile = candidates.filter((f) => !f.includes(`${path.sep}projects${path.sep}`) && fs.statSync(f).size < 20000).sort()[0];
  const nodeBare = wall(process.execPath, ['-e', '0'], 15);
  const cliSingle = wall(process.execPath, [cli, singleFile], 15);
  console.log(`node -e 0: ${nodeBare.toFixed(1)} ms; single-file CLI run: ${cliSingle.toFixed(1)} ms (medians of 15; ${path.relative(treeDir, singleFile)})`);
  console.log(`single-file CLI / bare node start: ${(cliSingle / nodeBare).toFixed(2)}x   (target <= 2x)`);
  // A pre-commit hook passing one changed file of a project: the rest of the project is read for context.
  const projectFile = candidates.filter((f) => /[\\/]settings[\\/]prod(uction)?\.py$/.test(f)).sort()[0];
  if (projectFile) {
    const cliProject = wall(process.execPath, [cli, projectFile], 15);
    console.log(`single-file CLI run inside a project (${path.relative(treeDir, projectFile)}): ${cliProject.toFixed(1)} ms = ${(cliProject / nodeBare).toFixed(2)}x bare node start (median of 15)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
