#!/usr/bin/env node
'use strict';
// `npm run bench`: prints numbers, asserts nothing (timing belongs here, not in tests).
// 1. whole-tree CLI run: files per second;
// 2. engine time / (read + bare parse) time over the same candidate files;
// 3. single-file CLI wall time / `node -e 0` wall time.
const { execFileSync, spawnSync } = require('node:child_process');
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
  const generated = generate(treeDir);
  console.log(`tree: ${generated.files} files, ${(generated.bytes / 1e6).toFixed(1)} MB in ${treeDir}`);
  await core.initParser();
  let rules = [];
  try {
    rules = require(path.join(root, 'rules')).allRules ?? [];
  } catch {
    console.log('(rules package not built: engine measured without rules)');
  }

  const all = walk(treeDir);
  const candidates = all.filter((f) => core.mightConfigureCelery(fs.readFileSync(f, 'utf8')));
  const candidateBytes = candidates.reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(`candidates after the text pre-filter: ${candidates.length} of ${all.length} (${(candidateBytes / 1e6).toFixed(2)} MB)`);

  const runs = 5;
  const bare = [];
  const engine = [];
  for (let i = 0; i < runs; i++) {
    bare.push(
      timeMs(() => {
        for (const f of candidates) core.withTree(fs.readFileSync(f, 'utf8'), (t) => t.rootNode.type);
      }),
    );
    engine.push(
      timeMs(() => {
        const files = candidates.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
        core.lint(files, { rules });
      }),
    );
  }
  const bareMs = median(bare);
  const engineMs = median(engine);
  const findings = core.lint(candidates.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') })), { rules }).diagnostics.length;
  console.log(`read + bare parse of candidates: ${bareMs.toFixed(0)} ms (median of ${runs})`);
  console.log(`engine (read + parse + extract + configurations + ${rules.length} rules): ${engineMs.toFixed(0)} ms, ${findings} findings`);
  console.log(`engine / bare parse: ${(engineMs / bareMs).toFixed(2)}x   (target <= 1.5x)`);

  if (!fs.existsSync(cli)) {
    console.log('CLI not built: skipping the CLI measurements');
    return;
  }
  const wholeRuns = 3;
  const whole = wall(process.execPath, [cli, treeDir, '--format', 'json'], wholeRuns);
  console.log(`whole-tree CLI run: ${whole.toFixed(0)} ms for ${all.length} files = ${Math.round(all.length / (whole / 1000))} files/s (median of ${wholeRuns})`);

  const single = candidates.find((f) => fs.statSync(f).size < 20000);
  const nodeBare = wall(process.execPath, ['-e', '0'], 15);
  const cliSingle = wall(process.execPath, [cli, single], 15);
  console.log(`node -e 0: ${nodeBare.toFixed(1)} ms; single-file CLI run: ${cliSingle.toFixed(1)} ms (medians of 15)`);
  console.log(`single-file CLI / bare node start: ${(cliSingle / nodeBare).toFixed(2)}x   (target <= 2x)`);
  void execFileSync;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
