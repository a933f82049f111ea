// Where a module imports project modules while it is being imported
// (import-scan.ts): the first-read pass follows these.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importSitesAtImportTime, importsAtImportTime } from '../src/import-scan';
import { ModuleIndex } from '../src/module-index';

const FILES = ['/p/proj/__init__.py', '/p/proj/celery.py', '/p/proj/tasks.py', '/p/proj/signals.py', '/p/proj/later.py'];

test('import sites: submodules a from-import names, plain imports, at the statement, not in function bodies', () => {
  const index = new ModuleIndex(FILES);
  const text = "from celery import Celery\napp = Celery('p')\nfrom . import tasks, signals as s\nimport proj.later\n\n\ndef load():\n    from . import later\n";
  const sites = importSitesAtImportTime('/p/proj/celery.py', text, index);
  const line = (at: number) => text.slice(0, at).split('\n').length;
  assert.deepEqual(sites.map((s) => [s.target, line(s.at)]), [
    ['/p/proj/__init__.py', 3],
    ['/p/proj/tasks.py', 3],
    ['/p/proj/signals.py', 3],
    ['/p/proj/later.py', 4],
  ]);
  // The engine's reading order is unchanged: only from-imports of module names.
  assert.deepEqual(importsAtImportTime('/p/proj/celery.py', text, index), ['/p/proj/__init__.py']);
});

test('a parenthesized from-import over lines names each submodule', () => {
  const index = new ModuleIndex(FILES);
  const text = 'from proj import (\n    tasks,\n    signals,  # handlers\n)\n';
  assert.deepEqual(importSitesAtImportTime('/p/proj/celery.py', text, index).map((s) => s.target), ['/p/proj/__init__.py', '/p/proj/tasks.py', '/p/proj/signals.py']);
});
