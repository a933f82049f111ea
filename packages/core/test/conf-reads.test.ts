// Which reads of an app's `conf` importing a module performs (conf-reads.ts),
// each shape checked against Celery 5.2.6 and 5.5.2: a write below the read
// is no longer pending there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTimeConfReads } from '../src/conf-reads';
import { initParser, parse } from '../src/parser';

async function readsOf(text: string): Promise<Array<[string, number]>> {
  await initParser();
  const tree = parse(text);
  try {
    // Lines are 1-based, as in an editor.
    return importTimeConfReads([tree.rootNode]).map((r) => [r.receiver, text.slice(0, r.at).split('\n').length]);
  } finally {
    tree.delete();
  }
}

test('top-level reads, class bodies, default values and finalizing app members are reads on import', async () => {
  assert.deepEqual(await readsOf("X = app.conf['broker_url']\n"), [['app', 1]]);
  assert.deepEqual(await readsOf('class K:\n    v = app.conf.broker_url\n'), [['app', 2]]);
  assert.deepEqual(await readsOf('def f(x=app.conf.broker_url):\n    pass\n'), [['app', 1]]);
  assert.deepEqual(await readsOf('app.finalize()\n'), [['app', 1]]);
  assert.deepEqual(await readsOf('i = app.control.inspect()\n'), [['app', 1]]);
  assert.deepEqual(await readsOf('print(dict(app.conf))\n'), [['app', 1]]);
});

test('writes and members that answer without the configuration are no reads', async () => {
  for (const text of ["app.conf.update(x=1)\n", "app.conf.setdefault('x', 1)\n", 'app.conf.x = 1\n', "app.conf['x'] = 1\n", 'c = app.conf.changes\n', "o = app.conf.find_option('broker_url')\n", 'app.finalize\n', 'app.log = None\n']) {
    assert.deepEqual(await readsOf(text), [], text);
  }
});

test('a function counts at the top-level call that runs it, directly, through another function or through a parameter', async () => {
  const fn = 'def read():\n    return app.conf.broker_url\n\n\n';
  assert.deepEqual(await readsOf(`${fn}read()\n`), [['app', 5]]);
  assert.deepEqual(await readsOf(`${fn}def setup():\n    read()\n\n\nX = [setup()]\n`), [['app', 9]]);
  assert.deepEqual(await readsOf('def check(a, b):\n    return b.conf.broker_url\n\n\ncheck(1, b=celery_app)\n'), [['celery_app', 5]]);
});

test('a function never called on import, a lambda, a script guard, a method and a local app read nothing on import', async () => {
  const cases = [
    'def read():\n    return app.conf.broker_url\n',
    'def read():\n    return app.conf.broker_url\n\n\ndef setup():\n    read()\n',
    'F = lambda: app.conf.broker_url\n',
    "if __name__ == '__main__':\n    print(app.conf.broker_url)\n",
    'def read():\n    return app.conf.broker_url\n\n\nclass K:\n    def m(self):\n        read()\n',
    "def make():\n    app = Celery('x')\n    return app.conf.broker_url\n\n\nmake()\n",
  ];
  for (const text of cases) assert.deepEqual(await readsOf(text), [], text);
});
