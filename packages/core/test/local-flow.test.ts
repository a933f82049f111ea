// Which assignments of a local name reach a use (app-usage/local-flow.ts).
// Blocks that never write the name are passed over unwalked; the answers
// must be those of a walk through them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, withTree, type SyntaxNode } from '../src';
import { reachingDefinitions } from '../src/app-usage/local-flow';

/** The definitions of `name` reaching its last use in the first function of `text`, as short strings. */
async function reaching(text: string, name: string): Promise<string[] | undefined> {
  await initParser();
  return withTree(text, (tree) => {
    const fn = tree.rootNode.namedChildren.find((n) => n?.type === 'function_definition')!;
    const uses = fn.descendantsOfType('identifier').filter((n): n is SyntaxNode => !!n && n.text === name);
    const defs = reachingDefinitions(fn, uses[uses.length - 1]!, name);
    return defs?.map((d) => (d.kind === 'assigned' ? `assigned ${d.value.text}` : d.kind === 'opaque' ? `opaque: ${d.why}` : d.kind));
  });
}

test('blocks that never name the variable change nothing; those that do are walked', async () => {
  const text = [
    'def f(flag):',
    '    r = t.delay()',
    '    if flag:',
    '        other = 1',
    '        for i in range(3):',
    '            log(i)',
    '    else:',
    '        try:',
    '            x = 2',
    '        except Exception:',
    '            pass',
    '    use(r)',
  ].join('\n');
  assert.deepEqual(await reaching(text, 'r'), ['assigned t.delay()']);
  // A branch that assigns it: both may arrive.
  assert.deepEqual(await reaching(text.replace('other = 1', 'r = other()'), 'r'), ['assigned other()', 'assigned t.delay()']);
  // A loop variable of that name, nested two blocks down.
  assert.deepEqual(await reaching(text.replace('for i in', 'for r in'), 'r'), ['assigned t.delay()', 'opaque: r is a loop variable']);
  // A try body that assigns it: a handler may run before or after.
  assert.deepEqual(await reaching(text.replace('x = 2', 'r = 2'), 'r'), ['assigned t.delay()', 'assigned 2']);
});
