// The editor reads a broken file as the CLI does (issue 15, LSP edit
// campaign). First, a broken statement reads the same wherever it stands in
// the file (seed 3302, edits 127-135): the editor keeps the tree of
// each piece of a broken file and moves it when an edit above changes its
// offset, while the CLI parses the same text where it ends up. Parsed over a
// range of the whole text, tree-sitter's error recovery counted everything
// before the range as part of the first token it might skip, so the same
// broken line was read one way near the top of a file and another way a few
// hundred characters lower: the server went on reporting an unknown setting
// the CLI did not see. Second, the pieces the editor remembers from the last
// lint leave no trace in how it reads the others (seeds 3354, 3367, 3389).
// The real server over stdio, the real CLI on its text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, tempProject, uri } from './lsp-client';
import { runCli } from '../cli/run-cli';

// The last line is the campaign's, reduced: at offset 353 a fresh parse of it
// read `brokerbt` as assigned (an unknown setting), at offset 395 as an
// annotation of a missing name. The line above, an unclosed string, makes
// the file broken, so both the CLI and the editor cut it into parts.
const BROKEN_LAST_LINE = ":brokerbt: y/m'redi/m'red: y/m'red = i\n";
const CONFIG = ['# Celery settings', "task_serializer = 'json'", 'CELERY_ALWAYS_EAGER = True', "broker_url = 'redis://h'  '", BROKEN_LAST_LINE].join('\n');

let root: string;
let file: string;
let client: LspClient;

before(async () => {
  root = tempProject({
    'pyproject.toml': '[project]\nname = "proj"\n',
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\n\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
    'proj/celeryconfig.py': CONFIG,
  });
  file = path.join(root, 'proj', 'celeryconfig.py');
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

/** The diagnostics the server published for `version` of the file (or a later one). */
async function diagnosticsFor(version: number): Promise<Diagnostic[]> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const published = client.diagnostics.get(uri(file));
    if (published?.version !== undefined && published.version >= version) return published.diagnostics;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no diagnostics for version ${version} within 15 s`);
}

test('a broken line moved down by an edit above it reads as it did, in the editor and in the CLI', async () => {
  const opened = await client.open(file);
  assert.deepEqual(summary(opened), cliSummary());
  // The broken line's findings are there to compare: an unknown setting on it, a syntax error above.
  assert.ok(summary(opened).includes('5 celery/unknown-setting'), JSON.stringify(summary(opened)));
  // A longer comment on line 1 moves every part below it 400 characters down and changes nothing else.
  let version = 0;
  for (let i = 0; i < 4; i++) {
    version = await client.change(file, [{ range: { start: { line: 0, character: 17 }, end: { line: 0, character: 17 } }, text: ' and more'.repeat(11) + '.' }]);
  }
  const moved = await diagnosticsFor(version);
  assert.ok(client.text(file).indexOf(BROKEN_LAST_LINE) > 400);
  assert.deepEqual(summary(moved), summary(opened));
  assert.deepEqual(summary(moved), cliSummary());
  // The same text opened afresh in another server reads the same again.
  const { client: fresh } = await LspClient.start({ root });
  try {
    assert.deepEqual(summary(await fresh.open(file, client.text(file))), summary(moved));
  } finally {
    await fresh.stop();
  }
});

test('a piece read again after an edit reads as in the CLI, whatever the pieces the editor remembers made of its cursors', async () => {
  // Cut at each unclosed bracket: `A = (`, the if statement, `B = (`, and the rest. After an edit in the last
  // part the editor reads the if statement from what it remembers (with a cursor made on that piece's tree)
  // and the last part afresh; web-tree-sitter's cursor reset() kept the cursor on the if statement's tree, and
  // the chained assignment's nodes read their text through that tree, as it was before the edit.
  const settings = ['A = (', 'if X:', '    Y = 1', 'B = (', 'Z = 1', 'CELERY_TASK_ALWAYS_EAGR = X = True', ''].join('\n');
  const django = tempProject({
    'pyproject.toml': '[project]\nname = "site"\n',
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
    'celery_app.py': "from celery import Celery\napp = Celery('site')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
    'settings.py': settings,
  });
  const settingsFile = path.join(django, 'settings.py');
  const { client: editor } = await LspClient.start({ root: django });
  const cli = (): string[] => {
    fs.writeFileSync(settingsFile, editor.text(settingsFile));
    const out = JSON.parse(runCli(['.', '--format', 'json'], { cwd: django }).stdout) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string }> }>;
    return out.filter((r) => r.filePath === settingsFile).flatMap((r) => r.messages.map((m) => `${m.line} ${m.ruleId}`)).sort();
  };
  try {
    const opened = await editor.open(settingsFile);
    assert.deepEqual(summary(opened), cli());
    assert.ok(summary(opened).includes('6 celery/unknown-setting'), JSON.stringify(summary(opened)));
    // `Z = 1` becomes `ZZZZ = 1`: the line below moves three characters on.
    const version = await editor.change(settingsFile, [{ range: { start: { line: 4, character: 1 }, end: { line: 4, character: 1 } }, text: 'ZZZ' }]);
    const deadline = Date.now() + 15_000;
    let edited: Diagnostic[] | undefined;
    while (!edited && Date.now() < deadline) {
      const published = editor.diagnostics.get(uri(settingsFile));
      if (published?.version !== undefined && published.version >= version) edited = published.diagnostics;
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.ok(edited, `no diagnostics for version ${version}`);
    assert.equal(editor.text(settingsFile).split('\n')[4], 'ZZZZ = 1');
    assert.deepEqual(summary(edited), summary(opened));
    assert.deepEqual(summary(edited), cli());
  } finally {
    await editor.stop();
  }
});
