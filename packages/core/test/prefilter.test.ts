// The pre-filter's second pass (addPulledInModules): which modules a run
// reads although their text alone says nothing of Celery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPulledInModules, mightConfigureCelery } from '../src';

function closeOver(files: Record<string, string>): string[] {
  const candidates = new Map(Object.entries(files).filter(([path, text]) => mightConfigureCelery(text, path)));
  addPulledInModules(candidates, Object.keys(files), (file) => files[file]);
  return [...candidates.keys()].sort();
}

test('a module config_from_object() names is read with the constants it imports, whatever its settings are called', () => {
  // cassandra_servers and CELERYD_TASK_TIME_LIMIT match none of the pre-filter's setting patterns; Celery reads both.
  for (const config of ["from consts import HOSTS\ncassandra_servers = HOSTS\n", "# celeryconfig\nfrom consts import HOSTS\nCELERYD_TASK_TIME_LIMIT = HOSTS\n"]) {
    const files = {
      '/p/app.py': "from celery import Celery\napp = Celery('p')\napp.config_from_object('conf')\n",
      '/p/conf.py': config,
      '/p/consts.py': 'HOSTS = 1.5\n',
      '/p/unrelated.py': 'X = 1\n',
    };
    assert.deepEqual(closeOver(files), ['/p/app.py', '/p/conf.py', '/p/consts.py']);
  }
});

test('a module imported for a helper is not followed further', () => {
  const files = {
    '/p/app.py': "from celery import Celery\nfrom helpers import tool\napp = Celery('p')\n",
    '/p/helpers.py': 'from deep import x\ntool = x\n',
    '/p/deep.py': 'x = 1\n',
  };
  assert.deepEqual(closeOver(files), ['/p/app.py', '/p/helpers.py']);
});

test("a module that reads an app's configuration passes (it may be the first read), other .conf attributes do not", () => {
  for (const text of ['from proj.celery import app\n\nQUEUE = app.conf.task_default_queue\n', "from .celery import celery_app\nX = celery_app.conf['broker_url']\n"]) {
    assert.equal(mightConfigureCelery(text), true, text);
  }
  for (const text of ['from django.conf.urls import url\n', 'class Client:\n    def get(self):\n        return self.conf.get("x")\n']) {
    assert.equal(mightConfigureCelery(text), false, text);
  }
});
