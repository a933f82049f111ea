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
