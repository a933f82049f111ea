// The language server reads \r, \r\n and mixed line endings as CPython and
// the CLI do: the same findings at the same positions, edits near a \r that
// change what it ends, and suppression edits that keep the file's endings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, tempProject, uri } from './lsp-client';
import { runCli, type JsonResult } from '../cli/run-cli';

const CONFIG = [
  "result_backend = 'amqp://h'  # noqa: celery/pickle-serializer",
  "task_serializer = 'pickle'",
  'if DEBUG:',
  "    broker_url = 'amqp://'  # celery-lint: disable=celery/unknown-setting",
  'task_always_eagr = True',
  '',
];

function encoded(lines: readonly string[], endings: readonly string[]): string {
  return lines.map((l, i) => (i === lines.length - 1 ? l : l + endings[i % endings.length])).join('');
}

/** Findings as `line:column-line:column rule`, 0-based as LSP counts. */
function lspFindings(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`).sort();
}

function cliFindings(file: string): string[] {
  const run = runCli(['--format', 'json', file], { cwd: path.dirname(file) });
  const results = JSON.parse(run.stdout) as JsonResult[];
  return results.flatMap((r) => r.messages.map((m) => `${m.line - 1}:${m.column - 1}-${m.endLine - 1}:${m.endColumn - 1} ${m.ruleId}`)).sort();
}

async function codeActions(client: LspClient, file: string, d: Diagnostic): Promise<CodeAction[]> {
  return (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: d.range,
    context: { diagnostics: [d] },
  })) as CodeAction[];
}

for (const [name, endings] of [
  ['\\r', ['\r']],
  ['\\r\\n', ['\r\n']],
  ['mixed', ['\r', '\r\n', '\n']],
] as const) {
  test(`${name} line endings: the server reports what the CLI reports, where it reports it`, async () => {
    const text = encoded(CONFIG, endings);
    const dir = tempProject({ 'celeryconfig.py': text });
    const file = path.join(dir, 'celeryconfig.py');
    const { client } = await LspClient.start({ root: dir });
    try {
      const diagnostics = await client.open(file);
      const cli = cliFindings(file);
      assert.deepEqual(lspFindings(diagnostics), cli);
      // Every line is read: the findings below the first comment are there.
      assert.ok(cli.some((f) => f.startsWith('1:') && f.endsWith('celery/pickle-serializer')), cli.join('\n'));
      assert.ok(cli.some((f) => f.startsWith('4:') && f.endsWith('celery/unknown-setting')), cli.join('\n'));
    } finally {
      await client.stop();
    }
  });
}

test('typing a \\n after a bare \\r, and making it a bare \\r again, is followed like a fresh open', async () => {
  const text = encoded(CONFIG, ['\r']);
  const dir = tempProject({ 'celeryconfig.py': text });
  const file = path.join(dir, 'celeryconfig.py');
  const { client } = await LspClient.start({ root: dir });
  try {
    const before = lspFindings(await client.open(file));
    const afterFirstLine = CONFIG[0]!.length + 1;
    // `\r` + `\n` typed at the start of line 1 is one line break: line 1 stays line 1.
    let next = client.nextDiagnostics(file);
    await client.change(file, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }]);
    assert.deepEqual(lspFindings(await next), before);
    assert.equal(client.text(file).slice(afterFirstLine - 1, afterFirstLine + 1), '\r\n');
    // The \r\n replaced by a bare \r again (LSP cannot address the middle of a \r\n).
    next = client.nextDiagnostics(file);
    await client.change(file, [{ range: { start: { line: 0, character: CONFIG[0]!.length }, end: { line: 1, character: 0 } }, text: '\r' }]);
    assert.deepEqual(lspFindings(await next), before);
    assert.equal(client.text(file), text);
    fs.writeFileSync(file, client.text(file));
    assert.deepEqual(before, cliFindings(file));
  } finally {
    await client.stop();
  }
});

test('"Disable for this line" extends the directive of a \\r\\n line; "for this file" writes the file\'s own line ending', async () => {
  for (const ending of ['\r\n', '\r']) {
    const text = encoded(["result_backend = 'amqp://h'  # celery-lint: disable=celery/unknown-setting", 'x = 1', ''], [ending]);
    const dir = tempProject({ 'celeryconfig.py': text });
    const file = path.join(dir, 'celeryconfig.py');
    const { client } = await LspClient.start({ root: dir });
    try {
      const diagnostics = await client.open(file);
      const amqp = diagnostics.find((d) => d.code === 'celery/no-amqp-result-backend')!;
      const actions = await codeActions(client, file, amqp);
      const line = actions.find((a) => a.title === 'Disable celery/no-amqp-result-backend for this line')!;
      const lineEdit = Object.values(line.edit!.changes ?? {})[0] ?? (line.edit!.documentChanges![0] as { edits: Array<{ newText: string }> }).edits;
      assert.equal(lineEdit[0]!.newText, '# celery-lint: disable=celery/unknown-setting, celery/no-amqp-result-backend');
      const whole = actions.find((a) => a.title === 'Disable celery/no-amqp-result-backend for this file')!;
      const clean = client.nextDiagnostics(file, (d) => !d.some((x) => x.code === 'celery/no-amqp-result-backend'));
      await client.applyWorkspaceEdit(whole.edit!);
      await clean;
      assert.equal(client.text(file), `# celery-lint: disable-file=celery/no-amqp-result-backend${ending}${text}`);
    } finally {
      await client.stop();
    }
  }
});

test('a syntax error after a comment is on the line Python names, with every line ending, in the CLI and the server', async () => {
  // tree-sitter reads this whole file as one ERROR that starts at the comment; Python's error is on line 2.
  for (const ending of ['\n', '\r\n', '\r']) {
    const text = ['# TLS settings', "edt *'ecriss:)0 \\ V:", "broker_url = 'redis://h'", ''].join(ending);
    const dir = tempProject({ 'celeryconfig.py': text });
    const file = path.join(dir, 'celeryconfig.py');
    const python = spawnSync('/usr/bin/python3', ['-c', 'import sys\ntry:\n    compile(open(sys.argv[1], "rb").read(), "f", "exec")\nexcept SyntaxError as e:\n    print(e.lineno)', file], { encoding: 'utf8' });
    const cli = cliFindings(file).filter((f) => f.endsWith('celery-lint/syntax-error'));
    if (python.status === 0) assert.deepEqual(cli.map((f) => Number(f.split(':')[0]) + 1), [Number(python.stdout.trim())], JSON.stringify(ending));
    assert.deepEqual(cli.map((f) => f.split(':')[0]), ['1'], JSON.stringify(ending));
    const { client } = await LspClient.start({ root: dir });
    try {
      assert.deepEqual(lspFindings(await client.open(file)), cliFindings(file), JSON.stringify(ending));
    } finally {
      await client.stop();
    }
  }
});
