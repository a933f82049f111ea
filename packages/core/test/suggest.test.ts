import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatch, editDistance } from '../src';

test('edit distance counts insertions, deletions, substitutions and transpositions', () => {
  assert.equal(editDistance('broker_url', 'broker_url'), 0);
  assert.equal(editDistance('broker_ur', 'broker_url'), 1);
  assert.equal(editDistance('borker_url', 'broker_url'), 1);
  assert.equal(editDistance('task_serialiser', 'task_serializer'), 1);
  assert.equal(editDistance('abc', 'xyz'), 3);
});

test('closestMatch suggests only plausible typos', () => {
  const names = ['broker_url', 'result_backend', 'task_serializer'];
  assert.equal(closestMatch('BROKER_URLL', names), 'broker_url');
  assert.equal(closestMatch('result_backnd', names), 'result_backend');
  assert.equal(closestMatch('queue', names), undefined);
  assert.equal(closestMatch('proj.tasks.ad', ['proj.tasks.add', 'proj.tasks.sub']), 'proj.tasks.add');
});
