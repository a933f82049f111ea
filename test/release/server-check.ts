// Checks a shipped language server the way an editor meets it: started as its
// own process (the .vsix's server.js, the npm package's bin, the wheel's
// script), spoken to over stdio with a real JSON-RPC connection. It must
// answer initialize, lint a file with the grammar it ships, show a rule's page
// on hover (the pages it ships) and answer the effective-configuration request.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface Server {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  stderr(): string;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts `command args` (which must speak LSP on stdio) in `cwd`. */
export function startStdioServer(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Server {
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  return { process: child, connection, stderr: () => stderr };
}

/** shutdown + exit, as an editor ends a session; kills a server that does not. */
export async function stopServer(server: Server): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (server.process.exitCode !== null) resolve();
    else server.process.once('exit', () => resolve());
  });
  try {
    await withTimeout(server.connection.sendRequest('shutdown'), 5_000, 'shutdown');
    await server.connection.sendNotification('exit');
  } catch {
    server.process.kill();
  }
  await withTimeout(exited, 5_000, 'exit').catch(() => server.process.kill('SIGKILL'));
  server.connection.dispose();
}

interface PublishedDiagnostics {
  uri: string;
  diagnostics: Array<{ code?: string | number; source?: string; range: { start: { line: number; character: number } } }>;
}

/**
 * Runs the editor session described above against `command args --stdio`,
 * with a project written into `workDir`, and checks every answer. The server
 * must exit 0 after shutdown.
 */
export async function checkLanguageServer(command: string, args: readonly string[], workDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const project = path.join(workDir, 'project');
  fs.mkdirSync(project, { recursive: true });
  const settingsFile = path.join(project, 'settings.py');
  const text = "# 설정 😀\nSECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://guest@localhost//'\nCELERY_TASK_SERIALIZER = 'pickle'  # noqa: celery/pickle-serializer\n";
  fs.writeFileSync(settingsFile, text);
  const uri = pathToFileURL(settingsFile).href;

  const server = startStdioServer(command, [...args, '--stdio'], workDir, env);
  try {
    const published = new Promise<PublishedDiagnostics>((resolve) => {
      server.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
        if (params.uri === uri && params.diagnostics.length > 0) resolve(params);
      });
    });
    server.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({ enable: true, severity: {}, args: [] })));
    server.connection.onRequest('client/registerCapability', () => null);

    const result = await withTimeout(
      server.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(project).href,
        workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
        capabilities: { workspace: { configuration: true }, general: { positionEncodings: ['utf-16'] } },
      }),
      20_000,
      `initialize (server stderr: ${server.stderr()})`,
    );
    const capabilities = result.capabilities;
    assert.ok(capabilities.textDocumentSync, 'textDocumentSync');
    assert.ok(capabilities.codeActionProvider, 'codeActionProvider');
    assert.ok(capabilities.hoverProvider, 'hoverProvider');
    const codeActionKinds = (capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds ?? [];
    assert.ok(codeActionKinds.includes('source.fixAll.celery-lint'), `code action kinds: ${codeActionKinds.join(', ')}`);
    await server.connection.sendNotification('initialized', {});

    // Linting needs the grammar: a diagnostic proves both .wasm files load from where the server ships them.
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const diagnostics = await withTimeout(published, 20_000, `diagnostics (server stderr: ${server.stderr()})`);
    const amqp = diagnostics.diagnostics.find((d) => d.code === 'celery/no-amqp-result-backend');
    assert.ok(amqp, JSON.stringify(diagnostics.diagnostics));
    assert.equal(amqp.source, 'celery-lint');
    assert.deepEqual(amqp.range.start, { line: 2, character: 24 });

    // Hover on a rule id in a suppression shows the rule's page: the rule pages ship with the server.
    const noqaLine = text.split('\n')[3]!;
    const hover = await withTimeout(
      server.connection.sendRequest<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
        textDocument: { uri },
        position: { line: 3, character: noqaLine.indexOf('celery/pickle-serializer') + 3 },
      }),
      20_000,
      'hover',
    );
    assert.ok(hover, 'a hover on the rule id');
    assert.match(hover.contents.value, /^# celery\/pickle-serializer/);

    // The print-config request behind "Show effective configuration".
    const config = await withTimeout(server.connection.sendRequest<{ text: string }>('celery-lint/effectiveConfiguration', { uri }), 20_000, 'effectiveConfiguration');
    assert.match(config.text, /result_backend/);
    assert.match(config.text, /amqp:\/\/guest@localhost/);
  } finally {
    await stopServer(server);
  }
  assert.equal(server.process.exitCode, 0, `server exit code (stderr: ${server.stderr()})`);
}
