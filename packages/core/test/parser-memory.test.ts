import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, withTree } from '../src';

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
