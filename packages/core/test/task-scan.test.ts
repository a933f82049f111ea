// task-scan.ts reads task names from the text for the project index; where
// it answers, it must answer what extract.ts reads from the tree, and where
// the index says a module defines no task, extract.ts must find none.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initParser, parse, scanModuleFacts, scanTasks } from '../src';
import { analyzeFile } from '../src/extract';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

before(async () => {
  await initParser();
});

function parsed(text: string): string[] {
  const tree = parse(text);
  try {
    return analyzeFile('/p/m.py', text, tree).analysis.tasks.map((t) => `${t.functionName}@${t.span.start} ${t.name ?? '-'}`);
  } finally {
    tree.delete();
  }
}

function scanned(text: string): string[] | undefined {
  return scanTasks(text)?.map((t) => `${t.functionName}@${t.start} ${t.name ?? '-'}`);
}

test('plain task decorators: bare, called, with a literal name, several decorators, comments between', () => {
  const text = [
    'from celery import shared_task',
    'from proj.celery import app',
    '',
    '@shared_task',
    'def a(): pass',
    '',
    '@app.task(bind=True, name="proj.b",',
    '          autoretry_for=(ValueError,))',
    '# a comment',
    '@other',
    'async def b(self): pass',
    '',
    "@app.task(name=u'c')  # trailing",
    '@shared_task',
    'def c(): pass',
    '',
    '@app.task',
    'class NotATask: pass',
    '',
    '"""',
    '@app.task',
    'def in_a_docstring(): pass',
    '"""',
    '',
  ].join('\n');
  assert.deepEqual(scanned(text), parsed(text));
  assert.deepEqual(
    scanned(text)?.map((t) => t.replace(/@\d+/, '')),
    ['a -', 'b proj.b', 'c c'],
  );
});

test('what only a parse can tell is left to the parse', () => {
  const unsure = [
    "NAME = 'x'\n@app.task(name=NAME)\ndef a(): pass\n",
    "@app.task(name='a' 'b')\ndef a(): pass\n",
    "@app.task(name=f'x{y}')\ndef a(): pass\n",
    'from celery import shared_task as job\n\n@job\ndef a(): pass\n',
    'from x import something as task\n\n@task\ndef a(): pass\n',
    'class C:\n    @app.task\n    def a(self): pass\n',
    'if True:\n    @shared_task\n    def a(): pass\n',
    '@tasks[0].task\ndef a(): pass\n',
  ];
  for (const text of unsure) assert.equal(scanTasks(text), undefined, text);
  // An alias of something else is no concern.
  assert.deepEqual(scanned('import numpy as np\nfrom celery import shared_task\n\n@shared_task\ndef a(): pass\n')?.length, 1);
});

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(full, out);
    else if (entry.name.endsWith('.py')) out.push(full);
  }
  return out;
}

test('agreement with extract.ts on every fixture, the example project and generated trees', () => {
  const generated = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-task-scan-'));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(REPO, 'bench', 'generate-tree.js')).generate(path.join(generated, 'tree'), { files: 60, settings: 6, big: 0, projects: 8 });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(REPO, 'bench', 'generate-django.js')).generateDjango(path.join(generated, 'django'), { files: 200 });
    const files = [...pythonFiles(path.join(REPO, 'fixtures')), ...pythonFiles(path.join(REPO, 'examples')), ...pythonFiles(generated)];
    let answered = 0;
    let withTasks = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const tasks = parsed(text);
      if (!scanModuleFacts(text, file).definesTasks) assert.deepEqual(tasks, [], `${file}: the index says it defines no task`);
      const scan = scanned(text);
      if (scan === undefined) continue;
      answered++;
      if (tasks.length > 0) withTasks++;
      assert.deepEqual(scan, tasks, file);
    }
    assert.ok(answered > 300, `${answered} files answered from the text`);
    assert.ok(withTasks > 40, `${withTasks} of them with tasks`);
  } finally {
    fs.rmSync(generated, { recursive: true, force: true });
  }
});
