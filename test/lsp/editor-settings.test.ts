// The settings users know from ruff-vscode, and how configuration problems
// reach them: as window/showMessage (never a request, which stock Neovim turns
// into a prompt), as log lines, and as diagnostics on the pyproject.toml key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, tempProject, uri } from './lsp-client';

const SETTINGS = "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nCELERY_RESULT_BACKEND = 'amqp://h'\nCELERY_TASK_ALWAYS_EAGR = True  # noqa: celery/pickle-serializer\n";

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withServer(files: Record<string, string>, settings: Record<string, unknown> | undefined, use: (client: LspClient, root: string) => Promise<void>, extra: Partial<Parameters<typeof LspClient.start>[0]> = {}): Promise<void> {
  const root = tempProject(files);
  const { client } = await LspClient.start({ root, ...(settings ? { settings } : {}), ...extra });
  try {
    await use(client, root);
  } finally {
    await client.stop();
  }
}

test('lint.run: onSave publishes on save only; a request still answers for the text as typed', async () => {
  await withServer({ 'settings.py': SETTINGS }, { lint: { run: 'onSave' } }, async (client, root) => {
    const file = path.join(root, 'settings.py');
    assert.ok(codes(await client.open(file)).includes('celery/no-amqp-result-backend'));
    const at = positionOf(client.text(file), "'amqp://h'");
    const amqp = { start: at, end: { line: at.line, character: at.character + 10 } };
    const version = await client.change(file, [{ range: amqp, text: "'rpc://'" }]);
    await sleep(400);
    assert.notEqual(client.diagnostics.get(uri(file))!.version, version, 'nothing published while typing');
    const saved = client.nextDiagnostics(file, (d) => !d.some((x) => x.code === 'celery/no-amqp-result-backend'));
    await client.save(file);
    await saved;
    // Typed back, not saved: code actions are still computed for the text as it is now.
    await client.change(file, [{ range: { start: at, end: { line: at.line, character: at.character + 8 } }, text: "'amqp://h'" }]);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri(file) },
      range: amqp,
      context: { diagnostics: [] },
    })) as CodeAction[];
    assert.ok(actions.some((a) => /no-amqp-result-backend/.test(a.title)), actions.map((a) => a.title).join(' | '));
  });
});

test('codeAction.disableRuleComment.enable and fixAll turn their actions off', async () => {
  const file = 'celeryconfig.py';
  const text = "result_backend = 'amqp://x'  # noqa: celery/pickle-serializer\ntask_serializer = 'json'\n";
  const actionsWith = async (settings: Record<string, unknown>): Promise<string[]> => {
    let titles: string[] = [];
    await withServer({ [file]: text }, settings, async (client, root) => {
      const diagnostics = await client.open(path.join(root, file));
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uri(path.join(root, file)) },
        range: diagnostics[0]!.range,
        context: { diagnostics },
      })) as CodeAction[];
      titles = actions.map((a) => a.title);
    });
    return titles;
  };
  const all = await actionsWith({});
  assert.ok(all.some((t) => t.startsWith('Disable ')), all.join(' | '));
  assert.ok(all.includes('Fix all safely fixable celery-lint problems'), all.join(' | '));
  const none = await actionsWith({ codeAction: { disableRuleComment: { enable: false } }, fixAll: false });
  assert.ok(!none.some((t) => t.startsWith('Disable ')), none.join(' | '));
  assert.ok(!none.includes('Fix all safely fixable celery-lint problems'), none.join(' | '));
  assert.ok(none.some((t) => t.startsWith('Fix this')), 'quick fixes stay');
});

test('a broken pyproject.toml: a diagnostic at the key, a showMessage notification, no request; fixed, it clears', async () => {
  const files = { 'settings.py': SETTINGS, 'pyproject.toml': '[project]\nname = "p"\n\n[tool.celery-lint]\nselect = ["correctness"]\nselekt = ["celery"]\n' };
  await withServer(files, undefined, async (client, root) => {
    const toml = path.join(root, 'pyproject.toml');
    const reported = client.nextDiagnostics(toml, (d) => d.length > 0);
    assert.deepEqual(await client.open(path.join(root, 'settings.py')), []);
    const [diagnostic] = await reported;
    assert.deepEqual(diagnostic!.range, { start: { line: 5, character: 0 }, end: { line: 5, character: 6 } });
    assert.match(diagnostic!.message as string, /unknown key 'selekt'/);
    assert.equal(diagnostic!.severity, 1);
    assert.ok(client.shownMessages.some((m) => m.type === 1 && /selekt/.test(m.message)), JSON.stringify(client.shownMessages));
    assert.deepEqual(client.messageRequests, []);
    fs.writeFileSync(toml, '[tool.celery-lint]\nselect = ["correctness"]\n');
    const cleared = client.nextDiagnostics(toml, (d) => d.length === 0);
    const linted = client.nextDiagnostics(path.join(root, 'settings.py'), (d) => d.length > 0);
    await client.filesChanged([{ file: toml, type: 2 }]);
    await cleared;
    await linted;
  });
});

test('a bad rule id in pyproject.toml points at the id, and the rest of the configuration still applies', async () => {
  const toml = '[tool.celery-lint]\nignore = ["celery/unknown-setting"]\n\n[tool.celery-lint.severity]\n"celery/no-such-rule" = "error"\n';
  await withServer({ 'settings.py': SETTINGS, 'pyproject.toml': toml }, undefined, async (client, root) => {
    const reported = client.nextDiagnostics(path.join(root, 'pyproject.toml'), (d) => d.length > 0);
    assert.deepEqual(codes(await client.open(path.join(root, 'settings.py'))), ['celery-lint/unused-suppression', 'celery/no-amqp-result-backend']);
    const [diagnostic] = await reported;
    assert.equal(diagnostic!.range.start.line, 4);
    assert.equal(diagnostic!.severity, 2, 'a warning: the rest of the configuration is used');
    assert.match(diagnostic!.message as string, /no-such-rule/);
  });
});

test('a pyproject.toml that is not TOML: the diagnostic is where parsing stops', async () => {
  await withServer({ 'settings.py': SETTINGS, 'pyproject.toml': '[tool.celery-lint]\nselect = ["a",\n' }, undefined, async (client, root) => {
    const reported = client.nextDiagnostics(path.join(root, 'pyproject.toml'), (d) => d.length > 0);
    await client.open(path.join(root, 'settings.py'));
    const [diagnostic] = await reported;
    assert.match(diagnostic!.message as string, /not valid TOML/);
    assert.ok(diagnostic!.range.start.line >= 1, JSON.stringify(diagnostic!.range));
  });
});

test('showNotifications: off keeps problems in the log; logLevel: error leaves warnings out of it', async () => {
  const files = { 'settings.py': SETTINGS, 'pyproject.toml': '[tool.celery-lint]\nselekt = ["celery"]\n' };
  await withServer(files, { showNotifications: 'off' }, async (client, root) => {
    await client.open(path.join(root, 'settings.py'));
    assert.deepEqual(client.shownMessages, []);
    assert.ok(client.logs.some((l) => l.type === 1 && /selekt/.test(l.message)), JSON.stringify(client.logs));
  });
  await withServer({ 'settings.py': SETTINGS }, { args: ['--bogus'], logLevel: 'error' }, async (client, root) => {
    await client.open(path.join(root, 'settings.py'));
    assert.ok(!client.logs.some((l) => /bogus/.test(l.message)), JSON.stringify(client.logs));
  });
  await withServer({ 'settings.py': SETTINGS }, { args: ['--bogus'], showNotifications: 'onWarning' }, async (client, root) => {
    await client.open(path.join(root, 'settings.py'));
    assert.ok(client.shownMessages.some((m) => m.type === 2 && /bogus/.test(m.message)), JSON.stringify(client.shownMessages));
  });
});

test('workspace/didChangeConfiguration is registered only with a client that takes dynamic registration', async () => {
  await withServer({ 'settings.py': SETTINGS }, {}, async (client, root) => {
    await client.open(path.join(root, 'settings.py'));
    assert.ok(client.registrations.includes('workspace/didChangeConfiguration'), client.registrations.join(','));
  });
  const noDynamic = { capabilities: { workspace: { didChangeConfiguration: { dynamicRegistration: false } } } };
  await withServer(
    { 'settings.py': SETTINGS },
    {},
    async (client, root) => {
      await client.open(path.join(root, 'settings.py'));
      assert.ok(!client.registrations.includes('workspace/didChangeConfiguration'), client.registrations.join(','));
      assert.ok(client.registrations.includes('workspace/didChangeWatchedFiles'));
    },
    noDynamic,
  );
});
