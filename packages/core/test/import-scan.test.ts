// Where a module imports project modules while it is being imported
// (import-scan.ts): the first-read pass follows these.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importSitesAtImportTime, importsAtImportTime, scanImports, scannedImports } from '../src/import-scan';
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

test('one scan gives every from-import and those run at import time: function bodies, comments and blank lines do not run', () => {
  const files = ['/p/proj/a.py', '/p/proj/b.py', '/p/proj/c.py', '/p/proj/d.py', '/p/proj/e.py', '/p/proj/f.py', '/p/proj/g.py'];
  const index = new ModuleIndex(files);
  const text = [
    'from .a import x',
    'async def load():',
    '    from .b import y',
    '',
    '  \t',
    '# from .c import z',
    '        from .c import z',
    'def other(): from .d import w',
    'from .e import v  # back at the top level',
    'class K:',
    '    from .f import u',
    '    def m(self):',
    '\tfrom .g import t',
  ].join('\r\n');
  const scanned = scanImports('/p/proj/x.py', text, index);
  assert.deepEqual(scanned.all, ['/p/proj/a.py', '/p/proj/b.py', '/p/proj/c.py', '/p/proj/c.py', '/p/proj/d.py', '/p/proj/e.py', '/p/proj/f.py', '/p/proj/g.py']);
  // A tab is one character of indent, as the line scan always counted it: `\tfrom .g` (1) is not deeper than `def m` (4), so it ends the function.
  assert.deepEqual(scanned.atImportTime, ['/p/proj/a.py', '/p/proj/e.py', '/p/proj/f.py', '/p/proj/g.py']);
  assert.deepEqual(scannedImports('/p/proj/x.py', text, index), scanned.all);
  assert.deepEqual(importsAtImportTime('/p/proj/x.py', text, index), scanned.atImportTime);
  // The import sites read the same lines (a bare \r ends a line too).
  assert.deepEqual(
    importSitesAtImportTime('/p/proj/x.py', text.replace(/\r\n/g, '\r'), index).map((s) => s.target),
    ['/p/proj/a.py', '/p/proj/e.py', '/p/proj/f.py', '/p/proj/g.py'],
  );
});
