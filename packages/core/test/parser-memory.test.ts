import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, lint, withTree } from '../src';

// Trees live in WebAssembly memory the garbage collector cannot see; only
// delete() frees them. Undeleted, 3,000 parses of this file grow the heap by
// well over 100 MB (measured: ~0.4 MB per parse), so the bound below fails
// the moment a tree leaks.
const settings = Array.from({ length: 300 }, (_, i) => `CELERY_SETTING_${i} = {'key': "value ${i} 한국어", 'n': [${i}, ${i + 1}]}  # 주석`).join('\n');

test('memory stays flat over thousands of parses', async () => {
  await initParser();
  for (let i = 0; i < 200; i++) withTree(settings, (tree) => tree.rootNode.childCount);
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 3000; i++) withTree(settings, (tree) => tree.rootNode.childCount);
  const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
  assert.ok(grownMb < 40, `RSS grew by ${grownMb.toFixed(1)} MB over 3,000 parses`);
});

test('lint frees every tree it parses: modules freed early, imported ones, and ones read again', async () => {
  await initParser();
  // loose.py is imported by nobody (freed after its read); base.py is imported (held to the end);
  // hidden.py is freed, then reached by an import the text scan cannot see, and read again.
  const files = [
    { path: '/m/proj/hidden.py', text: settings },
    { path: '/m/proj/loose.py', text: settings },
    { path: '/m/proj/base.py', text: settings },
    { path: '/m/proj/settings.py', text: 'from .base import *\nfrom \\\n    .hidden import *\nCELERY_BROKER_URL = CELERY_SETTING_1\n' },
  ];
  for (let i = 0; i < 30; i++) lint(files, { rules: [] });
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 250; i++) lint(files, { rules: [] });
  const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
  assert.ok(grownMb < 40, `RSS grew by ${grownMb.toFixed(1)} MB over 250 runs (1,000 trees)`);
});

test('a run holds the trees of the imports in flight, not of every file: forty large tasks.py sharing one app', async () => {
  await initParser();
  // Each tasks.py imports the app, and `tasks` is named by an import elsewhere, which
  // once kept every tree alive to the end of the run. About 250 KB of source each: held together,
  // their trees take hundreds of megabytes of WebAssembly memory, which never shrinks.
  const body = Array.from({ length: 2500 }, (_, i) => `    result_${i} = {'key': "value ${i}", 'n': [${i}, ${i + 1}]}  # 주석`).join('\n');
  const files = [
    { path: '/big/proj/celery.py', text: "from celery import Celery\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n" },
    { path: '/big/proj/settings.py', text: "from shop_0.tasks import helper\nCELERY_BROKER_URL = 'redis://'\n" },
  ];
  for (let i = 0; i < 40; i++) files.push({ path: `/big/shop_${i}/tasks.py`, text: `from proj.celery import app\n\n@app.task\ndef helper():\n${body}\n` });
  const external = () => process.memoryUsage().external;
  const before = external();
  const out = lint(files, { rules: [] });
  const grownMb = (external() - before) / 1024 / 1024;
  assert.deepEqual(out.configurations.map((c) => c.file).sort(), ['/big/proj/celery.py', '/big/proj/settings.py']);
  assert.ok(grownMb < 60, `WebAssembly memory grew by ${grownMb.toFixed(1)} MB over 40 modules of ${(body.length / 1024).toFixed(0)} KB`);
});
