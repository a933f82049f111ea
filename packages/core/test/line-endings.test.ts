// Python ends a line at \n, \r\n or a bare \r. Asked of /usr/bin/python3
// itself (ast.parse and the tokenize module, which read nothing but text:
// no user code runs), for sources with each kind of line ending and with all
// three mixed: where lines end, where each comment is and what it says, where
// each statement starts, whether the file parses, and what its strings hold.
// The grammar as celery-lint drives it, its suppression comments and its
// string values must all agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { initParser, lint, LineIndex, parse, type SyntaxNode } from '../src';
import { commentEnd } from '../src/parser';
import { readSuppressions } from '../src/suppressions';
import { withLineEndings } from './helpers';

const SOURCES = [
  'X = 1  # noqa: celery/pickle-serializer\nY = 2\nZ = 3 # 설정 ✓\n',
  '# celery-lint: disable-file=celery/unknown-setting\n\nif X:\n    Y = 1\n    # inside\nelse:\n    Y = 2\nZ = 3\n',
  'S = """a\nb\n\nc"""  # after\nT = r\'\'\'x\ny\'\'\'\n',
  "U = 'a\\\nb'\nV = [1, \\\n  2]  # c\nW = 1 + \\\n    2\n",
  "A = {\n    'k': 1,  # one\n\n    'j': 2,\n}\nB = f'{A!r}' # f\n",
  'def f(a,\n      b):\n    return a  # r\n\n\nclass C:\n    x = 1\n    def g(self): pass\n',
  '# only a comment\n',
  'X = 1  # trailing backslash \\\nY = 2\n',
  'X = (1 +  # open\n     2)\nY = "#not a comment"\n',
  'X = 1\n\n\n\n# noqa\n\nY = 2',
  'if X:\n\tY = 1\n        \n\tZ = 2\n',
  'X = (\n',
  'X = "open\nY = 1\n',
];

const ENDINGS = ['lf', 'crlf', 'cr', 'mixed'] as const;

interface PythonView {
  readonly parses: boolean;
  /** [line, column, text], 1-based lines and 0-based columns in code points. */
  readonly comments: Array<[number, number, string]>;
  readonly statements: Array<[number, number]>;
  /** Module-level `NAME = <string literal>`: the string's value. */
  readonly strings: Record<string, string>;
}

// Reads source text only: ast.parse compiles nothing it runs, and tokenize reads
// the text with universal newlines, as CPython reads a source file.
const PYTHON = String.raw`
import ast, io, json, sys, tokenize
def column(line_text, byte_col):
    return len(line_text.encode('utf-8')[:byte_col].decode('utf-8'))
out = []
for src in json.load(sys.stdin):
    view = {'parses': True, 'comments': [], 'statements': [], 'strings': {}}
    try:
        tree = ast.parse(src)
        lines = io.StringIO(src, newline=None).read().split('\n')
        for node in ast.walk(tree):
            if isinstance(node, ast.stmt):
                view['statements'].append([node.lineno, column(lines[node.lineno - 1], node.col_offset)])
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                view['strings'][node.targets[0].id] = node.value.value
        for tok in tokenize.generate_tokens(io.StringIO(src, newline=None).readline):
            if tok.type == tokenize.COMMENT:
                view['comments'].append([tok.start[0], tok.start[1], tok.string])
    except SyntaxError:
        view = {'parses': False, 'comments': [], 'statements': [], 'strings': {}}
    view['statements'].sort()
    out.append(view)
print(json.dumps(out))
`;

function askPython(sources: readonly string[]): PythonView[] {
  const run = spawnSync('/usr/bin/python3', ['-c', PYTHON], { input: JSON.stringify(sources), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as PythonView[];
}

function walk(node: SyntaxNode, visit: (n: SyntaxNode) => void): void {
  visit(node);
  for (const child of node.children) if (child) walk(child, visit);
}

const STATEMENT = /_statement$|^(function|class)_definition$/;

/** The same view from celery-lint's parse, for a text python3 parses. */
function ourView(text: string): Omit<PythonView, 'strings'> {
  const lines = new LineIndex(text);
  const at = (offset: number): [number, number] => {
    const p = lines.position(offset);
    // Code points, as Python counts columns.
    return [p.line + 1, [...lines.lineText(p.line).slice(0, p.character)].length];
  };
  const tree = parse(text);
  try {
    const comments: PythonView['comments'] = [];
    const statements: PythonView['statements'] = [];
    walk(tree.rootNode, (n) => {
      if (n.type === 'comment') comments.push([...at(n.startIndex), text.slice(n.startIndex, commentEnd(text, n))]);
      else if (STATEMENT.test(n.type)) statements.push(at(n.startIndex));
    });
    statements.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return { parses: !tree.rootNode.hasError, comments, statements };
  } finally {
    tree.delete();
  }
}

test('python3 reads a bare \\r, \\r\\n and mixed line endings as line ends (the premise)', () => {
  const views = askPython(ENDINGS.map((e) => withLineEndings(SOURCES[0]!, e)));
  for (const view of views) assert.deepEqual(view, views[0]);
  assert.deepEqual(views[0]!.statements, [[1, 0], [2, 0], [3, 0]]);
});

test('comments, statements and whether a file parses agree with python3 for every kind of line ending', async () => {
  await initParser();
  const texts = SOURCES.flatMap((source) => ENDINGS.map((e) => withLineEndings(source, e)));
  const python = askPython(texts);
  let parsed = 0;
  texts.forEach((text, i) => {
    const theirs = python[i]!;
    const ours = ourView(text);
    assert.equal(ours.parses, theirs.parses, `parses? ${JSON.stringify(text)}`);
    if (!theirs.parses) return;
    parsed++;
    assert.deepEqual(ours.comments, theirs.comments, `comments of ${JSON.stringify(text)}`);
    assert.deepEqual(ours.statements, theirs.statements, `statements of ${JSON.stringify(text)}`);
  });
  assert.ok(parsed >= 40, `sources python3 parses: ${parsed}`);
});

test('suppression comments are read where python3 sees them, and end before the line break', async () => {
  await initParser();
  const texts = ENDINGS.map((e) => withLineEndings(SOURCES[0]!, e));
  const python = askPython(texts);
  texts.forEach((text, i) => {
    const tree = parse(text);
    try {
      const lines = new LineIndex(text);
      const found = readSuppressions('/p/celeryconfig.py', text, [tree.rootNode], () => lines);
      const noqa = python[i]!.comments.find((c) => c[2].includes('noqa'))!;
      assert.equal(found.length, 1);
      assert.equal(found[0]!.line + 1, noqa[0]);
      assert.equal(text.slice(found[0]!.comment.start, found[0]!.comment.end), noqa[2]);
      assert.deepEqual(found[0]!.ids, ['celery/pickle-serializer']);
    } finally {
      tree.delete();
    }
  });
});

test('a string literal holds what python3 reads: \\r\\n and \\r inside it are \\n', async () => {
  await initParser();
  const source = 'broker_url = """redis://\nhost"""\nresult_backend = \'rpc:\\\n//\'\ntask_default_queue = r"""a\n\nb"""\n';
  const texts = ENDINGS.map((e) => withLineEndings(source, e));
  const python = askPython(texts);
  texts.forEach((text, i) => {
    const output = lint([{ path: '/p/celeryconfig.py', text }], { rules: [] });
    const values: Record<string, unknown> = {};
    for (const config of output.configurations) {
      for (const b of config.bindings) if (b.value.kind === 'str') values[b.key] = b.value.value;
    }
    assert.deepEqual(values, python[i]!.strings, JSON.stringify(text));
  });
});
