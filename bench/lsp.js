#!/usr/bin/env node
'use strict';
// The language server's speed, as an editor feels it (issue 5 §4): the time
// from a one-character didChange to the publishDiagnostics for it, on a
// 3,000-line settings file, and the server's memory over 10,000 edits.
// Prints numbers, asserts nothing.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const root = path.resolve(__dirname, '..');
const server = path.join(root, 'packages', 'language-server', 'bin', 'celery-lint-language-server.js');
const EDITS = Number(process.env.LSP_BENCH_EDITS ?? 10_000);
const TIMED = 300;

/** A settings module of about 3,000 lines: Django settings, Celery settings, env reads, a beat schedule, findings. */
function settingsText() {
  const lines = ['import os', 'from celery.schedules import crontab', '', "SECRET_KEY = os.environ.get('SECRET_KEY', 'dev')", "CELERY_BROKER_URL = os.getenv('BROKER_URL', 'amqp://guest@localhost//')", "CELERY_RESULT_BACKEND = 'amqp://localhost'", "CELERY_ACCEPT_CONTENT = ['json']", "CELERY_TASK_SERIALIZER = 'json'", ''];
  let i = 0;
  while (lines.length < 2_950) {
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

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-lsp-bench-'));
  fs.mkdirSync(path.join(dir, 'proj'));
  fs.writeFileSync(path.join(dir, 'manage.py'), '');
  const file = path.join(dir, 'proj', 'settings.py');
  const text = settingsText();
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;

  const nodeArgs = (process.env.LSP_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let waiting;
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    if (waiting && p.uri === uri && p.version === waiting.version) {
      const w = waiting;
      waiting = undefined;
      w.resolve(p);
    }
  });
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const published = (expected) => new Promise((resolve) => (waiting = { version: expected, resolve }));

  // The default throttle (120 ms) only delays edits that follow a lint closely; each timed edit
  // below comes after a pause, as a keystroke after a short think does, so debouncing is off here.
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { debounceMs: 0 } });
  await connection.sendNotification('initialized', {});
  const opened = published(1);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  const first = await opened;
  const startRss = rssMb(child.pid);

  // One-character edits at the start of a line in the middle of the file: type '#', then delete it.
  const line = Math.floor(text.split('\n').length / 2);
  let version = 1;
  const edit = (n) => {
    version++;
    const insert = n % 2 === 0;
    const range = insert ? { start: { line, character: 0 }, end: { line, character: 0 } } : { start: { line, character: 0 }, end: { line, character: 1 } };
    return connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? '#' : '' }] });
  };
  // Timed: one edit, then wait for its diagnostics, as a keystroke after a pause.
  const latencies = [];
  for (let n = 0; n < TIMED; n++) {
    const start = process.hrtime.bigint();
    await edit(n);
    await published(version);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  // Memory: the rest in bursts of ten, as typing sends them; the server lints each burst at least once.
  let rssAt1000 = 0;
  for (let n = TIMED; n < EDITS; n += 10) {
    for (let k = n; k < Math.min(n + 10, EDITS); k++) await edit(k);
    await published(version);
    if (n < 1000 && n + 10 >= 1000) rssAt1000 = rssMb(child.pid);
  }
  const endRss = rssMb(child.pid);

  console.log(`language server, ${text.split('\n').length}-line settings file, ${first.diagnostics.length} findings`);
  console.log(`  didChange -> publishDiagnostics (one character, ${TIMED} edits, client round trip included):`);
  console.log(`    median ${median(latencies).toFixed(2)} ms, p90 ${percentile(latencies, 0.9).toFixed(2)} ms, max ${Math.max(...latencies).toFixed(2)} ms  (target: median < 10 ms)`);
  const middle = EDITS >= 1000 ? `, ${rssAt1000.toFixed(1)} MB after 1,000 edits` : '';
  console.log(`  server RSS: ${startRss.toFixed(1)} MB after open${middle}, ${endRss.toFixed(1)} MB after ${EDITS.toLocaleString('en')} edits`);

  await connection.sendRequest('shutdown');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await connection.sendNotification('exit');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
  connection.dispose();
  child.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = { settingsText };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
