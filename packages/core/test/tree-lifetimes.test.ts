import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TreeLifetimes } from '../src/tree-lifetimes';

/** A graph from `importer: [targets]`; every file named anywhere is a file. */
function lifetimes(graph: Record<string, string[]>): TreeLifetimes {
  const files = [...new Set([...Object.keys(graph), ...Object.values(graph).flat()])].sort();
  return new TreeLifetimes(files, (file) => graph[file] ?? []);
}

test('a module nothing imports is freed as soon as it is read', () => {
  const life = lifetimes({ 'a.py': [], 'b.py': [] });
  assert.deepEqual(life.read('a.py'), ['a.py']);
  assert.deepEqual(life.read('b.py'), ['b.py']);
  // Reading it again (a late importer) frees nothing twice.
  assert.deepEqual(life.read('a.py'), []);
});

test('an imported module lives until every importer has let go, and importers of importers count', () => {
  // tasks_1 and tasks_2 import the app module, which imports settings.
  const life = lifetimes({ 'tasks_1.py': ['celery.py'], 'tasks_2.py': ['celery.py'], 'celery.py': ['settings.py'] });
  assert.deepEqual(life.read('settings.py'), []);
  assert.deepEqual(life.read('celery.py'), []);
  assert.deepEqual(life.read('tasks_1.py'), ['tasks_1.py']);
  // The last importer frees the chain below it: celery.py's names may point into settings.py's.
  assert.deepEqual(life.read('tasks_2.py'), ['tasks_2.py', 'celery.py', 'settings.py']);
});

test('modules in an import cycle are freed together, once all of them are read', () => {
  const life = lifetimes({ 'a.py': ['b.py'], 'b.py': ['a.py', 'c.py'], 'main.py': ['a.py'] });
  assert.deepEqual(life.read('c.py'), []);
  assert.deepEqual(life.read('a.py'), []);
  assert.deepEqual(life.read('b.py'), []);
  assert.deepEqual(life.read('main.py').sort(), ['a.py', 'b.py', 'c.py', 'main.py']);
});

test('an import the scan missed holds its target; one reaching a freed module says so', () => {
  const life = lifetimes({ 'base.py': [], 'settings.py': [], 'loose.py': [] });
  assert.deepEqual(life.read('loose.py'), ['loose.py']);
  // settings.py imports base.py in a way the scan did not see (a backslash after `from`).
  assert.equal(life.imports('settings.py', 'base.py'), true);
  assert.deepEqual(life.read('base.py'), []);
  assert.equal(life.imports('settings.py', 'loose.py'), false, 'loose.py was freed: the caller reads it again');
  assert.deepEqual(life.read('settings.py'), ['settings.py', 'base.py']);
});

test('a chain of 20,000 modules is freed in one cascade, without recursion', () => {
  const graph: Record<string, string[]> = {};
  const n = 20_000;
  for (let i = 0; i < n - 1; i++) graph[`m${i}.py`] = [`m${i + 1}.py`];
  const life = lifetimes(graph);
  for (let i = n - 1; i > 0; i--) assert.deepEqual(life.read(`m${i}.py`), []);
  assert.equal(life.read('m0.py').length, n);
});
