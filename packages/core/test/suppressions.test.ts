import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../src';
import { parse } from '../src/parser';
import { PiecewiseSyntax } from '../src/piecewise-syntax';
import { commentDirectives, readSuppressions } from '../src/suppressions';
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

test('a comment may hold several directives, and other comments around them', async () => {
  await initParser();
  const text = [
    'A = 1  # noqa: celery/a  # celery-lint: disable=celery/b -- why',
    'B = 1  # type: ignore  # noqa: c, celery/d',
    'C = 1  # noqa  # pylint: disable=x',
    'D = 1  # celery-lint: disable=celery/e  # noqa: celery/f',
    'E = 1  # see issue #12 about noqa',
  ].join('\n');
  const tree = parse(text);
  try {
    const found = readSuppressions('/s.py', text, [tree.rootNode], () => new LineIndex(text));
    assert.deepEqual(
      found.map((s) => [s.line, s.ids, text.slice(s.directive.start, s.directive.end), s.wholeComment]),
      [
        [0, ['celery/a'], '# noqa: celery/a  ', false],
        [0, ['celery/b'], '# celery-lint: disable=celery/b -- why', false],
        [1, ['c', 'celery/d'], '# noqa: c, celery/d', false],
        [2, [], '# noqa', false],
        [3, ['celery/e'], '# celery-lint: disable=celery/e  ', false],
        [3, ['celery/f'], '# noqa: celery/f', false],
      ],
    );
  } finally {
    tree.delete();
  }
});

test('commentDirectives gives each id list without its reason, for edits that extend it', () => {
  const comment = '# type: ignore  # noqa: celery/a,celery/b -- legacy  # celery-lint: disable=celery/c';
  const found = commentDirectives(comment);
  assert.deepEqual(
    found.map((d) => [d.kind, d.ids, d.list && comment.slice(d.list.start, d.list.end)]),
    [
      ['noqa', ['celery/a', 'celery/b'], 'celery/a,celery/b'],
      ['disable', ['celery/c'], 'celery/c'],
    ],
  );
  assert.deepEqual(commentDirectives('# noqa'), [{ kind: 'noqa', ids: [] }]);
});
