import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespaceRewrites } from '../src/namespace-rewrites';

/** The text after each offset found, up to the line's end. */
function found(text: string): string[] {
  return namespaceRewrites(text).map((o) => text.slice(o).split('\n')[0]!);
}

test('namespace rewrites: exec into globals(), vars().update, subscript writes, globals() handed to a function', () => {
  const text = [
    "exec(open('local.py').read(), globals())",
    'vars().update(config)',
    "vars()['DEBUG'] = False",
    'globals().update(os.environ)',
    '_populate(env, globals ())',
  ].join('\n');
  assert.deepEqual(found(text), ["globals())", 'vars().update(config)', "vars()['DEBUG'] = False", 'globals().update(os.environ)', 'globals ())']);
});

test('reads of the namespace, comments, strings and other objects are not rewrites', () => {
  const text = [
    "if 'X' in globals(): pass",
    "x = globals().get('Y')",
    'names = vars().keys()',
    '# vars().update(config("EMAIL_URL"))',
    "doc = 'globals().update(x)'",
    'fields = vars(obj)',
    'settings.globals()',
  ].join('\n');
  assert.deepEqual(found(text), []);
});
