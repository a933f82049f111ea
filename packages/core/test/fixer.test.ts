import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixesToText } from '../src';

const fix = (start: number, end: number, text: string) => ({ file: 'f', edits: [{ start, end, text }] });

test('non-overlapping fixes apply together, from the end of the text backwards', () => {
  const result = applyFixesToText('aaa bbb ccc', [fix(8, 11, 'CCC'), fix(0, 3, 'A')]);
  assert.equal(result.text, 'A bbb CCC');
  assert.equal(result.applied.length, 2);
  assert.equal(result.skipped.length, 0);
});

test('an overlapping fix waits for the next pass; identical edits are applied once', () => {
  const result = applyFixesToText('abcdef', [fix(0, 4, 'X'), fix(2, 6, 'Y'), fix(0, 4, 'X')]);
  assert.equal(result.text, 'Xef');
  assert.equal(result.skipped.length, 1);
  const inserts = applyFixesToText('ab', [fix(1, 1, 'X'), fix(1, 1, 'Y')]);
  assert.equal(inserts.text, 'aXb');
  assert.equal(inserts.skipped.length, 1);
});

test('a fix made of several edits is applied whole', () => {
  const result = applyFixesToText('one two three', [{ file: 'f', edits: [{ start: 0, end: 3, text: '1' }, { start: 8, end: 13, text: '3' }] }]);
  assert.equal(result.text, '1 two 3');
});
