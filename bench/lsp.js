#!/usr/bin/env node
'use strict';
// The language server's speed, as an editor feels it. Prints numbers, asserts nothing.
//
// 1. One long file: the time from a one-character didChange to the
//    publishDiagnostics for it on a 3,000-line settings file, and the server's
//    memory over 10,000 edits (issue 5).
// 2. Project scale (issue 19): the same keystroke in a 7-line prod.py of a
//    small Django project, served three ways at once: the project alone, the
//    project with 20 unrelated 3,000-line settings modules on disk (none open),
//    and that plus one 5 MB settings module. Rounds alternate between the
//    servers, so a busy machine slows all of them alike; the ratios of medians
//    say what the extra modules cost. Then memory after every document closes.
//
// 3. A long lint (issue 19, item 6): a 9 MB settings module opened beside a
//    small project; the time a hover on prod.py waits meanwhile, the time to
//    the long file's diagnostics, and the server's memory before, at the end
//    of the lint and after the long file closes.
//
// LSP_BENCH_EDITS (default 10,000), LSP_BENCH_ROUNDS (default 60),
// LSP_BENCH_HUGE=0 leaves the 5 MB module out, LSP_BENCH_PART=1|2|3 runs one part.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const root = path.resolve(__dirname, '..');
const serverBin = path.join(root, 'packages', 'language-server', 'bin', 'celery-lint-language-server.js');
const EDITS = Number(process.env.LSP_BENCH_EDITS ?? 10_000);
const ROUNDS = Number(process.env.LSP_BENCH_ROUNDS ?? 60);
const TIMED = 300;

/** A settings module of about 3,000 lines: Django settings, Celery settings, env reads, a beat schedule, findings. */
function settingsText(targetLines = 2_950) {
  const lines = ['import os', 'from celery.schedules import crontab', '', "SECRET_KEY = os.environ.get('SECRET_KEY', 'dev')", "CELERY_BROKER_URL = os.getenv('BROKER_URL', 'amqp://guest@localhost//')", "CELERY_RESULT_BACKEND = 'amqp://localhost'", "CELERY_ACCEPT_CONTENT = ['json']", "CELERY_TASK_SERIALIZER = 'json'", ''];
  let i = 0;
  while (lines.length < targetLines) {
    lines.push(`FEATURE_FLAG_${i} = os.environ.get('FLAG_${i}', '${i % 2 ? 'on' : 'off'}') == 'on'`);
    lines.push(`SERVICE_${i}_URL = 'https://service-${i}.example.com/api/v1/'  # 서비스 ${i}`);
    lines.push(`LIMITS_${i} = {'rate': ${i}, 'burst': ${i * 2}, 'names': ['a${i}', 'b${i}']}`);
    i++;
  }
  lines.push('CELERY_BEAT_SCHEDULE = {');
  for (let k = 0; k < 20; k++) lines.push(`    'job-${k}': {'task': 'app.tasks.job_${k}', 'schedule': crontab(minute='${k}', hour='*/2')},`);
  lines.push('}', '');
  return lines.join('\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A language server over stdio with just enough client to time edits. */
class Server {
  constructor(dir) {
    const nodeArgs = (process.env.LSP_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeArgs, serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], cwd: dir });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.waiting = undefined;
    this.versions = new Map();
    this.dir = dir;
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      const w = this.waiting;
      if (w && p.uri === w.uri && (w.version === undefined || p.version === w.version)) {
        this.waiting = undefined;
        w.resolve(p);
      }
    });
    this.connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async start() {
    // The default throttle (120 ms) only delays edits that follow a lint closely; each timed edit
    // comes after a pause, as a keystroke after a short think does, so debouncing is off here.
    const folder = pathToFileURL(this.dir).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: path.basename(this.dir) }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      initializationOptions: { debounceMs: 0 },
    });
    await this.connection.sendNotification('initialized', {});
  }

  published(uri, version) {
    return new Promise((resolve) => (this.waiting = { uri, version, resolve }));
  }

  async open(file, text) {
    const uri = pathToFileURL(file).href;
    this.versions.set(uri, 1);
    const first = this.published(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    return first;
  }

  async close(file) {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: pathToFileURL(file).href } });
  }

  /** Toggles a '#' at the start of `line` and resolves with the time to its diagnostics, in ms. */
  async keystroke(file, line, insert) {
    const uri = pathToFileURL(file).href;
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    const range = insert ? { start: { line, character: 0 }, end: { line, character: 0 } } : { start: { line, character: 0 }, end: { line, character: 1 } };
    const start = process.hrtime.bigint();
    const done = this.published(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? '#' : '' }] });
    await done;
    return Number(process.hrtime.bigint() - start) / 1e6;
  }

  send(file, line, insert) {
    const uri = pathToFileURL(file).href;
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    const range = insert ? { start: { line, character: 0 }, end: { line, character: 0 } } : { start: { line, character: 0 }, end: { line, character: 1 } };
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? '#' : '' }] });
  }

  version(file) {
    return this.versions.get(pathToFileURL(file).href);
  }

  get rss() {
    return rssMb(this.child.pid);
  }

  async stop() {
    await this.connection.sendRequest('shutdown');
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.connection.sendNotification('exit');
    await Promise.race([exited, sleep(3000)]);
    this.connection.dispose();
    this.child.kill();
  }
}

async function longFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-lsp-bench-'));
  fs.mkdirSync(path.join(dir, 'proj'));
  fs.writeFileSync(path.join(dir, 'manage.py'), '');
  const file = path.join(dir, 'proj', 'settings.py');
  const text = settingsText();
  fs.writeFileSync(file, text);
  const server = new Server(dir);
  await server.start();
  const first = await server.open(file, text);
  const startRss = server.rss;

  // One-character edits at the start of a line in the middle of the file: type '#', then delete it.
  const line = Math.floor(text.split('\n').length / 2);
  const latencies = [];
  for (let n = 0; n < TIMED; n++) latencies.push(await server.keystroke(file, line, n % 2 === 0));
  // Memory: the rest in bursts of ten, as typing sends them; the server lints each burst at least once.
  let rssAt1000 = 0;
  for (let n = TIMED; n < EDITS; n += 10) {
    for (let k = n; k < Math.min(n + 10, EDITS); k++) await server.send(file, line, k % 2 === 0);
    await server.published(pathToFileURL(file).href, server.version(file));
    if (n < 1000 && n + 10 >= 1000) rssAt1000 = server.rss;
  }
  const endRss = server.rss;

  console.log(`language server, ${text.split('\n').length}-line settings file, ${first.diagnostics.length} findings`);
  console.log(`  didChange -> publishDiagnostics (one character, ${TIMED} edits, client round trip included):`);
  console.log(`    median ${median(latencies).toFixed(2)} ms, p90 ${percentile(latencies, 0.9).toFixed(2)} ms, max ${Math.max(...latencies).toFixed(2)} ms  (target: median < 10 ms)`);
  const middle = EDITS >= 1000 ? `, ${rssAt1000.toFixed(1)} MB after 1,000 edits` : '';
  console.log(`  server RSS: ${startRss.toFixed(1)} MB after open${middle}, ${endRss.toFixed(1)} MB after ${EDITS.toLocaleString('en')} edits`);
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

const PROD = [
  'from .base import *  # noqa: F401,F403',
  '',
  'DEBUG = False',
  "ALLOWED_HOSTS = ['shop.example.com']",
  "CELERY_RESULT_BACKEND = 'amqp://localhost'",
  'CELERY_TASK_ALWAYS_EAGR = True',
  'worker_prefetch_multiplier = 1',
  '',
].join('\n');

/** A small Django project; `extras` adds unrelated settings modules beside it. */
function project(extras) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-lsp-scale-')));
  const write = (name, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  write('manage.py', "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.prod')\n");
  write('proj/__init__.py', '');
  write('proj/celery.py', "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.prod')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.autodiscover_tasks()\n");
  write('proj/settings/__init__.py', '');
  write('proj/settings/base.py', "SECRET_KEY = 'x'\nINSTALLED_APPS = ['shop']\nCELERY_BROKER_URL = 'redis://localhost:6379/0'\nCELERY_ACCEPT_CONTENT = ['json']\nCELERY_TASK_SERIALIZER = 'json'\n");
  write('proj/settings/prod.py', PROD);
  write('shop/__init__.py', '');
  write('shop/tasks.py', 'from celery import shared_task\n\n@shared_task\ndef add(x, y):\n    return x + y\n');
  if (extras.modules) {
    const text = settingsText();
    for (let i = 0; i < extras.modules; i++) write(`legacy/settings_${i}.py`, text);
  }
  if (extras.hugeBytes) {
    let text = '';
    for (let i = 0; text.length < extras.hugeBytes; i++) text += settingsText().replace(/\b(FEATURE_FLAG|SERVICE|LIMITS)_/g, `$1_${i}_`);
    write('legacy/huge_settings.py', text);
  }
  return { dir, prod: path.join(dir, 'proj', 'settings', 'prod.py') };
}

/** Prints the comparison and returns each setup's keystroke median (ms) and RSS after the edits (MB). */
async function projectScale(rounds = ROUNDS) {
  const ROUNDS = rounds;
  const huge = process.env.LSP_BENCH_HUGE !== '0';
  const setups = [
    { name: 'project alone', extras: {} },
    { name: '+ 20 unrelated 3,000-line settings modules', extras: { modules: 20 } },
    ...(huge ? [{ name: '+ 20 modules and one 5 MB settings module', extras: { modules: 20, hugeBytes: 5 * 1024 * 1024 } }] : []),
  ];
  const sides = [];
  for (const setup of setups) {
    const { dir, prod } = project(setup.extras);
    const server = new Server(dir);
    await server.start();
    const baseline = server.rss;
    const opened = Date.now();
    await server.open(prod, PROD);
    sides.push({ ...setup, dir, prod, server, baseline, openMs: Date.now() - opened, afterOpen: server.rss, latencies: [] });
  }
  // Warm-up, then rounds that alternate which server goes first.
  for (const side of sides) for (let n = 0; n < 4; n++) await side.server.keystroke(side.prod, 3, n % 2 === 0);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      side.latencies.push(await side.server.keystroke(side.prod, 3, side.latencies.length % 2 === 0));
    }
  }
  for (const side of sides) {
    side.afterEdits = side.server.rss;
    await side.server.close(side.prod);
    await sleep(1500);
    side.afterClose = side.server.rss;
  }

  console.log(`language server, keystroke in a 7-line prod.py (${ROUNDS} alternating rounds, client round trip included):`);
  const base = median(sides[0].latencies);
  for (const side of sides) {
    const m = median(side.latencies);
    console.log(`  ${side.name}:`);
    console.log(`    median ${m.toFixed(2)} ms (${(m / base).toFixed(2)}x the project alone), p90 ${percentile(side.latencies, 0.9).toFixed(2)} ms, max ${Math.max(...side.latencies).toFixed(2)} ms; first diagnostics after ${side.openMs} ms`);
    console.log(`    RSS ${side.baseline.toFixed(1)} MB started, ${side.afterOpen.toFixed(1)} MB after open, ${side.afterEdits.toFixed(1)} MB after the edits, ${side.afterClose.toFixed(1)} MB after close`);
  }
  console.log('  (targets: median < 20 ms and RSS < 250 MB with the 20 modules; the 5 MB module must not slow the keystroke)');
  for (const side of sides) {
    await side.server.stop();
    fs.rmSync(side.dir, { recursive: true, force: true });
  }
  return sides.map((side) => ({ name: side.name, medianMs: median(side.latencies), rssMb: side.afterEdits }));
}

async function longLint() {
  const { dir, prod } = project({});
  const big = path.join(dir, 'legacy', 'big_settings.py');
  let text = '';
  for (let i = 0; text.length < 9 * 1024 * 1024; i++) text += settingsText().replace(/\b(FEATURE_FLAG|SERVICE|LIMITS)_/g, `$1_${i}_`);
  fs.mkdirSync(path.dirname(big), { recursive: true });
  fs.writeFileSync(big, text);
  const server = new Server(dir);
  await server.start();
  await server.open(prod, PROD);
  await sleep(1000);
  const before = server.rss;
  const bigUri = pathToFileURL(big).href;
  const opened = process.hrtime.bigint();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, server.rss)), 50);
  const diagnostics = new Promise((resolve) => {
    server.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      if (p.uri === bigUri) resolve(Number(process.hrtime.bigint() - opened) / 1e6);
    });
  });
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'python', version: 1, text } });
  const hoverStart = process.hrtime.bigint();
  await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: pathToFileURL(prod).href }, position: { line: 4, character: 3 } });
  const hoverMs = Number(process.hrtime.bigint() - hoverStart) / 1e6;
  const lintMs = await diagnostics;
  clearInterval(sampler);
  const afterLint = server.rss;
  await server.close(big);
  await sleep(3000);
  const afterClose = server.rss;
  console.log(`language server, a ${(text.length / 1024 / 1024).toFixed(1)} MB settings module opened beside prod.py:`);
  console.log(`  hover on prod.py answered after ${hoverMs.toFixed(1)} ms; the long file's diagnostics after ${(lintMs / 1000).toFixed(1)} s`);
  console.log(`  RSS ${before.toFixed(1)} MB before, ${peak.toFixed(1)} MB at most during the lint, ${afterLint.toFixed(1)} MB after it, ${afterClose.toFixed(1)} MB 3 s after the file closed`);
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main() {
  const part = process.env.LSP_BENCH_PART;
  if (!part || part === '1') await longFile();
  if (!part || part === '2') await projectScale();
  if (!part || part === '3') await longLint();
}

module.exports = { settingsText, projectScale };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
