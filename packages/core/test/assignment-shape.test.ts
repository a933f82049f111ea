// The text-only reading of `NAME = value` lines must agree with the syntax
// tree wherever it answers: same key, same value node. Checked over every
// Python file the project ships (fixtures, examples) and awkward lines of our own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser, withTree } from '../src';
import { expressionAt, simpleAssignmentShape } from '../src/assignment-shape';
import { pythonFiles, REPO } from './helpers';

const repo = REPO;

const AWKWARD = [
  "A = 'x=1'",
  'B = 1 == 2',
  'C == 3',
  'D = E = 4',
  'F = f(x=1)',
  'G = g()',
  'H = (1)',
  'I = \\\n    5',
  'J: int = 6',
  'K = [1,  # a = b\n     2]',
  "L = {'a': 1}  # trailing = comment",
  'M = not N',
  'O = P if Q else R',
  'S = T.u[0]',
  'V = lambda: 1',
  'W = 1; X = 2',
  'Y = True',
  'Z = ...',
  "AA = f'{B}'",
  "AB = 'a' 'b'",
  'AC = -1',
  'AD = *AE, AF',
  'if AG:\n    AH = 1\nelse:\n    AH = 2',
  'def f():\n    AI = 3',
  '서울 = 1',
  'AJ =',
].join('\n');

test('simpleAssignmentShape answers only where the tree agrees, and expressionAt finds the right-hand side', async () => {
  await initParser();
  const texts = [...pythonFiles(path.join(repo, 'fixtures')), ...pythonFiles(path.join(repo, 'examples'))].map((f) => fs.readFileSync(f, 'utf8'));
  texts.push(AWKWARD);
  let answered = 0;
  let declined = 0;
  for (const text of texts) {
    withTree(text, (tree) => {
      for (const statement of tree.rootNode.descendantsOfType('expression_statement')) {
        if (!statement) continue;
        const shape = simpleAssignmentShape(text, statement.startIndex, statement.endIndex);
        const assignment = statement.namedChild(0);
        if (!shape) {
          declined++;
          continue;
        }
        answered++;
        const where = `${JSON.stringify(statement.text)}`;
        assert.equal(assignment?.type, 'assignment', where);
        const left = assignment!.childForFieldName('left')!;
        const right = assignment!.childForFieldName('right')!;
        assert.equal(left.type, 'identifier', where);
        assert.equal(text.slice(statement.startIndex, shape.keyEnd), left.text, where);
        assert.equal(shape.valueStart, right.startIndex, where);
        assert.notEqual(right.type, 'call', where);
        assert.notEqual(right.type, 'assignment', where);
        const found = expressionAt(statement.parent!, shape.valueStart, statement.endIndex);
        assert.equal(found?.id, right.id, `${where}: found ${found?.type}, expected ${right.type}`);
      }
    });
  }
  // Both ways are exercised: most lines are plain, the awkward ones are not.
  assert.ok(answered > 200, `answered ${answered}`);
  assert.ok(declined > 20, `declined ${declined}`);
});

test('the awkward lines that must go to the tree are declined', () => {
  for (const line of ["A = 'x=1'", 'D = E = 4', 'F = f(x=1)', 'G = g()', 'I = \\\n    5', 'C == 3', '서울 = 1', 'AJ =']) {
    assert.equal(simpleAssignmentShape(line, 0, line.length), undefined, line);
  }
  assert.deepEqual(simpleAssignmentShape('ABC  =  [1]', 0, 11), { keyEnd: 3, valueStart: 8 });
});
