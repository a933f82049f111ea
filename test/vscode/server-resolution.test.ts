// Which language server the VS Code extension starts (celery-lint.path,
// importStrategy): the extension's resolution module, compiled from its
// source as the extension's build does (esbuild), run against real files:
// executables in node_modules/.bin, a .venv, PATH; and the one it picks for a
// project with celery-lint installed really starts and answers initialize.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver-protocol';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER_BIN = path.join(REPO, 'packages', 'language-server', 'bin', 'celery-lint-language-server.js');

type Choice = { kind: 'bundled'; why: string } | { kind: 'executable'; command: string; args: string[]; source: string; why: string };
interface Input {
  paths: string[];
  importStrategy: 'fromEnvironment' | 'useBundled';
  workspaceFolders: string[];
  envPath: string | undefined;
  home: string | undefined;
  platform: NodeJS.Platform;
}
let resolveServer: (input: Input) => Choice;

before(() => {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-resolution-')), 'server-resolution.js');
  esbuild.buildSync({ entryPoints: [path.join(REPO, 'packages', 'vscode', 'src', 'server-resolution.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
  ({ resolveServer } = require(out) as { resolveServer: typeof resolveServer });
});

function dir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-resolve-')));
}

/** An executable script at `file` (a stand-in installation of celery-lint: what it runs does not matter here). */
function executable(file: string, mode = 0o755): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(file, mode);
  return file;
}

function input(overrides: Partial<Input>): Input {
  return { paths: [], importStrategy: 'fromEnvironment', workspaceFolders: [], envPath: '', home: undefined, platform: 'linux', ...overrides };
}

test('nothing installed: the bundled server', () => {
  const choice = resolveServer(input({ workspaceFolders: [dir()], envPath: dir() }));
  assert.equal(choice.kind, 'bundled');
  assert.match(choice.why, /no celery-lint installed/);
});

test("fromEnvironment: the project's node_modules/.bin first, then .venv, then PATH", () => {
  const project = dir();
  const onPath = dir();
  const pathServer = executable(path.join(onPath, 'celery-lint-language-server'));
  assert.deepEqual(resolveServer(input({ workspaceFolders: [project], envPath: onPath })), {
    kind: 'executable',
    command: pathServer,
    args: ['--stdio'],
    source: 'environment',
    why: `celery-lint on PATH: ${pathServer}`,
  });
  const venv = executable(path.join(project, '.venv', 'bin', 'celery-lint-language-server'));
  assert.equal((resolveServer(input({ workspaceFolders: [project], envPath: onPath })) as { command: string }).command, venv);
  const npm = executable(path.join(project, 'node_modules', '.bin', 'celery-lint-language-server'));
  const choice = resolveServer(input({ workspaceFolders: [project], envPath: onPath }));
  assert.equal((choice as { command: string }).command, npm);
  assert.match(choice.why, /the project's own celery-lint/);
  // A file that is not executable is not an installation.
  fs.chmodSync(npm, 0o644);
  assert.equal((resolveServer(input({ workspaceFolders: [project], envPath: onPath })) as { command: string }).command, venv);
});

test('useBundled ignores installations; celery-lint.path wins over both, the first existing entry', () => {
  const project = dir();
  executable(path.join(project, 'node_modules', '.bin', 'celery-lint-language-server'));
  assert.equal(resolveServer(input({ workspaceFolders: [project], importStrategy: 'useBundled' })).kind, 'bundled');
  const tools = dir();
  const mine = executable(path.join(tools, 'my-server'));
  const choice = resolveServer(input({ workspaceFolders: [project], importStrategy: 'useBundled', paths: [path.join(tools, 'missing'), mine] }));
  assert.deepEqual(choice, { kind: 'executable', command: mine, args: ['--stdio'], source: 'path setting', why: `celery-lint.path: ${mine}` });
  // ${workspaceFolder} and ~ are expanded; a bare name is looked up on PATH.
  const inProject = executable(path.join(project, 'tools', 'celery-lint-language-server'));
  assert.equal((resolveServer(input({ workspaceFolders: [project], paths: ['${workspaceFolder}/tools/celery-lint-language-server'] })) as { command: string }).command, inProject);
  assert.equal((resolveServer(input({ home: project, paths: ['~/tools/celery-lint-language-server'] })) as { command: string }).command, inProject);
  assert.equal((resolveServer(input({ envPath: tools, paths: ['my-server'] })) as { command: string }).command, mine);
  // Nothing listed exists: the environment, then the bundled server, saying why.
  const none = resolveServer(input({ paths: ['/nonexistent/celery-lint'] }));
  assert.equal(none.kind, 'bundled');
  assert.match(none.why, /none of celery-lint\.path exists: \/nonexistent\/celery-lint/);
});

test('celery-lint.path naming the celery-lint command starts the language server beside it, or the single executable with language-server', () => {
  const bin = dir();
  const cli = executable(path.join(bin, 'celery-lint'));
  assert.deepEqual((resolveServer(input({ paths: [cli] })) as { command: string; args: string[] }).args, ['language-server', '--stdio']);
  const server = executable(path.join(bin, 'celery-lint-language-server'));
  const choice = resolveServer(input({ paths: [cli] })) as { command: string; args: string[] };
  assert.deepEqual([choice.command, choice.args], [server, ['--stdio']]);
});

test("the server picked from a project's node_modules/.bin starts and answers initialize", async () => {
  const project = dir();
  const bin = path.join(project, 'node_modules', '.bin');
  fs.mkdirSync(bin, { recursive: true });
  // As npm links a package's bin: a symlink to the script, run by its #! line.
  fs.symlinkSync(SERVER_BIN, path.join(bin, 'celery-lint-language-server'));
  const choice = resolveServer(input({ workspaceFolders: [project], envPath: path.dirname(process.execPath) }));
  assert.equal(choice.kind, 'executable');
  const { command, args } = choice as { command: string; args: string[] };
  const child = spawn(command, args, { cwd: project, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` } });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  try {
    const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as InitializeResult;
    assert.equal(init.serverInfo?.name, 'celery-lint');
    assert.match(init.serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
  } finally {
    connection.dispose();
    child.kill();
  }
});
