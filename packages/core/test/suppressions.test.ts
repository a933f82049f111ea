import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../src';
import { parse } from '../src/parser';
import { PiecewiseSyntax } from '../src/piecewise-syntax';
import { readSuppressions } from '../src/suppressions';
import { LineIndex } from '../src/text';

function directives(text: string, roots: Parameters<typeof readSuppressions>[2]) {
  return readSuppressions('/s.py', text, roots, () => new LineIndex(text)).map((s) => ({ kind: s.kind, line: s.line, ids: s.ids, start: s.comment.start }));
}

test('directives are found in comments anywhere, and never in strings', async () => {
  await initParser();
  const text = [
    '# celery-lint: disable-file=celery/a',
    "A = 'noqa celery-lint: disable=celery/b'  # noqa: celery/c",
    'B = """',
    '# noqa: celery/d',
    '"""',
    'x = (1,  # NOQA: celery/e',
    '     2)',
    'def f():',
    '    pass  # noqa',
    '# noqa: celery/f',
  ].join('\n');
  const tree = parse(text);
  try {
    assert.deepEqual(
      directives(text, [tree.rootNode]).map(({ kind, line, ids }) => [kind, line, ids]),
      [
        ['file', 0, ['celery/a']],
        ['line', 1, ['celery/c']],
        ['line', 5, ['celery/e']],
        ['line', 8, []],
        ['line', 9, ['celery/f']],
      ],
    );
  } finally {
    tree.delete();
  }
});

test("an editor's pieces give the same directives as one tree", async () => {
  await initParser();
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    lines.push(i % 7 === 0 ? `CELERY_X_${i} = 'noqa'  # noqa: celery/r${i}` : `# comment ${i} celery-lint: not a directive`);
    if (i % 11 === 0) lines.push(`if X_${i}:`, `    Y_${i} = 1  # noqa`);
  }
  const text = lines.join('\n') + '\n';
  const tree = parse(text);
  const pieces = new PiecewiseSyntax(text);
  try {
    const trees = pieces.trees();
    assert.ok(trees.length > 1, 'the text is long enough to be cut into pieces');
    const whole = directives(text, [tree.rootNode]);
    assert.equal(whole.length, 58 + 37);
    assert.deepEqual(directives(text, trees.map((t) => t.rootNode)), whole);
  } finally {
    tree.delete();
    pieces.delete();
  }
});
