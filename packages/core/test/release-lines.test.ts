import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admittedVersion, newestLineBelow } from '../src/pins/release-lines';

test('an upper bound alone admits the newest release line below it', () => {
  assert.equal(newestLineBelow('<2.0', 'django'), '1.11');
  assert.equal(newestLineBelow('<2', 'django'), '1.11');
  assert.equal(newestLineBelow('<=1.11.29', 'django'), '1.11');
  assert.equal(newestLineBelow('<1.11', 'django'), '1.10');
  assert.equal(newestLineBelow('<=2.2', 'django'), '2.2');
  assert.equal(newestLineBelow('!=1.11.3, <2.0', 'django'), '1.11');
  // Celery went from 3.1 to 4.0: `celery<4` is Celery 3.1.
  assert.equal(newestLineBelow('<4.0', 'celery'), '3.1');
  assert.equal(newestLineBelow('<5.3', 'celery'), '5.2');
  assert.equal(newestLineBelow('<1.0', 'celery'), undefined);
  assert.equal(newestLineBelow('<2.0', 'flower'), undefined);
  assert.equal(newestLineBelow('>=1.8', 'django'), undefined);
});

test('a floor still decides when there is one; the ceiling is used only without it', () => {
  assert.deepEqual(admittedVersion('>=1.8,<2.0', 'django'), { version: '1.8', exact: false });
  assert.deepEqual(admittedVersion('<2.0', 'django'), { version: '1.11', exact: false, ceiling: true });
  assert.equal(admittedVersion('', 'django'), undefined);
});
