import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readsOf } from '../src/name-reads';

const reads = (text: string) => readsOf(text, 'CELERY_QUEUES').length;

test('reads of a name: attributes, getattr and env strings, imports and expressions', () => {
  assert.equal(reads('for q in settings.CELERY_QUEUES:\n'), 1);
  assert.equal(reads("getattr(settings, 'CELERY_QUEUES', ())\n"), 1);
  assert.equal(reads('x = env("CELERY_QUEUES")\n'), 1);
  assert.equal(reads('from .base import CELERY_QUEUES\n'), 1);
  assert.equal(reads('if CELERY_QUEUES == ():\n'), 1);
  assert.equal(reads('ROUTES = {q: {} for q in CELERY_QUEUES}\n'), 1);
});

test('not reads: assignments, keyword arguments, dict keys, comments, del and longer words', () => {
  assert.equal(reads('CELERY_QUEUES = ()\n'), 0);
  assert.equal(reads('CELERY_QUEUES += ("x",)\n'), 0);
  assert.equal(reads('    CELERY_QUEUES: tuple = ()\n'), 0);
  assert.equal(reads('mock_settings.CELERY_QUEUES = ["celery"]\n'), 0);
  assert.equal(reads('@override_settings(CELERY_QUEUES=())\n'), 0);
  assert.equal(reads("app.conf.update({'CELERY_QUEUES': ()})\n"), 0);
  assert.equal(reads('x = 1  # settings.CELERY_QUEUES\n'), 0);
  assert.equal(reads('del CELERY_QUEUES\n'), 0);
  assert.equal(reads('MY_CELERY_QUEUES_X = settings.MY_CELERY_QUEUES\n'), 0);
});

test('an empty name is read nowhere (and the search ends)', () => {
  assert.deepEqual(readsOf('x = y\nprint(x)\n', ''), []);
});
