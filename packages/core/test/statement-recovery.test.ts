// Recovery from an unclosed bracket: the text is cut at the next line that
// starts a statement at column 0, and only there. Checked with the real
// grammar, through the engine, and against the editor's pieces after random
// edits that break and mend the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, LineIndex, lint, parse, PiecewiseSyntax, type Edit, type Tree } from '../src';
import { parseRecovering, recoveryCuts, startsStatement } from '../src/statement-recovery';

/** The line numbers (1-based) recovery cuts at. */
function cutLines(text: string): number[] {
  const lines = new LineIndex(text);
  return recoveryCuts(text).map((offset) => lines.position(offset).line + 1);
}

test('an unclosed bracket is cut at the next line that starts a statement', () => {
  assert.deepEqual(cutLines("SECRET_KEY = 'x'\nCELERY_BEAT_SCHEDULE = {\nCELERY_TASK_SERIALIZER = 'pickle'\n"), [3]);
  // Entries of the open dict, blank lines and comments are not statements.
  assert.deepEqual(cutLines("LOGGING = {\n    'version': 1,\n'handlers': {},\n\n# later\nX = 1\ndef f():\n    pass\n"), [6]);
  // A deleted `]`: the next assignment, not the list's items.
  assert.deepEqual(cutLines("INSTALLED_APPS = [\n'a',\nb,\n\nCELERY_X = 1\n"), [5]);
  // Each unclosed bracket is recovered from in turn.
  assert.deepEqual(cutLines('A = (\nB = [1\nC = {\nD = 4\n'), [2, 3, 4]);
  // Decorators, imports, calls and augmented assignments start statements too.
  assert.deepEqual(cutLines('A = {\n@app.task\ndef f(): pass\n'), [2]);
  assert.deepEqual(cutLines('A = {\nfrom x import y\n'), [2]);
  assert.deepEqual(cutLines('A = {\napp.autodiscover_tasks()\n'), [2]);
  assert.deepEqual(cutLines("A = {\nINSTALLED_APPS += ['x']\n"), [2]);
  // An unterminated triple-quoted string, the same way.
  assert.deepEqual(cutLines('DOC = """\nsome text\nX = 1\n'), [3]);
});

test('text whose brackets close is never cut, whatever its lines look like', () => {
  assert.deepEqual(cutLines("app.conf.update(\nbroker_url='x',\nresult_backend='y'\n)\nA = 1\n"), []);
  assert.deepEqual(cutLines("X = [a\nfor a in b]\nDOC = '''\nY = 1\n'''\n"), []);
  // Brackets inside strings and comments do not count.
  assert.deepEqual(cutLines("A = '('  # ( [ {\nB = \"\"\"{\n\"\"\"\nC = 1\n"), []);
});

test('what starts a statement: not a clause, not an item, not a continued line', () => {
  const starts = (line: string) => startsStatement(`${line}\n`, 0);
  for (const yes of ['X = 1', 'x.y = 2', "X['a'] = 3", 'X: int = 4', 'X += [1]', 'f(1)', '@decorator', 'def f():', 'class C:', 'import os', 'from a import b', 'if DEBUG:', 'for x in y:', 'try:', 'return x', 'pass']) {
    assert.ok(starts(yes), yes);
  }
  for (const no of ['else:', 'elif x:', 'except Exception:', 'finally:', "'key': 1,", 'name,', "broker_url='x',", 'for a in b]', 'if x else y', 'and y', 'not (x)', ')', '    X = 1', '# X = 1', '1 + 2', 'X = 1 + \\']) {
    assert.ok(!starts(no), no);
  }
});

test('through the engine: findings below an unclosed bracket survive, the broken statement is a syntax error', async () => {
  await initParser();
  const text = "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nCELERY_BEAT_SCHEDULE = {\nCELERY_TASK_SERIALIZER = 'pickle'\n\nCELERY_RESULT_BACKEND = 'amqp://b'\n";
  const out = lint([{ path: '/p/settings.py', text }], { rules: [] });
  const keys = out.configurations.flatMap((c) => c.bindings.map((b) => b.key));
  assert.ok(keys.includes('CELERY_TASK_SERIALIZER'), keys.join(','));
  assert.ok(keys.includes('CELERY_RESULT_BACKEND'), keys.join(','));
  const error = out.diagnostics.find((d) => d.ruleId === 'celery-lint/syntax-error');
  assert.equal(error?.range.start.line, 2);
  // A valid file is one tree, exactly the plain parse.
  const trees = parseRecovering("A = {\n  'x': 1,\n}\n");
  try {
    assert.equal(trees.length, 1);
    assert.equal(trees[0]!.rootNode.hasError, false);
  } finally {
    for (const t of trees) t.delete();
  }
});

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function settingsFile(lines: number): string {
  const out = ['"""Settings."""', 'import os', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(`NAME_${i} = os.environ.get('N_${i}', 'v${i}')  # 설정 ${i}`);
    if (i % 5 === 0) out.push(`LIST_${i} = [`, `    'a${i}',`, `    'b${i}',`, ']');
    if (i % 7 === 0) out.push(`SCHEDULE_${i} = {`, `    'job': {'task': 't${i}', 'schedule': 5},`, '}');
    if (i % 11 === 0) out.push(`if NAME_${i}:`, `    OTHER_${i} = (`, `        ${i},`, '    )', 'else:', `    OTHER_${i} = None`);
    if (i % 13 === 0) out.push('@decorator', `def f_${i}(a):`, '    return a');
  }
  return out.join('\n') + '\n';
}

function applyEdit(syntax: PiecewiseSyntax, text: string, start: number, end: number, insert: string): string {
  const lines = new LineIndex(text);
  const s = lines.position(start);
  const e = lines.position(end);
  const next = text.slice(0, start) + insert + text.slice(end);
  const after = new LineIndex(next).position(start + insert.length);
  const edit: Edit = {
    startIndex: start,
    oldEndIndex: end,
    newEndIndex: start + insert.length,
    startPosition: { row: s.line, column: s.character },
    oldEndPosition: { row: e.line, column: e.character },
    newEndPosition: { row: after.line, column: after.character },
  };
  syntax.edit(edit, next);
  return next;
}

/** Every top-level node, broken or not, with its offsets and shape: the editor's pieces and the CLI's parts must read alike. */
function topLevel(trees: readonly Tree[]): string[] {
  return trees.flatMap((tree) => tree.rootNode.children.map((child) => `${child!.startIndex}-${child!.endIndex} ${child!.toString()}`));
}

for (const [seed, snippets] of [
  [19, ['{', '[', '(', '}', ']', ')', 'X = {\n', '"""', '\n', 'Y = 1\n', ',', '#']],
  // Lines that tree-sitter reads on past their end (an operator, a dot, a keyword), a backslash ending a comment, every line ending.
  [23, ['.', ' and', ' +', ' import', '  # x \\', '\\', '\r', '\r\n', '\n', '(', ')', "'", ':', 'else:\n', '@d\n', '= =', 'Y = 1\r']],
] as const) {
  test(`after random edits (seed ${seed}) the editor's pieces read every statement, broken or not, as the CLI reads the text`, async () => {
    await initParser();
    let text = settingsFile(400);
    const syntax = new PiecewiseSyntax(text);
    const random = rng(seed);
    let broken = 0;
    try {
      for (let step = 0; step < 100; step++) {
        const at = Math.floor(random() * text.length);
        const start = random() < 0.6 ? text.lastIndexOf('\n', at) + 1 : at;
        const end = Math.min(text.length, start + (random() < 0.3 ? Math.floor(random() * 10) : 0));
        text = applyEdit(syntax, text, start, end, snippets[Math.floor(random() * snippets.length)]!);
        const cli = parseRecovering(text);
        try {
          if (cli.some((t) => t.rootNode.hasError)) broken++;
          assert.deepEqual(topLevel(syntax.trees()), topLevel(cli), `step ${step}`);
        } finally {
          for (const t of cli) t.delete();
        }
        const whole = parse(text);
        const clean = !whole.rootNode.hasError;
        whole.delete();
        // Mend the text now and then, as a user closes what they opened.
        if (!clean && random() < 0.5) text = applyEdit(syntax, text, 0, text.length, settingsFile(400 + step));
      }
    } finally {
      syntax.delete();
    }
    assert.ok(broken > 30, `broken states: ${broken}`);
  });
}

test('a line that tree-sitter reads on past its end is never cut from the next, broken file or not', async () => {
  await initParser();
  // `X = os.` and the line after are one clean assignment to the grammar; a cut between them would make two broken ones.
  const text = 'A = (\nX = os.  # and \\\nY = 1\nZ = 2 and\r\nW = 3\n';
  const trees = parseRecovering(text);
  try {
    const statements = topLevel(trees);
    assert.equal(statements.length, 3, statements.join('\n'));
    assert.match(statements[0]!, /^0-5 \(ERROR/);
    assert.match(statements[1]!, /^6-28 \(expression_statement \(assignment left: \(identifier\) right: \(assignment/);
    assert.match(statements[2]!, /^29-45 \(expression_statement/);
  } finally {
    for (const t of trees) t.delete();
  }
});

test('a broken part reads the same wherever it stands, in the CLI and after the editor moved its piece', async () => {
  await initParser();
  // Seed 3302 of the language-server campaign (issue 15): parsed over its range of the whole text, this line
  // was an assignment to `brokerbt` below a short comment and an annotation of a missing name below a long one.
  const last = ":brokerbt: y/m'redi/m'red: y/m'red = i\n";
  const file = (comment: number) => `# ${'x'.repeat(comment)}\ntask_serializer = 'json'\nbroker_url = 'redis://h'  '\n${last}`;
  const lastPart = (trees: readonly Tree[]) => trees[trees.length - 1]!.rootNode.toString();
  const shapes = new Set<string>();
  for (const comment of [0, 100, 300, 400, 1000]) {
    const trees = parseRecovering(file(comment));
    try {
      assert.ok(trees.length > 1);
      shapes.add(lastPart(trees));
    } finally {
      for (const t of trees) t.delete();
    }
  }
  assert.equal(shapes.size, 1, [...shapes].join('\n'));
  // The editor parses the file below a short comment, then the comment grows: the last piece is moved, not reparsed.
  let text = file(0);
  const syntax = new PiecewiseSyntax(text);
  try {
    syntax.trees();
    text = applyEdit(syntax, text, 2, 2, 'y'.repeat(400));
    const cli = parseRecovering(text);
    try {
      assert.deepEqual(topLevel(syntax.trees()), topLevel(cli));
      assert.equal(lastPart(cli), [...shapes][0]);
    } finally {
      for (const t of cli) t.delete();
    }
  } finally {
    syntax.delete();
  }
});
