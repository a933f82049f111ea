#!/usr/bin/env node
'use strict';
// Prints the numbers a release is judged by, measured on a built release:
//   node scripts/release/measure.js DIR [ROUNDS]
// sizes of every artefact; start-up of the wheel's executable next to the npm
// package's CLI (medians and minima of interleaved rounds: one-file lint and
// `celery-lint rule`); the GitHub Action's install step (npm install of the
// tarball); the first pre-commit run of the mirror from a clean cache with no
// index and no Node on PATH. Numbers only, nothing asserted. On a shared
// machine compare the CPU columns (GNU time) and the ratios, not wall times.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const [dirArg, roundsArg] = process.argv.slice(2);
if (!dirArg) {
  process.stderr.write('usage: node scripts/release/measure.js DIR [ROUNDS]\n');
  process.exit(2);
}
const dir = path.resolve(dirArg);
const rounds = Number(roundsArg ?? 21);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-measure-'));
const OFFLINE = { ...process.env, npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };

function check(result, what) {
  if (result.error || result.status !== 0) throw new Error(`${what} failed: ${result.error?.message ?? ''}${result.stdout ?? ''}${result.stderr ?? ''}`);
  return result;
}

function seconds(run) {
  const started = process.hrtime.bigint();
  const result = run();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result };
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A PATH with every program of this one except Node's. */
function pathWithoutNode() {
  const bin = path.join(work, 'no-node-bin');
  fs.mkdirSync(bin);
  for (const entry of process.env.PATH.split(path.delimiter)) {
    let names = [];
    try {
      names = fs.readdirSync(entry);
    } catch {
      continue;
    }
    for (const name of names) {
      if (['node', 'nodejs', 'npm', 'npx', 'corepack'].includes(name) || fs.existsSync(path.join(bin, name))) continue;
      fs.symlinkSync(path.join(entry, name), path.join(bin, name));
    }
  }
  return bin;
}

const files = fs.readdirSync(dir);
const tarball = path.join(dir, files.find((f) => f.endsWith('.tgz')));
const wheel = path.join(dir, files.find((f) => f.endsWith('.whl')));
const vsix = path.join(dir, files.find((f) => f.endsWith('.vsix')));

process.stdout.write('sizes\n');
for (const file of [tarball, wheel, vsix]) process.stdout.write(`  ${path.basename(file)}: ${mb(fs.statSync(file).size)}\n`);

// The Action's install step, as action.yml runs it.
const prefix = path.join(work, 'action');
const action = seconds(() => check(spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', '--', tarball], { env: OFFLINE, encoding: 'utf8' }), 'npm install'));
process.stdout.write(`GitHub Action install step (npm install of the tarball, no registry): ${action.seconds.toFixed(2)} s\n`);
const npmCli = path.join(prefix, 'node_modules', '.bin', 'celery-lint');

const venv = path.join(work, 'venv');
check(spawnSync('/usr/bin/python3', ['-m', 'venv', venv]), 'venv');
check(spawnSync(path.join(venv, 'bin', 'pip'), ['install', '--no-index', '--find-links', dir, '--disable-pip-version-check', '-q', 'celery-lint'], { encoding: 'utf8' }), 'pip install');
const executable = path.join(venv, 'bin', 'celery-lint');
process.stdout.write(`  installed executable: ${mb(fs.statSync(executable).size)}\n`);

const noNode = pathWithoutNode();
const file = path.join(root, 'examples', 'djproject', 'djproject', 'settings', 'base.py');
const cases = [
  ['one-file lint', [file]],
  ['rule page', ['rule', 'celery/pickle-serializer']],
];
const sides = [
  ['npm package (node)', npmCli, process.env],
  ['wheel executable', executable, { ...process.env, PATH: noNode }],
];
// GNU time adds the CPU seconds a run used, which a loaded machine disturbs less than wall time.
const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Wall seconds and (with GNU time) CPU seconds of one run. */
function timed(command, args, env) {
  const cpuFile = path.join(work, 'cpu');
  const [program, argv] = gnuTime ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, command, ...args]] : [command, args];
  const wall = seconds(() => spawnSync(program, argv, { env, cwd: work, stdio: 'ignore' })).seconds;
  const cpu = gnuTime ? fs.readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').reduce((a, b) => a + Number(b), 0) : NaN;
  return { wall, cpu };
}

const ms = (s) => `${(s * 1000).toFixed(0)}`;
process.stdout.write(`start-up, ${rounds} interleaved rounds: wall median / min, CPU median (ms)\n`);
for (const [name, args] of cases) {
  const times = sides.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const [, command, env] = sides[i];
      times[i].push(timed(command, args, env));
    }
  }
  const [npm, exe] = times.map((t) => ({ median: median(t.map((x) => x.wall)), min: Math.min(...t.map((x) => x.wall)), cpu: median(t.map((x) => x.cpu)) }));
  process.stdout.write(
    `  ${name}: npm ${ms(npm.median)} / ${ms(npm.min)} / ${ms(npm.cpu)}, wheel ${ms(exe.median)} / ${ms(exe.min)} / ${ms(exe.cpu)}; wheel/npm: wall ${(exe.median / npm.median).toFixed(2)}, CPU ${(exe.cpu / npm.cpu).toFixed(2)}\n`,
  );
}

// The mirror's first run: pre-commit builds the hook environment from the wheel.
const project = path.join(work, 'project');
fs.mkdirSync(path.join(project, 'proj'), { recursive: true });
const git = (...args) => check(spawnSync('git', ['-c', 'user.email=m@example.invalid', '-c', 'user.name=m', ...args], { cwd: project, encoding: 'utf8' }), `git ${args[0]}`);
git('init', '-q');
fs.writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${path.join(dir, 'pre-commit-mirror')}\n    rev: v${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n    hooks:\n      - id: celery-lint\n`);
fs.writeFileSync(path.join(project, 'proj', 'settings.py'), "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\n");
git('add', '.');
const env = { ...process.env, PATH: noNode, PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'), PIP_NO_INDEX: '1', PIP_FIND_LINKS: dir };
const first = seconds(() => spawnSync('pre-commit', ['run'], { cwd: project, env, encoding: 'utf8' }));
const again = seconds(() => spawnSync('pre-commit', ['run'], { cwd: project, env, encoding: 'utf8' }));
process.stdout.write(`pre-commit mirror, no Node, no index: first run ${first.seconds.toFixed(1)} s (exit ${first.result.status}), next run ${again.seconds.toFixed(1)} s\n`);
fs.rmSync(work, { recursive: true, force: true });
