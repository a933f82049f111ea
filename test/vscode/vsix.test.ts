// The VS Code extension as a release ships it (vsce, offline, through
// scripts/release/release.js): opens the .vsix and checks what ships: the
// manifest, the exact file list, and that the bundled server starts from the
// extracted files alone (no node_modules anywhere above it), answers
// `initialize` and lints a file with the bundled grammar.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { release, REPO } from '../release/release-build';
import { checkLanguageServer, stopServer, withTimeout, type Server } from '../release/server-check';
import { readZip, type ZipEntry } from './zip';

let work: string;
let vsix: string;
let entries: Map<string, Buffer>;

interface Manifest {
  name: string;
  publisher: string;
  displayName: string;
  version: string;
  license: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] } };
  dependencies?: unknown;
  scripts?: unknown;
  private?: unknown;
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { type: string; default?: unknown; enum?: string[]; items?: { type: string }; additionalProperties?: { enum?: string[] } }> };
  };
}

function manifest(): Manifest {
  return JSON.parse(entries.get('extension/package.json')!.toString('utf8')) as Manifest;
}

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-vsix-test-'));
  vsix = release().vsix;
  entries = new Map(readZip(fs.readFileSync(vsix)).map((e: ZipEntry) => [e.name, e.data]));
});

after(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

test('the .vsix holds exactly the bundles, the grammar, the rule pages, README, LICENSE and the manifest', () => {
  const docs = fs.readdirSync(path.join(REPO, 'rules', 'docs')).filter((f) => f.endsWith('.md'));
  assert.ok(docs.length > 0);
  const expected = [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/readme.md',
    'extension/LICENSE.txt',
    'extension/dist/extension.js',
    'extension/dist/server.js',
    'extension/dist/tree-sitter.wasm',
    'extension/dist/tree-sitter-python.wasm',
    'extension/dist/THIRD-PARTY-NOTICES.txt',
    ...docs.map((d) => `extension/dist/rules/docs/${d}`),
  ].sort();
  assert.deepEqual([...entries.keys()].sort(), expected);
  // Nothing unbundled slipped in, and the bundles are not empty stubs.
  assert.ok(entries.get('extension/dist/server.js')!.length > 50_000);
  assert.ok(entries.get('extension/dist/extension.js')!.length > 50_000);
  // The wasm files are the ones node_modules has (a build copies, never rebuilds them).
  assert.ok(entries.get('extension/dist/tree-sitter-python.wasm')!.equals(fs.readFileSync(path.join(REPO, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'))));
  assert.ok(entries.get('extension/dist/tree-sitter.wasm')!.equals(fs.readFileSync(path.join(REPO, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm'))));
  assert.match(entries.get('extension/LICENSE.txt')!.toString('utf8'), /^MIT License/);
  const notices = entries.get('extension/dist/THIRD-PARTY-NOTICES.txt')!.toString('utf8');
  for (const name of ['vscode-languageclient', 'vscode-languageserver', 'web-tree-sitter', 'tree-sitter-python']) assert.match(notices, new RegExp(`^${name} \\d`, 'm'));
});

test('the manifest: identity, entry point, activation, commands and settings', () => {
  const m = manifest();
  assert.equal(m.name, 'celery-lint');
  assert.equal(m.publisher, 'celery-lint');
  assert.equal(m.displayName, 'Celery Lint');
  assert.equal(m.version, release().version, 'the release version');
  assert.equal(m.license, 'MIT');
  assert.equal(m.engines.vscode, '^1.91.0');
  assert.equal(m.main, './dist/extension.js');
  assert.ok(entries.has('extension/dist/extension.js'));
  // Workspace plumbing stays out of the shipped manifest: everything is bundled.
  assert.equal(m.private, undefined);
  assert.equal(m.scripts, undefined);
  assert.equal(m.dependencies, undefined);

  assert.ok(m.activationEvents.includes('onLanguage:python'));
  // Launch files (issue 20): Dockerfiles, Compose and other YAML, Procfiles.
  for (const event of ['onLanguage:dockerfile', 'onLanguage:dockercompose', 'onLanguage:yaml', 'workspaceContains:**/Procfile']) assert.ok(m.activationEvents.includes(event), event);
  // ... and the client hands those documents to the server (the selector, as the bundle has it).
  const bundle = entries.get('extension/dist/extension.js')!.toString('utf8');
  for (const language of ['python', 'dockerfile', 'dockercompose', 'yaml', 'shellscript', 'ini']) assert.match(bundle, new RegExp(`language:"${language}"`), language);
  assert.match(bundle, /pattern:"\*\*\/\{Procfile,Procfile\.\*,Containerfile,Containerfile\.\*,\*\.service,\*\.conf\}"/);
  assert.ok(!m.activationEvents.includes('*'), 'no start-up activation');

  const commands = new Map(m.contributes.commands.map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title]));
  assert.equal(commands.get('celery-lint.fixAll'), 'Celery Lint: Fix all auto-fixable problems');
  assert.equal(commands.get('celery-lint.showEffectiveConfiguration'), 'Celery Lint: Show effective configuration');
  assert.match(commands.get('celery-lint.restart') ?? '', /^Celery Lint: Restart/);

  const settings = m.contributes.configuration.properties;
  assert.deepEqual(Object.keys(settings).sort(), [
    'celery-lint.args',
    'celery-lint.codeAction.disableRuleComment.enable',
    'celery-lint.enable',
    'celery-lint.fixAll',
    'celery-lint.importStrategy',
    'celery-lint.lint.run',
    'celery-lint.lint.scope',
    'celery-lint.logLevel',
    'celery-lint.path',
    'celery-lint.severity',
    'celery-lint.showNotifications',
    'celery-lint.trace.server',
  ]);
  // The server reads these (lint-settings.ts): the manifest's defaults are the server's, the choices its choices.
  const server = (require(path.join(REPO, 'packages', 'language-server', 'dist', 'src', 'lint-settings.js')) as { DEFAULT_SETTINGS: Record<string, unknown> & { lint: Record<string, string> } }).DEFAULT_SETTINGS;
  assert.equal(settings['celery-lint.lint.run']!.default, server.lint.run);
  assert.deepEqual(settings['celery-lint.lint.run']!.enum, ['onType', 'onSave']);
  assert.equal(settings['celery-lint.lint.scope']!.default, server.lint.scope);
  assert.deepEqual(settings['celery-lint.lint.scope']!.enum, ['openFiles', 'workspace']);
  assert.equal(settings['celery-lint.codeAction.disableRuleComment.enable']!.default, server.disableRuleComment);
  assert.equal(settings['celery-lint.fixAll']!.default, server.fixAll);
  assert.equal(settings['celery-lint.showNotifications']!.default, server.showNotifications);
  assert.deepEqual(settings['celery-lint.showNotifications']!.enum, ['off', 'onError', 'onWarning', 'always']);
  assert.equal(settings['celery-lint.logLevel']!.default, server.logLevel);
  assert.deepEqual(settings['celery-lint.logLevel']!.enum, ['error', 'warning', 'info', 'debug']);
  // Which server runs (the extension decides: server-resolution.ts).
  assert.equal(settings['celery-lint.path']!.type, 'array');
  assert.deepEqual(settings['celery-lint.importStrategy']!.enum, ['fromEnvironment', 'useBundled']);
  assert.equal(settings['celery-lint.importStrategy']!.default, 'fromEnvironment');
  // An untrusted workspace never starts a celery-lint it contains.
  assert.deepEqual(m.capabilities.untrustedWorkspaces.restrictedConfigurations, ['celery-lint.path', 'celery-lint.importStrategy']);
  assert.equal(settings['celery-lint.enable']!.type, 'boolean');
  assert.equal(settings['celery-lint.enable']!.default, true);
  assert.equal(settings['celery-lint.severity']!.type, 'object');
  assert.deepEqual(settings['celery-lint.severity']!.additionalProperties?.enum, ['error', 'warning', 'off']);
  assert.equal(settings['celery-lint.args']!.type, 'array');
  assert.equal(settings['celery-lint.args']!.items?.type, 'string');
  assert.deepEqual(settings['celery-lint.trace.server']!.enum, ['off', 'messages', 'verbose']);

  const xml = entries.get('extension.vsixmanifest')!.toString('utf8');
  assert.match(xml, /<Identity Language="en-US" Id="celery-lint" Version="[^"]+" Publisher="celery-lint" \/>/);
  assert.match(xml, /Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.91\.0"/);
});

test('the extension bundle keeps vscode external and bundles the language client', () => {
  const client = entries.get('extension/dist/extension.js')!.toString('utf8');
  assert.match(client, /require\("vscode"\)/);
  assert.doesNotMatch(client, /require\("vscode-languageclient/);
  assert.match(client, /celery-lint\/effectiveConfiguration/);
  assert.match(client, /source\.fixAll\.celery-lint/);
  // Every contributed command is registered by the code (string literals survive minification).
  for (const { command } of manifest().contributes.commands) assert.ok(client.includes(`"${command}"`), `${command} is registered`);
});

/** Writes the shipped dist/ into a fresh directory with no node_modules above it; returns the directory. */
function extractDist(): string {
  const dir = fs.mkdtempSync(path.join(work, 'extracted-'));
  for (const [name, data] of entries) {
    if (!name.startsWith('extension/dist/')) continue;
    const file = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  }
  return dir;
}

function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_PATH;
  return env;
}

test('the bundled server starts from the .vsix alone, answers initialize, lints with the bundled grammar and finds the rule pages', async () => {
  const dir = extractDist();
  // Nothing above the extracted files can lend it a module.
  for (let d = dir; path.dirname(d) !== d; d = path.dirname(d)) assert.ok(!fs.existsSync(path.join(d, 'node_modules')), `${d}/node_modules exists`);
  await checkLanguageServer(process.execPath, [path.join(dir, 'extension', 'dist', 'server.js')], dir, serverEnv());
});

test('the bundled server also speaks over node IPC, the transport the extension uses', async () => {
  const dir = extractDist();
  // What vscode-languageclient does for TransportKind.ipc: fork the module with --node-ipc.
  const child = fork(path.join(dir, 'extension', 'dist', 'server.js'), ['--node-ipc', `--clientProcessId=${process.pid}`], { cwd: dir, env: serverEnv(), silent: true });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  const server: Server = { process: child, connection, stderr: () => stderr };
  try {
    const result = await withTimeout(
      connection.sendRequest<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} }),
      20_000,
      `initialize over IPC (server stderr: ${stderr})`,
    );
    assert.ok(result.capabilities.textDocumentSync);
    assert.ok(result.capabilities.codeActionProvider);
    assert.ok(result.capabilities.hoverProvider);
    assert.equal(result.serverInfo?.name, 'celery-lint');
  } finally {
    await stopServer(server);
  }
  assert.equal(child.exitCode, 0, `server exit code (stderr: ${stderr})`);
});
