// A real editor as the client: Debian's Neovim (0.7) runs headless with
// test/lsp/neovim/init.lua, starts the built server over stdio with its own
// LSP client and records what it received: diagnostics on open, the code
// actions and the buffer after applying a quick fix, a hover and completion
// items; and, with a broken pyproject.toml, what it shows and whether it was
// asked anything. The assertions are on that record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, SERVER_BIN, tempProject } from './lsp-client';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const skip = nvim.status !== 0 && 'neovim is not installed (.ci/run installs it)';

const SETTINGS = [
  '# 설정 😀',
  "SECRET_KEY = 'x'",
  'INSTALLED_APPS = []',
  "CELERY_BROKER_URL = 'amqp://localhost'",
  "CELERY_RESULT_BACKEND = 'amqp://localhost'",
  'CELERY_TASK_ALWAYS_EAGR = True',
  "TIME_ZONE = 'UTC'",
  '',
].join('\n');

interface Received {
  error?: string;
  diagnostics_arrived: boolean;
  diagnostics: Array<{ line: number; col: number; code: string; source: string; message: string }>;
  code_actions: string[];
  fix_applied?: boolean;
  fixed_away?: boolean;
  after_fix: Array<{ code: string }>;
  lines: string[];
  hover?: string;
  completion: Array<{ label: string; newText: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>;
  shown: string[];
  message_requests: string[];
  stopped: boolean;
}

/** Runs init.lua's `scenario` in headless Neovim on `file` and returns what it recorded. */
function runNeovim(root: string, file: string, scenario: string): unknown {
  const out = path.join(root, 'received.json');
  const run = spawnSync('nvim', ['--headless', '--clean', '-u', path.join(REPO, 'test', 'lsp', 'neovim', 'init.lua')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      CELERY_LINT_NVIM_SCENARIO: scenario,
      CELERY_LINT_NVIM_NODE: process.execPath,
      CELERY_LINT_NVIM_SERVER: SERVER_BIN,
      CELERY_LINT_NVIM_ROOT: root,
      CELERY_LINT_NVIM_FILE: file,
      CELERY_LINT_NVIM_OUT: out,
    },
  });
  assert.ok(fs.existsSync(out), `Neovim wrote nothing (status ${run.status}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

test('Neovim: open -> diagnostics -> quick fix -> hover -> completion, over stdio', { skip }, () => {
  const root = tempProject({ 'manage.py': '', 'proj/__init__.py': '', 'proj/settings.py': SETTINGS });
  const file = path.join(root, 'proj', 'settings.py');
  const got = runNeovim(root, file, 'edit') as Received;
  assert.equal(got.error, undefined);

  assert.ok(got.diagnostics_arrived);
  assert.deepEqual(
    got.diagnostics.map((d) => [d.line, d.col, d.code, d.source]),
    [
      [4, 24, 'celery/no-amqp-result-backend', 'celery-lint'],
      [5, 0, 'celery/unknown-setting', 'celery-lint'],
    ],
  );
  assert.match(got.diagnostics[1]!.message, /Did you mean CELERY_TASK_ALWAYS_EAGER\?/);

  assert.deepEqual(got.code_actions, [
    'Fix this celery/no-amqp-result-backend problem (unsafe: may change behaviour)',
    'Disable celery/no-amqp-result-backend for this line',
    'Disable celery/no-amqp-result-backend for this file',
  ]);
  assert.ok(got.fix_applied && got.fixed_away, 'the finding went away after Neovim applied the fix');
  assert.deepEqual(got.after_fix.map((d) => d.code), ['celery/unknown-setting']);
  assert.equal(got.lines[4], "CELERY_RESULT_BACKEND = 'rpc://'");
  assert.equal(got.lines[0], '# 설정 😀', 'the rest of the buffer is untouched');

  assert.match(got.hover ?? '', /\*\*`broker_url`\*\*/);
  assert.match(got.hover ?? '', /'amqp:\/\/localhost'/);

  assert.deepEqual(
    got.completion.map((c) => c.label),
    ['CELERY_TASK_ACKS_LATE', 'CELERY_TASK_ACKS_ON_FAILURE', 'CELERY_TASK_ACKS_ON_FAILURE_OR_TIMEOUT', 'CELERY_TASK_ACKS_ON_TIMEOUT'],
  );
  assert.deepEqual(got.completion[0]!.range, { start: { line: 7, character: 0 }, end: { line: 7, character: 17 } });

  assert.deepEqual(got.shown, [], 'no pop-ups');
  assert.deepEqual(got.message_requests, []);
  assert.ok(got.stopped, 'the server stopped when Neovim asked');
  fs.rmSync(root, { recursive: true, force: true });
});

test('Neovim: a broken pyproject.toml is a diagnostic on its key, never a prompt, and the file is still linted', { skip }, () => {
  const root = tempProject({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/settings.py': "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nTIME_ZONE = 'UTC'\nCELERY_RESULT_BACKEND = 'amqp://localhost'\n",
    'pyproject.toml': '[project]\nname = "x"\n\n[tool.celery-lint]\nselect = ["celery/no-amqp-result-backend", "celery/no-such-rule"]\n',
  });
  const got = runNeovim(root, path.join(root, 'proj', 'settings.py'), 'config-error') as {
    error?: string;
    config_diagnostics_arrived: boolean;
    config_diagnostics: Array<{ line: number; col: number; code: string; message: string }>;
    diagnostics: Array<{ code: string }>;
    message_requests: string[];
    stopped: boolean;
  };
  assert.equal(got.error, undefined);
  assert.ok(got.config_diagnostics_arrived);
  assert.deepEqual(
    got.config_diagnostics.map((d) => [d.line, d.col, d.code]),
    [[4, 43, 'celery-lint/config-error']],
  );
  assert.match(got.config_diagnostics[0]!.message, /'celery\/no-such-rule' is neither a rule id nor a category/);
  assert.deepEqual(got.message_requests, [], 'Neovim was asked nothing (window/showMessageRequest)');
  assert.deepEqual(got.diagnostics.map((d) => d.code), ['celery/no-amqp-result-backend'], 'the rest of the configuration applies');
  assert.ok(got.stopped);
  fs.rmSync(root, { recursive: true, force: true });
});
