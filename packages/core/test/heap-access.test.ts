// The shortcut past Emscripten's setValue/getValue must write and read the
// same words the generic path does, follow the heap when memory grows, and
// leave every other type to the original functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directHeapAccess } from '../src/parser';

test('32-bit words go straight to the current heap view; other types take the original path', () => {
  const calls: string[] = [];
  const binding: Record<string, unknown> = {
    HEAP32: new Int32Array(4),
    setValue: (ptr: number, value: number, type?: string) => calls.push(`set ${ptr} ${value} ${type}`),
    getValue: (ptr: number, type?: string) => {
      calls.push(`get ${ptr} ${type}`);
      return 99;
    },
  };
  assert.equal(directHeapAccess(binding), true);
  const set = binding['setValue'] as (p: number, v: number, t?: string) => void;
  const get = binding['getValue'] as (p: number, t?: string) => unknown;
  set(4, -7, 'i32');
  assert.equal((binding['HEAP32'] as Int32Array)[1], -7);
  assert.equal(get(4, 'i32'), -7);
  assert.equal(get(8, 'i8'), 99);
  set(8, 1, 'i8');
  assert.deepEqual(calls, ['get 8 i8', 'set 8 1 i8']);
  // WebAssembly memory grew: the module swapped in a new view.
  binding['HEAP32'] = new Int32Array(8);
  set(20, 5, 'i32');
  assert.equal((binding['HEAP32'] as Int32Array)[5], 5);
});

test('a binding without the expected shape is left alone', () => {
  const binding: Record<string, unknown> = { setValue: () => undefined };
  assert.equal(directHeapAccess(binding), false);
  assert.equal(typeof binding['getValue'], 'undefined');
});
