import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageInitsAbove } from '../src/package-inits';

test('the __init__.py files above a module, outermost first, past a namespace package, either separator', () => {
  const known = new Set(['/w/proj/__init__.py', '/w/proj/tasks/__init__.py', '/w/proj/ns/deep/__init__.py', 'C:\\w\\app\\__init__.py']);
  const has = (file: string) => known.has(file);
  assert.deepEqual(packageInitsAbove('/w/proj/tasks/core.py', has), ['/w/proj/__init__.py', '/w/proj/tasks/__init__.py']);
  // A package's own __init__.py is not above itself.
  assert.deepEqual(packageInitsAbove('/w/proj/tasks/__init__.py', has), ['/w/proj/__init__.py']);
  // proj/ns has no __init__.py (a namespace package): the packages around it still count.
  assert.deepEqual(packageInitsAbove('/w/proj/ns/deep/mod.py', has), ['/w/proj/__init__.py', '/w/proj/ns/deep/__init__.py']);
  assert.deepEqual(packageInitsAbove('C:\\w\\app\\views.py', has), ['C:\\w\\app\\__init__.py']);
  assert.deepEqual(packageInitsAbove('settings.py', has), []);
  assert.deepEqual(packageInitsAbove('/top.py', has), []);
});
