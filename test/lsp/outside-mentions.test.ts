// unknown-setting stays quiet for a key the project reads as its own knob:
// one some other file mentions. A whole-project CLI run sees every file; the
// editor lints a file with its closure only (project-index.ts), so the files
// the closure leaves out must answer the question as in the CLI run (LSP
// campaign seed 15: a server-only unknown-setting on a key a settings module
// the closure did not reach mentions). The real server over stdio, the real
// CLI on the same project.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, tempProject } from './lsp-client';
import { runCli } from '../cli/run-cli';

let root: string;
let client: LspClient;

before(async () => {
  root = tempProject({
    'pyproject.toml': '[project]\nname = "proj"\n',
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\n\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
    // report_batch is the project's own knob, not a Celery setting: the report job reads it.
    'proj/celeryconfig.py': "broker_url = 'redis://'\nreport_batch = 500\nbroker_pool_limitt = 10\n",
    // Settings of another tool in the repository, connected to nothing the config module reaches.
    'jobs/settings.py': "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nCELERY_BROKER_URL = 'redis://'\nREPORT_SIZE = 'see proj.celeryconfig.report_batch'\n",
  });
  ({ client } = await LspClient.start({ root }));
});

after(async () => {
  await client.stop();
});

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort();
}

test('a key only a file outside the closure mentions is no unknown setting in the editor, as in the CLI', async () => {
  const file = path.join(root, 'proj', 'celeryconfig.py');
  const out = JSON.parse(runCli(['.', '--format', 'json'], { cwd: root }).stdout) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string }> }>;
  const cli = out.filter((r) => r.filePath === file).flatMap((r) => r.messages.map((m) => `${m.line} ${m.ruleId}`)).sort();
  // The misspelt setting nobody mentions is reported; the knob is not.
  assert.deepEqual(cli, ['3 celery/unknown-setting']);
  assert.deepEqual(summary(await client.open(file)), cli);
});

test("an old name read by the project's code outside the closure is its knob in the editor, one only assigned there is not, as in the CLI", async () => {
  const dir = tempProject({
    'pyproject.toml': '[project]\nname = "proj"\n',
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py': "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
    'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_QUEUES = ('celery', 'batch')\nCELERY_DISABLE_RATE_LIMITS = True\n",
    // Outside the settings module's closure: a view that reads one name, and another tool's defaults that only assign the other.
    'stats/__init__.py': '',
    'stats/views.py': 'from django.conf import settings\n\n\ndef queues():\n    return list(settings.CELERY_QUEUES)\n',
    'jobs/defaults.py': 'CELERY_DISABLE_RATE_LIMITS = False\n',
  });
  const file = path.join(dir, 'proj', 'settings.py');
  const out = JSON.parse(runCli(['.', '--format', 'json'], { cwd: dir }).stdout) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string }> }>;
  const cli = out.filter((r) => r.filePath === file).flatMap((r) => r.messages.map((m) => `${m.line} ${m.ruleId}`)).filter((s) => s.includes('ignored-old-name')).sort();
  assert.deepEqual(cli, ['3 celery/ignored-old-name']);
  const { client: editor } = await LspClient.start({ root: dir });
  try {
    assert.deepEqual(summary(await editor.open(file)).filter((s) => s.includes('ignored-old-name')), cli);
  } finally {
    await editor.stop();
  }
});

test('answers from files outside the closure are kept between keystrokes, and follow those files when they change on disk or in the editor', async () => {
  const dir = tempProject({
    'pyproject.toml': '[project]\nname = "proj"\n',
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\n\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
    'proj/celeryconfig.py': "broker_url = 'redis://'\nreport_batch = 500\n",
    'jobs/settings.py': "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nCELERY_BROKER_URL = 'redis://'\nREPORT_SIZE = 'see report_batch'\n",
  });
  const config = path.join(dir, 'proj', 'celeryconfig.py');
  const outside = path.join(dir, 'jobs', 'settings.py');
  const { client: editor } = await LspClient.start({ root: dir });
  const unknown = (d: readonly Diagnostic[]) => summary(d).includes('2 celery/unknown-setting');
  // A keystroke at the end of the config module: a new lint of the same closure.
  const keystroke = async (text: string) => {
    const line = editor.text(config).split('\n').length - 1;
    await editor.change(config, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }]);
  };
  try {
    assert.equal(unknown(await editor.open(config)), false, 'the outside file mentions report_batch');
    // The outside file stops mentioning the knob on disk: the next lint asks it again.
    fs.writeFileSync(outside, "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nCELERY_BROKER_URL = 'redis://'\n");
    await editor.filesChanged([{ file: outside, type: 2 }]);
    const reported = editor.nextDiagnostics(config, unknown);
    await keystroke('# a\n');
    await reported;
    // Opened and edited in the editor: its text there answers, not the disk's.
    await editor.open(outside);
    const quiet = editor.nextDiagnostics(config, (d) => !unknown(d));
    await editor.change(outside, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: "BATCH = 'report_batch'\n" }]);
    await keystroke('# b\n');
    await quiet;
  } finally {
    await editor.stop();
  }
});
