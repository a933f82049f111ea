// Workspace diagnostics (issue 19, item 9): with `celery-lint.lint.scope:
// workspace`, files that are not open get their findings through LSP 3.17
// pull diagnostics (workspace/diagnostic), the same findings the CLI reports
// for the project; a poll with nothing new is answered `unchanged`; a change
// on disk asks the client to poll again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, WorkspaceDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { LspClient, tempProject, uri } from './lsp-client';
import { runCli } from '../cli/run-cli';

const PULL = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } };

function project(): string {
  return tempProject({
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    'proj/__init__.py': '',
    'proj/settings.py': "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nTIME_ZONE = 'UTC'\nCELERY_RESULT_BACKEND = 'amqp://localhost'\n",
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.conf.update(task_serializer='pickle')\n",
    'legacy/celeryconfig.py': "broker_url = 'redis://'\nresult_serializer = 'pickle'\n",
  });
}

/** The CLI's findings for the project, as `relative/path:line rule`. */
function cli(root: string): string[] {
  const out = JSON.parse(runCli(['.', '--format', 'json'], { cwd: root }).stdout) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string }> }>;
  return out.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId}`)).sort();
}

function findings(root: string, reports: readonly WorkspaceDocumentDiagnosticReport[]): string[] {
  return reports.flatMap((r) => (r.kind === 'full' ? r.items.map((d: Diagnostic) => `${path.relative(root, new URL(r.uri).pathname)}:${d.range.start.line + 1} ${String(d.code)}`) : [])).sort();
}

test('workspace/diagnostic reports what the CLI reports for the files that are not open; nothing new is unchanged; a change on disk refreshes', async () => {
  const root = project();
  const settings = path.join(root, 'proj', 'settings.py');
  const legacy = path.join(root, 'legacy', 'celeryconfig.py');
  const { client, init } = await LspClient.start({ root, settings: { lint: { scope: 'workspace' } }, capabilities: PULL });
  let refreshes = 0;
  client.connection.onRequest('workspace/diagnostic/refresh', () => {
    refreshes++;
    return null;
  });
  try {
    assert.deepEqual(init.capabilities.diagnosticProvider, { identifier: 'celery-lint', interFileDependencies: true, workspaceDiagnostics: true });
    const pushed = await client.open(settings);
    const first = (await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] })) as WorkspaceDiagnosticReport;
    const all = cli(root);
    assert.ok(all.some((f) => f.startsWith('legacy/celeryconfig.py:')) && all.some((f) => f.startsWith('proj/celery.py:')), all.join('\n'));
    // Every file but the open one, exactly as the CLI; the open one's findings come pushed.
    assert.deepEqual(findings(root, first.items), all.filter((f) => !f.startsWith('proj/settings.py:')));
    assert.ok(!first.items.some((r) => r.uri === uri(settings)));
    assert.deepEqual(pushed.map((d) => `proj/settings.py:${d.range.start.line + 1} ${String(d.code)}`).sort(), all.filter((f) => f.startsWith('proj/settings.py:')));
    // The open document's pull answer is empty: it is pushed.
    const pulled = (await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: uri(settings) } })) as { kind: string; items: Diagnostic[] };
    assert.deepEqual(pulled, { kind: 'full', items: [] });

    const again = (await client.connection.sendRequest('workspace/diagnostic', {
      previousResultIds: first.items.map((r) => ({ uri: r.uri, value: r.resultId! })),
    })) as WorkspaceDiagnosticReport;
    assert.deepEqual(new Set(again.items.map((r) => r.kind)), new Set(['unchanged']));

    fs.writeFileSync(legacy, "broker_url = 'redis://'\nresult_serializer = 'json'\n");
    await client.filesChanged([{ file: legacy, type: 2 }]);
    const deadline = Date.now() + 15_000;
    while (refreshes === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(refreshes > 0, 'the client was asked to pull again');
    const after = (await client.connection.sendRequest('workspace/diagnostic', {
      previousResultIds: first.items.map((r) => ({ uri: r.uri, value: r.resultId! })),
    })) as WorkspaceDiagnosticReport;
    const legacyReport = after.items.find((r) => r.uri === uri(legacy))!;
    assert.equal(legacyReport.kind, 'full');
    assert.deepEqual(findings(root, after.items), cli(root).filter((f) => !f.startsWith('proj/settings.py:')));
    assert.ok(!findings(root, after.items).some((f) => f.startsWith('legacy/')), 'the fixed file is clean');
  } finally {
    await client.stop();
  }
});

test('lint.scope openFiles (the default) reports nothing for the workspace; a client without pull diagnostics is not offered them', async () => {
  const root = project();
  const { client } = await LspClient.start({ root, settings: {}, capabilities: PULL });
  try {
    await client.open(path.join(root, 'proj', 'settings.py'));
    assert.deepEqual(await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] }), { items: [] });
  } finally {
    await client.stop();
  }
  const { client: plain, init } = await LspClient.start({ root, settings: { lint: { scope: 'workspace' } } });
  try {
    assert.equal(init.capabilities.diagnosticProvider, undefined);
  } finally {
    await plain.stop();
  }
});
