// Suppression comments that share a line with others (issue 19, item 3):
// "Disable for this line" on a line that has `# noqa: celery/x` adds the rule
// to that list instead of writing a second directive the engine used to read
// in its place; a comment may hold several directives, and other comments
// after a `# noqa`; short rule names are accepted as in flags. The CLI and
// the editor read them the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, tempProject, uri } from './lsp-client';
import { findings, runCli } from '../cli/run-cli';

const CONFIG = [
  "broker_url = 'redis://'",
  "accept_content = ['json']",
  "task_serializer = 'pickle'  # noqa: celery/pickle-serializer",
  "result_serializer = 'pickle'  # noqa: pickle-serializer  # celery-lint: disable=celery/accept-content-mismatch -- migrating",
  "result_backend = 'amqp://x'  # noqa  # the old cluster still speaks amqp",
  "event_serializer = 'pickle'  # type: ignore  # noqa: celery/pickle-serializer -- read by a legacy consumer",
  '',
].join('\n');

function lines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort();
}

function cli(dir: string): string[] {
  return findings(runCli(['celeryconfig.py', '--format', 'json'], { cwd: dir }).stdout, dir)
    .map((f) => f.replace(/^celeryconfig\.py:(\d+):\d+ /, '$1 '))
    .sort();
}

test('several directives in one comment, other comments after # noqa, short names: the CLI and the editor agree', async () => {
  const dir = tempProject({ 'celeryconfig.py': CONFIG });
  const file = path.join(dir, 'celeryconfig.py');
  const expected = ['3 celery/accept-content-mismatch'];
  assert.deepEqual(cli(dir), expected);
  const { client } = await LspClient.start({ root: dir });
  try {
    assert.deepEqual(lines(await client.open(file)), expected);
  } finally {
    await client.stop();
  }
});

test('"Disable for this line" adds the rule to an existing # noqa list, and the line goes quiet in the editor and the CLI', async () => {
  const dir = tempProject({ 'celeryconfig.py': CONFIG });
  const file = path.join(dir, 'celeryconfig.py');
  const { client } = await LspClient.start({ root: dir });
  try {
    const diagnostics = await client.open(file);
    const mismatch = diagnostics.find((d) => d.code === 'celery/accept-content-mismatch')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri(file) },
      range: mismatch.range,
      context: { diagnostics: [mismatch] },
    })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable celery/accept-content-mismatch for this line')!;
    assert.ok(disable, actions.map((a) => a.title).join(' | '));
    const quiet = client.nextDiagnostics(file, (d) => d.length === 0);
    await client.applyWorkspaceEdit(disable.edit!);
    await quiet;
    assert.equal(client.text(file).split('\n')[2], "task_serializer = 'pickle'  # noqa: celery/pickle-serializer, celery/accept-content-mismatch");
    assert.deepEqual(client.diagnostics.get(uri(file))!.diagnostics, []);
    fs.writeFileSync(file, client.text(file));
    assert.deepEqual(cli(dir), []);
  } finally {
    await client.stop();
  }
});

test('a # noqa of other tools only is left to them: the rule goes into a directive of its own', async () => {
  const dir = tempProject({ 'celeryconfig.py': "broker_url = 'redis://'\nresult_backend = 'amqp://x'  # noqa: E501\n" });
  const file = path.join(dir, 'celeryconfig.py');
  const { client } = await LspClient.start({ root: dir });
  try {
    const [amqp] = await client.open(file);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: amqp!.range, context: { diagnostics: [amqp] } })) as CodeAction[];
    const quiet = client.nextDiagnostics(file, (d) => d.length === 0);
    await client.applyWorkspaceEdit(actions.find((a) => a.title === 'Disable celery/no-amqp-result-backend for this line')!.edit!);
    await quiet;
    assert.equal(client.text(file).split('\n')[1], "result_backend = 'amqp://x'  # noqa: E501  # celery-lint: disable=celery/no-amqp-result-backend");
  } finally {
    await client.stop();
  }
});

test('an unused directive among several in one comment is removed alone by --fix', () => {
  const dir = tempProject({
    'celeryconfig.py': "broker_url = 'redis://'\nresult_backend = 'amqp://x'  # noqa: no-amqp-result-backend  # celery-lint: disable=celery/pickle-serializer\nresult_expires = 60  # noqa: celery/pickle-serializer  # type: int\n",
  });
  const before = findings(runCli(['.', '--format', 'json'], { cwd: dir }).stdout, dir);
  assert.deepEqual(before, ['celeryconfig.py:2:62 celery-lint/unused-suppression', 'celeryconfig.py:3:22 celery-lint/unused-suppression']);
  assert.equal(runCli(['.', '--fix'], { cwd: dir }).code, 0);
  assert.equal(fs.readFileSync(path.join(dir, 'celeryconfig.py'), 'utf8'), "broker_url = 'redis://'\nresult_backend = 'amqp://x'  # noqa: no-amqp-result-backend\nresult_expires = 60  # type: int\n");
});
