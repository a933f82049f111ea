// A long open file is kept as pieces (core's PiecewiseSyntax): edits anywhere,
// a line joined across a piece boundary, and a syntax error typed and taken
// back must give the diagnostics the CLI gives for the same text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, tempProject } from './lsp-client';
import { runCli } from '../cli/run-cli';

function longSettings(): string {
  const lines = ["SECRET_KEY = 'x'", 'INSTALLED_APPS = []'];
  for (let i = 0; i < 600; i++) {
    if (i % 10 === 0) lines.push(`# 플래그 ${i} 😀`);
    lines.push(`FLAG_${i} = 'on'`);
    if (i === 300) lines.push("CELERY_RESULT_BACKEND = 'amqp://localhost'");
  }
  lines.push('CELERY_TASK_ALWAYS_EAGR = True', '');
  return lines.join('\n');
}

let root: string;
let client: LspClient;
let file: string;

before(async () => {
  root = tempProject({ 'manage.py': '', 'proj/__init__.py': '', 'proj/settings.py': longSettings() });
  file = path.join(root, 'proj', 'settings.py');
  ({ client } = await LspClient.start({ root }));
});

after(async () => {
  await client.stop();
});

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`).sort();
}

/** What the CLI reports for the client's current text of the file. */
function cliSummary(): string[] {
  fs.writeFileSync(file, client.text(file));
  const out = JSON.parse(runCli(['.', '--format', 'json'], { cwd: root }).stdout) as Array<{ filePath: string; messages: Array<{ line: number; column: number; ruleId: string }> }>;
  return out.filter((r) => r.filePath === file).flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).sort();
}

async function edit(start: { line: number; character: number }, end: { line: number; character: number }, text: string, until: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  const next = client.nextDiagnostics(file, until);
  await client.change(file, [{ range: { start, end }, text }]);
  return next;
}

test('edits in a long file keep its diagnostics equal to the CLI\'s', async () => {
  const opened = await client.open(file);
  assert.deepEqual(summary(opened), cliSummary());
  assert.ok(summary(opened).some((s) => s.endsWith('celery/no-amqp-result-backend')));
  assert.ok(summary(opened).some((s) => s.endsWith('celery/unknown-setting')));

  // Fix the typo at the end of the file.
  let text = client.text(file);
  let at = positionOf(text, 'EAGR');
  let now = await edit(at, { line: at.line, character: at.character + 4 }, 'EAGER', (d) => !d.some((x) => x.code === 'celery/unknown-setting'));
  assert.deepEqual(summary(now), cliSummary());

  // Comment out a line in the middle, then take it back (the benchmark's keystroke).
  text = client.text(file);
  at = positionOf(text, 'CELERY_RESULT_BACKEND');
  now = await edit(at, at, '# ', (d) => !d.some((x) => x.code === 'celery/no-amqp-result-backend'));
  assert.deepEqual(summary(now), cliSummary());
  now = await edit(at, { line: at.line, character: at.character + 2 }, '', (d) => d.some((x) => x.code === 'celery/no-amqp-result-backend'));
  assert.deepEqual(summary(now), cliSummary());
});

test('joining lines across piece boundaries is a syntax error at that line, and splitting them again clears it', async () => {
  // Pieces are cut every 40 or so lines: joining each of lines 30..50 with the next crosses at least one cut.
  for (let line = 30; line <= 50; line++) {
    const text = client.text(file);
    const lineText = text.split('\n')[line]!;
    // Joined with a comment on either side, the result is still valid Python.
    if (lineText.startsWith('#') || text.split('\n')[line + 1]!.startsWith('#')) continue;
    const end = lineText.length;
    const joined = await edit({ line, character: end }, { line: line + 1, character: 0 }, '', (d) => d.some((x) => x.code === 'celery-lint/syntax-error'));
    const error = joined.find((d) => d.code === 'celery-lint/syntax-error')!;
    assert.equal(error.range.start.line, line, `joined line ${line}`);
    assert.ok(joined.some((x) => x.code === 'celery/no-amqp-result-backend'), 'findings elsewhere survive the error');
    const split = await edit({ line, character: end }, { line, character: end }, '\n', (d) => !d.some((x) => x.code === 'celery-lint/syntax-error'));
    assert.deepEqual(summary(split), cliSummary(), `after splitting line ${line} again`);
  }
});

test('an indented line at a piece start joins the block before it, as Python reads it', async () => {
  const text = client.text(file);
  const line = 120;
  // Make line 119 open a block, then indent 120: it becomes the block's body, whatever the cut.
  const before = text.split('\n')[line - 1]!;
  const opened = await edit({ line: line - 1, character: 0 }, { line: line - 1, character: before.length }, 'if FLAG_0:', () => true);
  assert.ok(Array.isArray(opened));
  const indented = await edit({ line, character: 0 }, { line, character: 0 }, '    ', (d) => !d.some((x) => x.code === 'celery-lint/syntax-error'));
  assert.deepEqual(summary(indented), cliSummary());
  await edit({ line, character: 0 }, { line, character: 4 }, '', () => true);
  const restored = await edit({ line: line - 1, character: 0 }, { line: line - 1, character: 'if FLAG_0:'.length }, before, () => true);
  assert.deepEqual(summary(restored), cliSummary());
});
