// Launch files in the editor, through the real protocol client over stdio:
// a Dockerfile, a Compose file and a Procfile get their findings at the exact
// token, quick fixes for the safe fixes and suggestions, no Python-only
// actions (comment edits, hover), and re-linting as they are typed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, applyEdits, tempProject, uri } from './lsp-client';

const CELERY_PY = "from celery import Celery\napp = Celery('proj')\napp.conf.accept_content = ['json']\n";
const DOCKERFILE = '# 빌드 단계 😀\nFROM python:3.12-slim AS base\nRUN useradd app\nFROM base\nUSER app\nCMD ["celery", "-A", "proj", "worked"]\n';
const COMPOSE = 'services:\n  redis:\n    image: redis:7\n  beat:\n    image: app:1\n    user: app\n    command: celery beat -A proj --loglevel=INFO\n';
const PROCFILE = 'worker: celery -A porj worker\n';

let root: string;
let client: LspClient;

before(async () => {
  root = tempProject({ 'pyproject.toml': '[project]\nname = "proj"\n', 'proj/__init__.py': 'from .celery import app\n', 'proj/celery.py': CELERY_PY, Dockerfile: DOCKERFILE, 'docker-compose.yml': COMPOSE, Procfile: PROCFILE });
  ({ client } = await LspClient.start({ root }));
});

after(async () => {
  await client.stop();
});

function brief(diagnostics: readonly Diagnostic[], text: string): Array<[unknown, string, string]> {
  const lines = text.split('\n');
  return diagnostics.map((d) => [d.code, lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character), String(d.message).split(':')[0]!]);
}

async function actionsFor(file: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
}

test('a Dockerfile: the finding on the exact token (after non-ASCII text), a suggestion, no Python comment actions, no hover', async () => {
  const file = path.join(root, 'Dockerfile');
  const diagnostics = await client.open(file);
  assert.deepEqual(brief(diagnostics, DOCKERFILE), [['celery/invalid-command-line', 'worked', "Celery 5.6.3 has no command 'worked' (did you mean 'worker'?)"]]);
  const actions = await actionsFor(file, diagnostics[0]!);
  assert.deepEqual(actions.map((a) => a.title), ["Use 'worker' instead"]);
  const edit = actions[0]!.edit!.documentChanges![0] as { edits: Array<{ range: Diagnostic['range']; newText: string }> };
  assert.equal(applyEdits(DOCKERFILE, edit.edits), DOCKERFILE.replace('"worked"', '"worker"'));
  assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: diagnostics[0]!.range.start }), null);
});

test('a Compose file: the safe fix moves the global option, and applying it clears the finding', async () => {
  const file = path.join(root, 'docker-compose.yml');
  const diagnostics = await client.open(file);
  assert.deepEqual(brief(diagnostics, COMPOSE), [['celery/invalid-command-line', '-A', '-A is a global option']]);
  const fix = (await actionsFor(file, diagnostics[0]!)).find((a) => a.isPreferred)!;
  assert.equal(fix.title, 'Fix this celery/invalid-command-line problem');
  const cleared = client.nextDiagnostics(file, (d) => d.length === 0);
  await client.applyWorkspaceEdit(fix.edit!);
  assert.equal(client.text(file), COMPOSE.replace('celery beat -A proj', 'celery -A proj beat'));
  assert.deepEqual(await cleared, []);
});

test('a Procfile: -A is checked against the project, and the finding goes as the line is corrected', async () => {
  const file = path.join(root, 'Procfile');
  const diagnostics = await client.open(file);
  assert.deepEqual(brief(diagnostics, PROCFILE), [['celery/app-not-found', 'porj', '-A porj']]);
  const fixed = client.nextDiagnostics(file, (d) => d.length === 0);
  await client.change(file, [{ range: { start: { line: 0, character: 18 }, end: { line: 0, character: 22 } }, text: 'proj' }]);
  assert.deepEqual(await fixed, []);
});
