// A file kept as pieces must read exactly like the whole file parsed at once:
// the same top-level statements at the same offsets, after any edit. Checked
// against the real grammar with seeded random edits of an awkward settings file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, LineIndex, lint, parse, PiecewiseSyntax, type Edit, type Tree } from '../src';
import { withLineEndings } from './helpers';

function settingsFile(lines: number): string {
  const out = ['"""Settings."""', 'import os', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(`NAME_${i} = os.environ.get('N_${i}', 'v${i}')  # 설정 ${i} 🚀`);
    if (i % 7 === 0) out.push(`if NAME_${i}:`, `    OTHER_${i} = [`, `        ${i},`, '    ]', 'else:', `    OTHER_${i} = None`);
    if (i % 11 === 0) out.push(`DOC_${i} = """`, 'def looks_like_code():', '    x = 1', '"""');
    if (i % 13 === 0) out.push('@decorator', `def f_${i}(a,`, '        b):', '    return a \\', '        + b');
    if (i % 17 === 0) out.push(`A_${i} = 1; B_${i} = 2`);
  }
  return out.join('\n') + '\n';
}

function statements(trees: readonly Tree[]): string[] {
  const out: string[] = [];
  for (const tree of trees) {
    // The text too: a moved piece must read the new text, not the one it was parsed from.
    for (const child of tree.rootNode.children) if (child) out.push(`${child.type}@${child.startIndex}-${child.endIndex}:${child.text}`);
  }
  return out;
}

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** Applies a text change to `syntax` the way the language server does. */
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

test('a long file is cut into pieces whose statements are those of the whole parse', async () => {
  await initParser();
  const text = settingsFile(1200);
  const syntax = new PiecewiseSyntax(text);
  try {
    assert.ok(syntax.pieceCount > 10, `pieces: ${syntax.pieceCount}`);
    const whole = parse(text);
    try {
      assert.deepEqual(statements(syntax.trees()), statements([whole]));
    } finally {
      whole.delete();
    }
  } finally {
    syntax.delete();
  }
});

/** Where the line holding `offset` starts, with any of Python's line endings. */
function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

for (const endings of ['lf', 'cr', 'mixed'] as const) {
  test(`after random edits (inserts, deletes, line joins, indents, open strings) the pieces read like a fresh whole parse wherever it is clean (${endings} line endings)`, async () => {
    await initParser();
    let text = withLineEndings(settingsFile(900), endings);
    const syntax = new PiecewiseSyntax(text);
    const random = rng(7);
    const snippets = ['#', ' ', '\n', '\r', '\r\n', 'X = 1\n', 'X = 1\r', '(', ')', '"""', '\\', 'else:\n    pass\n', '    ', "'", 'ÿ😀', ''];
    let compared = 0;
    try {
      /** Compares with a whole parse when that one is clean; returns whether it was. */
      const check = (step: string): boolean => {
        const trees = syntax.trees();
        const whole = parse(text);
        try {
          if (whole.rootNode.hasError) return false;
          assert.deepEqual(statements(trees), statements([whole]), `after ${step}`);
          compared++;
          return true;
        } finally {
          whole.delete();
        }
      };
      for (let step = 0; step < 200; step++) {
        const at = Math.floor(random() * text.length);
        // Often at a line start, where top-level statements begin and pieces are cut.
        const start = random() < 0.5 ? lineStartOf(text, at) : at;
        const end = Math.min(text.length, start + (random() < 0.4 ? Math.floor(random() * 30) : 0));
        const removed = text.slice(start, end);
        const inserted = snippets[Math.floor(random() * snippets.length)]!;
        text = applyEdit(syntax, text, start, end, inserted);
        const clean = check(`edit ${step}`);
        // Typed and taken back, as in an editor; a clean result is sometimes kept.
        if (!clean || random() < 0.7) {
          text = applyEdit(syntax, text, start, start + inserted.length, removed);
          check(`undo ${step}`);
        }
      }
    } finally {
      syntax.delete();
    }
    assert.ok(compared > 100, `clean states compared: ${compared}`);
  });
}

test('a short file, and a file with a syntax error, stay one tree until they are long and clean', async () => {
  await initParser();
  const short = new PiecewiseSyntax('A = 1\n');
  assert.equal(short.pieceCount, 1);
  short.delete();
  let text = settingsFile(600).replace('NAME_3 =', 'NAME_3 = (');
  const syntax = new PiecewiseSyntax(text);
  try {
    assert.equal(syntax.pieceCount, 1);
    const at = text.indexOf('NAME_3 = (') + 'NAME_3 = '.length;
    text = applyEdit(syntax, text, at, at + 1, '');
    syntax.trees();
    assert.ok(syntax.pieceCount > 5, `pieces once clean: ${syntax.pieceCount}`);
    assert.equal(syntax.nodeAt(text.indexOf('NAME_3'))?.text, 'NAME_3');
  } finally {
    syntax.delete();
  }
});

test('a kept tree read again sees an import added in another piece: a call becomes an app', async () => {
  await initParser();
  const filler = Array.from({ length: 300 }, (_, i) => `FLAG_${i} = ${i}`).join('\n');
  let text = `import os\n${filler}\napp = make('proj')\napp.conf.task_serializer = 'pickle'\n`;
  const syntax = new PiecewiseSyntax(text);
  const apps = () => {
    const lines = new LineIndex(text);
    const out = lint([{ path: '/p/worker.py', text, tree: syntax.trees(lines), lineIndex: lines }], { rules: [] });
    const fresh = lint([{ path: '/p/worker.py', text }], { rules: [] });
    const describe = (o: typeof out) => o.configurations.filter((c) => c.kind === 'app').map((c) => `${c.name}: ${c.bindings.map((b) => b.key).join(',')}`);
    assert.deepEqual(describe(out), describe(fresh));
    return describe(out);
  };
  try {
    assert.ok(syntax.pieceCount > 3);
    assert.deepEqual(apps(), []);
    const at = text.indexOf('import os') + 'import os'.length;
    text = applyEdit(syntax, text, at, at, '\nfrom celery import Celery as make');
    assert.equal(apps().length, 1);
  } finally {
    syntax.delete();
  }
});

test('a kept tree read again sees an import added in another piece: a call becomes a Flask app whose config the Celery app reads', async () => {
  await initParser();
  const filler = Array.from({ length: 300 }, (_, i) => `FLAG_${i} = ${i}`).join('\n');
  let text = `import os\nfrom celery import Celery\n${filler}\nweb = make(__name__)\nweb.config['CELERY_TASK_SERIALIZER'] = 'pickle'\ncelery = Celery(web.import_name)\ncelery.conf.update({k[7:].lower(): v for k, v in web.config.items() if k.startswith('CELERY_')})\n`;
  const syntax = new PiecewiseSyntax(text);
  const configurations = () => {
    const lines = new LineIndex(text);
    const out = lint([{ path: '/p/web.py', text, tree: syntax.trees(lines), lineIndex: lines }], { rules: [] });
    const fresh = lint([{ path: '/p/web.py', text }], { rules: [] });
    const describe = (o: typeof out) => o.configurations.map((c) => `${c.kind} ${c.name}: ${c.bindings.map((b) => `${b.key}=${JSON.stringify(b.value)}`).join(',')}`);
    assert.deepEqual(describe(out), describe(fresh));
    return describe(out);
  };
  try {
    assert.ok(syntax.pieceCount > 3);
    const before = configurations();
    const at = text.indexOf('import os') + 'import os'.length;
    text = applyEdit(syntax, text, at, at, '\nfrom flask import Flask as make');
    const after = configurations();
    assert.notDeepEqual(after, before);
    assert.match(after.join('\n'), /task_serializer=.*pickle/);
  } finally {
    syntax.delete();
  }
});
