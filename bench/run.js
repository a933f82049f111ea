#!/usr/bin/env node
'use strict';
// `npm run bench`: prints numbers, asserts nothing (timing belongs here, not
// in tests), and ends with one table of them side by side:
// 1. whole-tree CLI run: files/s, MB/s, peak RSS, and its ratio to ast-grep
//    (@ast-grep/cli) running the three seed rules as patterns over the same
//    tree (bench/ast-grep), from interleaved rounds; the same run on one
//    thread (--jobs 1) beside the default's worker threads;
// 2. engine time / (read + bare parse) time over the same candidate files,
//    interleaved in one process;
// 3. pre-commit: one settings file of a 4,000-file Django project against
//    `node -e 0` (bench/precommit.js);
// 4. a tree of at least 100,000 files (hard links to the tree's files): time,
//    peak RSS, and whether it completes;
// 5. the largest file the CLI accepts (just under MAX_FILE_BYTES), against a
//    bare parse of the same file: time and peak RSS;
// 6. the language server's keystroke latency (bench/lsp.js, project scale);
// 7. the pre-filter against reading the files it judges (issue 18: it must
//    cost less), chunk by chunk in the same rounds.
//
// The tree: CELERY_LINT_BENCH_TREE=DIR lints a folder of real repositories
// (one per subdirectory); otherwise the precision survey's checkouts when they
// are present ($CELERY_LINT_SURVEY_CHECKOUTS, else .survey/, as
// scripts/survey/run.js finds them); otherwise a generated tree
// (bench/generate-tree.js plus a 4,000-file Django project,
// bench/generate-django.js). Over real repositories the engine is timed one
// lint per repository, as the CLI lints each project apart. Repositories that
// are symbolic links (a lean view of the checkouts) are read through the
// links in-process; the whole-tree and 100k runs lint a hard-linked copy.
// CELERY_LINT_BENCH_ROUNDS (default 5) sets the whole-tree rounds,
// CELERY_LINT_BENCH_SKIP=100k,lsp,... leaves sections out, and
// CELERY_LINT_BENCH_PROJECTS=N (with a generated tree) and
// CELERY_LINT_BENCH_OVERHEAD=1 keep issue 4's project-resolution comparison.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generate } = require('./generate-tree');
const { generateDjango } = require('./generate-django');
const { precommit } = require('./precommit');
const { projectScale } = require('./lsp');
const { largeSettings } = require('./large-settings');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'packages', 'cli', 'bin', 'celery-lint.js');
const core = require(path.join(root, 'packages', 'core'));
const skip = new Set((process.env.CELERY_LINT_BENCH_SKIP ?? '').split(',').filter(Boolean));
const rounds = Number(process.env.CELERY_LINT_BENCH_ROUNDS ?? 5);
const summary = [];

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

function pythonFiles(dir, out = [], top = true) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    // A tree's repositories may be symbolic links to checkouts kept elsewhere (a lean view of the survey); links below them are not followed.
    const directory = e.isDirectory() || (top && e.isSymbolicLink() && fs.statSync(full, { throwIfNoEntry: false })?.isDirectory());
    if (directory) pythonFiles(full, out, false);
    else if (e.isFile() && e.name.endsWith('.py')) out.push(full);
  }
  return out;
}

const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((t) => fs.existsSync(t));

/** One run of a command: wall ms, CPU ms and peak RSS (MB) from GNU time when there is one, exit status. */
function measured(command, args, options = {}) {
  const out = path.join(os.tmpdir(), `celery-lint-bench-time-${process.pid}`);
  const start = process.hrtime.bigint();
  const run = GNU_TIME
    ? spawnSync(GNU_TIME, ['-o', out, '-f', '%U %S %M', command, ...args], { stdio: 'ignore', ...options })
    : spawnSync(command, args, { stdio: 'ignore', ...options });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  let cpuMs;
  let rssMb;
  if (GNU_TIME) {
    const [user, system, rss] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpuMs = (user + system) * 1000;
    rssMb = rss / 1024;
    fs.rmSync(out, { force: true });
  }
  return { wallMs, cpuMs, rssMb, status: run.status };
}

/** The ast-grep executable the platform package of @ast-grep/cli ships (npm runs no install script to copy it). */
function astGrep() {
  const names = { 'linux-x64': 'cli-linux-x64-gnu', 'linux-arm64': 'cli-linux-arm64-gnu', 'darwin-x64': 'cli-darwin-x64', 'darwin-arm64': 'cli-darwin-arm64', 'win32-x64': 'cli-win32-x64-msvc' };
  const name = names[`${process.platform}-${process.arch}`];
  if (!name) return undefined;
  for (const bin of ['ast-grep', 'ast-grep.exe']) {
    const file = path.join(root, 'node_modules', '@ast-grep', name, bin);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

/** The survey's checkouts present on this machine (scripts/survey/run.js's folder: one OWNER+NAME folder each). */
function surveyCheckouts() {
  const dir = path.resolve(process.env.CELERY_LINT_SURVEY_CHECKOUTS || path.join(root, '.survey'));
  const listed = JSON.parse(fs.readFileSync(path.join(root, 'test', 'survey', 'repositories.json'), 'utf8'));
  const repositories = listed.map((r) => path.join(dir, r.repo.replace('/', '+'))).filter((d) => fs.existsSync(d));
  return { dir, repositories, listed: listed.length };
}

/** A folder of repositories: each subdirectory is one (files at the top, if any, are left out). */
function subdirectories(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => path.join(dir, e.name));
}

function benchTree() {
  if (process.env.CELERY_LINT_BENCH_TREE) {
    const dir = path.resolve(process.env.CELERY_LINT_BENCH_TREE);
    const repositories = subdirectories(dir);
    return { dir, label: `${dir}, ${repositories.length} repositories (CELERY_LINT_BENCH_TREE)`, generated: false, repositories };
  }
  const survey = surveyCheckouts();
  if (survey.repositories.length > 0) {
    return { dir: survey.dir, label: `real: the precision survey's checkouts, ${survey.repositories.length} of ${survey.listed} repositories in ${survey.dir}`, generated: false, repositories: survey.repositories };
  }
  // Outside the repository: its .gitignore would hide the tree from a whole-tree run.
  const dir = path.join(os.tmpdir(), 'celery-lint-bench-tree');
  const projects = process.env.CELERY_LINT_BENCH_PROJECTS === undefined ? undefined : Number(process.env.CELERY_LINT_BENCH_PROJECTS);
  const made = generate(dir, projects === undefined ? {} : { projects });
  const django = generateDjango(path.join(dir, 'django-site'), { files: 4000 });
  return { dir, label: `generated: ${made.files} files in ${made.projects} projects + a ${django.files}-file Django project`, generated: true, projects: made.projects };
}

async function main() {
  const tree = benchTree();
  const all = pythonFiles(tree.dir);
  const bytes = all.reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(`tree: ${all.length} .py files, ${(bytes / 1e6).toFixed(1)} MB (${tree.label})`);
  await core.initParser();
  const rules = require(path.join(root, 'rules')).allRules;

  // What the CLI reads: the candidates and the modules they star-import.
  const texts = new Map();
  for (const f of all) {
    const read = core.readSource(f);
    if (read.ok && core.mightConfigureCelery(read.text, f)) texts.set(f, read.text);
  }
  core.addPulledInModules(texts, all, (f) => {
    const read = core.readSource(f);
    return read.ok ? read.text : undefined;
  });
  const candidates = [...texts.keys()];
  const candidateBytes = candidates.reduce((n, f) => n + Buffer.byteLength(texts.get(f)), 0);
  console.log(`candidates: ${candidates.length} of ${all.length} files (${(candidateBytes / 1e6).toFixed(2)} MB, ${((candidateBytes / bytes) * 100).toFixed(1)}% of the bytes)`);

  if (!skip.has('prefilter')) prefilterVersusReading(all);
  if (!skip.has('engine')) {
    // Real repositories: one lint each, over what the CLI would lint there. The generated tree: one lint of it all.
    const units = tree.repositories ? tree.repositories.map((dir) => repositoryUnit(dir)).filter((u) => u.files.length > 0) : [{ files: candidates }];
    engineVersusParse(units, rules);
  }
  if (tree.generated && process.env.CELERY_LINT_BENCH_OVERHEAD === '1') projectOverhead(candidates.map((f) => ({ path: f, text: texts.get(f) })), rules, tree.projects);
  texts.clear();
  // The CLI and ast-grep do not follow a tree's links to its repositories: they lint a real copy of such a tree.
  const linted = !skip.has('tree') || !skip.has('100k') ? realTree(tree.dir) : { dir: tree.dir, remove() {} };
  try {
    if (!skip.has('tree')) wholeTree(linted.dir, all.length, bytes);
    if (!skip.has('precommit')) {
      const ratio = precommit({ rounds: 11 });
      summary.push(['one settings file of a 4,000-file Django project / node -e 0', `${ratio.wall.toFixed(2)}x wall${ratio.cpu ? `, ${ratio.cpu.toFixed(2)}x CPU` : ''}`, '< 3x']);
    }
    if (!skip.has('100k')) hundredThousand(linted.dir, all.length);
  } finally {
    linted.remove();
  }
  if (!skip.has('largest')) largestFile();
  if (!skip.has('lsp')) {
    const sides = await projectScale(20);
    for (const side of sides) summary.push([`LSP keystroke, ${side.name}`, `${side.medianMs.toFixed(1)} ms median, ${side.rssMb.toFixed(0)} MB RSS`, '< 20 ms']);
  }

  console.log('\nsummary (ratios from interleaved rounds):');
  const width = Math.max(...summary.map((r) => r[0].length));
  for (const [what, value, target] of summary) console.log(`  ${what.padEnd(width)}  ${value}${target ? `   (target ${target})` : ''}`);
}

/**
 * The pre-filter's time against reading's over every .py file of the tree,
 * in-process, on the CLI's path (lint-run.ts): reading is readSourceBytes
 * (open, read, check the bytes are UTF-8) and decoding the files the byte
 * test lets through or cannot judge; the pre-filter is the byte test
 * (mightConfigureCeleryBytes) and the text test (mightConfigureCelery) on
 * the files it cannot judge. Each round reads a chunk of files and judges
 * that chunk at once, so a change in the machine's load falls on both sides
 * alike; the ratio is the median of the rounds'.
 */
function prefilterVersusReading(files) {
  const chunk = 1000;
  const results = [];
  for (let r = 0; r < Math.max(3, rounds); r++) {
    let readMs = 0;
    let filterMs = 0;
    let passed = 0;
    let undecided = 0;
    for (let i = 0; i < files.length; i += chunk) {
      const read = [];
      readMs += timeMs(() => {
        for (const f of files.slice(i, i + chunk)) {
          const bytes = core.readSourceBytes(f, { regular: true });
          if (bytes.ok) read.push([f, bytes.bytes]);
        }
      });
      let verdicts;
      filterMs += timeMs(() => {
        verdicts = read.map(([f, bytes]) => core.mightConfigureCeleryBytes(bytes, f));
      });
      const texts = [];
      readMs += timeMs(() => {
        read.forEach(([f, bytes], k) => {
          if (verdicts[k] !== 'no') texts.push([f, verdicts[k], core.decodeSource(bytes).text]);
        });
      });
      filterMs += timeMs(() => {
        for (const [f, verdict, text] of texts) {
          if (verdict === 'undecided') undecided++;
          if (verdict === 'yes' || (verdict === 'undecided' && core.mightConfigureCelery(text, f))) passed++;
        }
      });
    }
    results.push({ readMs, filterMs, passed, undecided });
  }
  const ratio = median(results.map((r) => r.filterMs / r.readMs));
  const rows = results.map((r) => `${r.filterMs.toFixed(0)} / ${r.readMs.toFixed(0)} ms`).join(', ');
  const scanner = core.byteScannerAvailable() ? `${results[0].undecided} left to the text test` : 'no byte scanner here: every file decoded and judged on its text';
  console.log(`pre-filter / reading, ${files.length} files (${results[0].passed} pass; ${scanner}), by round: ${rows}; load ${os.loadavg()[0].toFixed(2)}`);
  summary.push(['pre-filter / reading the .py files (in-process)', `${ratio.toFixed(2)}x`, '< 1x']);
}

/** Whether the CLI lints a file (lint-run.ts's worthLinting): a Python file that may configure Celery, or a launch file that may start it. */
function worthLinting(file, text) {
  const kind = core.launchFileKind(file, text);
  return kind ? core.mayLaunchCelery(kind, text) : file.endsWith('.py') || !/\.(ya?ml|conf|ini|service|sh|bash)$/.test(file) ? core.mightConfigureCelery(text, file) : false;
}

/** What the CLI lints in one repository: the files it finds there, its candidates and the modules they pull in. */
function repositoryUnit(dir) {
  const found = core.discover([dir], dir);
  const textOf = (f) => {
    const read = core.readSource(f);
    return read.ok ? read.text : undefined;
  };
  const texts = new Map();
  for (const f of found.files) {
    const text = textOf(f);
    if (text !== undefined && worthLinting(f, text)) texts.set(f, text);
  }
  core.addPulledInModules(texts, found.files, textOf);
  const files = [...texts.keys()];
  return { files, python: files.filter((f) => !core.launchFileKind(f, texts.get(f))), projectFiles: found.files };
}

/**
 * Engine time against read + bare parse of the same files, in alternating
 * rounds in this process: one core.lint per unit (a repository, as the CLI
 * lints it: its files, its candidates with their pull-ins, launch files
 * included) against reading every candidate and parsing the Python ones.
 */
function engineVersusParse(units, rules) {
  const runs = Number(process.env.CELERY_LINT_BENCH_ENGINE_RUNS ?? 7);
  const bare = [];
  const engine = [];
  let findings = 0;
  const readText = (f) => fs.readFileSync(f, 'utf8');
  // What the CLI gives the engine for files a launch file or a tool's configuration names (lint-run.ts's readReferenced).
  const readReferenced = (f) => {
    const read = core.readSource(f);
    return read.ok ? read.text : undefined;
  };
  const files = units.reduce((n, u) => n + u.files.length, 0);
  const launch = units.reduce((n, u) => n + (u.python ? u.files.length - u.python.length : 0), 0);
  const measureBare = () =>
    bare.push(
      timeMs(() => {
        for (const unit of units) {
          const python = new Set(unit.python ?? unit.files);
          for (const f of unit.files) {
            const text = readText(f);
            if (python.has(f)) core.withTree(text, (t) => t.rootNode.type);
          }
        }
      }),
    );
  const measureEngine = () =>
    engine.push(
      timeMs(() => {
        findings = 0;
        for (const unit of units) {
          const sources = unit.files.map((f) => ({ path: f, text: readText(f) }));
          const options = unit.projectFiles ? { rules, projectFiles: unit.projectFiles, readFile: readReferenced } : { rules };
          findings += core.lint(sources, options).diagnostics.length;
        }
      }),
    );
  for (let i = 0; i < runs; i++) alternately(i, measureBare, measureEngine);
  const ratio = median(engine) / median(bare);
  console.log(`engine units: ${units.length} (${units.length > 1 ? 'one lint per repository' : 'one lint of the whole tree'}), ${files} files${launch ? ` (${launch} launch files: read on the bare side, not parsed)` : ''}`);
  console.log(`read + bare parse of the candidates: ${median(bare).toFixed(0)} ms (min ${Math.min(...bare).toFixed(0)}); engine (read, parse, extract, configurations, ${rules.length} rules): ${median(engine).toFixed(0)} ms (min ${Math.min(...engine).toFixed(0)}), ${findings} findings (medians of ${runs})`);
  console.log(`engine / bare parse: ${ratio.toFixed(2)}x medians, ${(Math.min(...engine) / Math.min(...bare)).toFixed(2)}x minima`);
  summary.push([`engine / bare parse of the candidates (${units.length > 1 ? `${units.length} repositories, one lint each` : 'one lint'})`, `${ratio.toFixed(2)}x`, '<= 1.5x']);
}

/** Issue 4's measurement: the whole-project engine against each candidate linted alone. */
function projectOverhead(sources, rules, projects) {
  const runs = 5;
  const whole = [];
  const single = [];
  for (let i = 0; i < runs; i++) {
    alternately(
      i,
      () => whole.push(timeMs(() => core.lint(sources, { rules }))),
      () => single.push(timeMs(() => sources.forEach((s) => core.lint([s], { rules })))),
    );
  }
  console.log(`project resolution (${projects} projects): whole-project engine ${median(whole).toFixed(0)} ms vs single-file engine ${median(single).toFixed(0)} ms = ${(((median(whole) - median(single)) / median(single)) * 100).toFixed(1)}% (target <= 20%)`);
}

/** celery-lint and ast-grep over the whole tree, in alternating rounds. */
function wholeTree(dir, files, bytes) {
  const sg = astGrep();
  if (!sg) console.log('ast-grep not installed (npm ci installs @ast-grep/cli): the whole tree is measured alone');
  const ours = [];
  const theirs = [];
  // The default uses worker threads on a tree of several large units (issue 18, item 5); one thread is measured beside it.
  const oneThread = [];
  for (let i = 0; i < rounds; i++) {
    alternately(
      i,
      () => {
        ours.push(measured(process.execPath, [cli, dir, '--format', 'json']));
        oneThread.push(measured(process.execPath, [cli, dir, '--format', 'json', '--jobs', '1']));
      },
      () => sg && theirs.push(measured(sg, ['scan', '--config', path.join(__dirname, 'ast-grep', 'sgconfig.yml'), '--json=compact', dir], { cwd: dir })),
    );
  }
  const wall = median(ours.map((r) => r.wallMs));
  console.log(`whole-tree CLI run: ${wall.toFixed(0)} ms wall (median of ${rounds}), exit ${ours[0].status}: ${Math.round(files / (wall / 1000))} files/s, ${(bytes / 1e6 / (wall / 1000)).toFixed(1)} MB/s`);
  summary.push(['whole tree: files/s, MB/s', `${Math.round(files / (wall / 1000))} files/s, ${(bytes / 1e6 / (wall / 1000)).toFixed(1)} MB/s`, '']);
  if (GNU_TIME) {
    const rss = Math.max(...ours.map((r) => r.rssMb));
    console.log(`  CPU ${median(ours.map((r) => r.cpuMs)).toFixed(0)} ms, peak RSS ${rss.toFixed(0)} MB`);
    summary.push([`whole tree (${files} files): peak RSS`, `${rss.toFixed(0)} MB`, files >= 30000 ? '< 300 MB' : '']);
  }
  const oneWall = median(oneThread.map((r) => r.wallMs));
  const oneCpu = GNU_TIME ? `, CPU ${median(oneThread.map((r) => r.cpuMs)).toFixed(0)} ms, peak RSS ${Math.max(...oneThread.map((r) => r.rssMb)).toFixed(0)} MB` : '';
  console.log(`  on one thread (--jobs 1): ${oneWall.toFixed(0)} ms wall${oneCpu}; default / one thread: ${(wall / oneWall).toFixed(2)}x wall (${os.availableParallelism?.() ?? os.cpus().length} cores)`);
  summary.push(['whole tree: default (threads) / --jobs 1', `${(wall / oneWall).toFixed(2)}x wall${GNU_TIME ? `, ${(median(ours.map((r) => r.cpuMs)) / median(oneThread.map((r) => r.cpuMs))).toFixed(2)}x CPU` : ''}`, '']);
  if (theirs.length > 0) {
    const sgWall = median(theirs.map((r) => r.wallMs));
    console.log(`ast-grep, the seed rules as patterns: ${sgWall.toFixed(0)} ms wall${GNU_TIME ? `, CPU ${median(theirs.map((r) => r.cpuMs)).toFixed(0)} ms, peak RSS ${Math.max(...theirs.map((r) => r.rssMb)).toFixed(0)} MB` : ''} (median of ${rounds})`);
    const sgCpu = GNU_TIME ? median(theirs.map((r) => r.cpuMs)) : 0;
    const cpuRatio = sgCpu > 0 ? `, ${(median(ours.map((r) => r.cpuMs)) / sgCpu).toFixed(2)}x CPU` : '';
    summary.push(['whole tree: celery-lint / ast-grep (seed rules as patterns)', `${(wall / sgWall).toFixed(2)}x wall${cpuRatio}`, '<= 0.67x (1.5x faster)']);
  }
}

/**
 * A tree the CLI lints as it is, or, when its repositories are symbolic
 * links (a lean view of the survey's checkouts), a copy of it made of hard
 * links to their files (a plain copy across file systems), removed after:
 * over the links the CLI and ast-grep found nothing (ast-grep "ran" in 16 ms)
 * and the whole-tree ratios meant nothing.
 */
function realTree(dir) {
  const linked = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isSymbolicLink() && !e.name.startsWith('.'));
  if (linked.length === 0) return { dir, remove() {} };
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-bench-tree-'));
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const source = fs.realpathSync(path.join(dir, e.name));
    if (!fs.statSync(source).isDirectory()) continue;
    const target = path.join(copy, e.name);
    if (spawnSync('cp', ['-al', source, target], { stdio: 'ignore' }).status !== 0) {
      fs.rmSync(target, { recursive: true, force: true });
      fs.cpSync(source, target, { recursive: true });
    }
  }
  console.log(`the tree's ${linked.length} repositories are symbolic links: the CLI and ast-grep lint a hard-linked copy in ${copy}`);
  return { dir: copy, remove: () => fs.rmSync(copy, { recursive: true, force: true }) };
}

/** The tree's files hard-linked into enough copies to pass 100,000 files, linted once. */
function hundredThousand(dir, files) {
  const copies = Math.ceil(100_000 / files);
  const big = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-bench-100k-'));
  try {
    for (let c = 0; c < copies; c++) {
      const target = path.join(big, `copy${c}`);
      const linked = spawnSync('cp', ['-al', dir, target], { stdio: 'ignore' });
      if (linked.status !== 0) fs.cpSync(dir, target, { recursive: true });
    }
    const run = measured(process.execPath, [cli, big, '--format', 'json']);
    const done = run.status === 0 || run.status === 1 ? 'completes' : `FAILS (exit ${run.status})`;
    console.log(`${(files * copies).toLocaleString('en')}-file tree (${copies} copies): ${done} in ${(run.wallMs / 1000).toFixed(1)} s${GNU_TIME ? `, peak RSS ${run.rssMb.toFixed(0)} MB` : ''}`);
    summary.push([`${(files * copies).toLocaleString('en')}-file tree`, `${done}, ${(run.wallMs / 1000).toFixed(1)} s${GNU_TIME ? `, ${run.rssMb.toFixed(0)} MB peak RSS` : ''}`, 'completes, < 400 MB']);
  } finally {
    fs.rmSync(big, { recursive: true, force: true });
  }
}

/**
 * The largest file the CLI accepts (bench/large-settings.js, which the size
 * tests lint too): the CLI against a bare parse of the same file, each in a
 * process of its own, in time and peak RSS.
 */
function largestFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-bench-largest-'));
  try {
    const file = path.join(dir, 'settings.py');
    fs.writeFileSync(file, largeSettings());
    const bareParse = `const core = require(${JSON.stringify(path.join(root, 'packages', 'core'))});
core.initParser().then(() => core.withTree(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'), (t) => t.rootNode.type));`;
    const runs = 3;
    const bare = [];
    const lint = [];
    for (let i = 0; i < runs; i++) {
      alternately(
        i,
        () => bare.push(measured(process.execPath, ['-e', bareParse])),
        () => lint.push(measured(process.execPath, [cli, file, '--format', 'json'])),
      );
    }
    const mb = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
    const wall = (runs) => median(runs.map((r) => r.wallMs));
    const rss = (runs) => median(runs.map((r) => r.rssMb));
    const timeRatio = wall(lint) / wall(bare);
    console.log(`largest accepted file (${mb} MB settings module): exit ${lint[0].status}, CLI ${(wall(lint) / 1000).toFixed(1)} s vs bare parse ${(wall(bare) / 1000).toFixed(1)} s = ${timeRatio.toFixed(2)}x (medians of ${runs})`);
    if (GNU_TIME) console.log(`  peak RSS: CLI ${rss(lint).toFixed(0)} MB vs bare parse ${rss(bare).toFixed(0)} MB = ${(rss(lint) / rss(bare)).toFixed(2)}x`);
    summary.push([`largest accepted file (${mb} MB) / bare parse`, `${timeRatio.toFixed(2)}x time${GNU_TIME ? `, ${(rss(lint) / rss(bare)).toFixed(2)}x peak RSS` : ''}`, '']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
