// The module index answers an import by the files that exist, whatever order
// they were listed in, and one index serves every caller asking for the same
// files (ModuleIndex.shared).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleIndex, rememberingResolve } from '../src/module-index';

const MONOREPO = ['/r/billing/settings.py', '/r/accounts/settings.py', '/r/web/app/celery.py', '/r/web/app/__init__.py', '/r/web/settings.py', '/r/api/celery.py'];

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

test('an absolute import goes to the nearest file; between equally near ones, to the first by path, in any listing order', () => {
  for (let seed = 1; seed <= 24; seed++) {
    const index = new ModuleIndex(shuffled(MONOREPO, seed));
    // Nearest: the importer's own directory holds one.
    assert.equal(index.resolve('/r/web/app/celery.py', 'settings', 0), '/r/web/settings.py');
    // billing/ and accounts/ are as near to api/: the answer is accounts', whichever was listed first.
    assert.equal(index.resolve('/r/api/celery.py', 'settings', 0), '/r/accounts/settings.py', `listing ${seed}`);
    assert.equal(index.resolve('/r/api/celery.py', 'app.celery', 0), '/r/web/app/celery.py');
    assert.equal(index.resolve('/r/api/celery.py', 'missing', 0), undefined);
  }
});

test('shared() gives the index built last for the same files, in any order or with repeats, and a new one for other files', () => {
  const first = ModuleIndex.shared(MONOREPO);
  assert.equal(ModuleIndex.shared([...MONOREPO].reverse()), first);
  assert.equal(ModuleIndex.shared([...MONOREPO, MONOREPO[0]!]), first);
  // As many paths as the index holds, one of them twice: a file is missing.
  const missingOne = ModuleIndex.shared([...MONOREPO.slice(0, -1), MONOREPO[0]!]);
  assert.notEqual(missingOne, first);
  assert.equal(missingOne.resolve('/r/web/app/celery.py', 'api.celery', 0), undefined);
  const fewer = ModuleIndex.shared(MONOREPO.slice(1));
  assert.notEqual(fewer, first);
  assert.equal(fewer.resolve('/r/api/celery.py', 'settings', 0), '/r/accounts/settings.py');
  const repeated = ModuleIndex.shared([...MONOREPO.slice(1), MONOREPO[1]!]);
  assert.equal(repeated, fewer);
  const other = ModuleIndex.shared([...MONOREPO.slice(0, -1), '/r/api/other.py']);
  assert.notEqual(other, fewer);
  assert.equal(other.resolve('/r/api/celery.py', 'other', 0), '/r/api/other.py');
  assert.equal(other.resolve('/r/web/app/celery.py', 'api.celery', 0), undefined);
});

test('rememberingResolve answers as the index does, each question asked of the index once', () => {
  const index = new ModuleIndex(['/p/a/settings.py', '/p/b/settings.py', '/p/a/tasks.py']);
  let asked = 0;
  const counting = { resolve: (from: string, name: string, level: number) => (asked++, index.resolve(from, name, level)) } as unknown as ModuleIndex;
  const remembering = rememberingResolve(counting);
  for (let i = 0; i < 2; i++) {
    assert.equal(remembering.resolve('/p/a/tasks.py', 'settings', 0), '/p/a/settings.py');
    assert.equal(remembering.resolve('/p/b/x.py', 'settings', 0), '/p/b/settings.py');
    assert.equal(remembering.resolve('/p/a/tasks.py', 'missing', 0), undefined);
    assert.equal(remembering.resolve('/p/a/tasks.py', 'settings', 1), '/p/a/settings.py');
  }
  assert.equal(asked, 4);
});
