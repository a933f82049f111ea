// A long lint never holds the server up (issue 19, item 6): a lint that
// reads megabytes runs on a worker thread, so a request about another file is
// answered while it runs; a change to its group stops it and lints again; its
// result is what the CLI reports. The threshold is lowered here
// (initializationOptions.workerThreshold) so the test's file stays small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, tempProject, uri } from './lsp-client';
import { runCli } from '../cli/run-cli';

/** A settings module of `lines` lines with two findings, one near each end. */
function bigSettings(lines: number): string {
  const out = ["SECRET_KEY = 'x'", 'INSTALLED_APPS = []', "CELERY_RESULT_BACKEND = 'amqp://localhost'"];
  for (let i = 0; out.length < lines; i++) out.push(`SERVICE_${i}_URL = 'https://service-${i}.example.com/api/v1/'  # 서비스 ${i}`);
  out.push('CELERY_TASK_ALWAYS_EAGR = True', '');
  return out.join('\n');
}

const PROD = "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nCELERY_BROKER_URL = 'redis://localhost'\n";

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`).sort();
}

function cliSummary(root: string, file: string): string[] {
  const out = JSON.parse(runCli(['.', '--format', 'json'], { cwd: root }).stdout) as Array<{ filePath: string; messages: Array<{ line: number; column: number; ruleId: string }> }>;
  return out.filter((r) => r.filePath === file).flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).sort();
}

test('a hover on another file is answered while a long lint runs, and the long lint publishes what the CLI reports', async () => {
  const text = bigSettings(8_000);
  const root = tempProject({ 'manage.py': '', 'proj/__init__.py': '', 'proj/prod.py': PROD, 'legacy/settings.py': text });
  const prod = path.join(root, 'proj', 'prod.py');
  const big = path.join(root, 'legacy', 'settings.py');
  const { client } = await LspClient.start({ root, initializationOptions: { workerThreshold: 100_000 } });
  try {
    await client.open(prod);
    const events: string[] = [];
    const bigDiagnostics = client.nextDiagnostics(big, () => true, 120_000).then((d) => {
      events.push('big diagnostics');
      return d;
    });
    await client.sendOpen(big, text);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(prod) }, position: positionOf(PROD, 'CELERY_BROKER_URL') })) as Hover;
    events.push('hover on prod.py');
    assert.match((hover.contents as { value: string }).value, /'redis:\/\/localhost'/);
    // "Show effective configuration" for the file under the lint waits for it instead of saying there is none.
    const shown = (await client.connection.sendRequest('celery-lint/effectiveConfiguration', { uri: uri(big) })) as { text: string };
    assert.doesNotMatch(shown.text, /^No configuration/);
    assert.match(shown.text, /result_backend/);
    const diagnostics = await bigDiagnostics;
    assert.deepEqual(events, ['hover on prod.py', 'big diagnostics']);
    assert.deepEqual(summary(diagnostics), cliSummary(root, big));
    assert.deepEqual(summary(diagnostics), ['3:25 celery/no-amqp-result-backend', '8001:1 celery/unknown-setting']);
  } finally {
    await client.stop();
  }
});

test('edits to a file under a long lint stop it: only the last text is published, and it is the CLI\'s answer', async () => {
  const text = bigSettings(8_000);
  const root = tempProject({ 'manage.py': '', 'legacy/settings.py': text });
  const big = path.join(root, 'legacy', 'settings.py');
  const { client } = await LspClient.start({ root, initializationOptions: { workerThreshold: 100_000 } });
  const published = () => client.published.filter((p) => p.uri === uri(big));
  try {
    await client.sendOpen(big, text);
    // Fix the amqp backend, then the typo, each while the previous lint still runs.
    const at = positionOf(text, 'amqp://localhost');
    await client.change(big, [{ range: { start: at, end: { line: at.line, character: at.character + 16 } }, text: 'redis://cache' }]);
    const typo = positionOf(client.text(big), 'EAGR');
    const last = await client.change(big, [{ range: { start: typo, end: { line: typo.line, character: typo.character + 4 } }, text: 'EAGER' }]);
    const final = await client.nextDiagnostics(big, () => published().at(-1)?.version === last, 120_000);
    assert.deepEqual(
      published().map((p) => p.version),
      [last],
      'the lints of versions 1 and 2 were stopped before they published',
    );
    assert.deepEqual(final, []);
    fs.writeFileSync(big, client.text(big));
    assert.deepEqual(cliSummary(root, big), []);
  } finally {
    await client.stop();
  }
});
