// A didChange the client could not have meant (text: null, a range past the
// end, a range that ends before it starts, positions that are not numbers) is
// refused whole: the user is told, and the document keeps its last good text,
// so the next valid edit lands where the editor meant it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient, tempProject, uri } from './lsp-client';

const TEXT = "result_backend = 'amqp://h'\ntask_serializer = 'json'\n";

const BAD_CHANGES: ReadonlyArray<[string, unknown[]]> = [
  ['text: null', [{ text: null }]],
  ['a range with text: null', [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: null }]],
  ['a line far past the end', [{ range: { start: { line: 99, character: 0 }, end: { line: 99, character: 0 } }, text: 'x = 1\n' }]],
  ['a range that ends before it starts', [{ range: { start: { line: 1, character: 4 }, end: { line: 0, character: 2 } }, text: '' }]],
  ['a negative character', [{ range: { start: { line: 0, character: -1 }, end: { line: 0, character: 3 } }, text: '' }]],
  ['a position that is not a number', [{ range: { start: { line: '0', character: 0 }, end: { line: 0, character: 3 } }, text: '' }]],
  ['a fractional line', [{ range: { start: { line: 0.5, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]],
  ['no range object', [{ range: null, text: 'x' }]],
  [
    'a good change followed by a bad one (nothing of the batch applies)',
    [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# first\n' },
      { range: { start: { line: 50, character: 0 }, end: { line: 50, character: 0 } }, text: 'x' },
    ],
  ],
];

test('an impossible didChange is refused with an error message, and the last good text is kept', async () => {
  const dir = tempProject({ 'celeryconfig.py': TEXT });
  const file = path.join(dir, 'celeryconfig.py');
  const { client } = await LspClient.start({ root: dir });
  try {
    const first = await client.open(file);
    assert.deepEqual(first.map((d) => [d.code, d.range.start.line]), [['celery/no-amqp-result-backend', 0]]);
    let version = 1;
    for (const [label, changes] of BAD_CHANGES) {
      const errorsBefore = client.shownMessages.filter((m) => m.type === 1).length;
      version++;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version }, contentChanges: changes });
      // A hover is answered after the notification is handled: by then the message is out.
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 1, character: 3 } })) as Hover | null;
      const errors = client.shownMessages.filter((m) => m.type === 1);
      assert.equal(errors.length, errorsBefore + 1, `${label}: ${JSON.stringify(client.shownMessages)}`);
      assert.match(errors[errors.length - 1]!.message, /ignored an edit to celeryconfig\.py/, label);
      // Line 1 still holds task_serializer: the text did not move.
      assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /task_serializer/, label);
    }
    // The next good edit applies to the last good text: amqp:// becomes rpc:// and the finding goes.
    const clean = client.nextDiagnostics(file, (d) => d.length === 0);
    version++;
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version },
      contentChanges: [{ range: { start: { line: 0, character: 18 }, end: { line: 0, character: 26 } }, text: 'rpc://' }],
    });
    assert.deepEqual(await clean, []);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 0, character: 3 } })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /'rpc:\/\/'/);
  } finally {
    await client.stop();
  }
});

test('a position past the end of a line means the end of that line, and the line after the last means the end of the text (LSP)', async () => {
  const dir = tempProject({ 'celeryconfig.py': TEXT });
  const file = path.join(dir, 'celeryconfig.py');
  const { client } = await LspClient.start({ root: dir });
  try {
    await client.open(file);
    const reported = client.nextDiagnostics(file, (d) => d.some((x) => x.code === 'celery/pickle-serializer'));
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version: 2 },
      contentChanges: [
        { range: { start: { line: 1, character: 500 }, end: { line: 1, character: 900 } }, text: '  # end' },
        { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: "result_serializer = 'pickle'\n" },
      ],
    });
    const diagnostics = await reported;
    const found = diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
    assert.ok(found.includes('celery/no-amqp-result-backend@0') && found.includes('celery/pickle-serializer@2'), found.join(', '));
    assert.equal(client.shownMessages.filter((m) => m.type === 1).length, 0, JSON.stringify(client.shownMessages));
  } finally {
    await client.stop();
  }
});
