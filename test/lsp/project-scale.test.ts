// The editor at project scale (issue 19): a keystroke re-lints only the
// configurations the edited file belongs to, the workspace index follows the
// disk, and files the CLI would not lint (too large, not UTF-8) are not
// linted in the editor either, with the CLI's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, tempProject, uri } from './lsp-client';
import { runCli } from '../cli/run-cli';

const PROD = 'from .base import *  # noqa: F401,F403\nCELERY_RESULT_BACKEND = RABBIT\nCELERY_TASK_ALWAYS_EAGR = True\n';

function project(extra: Record<string, string | Buffer> = {}): string {
  return tempProject({
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.prod')\n",
    'proj/__init__.py': '',
    'proj/settings/__init__.py': '',
    'proj/settings/base.py': "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nRABBIT = 'amqp://rabbit//'\n",
    'proj/settings/prod.py': PROD,
    ...(extra as Record<string, string>),
  });
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

/** The configuration files the probe rule was run on, from the server's log. */
function built(client: LspClient, root: string): string[] {
  const files = new Set<string>();
  for (const log of client.logs) {
    const m = /built (\S+)\./.exec(log.message);
    if (m) files.add(path.relative(root, m[1]!));
  }
  return [...files].sort();
}

test('a keystroke in prod.py builds the configurations of its closure and never those of unrelated settings modules', async () => {
  const legacy: Record<string, string> = {};
  for (let i = 0; i < 3; i++) legacy[`legacy/settings_${i}.py`] = `SECRET_KEY = 'y'\nINSTALLED_APPS = []\nCELERY_RESULT_BACKEND = 'amqp://legacy${i}'\n`;
  const root = project(legacy);
  const prod = path.join(root, 'proj', 'settings', 'prod.py');
  const { client } = await LspClient.start({ root, script: path.join(__dirname, 'probe-rule-server.js') });
  try {
    assert.ok(codes(await client.open(prod)).includes('celery/no-amqp-result-backend'));
    const at = positionOf(client.text(prod), 'EAGR');
    const fixed = client.nextDiagnostics(prod, (d) => !d.some((x) => x.code === 'celery/unknown-setting'));
    await client.change(prod, [{ range: { start: at, end: { line: at.line, character: at.character + 4 } }, text: 'EAGER' }]);
    await fixed;
    assert.deepEqual(built(client, root), ['proj/settings/prod.py']);
    // Opening an unrelated module lints it, still alone.
    await client.open(path.join(root, 'legacy', 'settings_1.py'));
    assert.deepEqual(built(client, root), ['legacy/settings_1.py', 'proj/settings/prod.py']);
  } finally {
    await client.stop();
  }
});

test('a module created on disk joins the closure; deleted, it leaves (watched-file events)', async () => {
  const root = project();
  fs.rmSync(path.join(root, 'proj', 'settings', 'base.py'));
  const prod = path.join(root, 'proj', 'settings', 'prod.py');
  const base = path.join(root, 'proj', 'settings', 'base.py');
  const { client } = await LspClient.start({ root });
  try {
    assert.ok(!codes(await client.open(prod)).includes('celery/no-amqp-result-backend'));
    fs.writeFileSync(base, "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nRABBIT = 'amqp://rabbit//'\n");
    const found = client.nextDiagnostics(prod, (d) => d.some((x) => x.code === 'celery/no-amqp-result-backend'));
    await client.filesChanged([{ file: base, type: 1 }]);
    const amqp = (await found).find((d) => d.code === 'celery/no-amqp-result-backend')!;
    assert.ok(amqp.relatedInformation?.some((r) => r.location.uri === uri(base)));
    fs.writeFileSync(base, "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nRABBIT = 'redis://cache'\n");
    const changed = client.nextDiagnostics(prod, (d) => !d.some((x) => x.code === 'celery/no-amqp-result-backend'));
    await client.filesChanged([{ file: base, type: 2 }]);
    await changed;
    fs.writeFileSync(base, "RABBIT = 'amqp://again//'\n");
    const again = client.nextDiagnostics(prod, (d) => d.some((x) => x.code === 'celery/no-amqp-result-backend'));
    await client.filesChanged([{ file: base, type: 2 }]);
    await again;
    fs.rmSync(base);
    const gone = client.nextDiagnostics(prod, (d) => !d.some((x) => x.code === 'celery/no-amqp-result-backend'));
    await client.filesChanged([{ file: base, type: 3 }]);
    await gone;
  } finally {
    await client.stop();
  }
});

/** The CLI's findings for one file, as `line ruleId message`. */
function cliFindings(root: string, file: string): string[] {
  const out = JSON.parse(runCli([path.relative(root, file), '--format', 'json'], { cwd: root }).stdout) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string; message: string }> }>;
  return out.filter((r) => r.filePath === file).flatMap((r) => r.messages.map((m) => `${m.line} ${m.ruleId} ${m.message}`));
}

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)} ${d.message}`);
}

test('a document over the CLI size limit gets the CLI message, is not parsed, and blocks no request about another file', async () => {
  const root = project();
  const big = path.join(root, 'proj', 'settings', 'big.py');
  const line = "CELERY_RESULT_BACKEND = 'amqp://localhost'  # padding padding padding padding padding\n";
  const text = line.repeat(Math.ceil((10.5 * 1024 * 1024) / line.length));
  fs.writeFileSync(big, text);
  const prod = path.join(root, 'proj', 'settings', 'prod.py');
  const { client } = await LspClient.start({ root });
  try {
    await client.open(prod);
    const diagnostics = await client.open(big, text);
    assert.deepEqual(summary(diagnostics), cliFindings(root, big));
    assert.deepEqual(codes(diagnostics), ['celery-lint/file-error']);
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(big) }, position: { line: 0, character: 3 } }), null);
    // Typing in it keeps the one message.
    const typed = client.nextDiagnostics(big, (d) => d.length === 1);
    await client.change(big, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
    await typed;
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(prod) }, position: positionOf(client.text(prod), 'CELERY_RESULT_BACKEND') })) as Hover;
    assert.ok(hover, 'prod.py is still answered for');
  } finally {
    await client.stop();
  }
});

test('a file that is not UTF-8 on disk gets the CLI message in the editor too; saved as UTF-8, it is linted', async () => {
  const latin1 = Buffer.from("# R\xe9glages\nSECRET_KEY = 'x'\nINSTALLED_APPS = []\nCELERY_RESULT_BACKEND = 'amqp://h'\n", 'latin1');
  const root = project({ 'proj/settings/legacy.py': latin1 });
  const file = path.join(root, 'proj', 'settings', 'legacy.py');
  const { client } = await LspClient.start({ root });
  try {
    // The editor decoded it (as Latin-1, say): the text it sends is valid.
    const diagnostics = await client.open(file, latin1.toString('latin1'));
    assert.deepEqual(summary(diagnostics), cliFindings(root, file));
    assert.match(diagnostics[0]!.message as string, /not valid UTF-8/);
    const linted = client.nextDiagnostics(file, (d) => d.some((x) => x.code === 'celery/no-amqp-result-backend'));
    await client.save(file); // written back as UTF-8
    await linted;
  } finally {
    await client.stop();
  }
});
