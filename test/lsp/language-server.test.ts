// The language server, started as a process and driven over stdio by a real
// protocol client: what an editor sees.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, applyEdits, positionOf, tempProject, uri } from './lsp-client';

const SETTINGS = [
  '# 설정 파일 😀 한국어 주석',
  "SECRET_KEY = 'x'",
  'INSTALLED_APPS = []',
  "CELERY_BROKER_URL = 'amqp://localhost'",
  "CELERY_RESULT_BACKEND = 'amqp://localhost'",
  "CELERY_ACCEPT_CONTENT = ['application/json']",
  'CELERY_TASK_ALWAYS_EAGR = True',
  // Without it, Celery 5.3+ runs in Django's default America/Chicago (celery/timezone-mismatch on celery.py).
  "TIME_ZONE = 'UTC'",
  '',
].join('\n');

const CELERY_PY = [
  'import os',
  'from celery import Celery',
  '',
  "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')",
  "app = Celery('proj')",
  "app.config_from_object('django.conf:settings', namespace='CELERY')",
  "app.conf.update(task_serializer='json', result_serializer='pickle')",
  '',
].join('\n');

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  const contents = hover.contents as unknown as MarkupContent;
  return contents.value;
}

let root: string;
let client: LspClient;
let settingsFile: string;
let celeryFile: string;

before(async () => {
  root = tempProject({ 'manage.py': '', 'proj/__init__.py': '', 'proj/settings.py': SETTINGS, 'proj/celery.py': CELERY_PY });
  settingsFile = path.join(root, 'proj', 'settings.py');
  celeryFile = path.join(root, 'proj', 'celery.py');
  ({ client } = await LspClient.start({ root }));
});

after(async () => {
  await client.stop();
});

test('initialize answers UTF-16 positions, incremental sync and the providers', async () => {
  const { client: other, init } = await LspClient.start({ root });
  try {
    const caps = init.capabilities;
    assert.equal(caps.positionEncoding, 'utf-16');
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.ok(caps.hoverProvider);
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.celery-lint']);
    assert.ok(caps.completionProvider);
  } finally {
    await other.stop();
  }
});

test('diagnostics on open carry the rule id, its doc page, the source and UTF-16 positions', async () => {
  const diagnostics = await client.open(settingsFile);
  assert.deepEqual(codes(diagnostics), ['celery/no-amqp-result-backend', 'celery/unknown-setting']);
  const amqp = diagnostics.find((d) => d.code === 'celery/no-amqp-result-backend')!;
  assert.equal(amqp.source, 'celery-lint');
  assert.equal(amqp.severity, 1);
  assert.equal(amqp.codeDescription?.href, 'https://github.com/celery-lint/celery-lint/blob/main/rules/docs/no-amqp-result-backend.md');
  assert.deepEqual(amqp.range, { start: { line: 4, character: 24 }, end: { line: 4, character: 42 } });
  assert.match(amqp.message as string, /^result_backend is 'amqp:\/\/localhost'/);
});

test('a finding decided by a binding in another file names it in relatedInformation', async () => {
  const diagnostics = await client.open(celeryFile);
  const mismatch = diagnostics.find((d) => d.code === 'celery/accept-content-mismatch');
  assert.ok(mismatch, JSON.stringify(diagnostics));
  const related = mismatch.relatedInformation ?? [];
  const inSettings = related.find((r) => r.location.uri === uri(settingsFile));
  assert.ok(inSettings, JSON.stringify(related));
  assert.equal(inSettings.location.range.start.line, 5, 'the CELERY_ACCEPT_CONTENT line');
  assert.match(inSettings.message, /accept_content/);
});

test('an edit re-publishes diagnostics for the new text', async () => {
  const text = client.text(settingsFile);
  const at = positionOf(text, 'EAGR');
  const updated = client.nextDiagnostics(settingsFile, (d) => !d.some((x) => x.code === 'celery/unknown-setting'));
  await client.change(settingsFile, [{ range: { start: at, end: { line: at.line, character: at.character + 4 } }, text: 'EAGER' }]);
  assert.deepEqual(codes(await updated), ['celery/no-amqp-result-backend']);
  // And back: a typo appears as it is typed.
  const again = client.nextDiagnostics(settingsFile, (d) => d.some((x) => x.code === 'celery/unknown-setting'));
  await client.change(settingsFile, [{ range: { start: at, end: { line: at.line, character: at.character + 5 } }, text: 'EAGR' }]);
  await again;
});

test('a change in the settings module re-lints the open celery.py that loads it', async () => {
  await client.nextDiagnostics(celeryFile, (d) => d.some((x) => x.code === 'celery/accept-content-mismatch'));
  const at = positionOf(client.text(settingsFile), "['application/json']");
  const line = { start: at, end: { line: at.line, character: at.character + "['application/json']".length } };
  const cleared = client.nextDiagnostics(celeryFile, (d) => !d.some((x) => x.code === 'celery/accept-content-mismatch'));
  await client.change(settingsFile, [{ range: line, text: "['application/json', 'pickle']" }]);
  assert.deepEqual(codes(await cleared), ['celery/pickle-serializer']);
  const back = client.nextDiagnostics(celeryFile, (d) => d.some((x) => x.code === 'celery/accept-content-mismatch'));
  await client.change(settingsFile, [{ range: { start: at, end: { line: at.line, character: at.character + "['application/json', 'pickle']".length } }, text: "['application/json']" }]);
  await back;
});

async function actionsAt(file: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
  })) as CodeAction[];
}

test('code actions: unsafe fix labelled and not preferred, disable for line and file, nothing elsewhere', async () => {
  const diagnostics = client.diagnostics.get(uri(settingsFile))!.diagnostics;
  const amqp = diagnostics.find((d) => d.code === 'celery/no-amqp-result-backend')!;
  const actions = await actionsAt(settingsFile, amqp);
  const titles = actions.map((a) => a.title);
  const fix = actions.find((a) => a.title.startsWith('Fix this celery/no-amqp-result-backend'))!;
  assert.ok(fix, titles.join(' | '));
  assert.match(fix.title, /unsafe/);
  assert.equal(fix.isPreferred, false);
  assert.equal(fix.kind, 'quickfix');
  assert.ok(titles.includes('Disable celery/no-amqp-result-backend for this line'));
  assert.ok(titles.includes('Disable celery/no-amqp-result-backend for this file'));
  // A line with no finding gets nothing.
  const none = (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri(settingsFile) },
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
    context: { diagnostics: [] },
  })) as CodeAction[];
  assert.deepEqual(none, []);
});

test('applying a quick fix makes its diagnostic disappear', async () => {
  const amqp = client.diagnostics.get(uri(settingsFile))!.diagnostics.find((d) => d.code === 'celery/no-amqp-result-backend')!;
  const fix = (await actionsAt(settingsFile, amqp)).find((a) => a.title.startsWith('Fix this'))!;
  const gone = client.nextDiagnostics(settingsFile, (d) => !d.some((x) => x.code === 'celery/no-amqp-result-backend'));
  await client.applyWorkspaceEdit(fix.edit!);
  await gone;
  assert.match(client.text(settingsFile), /^CELERY_RESULT_BACKEND = 'rpc:\/\/'$/m);
  assert.match(client.text(settingsFile), /^# 설정 파일 😀 한국어 주석$/m, 'the rest of the file is untouched');
});

test('"Disable for this line" writes a directive the engine honours', async () => {
  const typo = client.diagnostics.get(uri(settingsFile))!.diagnostics.find((d) => d.code === 'celery/unknown-setting')!;
  const disable = (await actionsAt(settingsFile, typo)).find((a) => a.title === 'Disable celery/unknown-setting for this line')!;
  const gone = client.nextDiagnostics(settingsFile, (d) => !d.some((x) => x.code === 'celery/unknown-setting'));
  await client.applyWorkspaceEdit(disable.edit!);
  await gone;
  assert.match(client.text(settingsFile), /^CELERY_TASK_ALWAYS_EAGR = True {2}# celery-lint: disable=celery\/unknown-setting$/m);
});

test('"Disable for this file" goes after the docstring and silences the rule in the whole file', async () => {
  const dir = tempProject({ 'settings.py': `"""Settings."""\nCELERY_RESULT_BACKEND = 'amqp://a'\nSECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://b'\n` });
  const file = path.join(dir, 'settings.py');
  const { client: other } = await LspClient.start({ root: dir });
  try {
    const diagnostics = await other.open(file);
    const actions = (await other.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri(file) },
      range: diagnostics[0]!.range,
      context: { diagnostics: [diagnostics[0]] },
    })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable celery/no-amqp-result-backend for this file')!;
    const clean = other.nextDiagnostics(file, (d) => d.length === 0);
    await other.applyWorkspaceEdit(disable.edit!);
    await clean;
    assert.equal(other.text(file).split('\n')[1], '# celery-lint: disable-file=celery/no-amqp-result-backend');
  } finally {
    await other.stop();
  }
});

test('source.fixAll.celery-lint applies safe fixes only', async () => {
  const dir = tempProject({
    'celeryconfig.py': "result_backend = 'amqp://x'  # noqa: celery/pickle-serializer\nbroker_url = 'redis://'\n",
  });
  const file = path.join(dir, 'celeryconfig.py');
  const { client: other } = await LspClient.start({ root: dir });
  try {
    const diagnostics = await other.open(file);
    assert.deepEqual(codes(diagnostics), ['celery-lint/unused-suppression', 'celery/no-amqp-result-backend']);
    const actions = (await other.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri(file) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.celery-lint'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.celery-lint');
    const edited = applyEdits(other.text(file), (actions[0]!.edit!.documentChanges![0] as unknown as { edits: TextEdit[] }).edits);
    assert.equal(edited, "result_backend = 'amqp://x'\nbroker_url = 'redis://'\n", 'the unused suppression (safe) is removed, the unsafe amqp fix is not applied');
  } finally {
    await other.stop();
  }
});

test('hover on a setting name shows the docs, the effective value and where it was set', async () => {
  const text = client.text(settingsFile);
  const hover = (await client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: uri(settingsFile) },
    position: positionOf(text, 'CELERY_BROKER_URL'),
  })) as Hover;
  const md = markdown(hover);
  assert.match(md, /\*\*`broker_url`\*\*/);
  assert.match(md, /old name `BROKER_URL`/);
  assert.match(md, /'amqp:\/\/localhost'/);
  assert.match(md, /line 4/);
  assert.deepEqual(hover.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 17 } });
});

test('hover on a conf.update keyword and on a rule id in a suppression comment', async () => {
  const text = client.text(celeryFile);
  const onKeyword = markdown(
    (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(celeryFile) }, position: positionOf(text, 'result_serializer') })) as Hover,
  );
  assert.match(onKeyword, /\*\*`result_serializer`\*\*/);
  assert.match(onKeyword, /'pickle'/);
  const settingsText = client.text(settingsFile);
  const inComment = positionOf(settingsText, 'celery/unknown-setting');
  const onRule = markdown(
    (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: uri(settingsFile) },
      position: { line: inComment.line, character: inComment.character + 3 },
    })) as Hover,
  );
  assert.match(onRule, /^# celery\/unknown-setting/);
  assert.match(onRule, /## Why it matters/);
});

async function completeAt(file: string, text: string, position: { line: number; character: number }): Promise<CompletionItem[]> {
  await client.open(file, text);
  const result = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(file) }, position })) as CompletionItem[] | { items: CompletionItem[] };
  return Array.isArray(result) ? result : result.items;
}

test('completion: conf.update keywords, app.conf attributes, CELERY_ names in Django settings', async () => {
  const updateText = "from celery import Celery\napp = Celery('x')\napp.conf.update(task_ser";
  const update = await completeAt(path.join(root, 'proj', 'tasks_update.py'), updateText, { line: 2, character: 24 });
  const serializer = update.find((i) => i.label === 'task_serializer');
  assert.ok(serializer, 'task_serializer offered');
  assert.equal((serializer.textEdit as { newText: string }).newText, 'task_serializer=');
  assert.match((serializer.documentation as MarkupContent).value, /default `'json'`/);

  const attrText = "from celery import Celery\napp = Celery('x')\napp.conf.result_b";
  const attrs = await completeAt(path.join(root, 'proj', 'tasks_attr.py'), attrText, { line: 2, character: 17 });
  assert.ok(attrs.some((i) => i.label === 'result_backend'));

  const pos = { line: 8, character: 9 };
  const settingsText = `${client.text(settingsFile)}CELERY_T`;
  await client.change(settingsFile, [{ text: settingsText }]);
  const result = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(settingsFile) }, position: { ...pos, character: 8 } })) as CompletionItem[];
  assert.ok(result.some((i) => i.label === 'CELERY_TASK_SERIALIZER'), result.slice(0, 5).map((i) => i.label).join(','));
  // Not in a comment or in the middle of an expression.
  const none = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(settingsFile) }, position: { line: 0, character: 5 } })) as CompletionItem[];
  assert.deepEqual(none, []);
});

test('a file with syntax errors still gets findings for what parses, and a syntax-error diagnostic', async () => {
  const file = path.join(root, 'proj', 'broken_settings.py');
  const diagnostics = await client.open(file, "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://h'\ndef broken(:\n    pass\n");
  assert.ok(diagnostics.some((d) => d.code === 'celery/no-amqp-result-backend'), JSON.stringify(codes(diagnostics)));
  assert.ok(diagnostics.some((d) => d.code === 'celery-lint/syntax-error'), JSON.stringify(codes(diagnostics)));
});

test('a cancelled request is answered with RequestCancelled', async () => {
  const { CancellationTokenSource } = await import('vscode-jsonrpc/node');
  // A big document replaced whole keeps the server busy parsing and linting it (a keystroke in it
  // would be too quick since the server reparses only the piece it lands in), so the request and
  // its cancellation queue up behind that work.
  const file = path.join(root, 'proj', 'big_settings.py');
  const big = Array.from({ length: 20_000 }, (_, i) => `SETTING_${i} = {'key': ['value-${i}', ${i}]}`).join('\n');
  await client.open(file, big);
  await client.change(file, [{ text: `#${big}` }]);
  const source = new CancellationTokenSource();
  const request = client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 3, character: 2 } }, source.token);
  source.cancel();
  await assert.rejects(request, (error: { code?: number }) => error.code === -32800);
  const closed = client.nextDiagnostics(file, (d) => d.length === 0);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
  await closed;
});

test('pyproject.toml is honoured, and a change to it re-publishes every open document', async () => {
  const dir = tempProject({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://h'\nCELERY_TASK_ALWAYS_EAGR = True\n", 'pyproject.toml': '[tool.celery-lint]\nignore = ["celery/unknown-setting"]\n' });
  const file = path.join(dir, 'settings.py');
  const { client: other } = await LspClient.start({ root: dir });
  try {
    assert.deepEqual(codes(await other.open(file)), ['celery/no-amqp-result-backend']);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.celery-lint]\nseverity = { "celery/no-amqp-result-backend" = "warning" }\n');
    const next = other.nextDiagnostics(file, (d) => d.length === 2);
    await other.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path.join(dir, 'pyproject.toml')), type: 2 }] });
    const diagnostics = await next;
    assert.equal(diagnostics.find((d) => d.code === 'celery/no-amqp-result-backend')!.severity, 2, 'now a warning');
  } finally {
    await other.stop();
  }
});

test('editor settings (workspace/configuration) act like command-line flags', async () => {
  const dir = tempProject({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://h'\nCELERY_TASK_ALWAYS_EAGR = True\n" });
  const file = path.join(dir, 'settings.py');
  const { client: other } = await LspClient.start({ root: dir, settings: { enable: true, severity: { 'celery/unknown-setting': 'off' }, args: [] } });
  try {
    assert.deepEqual(codes(await other.open(file)), ['celery/no-amqp-result-backend']);
    other.settings = { enable: false };
    const cleared = other.nextDiagnostics(file, (d) => d.length === 0);
    await other.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await cleared;
    other.settings = { enable: true, args: ['--select', 'celery/unknown-setting', '--bogus'] };
    const only = other.nextDiagnostics(file, (d) => d.length === 1 && d[0]!.code === 'celery/unknown-setting');
    await other.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await only;
    assert.ok(other.logs.some((l) => /ignored '--bogus'/.test(l.message)), JSON.stringify(other.logs));
  } finally {
    await other.stop();
  }
});

test('the effective-configuration request shows what Celery will see', async () => {
  const result = (await client.connection.sendRequest('celery-lint/effectiveConfiguration', { uri: uri(celeryFile) })) as { text: string };
  assert.match(result.text, /^app 'app' in proj\/celery\.py {2}\(namespace: CELERY\)$/m);
  assert.match(result.text, /CELERY_BROKER_URL = 'amqp:\/\/localhost'\n {6}used as broker_url/);
});

test('closing a document clears its diagnostics', async () => {
  const file = path.join(root, 'proj', 'broken_settings.py');
  const cleared = client.nextDiagnostics(file, (d) => d.length === 0);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
  await cleared;
});

test('positions count UTF-16 code units after Korean and emoji: diagnostics, fix edits and hover', async () => {
  const line = "app.conf.update(broker_transport_options={'메모': '한국어 😀🚀'}, result_backend='amqp://호스트')";
  const dir = tempProject({ 'proj/celery.py': `from celery import Celery\napp = Celery('proj')\n${line}\n` });
  const file = path.join(dir, 'proj', 'celery.py');
  const { client: other } = await LspClient.start({ root: dir });
  try {
    const diagnostics = await other.open(file);
    const amqp = diagnostics.find((d) => d.code === 'celery/no-amqp-result-backend')!;
    const start = line.indexOf("'amqp://");
    // JavaScript string indexes are UTF-16 code units: each emoji counts 2, each Hangul syllable 1.
    assert.deepEqual(amqp.range, { start: { line: 2, character: start }, end: { line: 2, character: start + "'amqp://호스트'".length } });
    const fix = ((await other.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri(file) },
      range: amqp.range,
      context: { diagnostics: [amqp] },
    })) as CodeAction[]).find((a) => a.title.startsWith('Fix this'))!;
    const gone = other.nextDiagnostics(file, (d) => !d.some((x) => x.code === 'celery/no-amqp-result-backend'));
    await other.applyWorkspaceEdit(fix.edit!);
    await gone;
    assert.equal(other.text(file).split('\n')[2], line.replace("'amqp://호스트'", "'rpc://'"));
    const at = positionOf(other.text(file), 'result_backend');
    assert.equal(at.character, line.indexOf('result_backend'));
    const hover = (await other.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: at.line, character: at.character + 2 } })) as Hover;
    assert.match(markdown(hover), /\*\*`result_backend`\*\*/);
    assert.deepEqual(hover.range, { start: at, end: { line: at.line, character: at.character + 'result_backend'.length } });
  } finally {
    await other.stop();
  }
});

test('a rule that throws is logged once and the server keeps serving', async () => {
  const dir = tempProject({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://h'\n" });
  const file = path.join(dir, 'settings.py');
  const script = path.join(__dirname, 'crashing-rule-server.js');
  const { client: other } = await LspClient.start({ root: dir, script });
  try {
    assert.deepEqual(codes(await other.open(file)), ['celery/no-amqp-result-backend'], 'the other rules still report; the crash is not shown as a finding');
    const again = other.nextDiagnostics(file, (d) => d.length === 0);
    await other.change(file, [{ range: { start: { line: 1, character: 24 }, end: { line: 1, character: 34 } }, text: "'rpc://'" }]);
    await again;
    const errors = other.logs.filter((l) => l.type === 1 && /celery\/test-crash failed/.test(l.message));
    assert.equal(errors.length, 1, JSON.stringify(other.logs));
    const hover = await other.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 1, character: 3 } });
    assert.ok(hover, 'still answering requests');
  } finally {
    await other.stop();
  }
});

test('a broken pyproject.toml is reported to the user, naming the key and the file', async () => {
  const dir = tempProject({ 'settings.py': "CELERY_RESULT_BACKEND = 'amqp://h'\n", 'pyproject.toml': '[tool.celery-lint]\nselekt = ["celery"]\n' });
  const { client: other } = await LspClient.start({ root: dir });
  try {
    assert.deepEqual(await other.open(path.join(dir, 'settings.py')), []);
    const shown = other.shownMessages.find((m) => m.type === 1);
    assert.ok(shown, JSON.stringify(other.shownMessages));
    assert.match(shown.message, /selekt/);
    assert.match(shown.message, /pyproject\.toml/);
  } finally {
    await other.stop();
  }
});

test('a FIFO named pyproject.toml is never opened: the server reports it and goes on answering', async () => {
  const dir = tempProject({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://h'\n" });
  const fifo = path.join(dir, 'pyproject.toml');
  execFileSync('mkfifo', [fifo]);
  const { client: other } = await LspClient.start({ root: dir });
  try {
    // As with a broken pyproject.toml, the files it governs are not linted (the CLI does the same).
    assert.deepEqual(await other.open(path.join(dir, 'settings.py')), []);
    const shown = other.shownMessages.find((m) => m.message.includes(fifo));
    assert.ok(shown, JSON.stringify(other.shownMessages));
    assert.match(shown.message, /it is a FIFO, not a regular file, so it was not opened/);
    // Placing the error on the file itself must not read it either: the server still answers.
    const hover = await other.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(path.join(dir, 'settings.py')) }, position: { line: 1, character: 3 } });
    assert.ok(hover, 'still answering requests');
  } finally {
    await other.stop();
  }
});

test('an edit to base.py re-lints the open prod.py that star-imports it', async () => {
  const dir = tempProject({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/settings/__init__.py': '',
    'proj/settings/base.py': "SECRET_KEY = 'x'\nRABBIT = 'redis://cache:6379/0'\n",
    'proj/settings/prod.py': 'from .base import *\nCELERY_RESULT_BACKEND = RABBIT\n',
  });
  const base = path.join(dir, 'proj', 'settings', 'base.py');
  const prod = path.join(dir, 'proj', 'settings', 'prod.py');
  const { client: other } = await LspClient.start({ root: dir });
  try {
    assert.deepEqual(await other.open(prod), []);
    await other.open(base);
    const reported = other.nextDiagnostics(prod, (d) => d.some((x) => x.code === 'celery/no-amqp-result-backend'));
    const at = positionOf(other.text(base), 'redis://cache:6379/0');
    await other.change(base, [{ range: { start: at, end: { line: at.line, character: at.character + 'redis://cache:6379/0'.length } }, text: 'amqp://rabbit//' }]);
    const diagnostics = await reported;
    const amqp = diagnostics.find((d) => d.code === 'celery/no-amqp-result-backend')!;
    assert.equal(amqp.range.start.line, 1, 'reported at the binding in prod.py');
    assert.ok(amqp.relatedInformation?.some((r) => r.location.uri === uri(base)), 'pointing at where the value is built');
  } finally {
    await other.stop();
  }
});
