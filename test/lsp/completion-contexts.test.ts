// Completion where settings are written beyond app.conf and Django's module
// level (issue 19, item 8): celeryconfig modules, config classes given to
// config_from_object, django-configurations class bodies, indented blocks
// and the right of an assignment; and one code action per distinct edit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, tempProject, uri } from './lsp-client';

let root: string;
let client: LspClient;

before(async () => {
  root = tempProject({ 'manage.py': '', 'proj/__init__.py': '' });
  ({ client } = await LspClient.start({ root }));
});

after(async () => {
  await client.stop();
});

/** Opens `text` as `name` (the cursor at `|`) and returns the labels offered there, with the first item's edit. */
async function complete(name: string, textWithCursor: string): Promise<{ labels: string[]; first?: CompletionItem }> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const file = path.join(root, name);
  await client.open(file, text);
  const lines = text.slice(0, offset).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  const result = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(file) }, position })) as CompletionItem[] | { items: CompletionItem[] };
  const items = Array.isArray(result) ? result : result.items;
  return { labels: items.map((i) => i.label), ...(items[0] ? { first: items[0] } : {}) };
}

test('a celeryconfig module: lowercase names at module level', async () => {
  const { labels, first } = await complete('proj/celeryconfig.py', "broker_url = 'redis://'\nresult_b|");
  assert.ok(labels.includes('result_backend'), labels.slice(0, 5).join(','));
  assert.ok(labels.every((l) => /^[a-z_0-9]+$/.test(l)));
  assert.deepEqual(first!.textEdit, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } }, newText: first!.label });
  // Not inside an expression.
  assert.deepEqual((await complete('proj/celeryconfig.py', "broker_url = result_b|\n")).labels, []);
});

test('a config class given to config_from_object: lowercase names in its body, and in no other class', async () => {
  const text = "from celery import Celery\n\nclass Config:\n    broker_url = 'redis://'\n    result_b|\n\nclass Other:\n    name = 'x'\n\napp = Celery('x')\napp.config_from_object(Config)\n";
  assert.ok((await complete('proj/app_config.py', text)).labels.includes('result_backend'));
  const other = text.replace('    result_b|\n', '').replace("    name = 'x'\n", "    name = 'x'\n    result_b|\n");
  assert.deepEqual((await complete('proj/app_config.py', other)).labels, []);
});

test('a django-configurations class body: CELERY_ names', async () => {
  const text = "from configurations import Configuration\n\nclass Prod(Configuration):\n    SECRET_KEY = 'x'\n    CELERY_TASK_SER|\n";
  const { labels, first } = await complete('proj/conf_settings.py', text);
  assert.ok(labels.includes('CELERY_TASK_SERIALIZER'), labels.slice(0, 5).join(','));
  assert.deepEqual((first!.textEdit as TextEdit).range, { start: { line: 4, character: 4 }, end: { line: 4, character: 19 } });
});

test('Django settings: CELERY_ names in an indented block and on the right of an assignment', async () => {
  const indented = await complete('proj/settings.py', "SECRET_KEY = 'x'\nDEBUG = False\nif DEBUG:\n    CELERY_TASK_ALW|\n");
  assert.ok(indented.labels.includes('CELERY_TASK_ALWAYS_EAGER'));
  const rhs = await complete('proj/settings.py', "SECRET_KEY = 'x'\nCELERY_BROKER_URL = 'redis://'\nCELERY_RESULT_BACKEND = CELERY_BRO|\n");
  assert.ok(rhs.labels.includes('CELERY_BROKER_URL'));
  assert.deepEqual((rhs.first!.textEdit as TextEdit).range, { start: { line: 2, character: 24 }, end: { line: 2, character: 34 } });
  // Not in a comment, nor as an argument.
  assert.deepEqual((await complete('proj/settings.py', "SECRET_KEY = 'x'\n# CELERY_BRO|\n")).labels, []);
  assert.deepEqual((await complete('proj/settings.py', "SECRET_KEY = 'x'\nX = f(CELERY_BRO|)\n")).labels, []);
});

test('two findings offering the same change get one code action', async () => {
  const file = path.join(root, 'proj', 'celeryconfig.py');
  const diagnostics = await client.open(file, "broker_url = 'redis://'\naccept_content = ['json']\ntask_serializer = 'pickle'\n");
  const onPickle = diagnostics.filter((d) => d.range.start.line === 2);
  assert.deepEqual(onPickle.map((d) => d.code).sort(), ['celery/accept-content-mismatch', 'celery/pickle-serializer']);
  const actions = (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: onPickle[0]!.range,
    context: { diagnostics: onPickle },
  })) as CodeAction[];
  const edits = actions.filter((a) => a.edit).map((a) => JSON.stringify(a.edit));
  assert.equal(new Set(edits).size, edits.length, actions.map((a) => a.title).join(' | '));
  const toJson = actions.filter((a) => JSON.stringify(a.edit).includes("'json'"));
  assert.equal(toJson.length, 1, actions.map((a) => a.title).join(' | '));
  assert.deepEqual(toJson[0]!.diagnostics!.map((d) => d.code).sort(), ['celery/accept-content-mismatch', 'celery/pickle-serializer']);
});

/** The markdown hover at the first `|` of `textWithCursor`, opened as `name`. */
async function hoverText(name: string, textWithCursor: string): Promise<string | undefined> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const file = path.join(root, name);
  await client.open(file, text);
  const lines = text.slice(0, offset).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position })) as { contents: { value: string } } | null;
  return hover?.contents.value;
}

test("a Django settings module: Django's own setting names for the target Django, beside the CELERY_ ones", async () => {
  const { labels } = await complete('proj/settings.py', "SECRET_KEY = 'x'\nSECURE_HSTS_|");
  assert.ok(labels.includes('SECURE_HSTS_SECONDS'), labels.slice(0, 5).join(','));
  assert.ok(labels.includes('CELERY_TASK_SERIALIZER'));
  // Removed in Django 5.0: not offered to the newest Django the table knows.
  assert.ok(!labels.includes('USE_L10N'));
  assert.ok(labels.includes('STORAGES'));
});

test('hover on a Django setting: type, default and history for the target Django, and a link to its reference', async () => {
  const hsts = await hoverText('proj/settings.py', "SECRET_KEY = 'x'\nSECURE_HSTS_SEC|ONDS = 3600\n");
  assert.ok(hsts, 'a hover');
  assert.match(hsts, /\*\*`SECURE_HSTS_SECONDS`\*\* \(Django setting\)/);
  assert.match(hsts, /type `int` · default in Django 5\.2 `0`/);
  assert.match(hsts, /https:\/\/docs\.djangoproject\.com\/en\/5\.2\/ref\/settings\/#secure-hsts-seconds/);
  const removed = await hoverText('proj/settings.py', "SECRET_KEY = 'x'\nUSE_L1|0N = True\n");
  assert.match(removed ?? '', /Django 5\.2 no longer has this setting and ignores it \(removed in 5\.0\)/);
  // Not a Django settings module: no Django hover for an upper-case name.
  assert.equal(await hoverText('proj/helpers.py', 'DEB|UG = True\n'), undefined);
});
