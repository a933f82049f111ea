// Typing an opening bracket must not hide the findings below it (issue 19,
// item 2): in the editor while the bracket is open, and in the CLI for a file
// saved that way, the two agreeing on the same text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, tempProject } from './lsp-client';
import { runCli } from '../cli/run-cli';

const SETTINGS = [
  "SECRET_KEY = 'x'",
  "INSTALLED_APPS = ['shop']",
  'LOGGING = {',
  "    'version': 1,",
  '}',
  "CELERY_TASK_SERIALIZER = 'pickle'",
  '',
  "CELERY_RESULT_BACKEND = 'amqp://rabbit'",
  'CELERY_TASK_ALWAYS_EAGR = True',
  '',
].join('\n');

let root: string;
let file: string;
let client: LspClient;

before(async () => {
  root = tempProject({ 'manage.py': '', 'proj/__init__.py': '', 'proj/settings.py': SETTINGS });
  file = path.join(root, 'proj', 'settings.py');
  ({ client } = await LspClient.start({ root }));
});

after(async () => {
  await client.stop();
});

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort();
}

/** What the CLI reports for the client's current text of the file, as the same summary. */
function cliSummary(): string[] {
  fs.writeFileSync(file, client.text(file));
  const out = JSON.parse(runCli(['.', '--format', 'json'], { cwd: root }).stdout) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string }> }>;
  return out.filter((r) => r.filePath === file).flatMap((r) => r.messages.map((m) => `${m.line} ${m.ruleId}`)).sort();
}

const BELOW = ['celery/pickle-serializer', 'celery/no-amqp-result-backend', 'celery/unknown-setting'];

function hasFindingsBelow(diagnostics: readonly Diagnostic[]): boolean {
  return BELOW.every((code) => diagnostics.some((d) => d.code === code));
}

test('typing `CELERY_BEAT_SCHEDULE = {` keeps the findings below it, in the editor and in the CLI', async () => {
  const opened = await client.open(file);
  assert.ok(hasFindingsBelow(opened), JSON.stringify(summary(opened)));
  const at = positionOf(client.text(file), 'CELERY_TASK_SERIALIZER');
  const broken = client.nextDiagnostics(file, (d) => d.some((x) => x.code === 'celery-lint/syntax-error'));
  await client.change(file, [{ range: { start: at, end: at }, text: 'CELERY_BEAT_SCHEDULE = {\n' }]);
  const diagnostics = await broken;
  assert.ok(hasFindingsBelow(diagnostics), JSON.stringify(summary(diagnostics)));
  assert.equal(diagnostics.find((d) => d.code === 'celery-lint/syntax-error')!.range.start.line, at.line);
  assert.deepEqual(summary(diagnostics), cliSummary());
  // The entry typed and the bracket closed: no syntax error, the same findings.
  const closed = client.nextDiagnostics(file, (d) => !d.some((x) => x.code === 'celery-lint/syntax-error'));
  await client.change(file, [{ range: { start: { line: at.line + 1, character: 0 }, end: { line: at.line + 1, character: 0 } }, text: "    'tick': {'task': 'shop.tasks.tick', 'schedule': 5},\n}\n" }]);
  const mended = await closed;
  assert.ok(hasFindingsBelow(mended), JSON.stringify(summary(mended)));
  assert.deepEqual(summary(mended), cliSummary());
});

test('deleting the `}` of LOGGING keeps the findings below it, in the editor and in the CLI', async () => {
  const text = client.text(file);
  const close = positionOf(text, '}\nCELERY_TASK_SERIALIZER');
  const broken = client.nextDiagnostics(file, (d) => d.some((x) => x.code === 'celery-lint/syntax-error'));
  await client.change(file, [{ range: { start: close, end: { line: close.line, character: 1 } }, text: '' }]);
  const diagnostics = await broken;
  assert.ok(hasFindingsBelow(diagnostics), JSON.stringify(summary(diagnostics)));
  assert.deepEqual(summary(diagnostics), cliSummary());
  const back = client.nextDiagnostics(file, (d) => !d.some((x) => x.code === 'celery-lint/syntax-error'));
  await client.change(file, [{ range: { start: close, end: close }, text: '}' }]);
  assert.ok(hasFindingsBelow(await back));
});
