// The VS Code extension: a thin client that starts a celery-lint language
// server (the project's own, or the bundled dist/server.js: see
// server-resolution.ts), shows its version and state in the status bar and
// adds three commands. Everything that knows Celery lives in the server;
// nothing here parses or lints.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CodeActionRequest,
  CodeActionTriggerKind,
  LanguageClient,
  State,
  TransportKind,
  type CodeAction,
  type Command,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { resolveServer, type ImportStrategy, type ServerChoice } from './server-resolution';

/** The settings section the server pulls with workspace/configuration. */
export const SECTION = 'celery-lint';
/** The code action kind the server's "apply safe fixes" action has. */
export const FIX_ALL_KIND = 'source.fixAll.celery-lint';
/** The server's custom request behind "Show effective configuration". */
export const EFFECTIVE_CONFIGURATION_REQUEST = 'celery-lint/effectiveConfiguration';
/** Read-only documents that show a file's effective configuration. */
export const CONFIG_SCHEME = 'celery-lint-config';

let client: LanguageClient | undefined;
let status: ServerStatus | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Celery Lint', { log: true });
  context.subscriptions.push(output);
  const bundled = context.asAbsolutePath(path.join('dist', 'server.js'));
  status = new ServerStatus(output);
  context.subscriptions.push(status);

  const start = async (): Promise<void> => {
    const choice = chooseServer();
    output.info(`starting ${choice.kind === 'bundled' ? 'the bundled language server' : `${choice.command} ${choice.args.join(' ')}`} (${choice.why})`);
    client = createClient(choice, bundled, output);
    status!.follow(client, choice);
    await client.start();
  };
  const restart = async (): Promise<void> => {
    try {
      const old = client;
      client = undefined;
      // A new client each time: one whose server failed to start cannot be started again, and the server may have changed.
      if (old) await old.dispose().catch(() => undefined);
      await start();
      output.info('language server restarted');
    } catch (error) {
      reportStartFailure(output, error);
    }
  };

  const configurations = new EffectiveConfigurationProvider(() => client);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(CONFIG_SCHEME, configurations),
    configurations,
    vscode.commands.registerCommand('celery-lint.fixAll', () => fixAll(client)),
    vscode.commands.registerCommand('celery-lint.showEffectiveConfiguration', () => showEffectiveConfiguration(configurations)),
    vscode.commands.registerCommand('celery-lint.restart', restart),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
    // Which server runs is decided at start: a change to it (or to trust) starts the right one.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.path`) || event.affectsConfiguration(`${SECTION}.importStrategy`)) void restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
  );

  try {
    await start();
  } catch (error) {
    reportStartFailure(output, error);
  }
}

/** The server to run, from the settings, the workspace and PATH; never the workspace's own in an untrusted workspace. */
function chooseServer(): ServerChoice {
  const settings = vscode.workspace.getConfiguration(SECTION);
  if (!vscode.workspace.isTrusted) return { kind: 'bundled', why: 'the workspace is not trusted' };
  return resolveServer({
    paths: settings.get<string[]>('path', []),
    importStrategy: settings.get<ImportStrategy>('importStrategy', 'fromEnvironment'),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    envPath: process.env.PATH,
    home: os.homedir(),
    platform: process.platform,
  });
}

function createClient(choice: ServerChoice, bundled: string, output: vscode.LogOutputChannel): LanguageClient {
  const serverOptions: ServerOptions =
    choice.kind === 'bundled'
      ? {
          run: { module: bundled, transport: TransportKind.ipc },
          debug: { module: bundled, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
        }
      : { command: choice.command, args: [...choice.args] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      // Launch files: the server reads Compose and Kubernetes YAML, supervisor and systemd units only when they start Celery.
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'file', language: 'dockercompose' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'shellscript' },
      { scheme: 'file', language: 'ini' },
      { scheme: 'file', pattern: '**/{Procfile,Procfile.*,Containerfile,Containerfile.*,*.service,*.conf}' },
    ],
    // No `synchronize`: the server pulls the `celery-lint` section itself and
    // registers for its changes; a second notification would lint twice.
    outputChannel: output,
  };
  // The id 'celery-lint' makes the client read the `celery-lint.trace.server` setting.
  return new LanguageClient(SECTION, 'Celery Lint', serverOptions, clientOptions);
}

/** The command the status bar item runs. */
const SHOW_OUTPUT_COMMAND = 'celery-lint.showOutput';

/** The status bar item: the server's version and state; a click shows the output. */
class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('celery-lint.status', vscode.StatusBarAlignment.Right, 100);
  private subscription: vscode.Disposable | undefined;

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.item.name = 'Celery Lint';
    this.item.command = SHOW_OUTPUT_COMMAND;
  }

  follow(languageClient: LanguageClient, choice: ServerChoice): void {
    this.subscription?.dispose();
    const source = choice.kind === 'bundled' ? 'bundled server' : choice.command;
    this.show('$(sync~spin) celery-lint', `Celery Lint: starting (${source})`);
    this.subscription = languageClient.onDidChangeState(({ newState }) => {
      if (newState === State.Running) {
        const version = languageClient.initializeResult?.serverInfo?.version ?? '?';
        this.show(`$(check) celery-lint ${version}`, `Celery Lint ${version}: running (${source})\n${choice.why}`);
        this.output.info(`celery-lint ${version} is running (${source})`);
      } else if (newState === State.Starting) {
        this.show('$(sync~spin) celery-lint', `Celery Lint: starting (${source})`);
      } else {
        this.show('$(error) celery-lint', `Celery Lint: stopped (${source}); see the output, or run "Celery Lint: Restart server"`);
      }
    });
  }

  failed(message: string): void {
    this.show('$(error) celery-lint', `Celery Lint: the language server did not start: ${message}`);
  }

  private show(text: string, tooltip: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.item.dispose();
  }
}

function reportStartFailure(output: vscode.LogOutputChannel, error: unknown): void {
  output.error(`the language server did not start: ${messageOf(error)}`);
  status?.failed(messageOf(error));
  void vscode.window.showErrorMessage('Celery Lint: the language server did not start. See the "Celery Lint" output.');
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  // A client whose server never started cannot be stopped; there is nothing to clean up then.
  if (running) await running.dispose().catch(() => undefined);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function activePythonEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') {
    void vscode.window.showInformationMessage('Celery Lint: open a Python file first.');
    return undefined;
  }
  return editor;
}

function ensureRunning(languageClient: LanguageClient | undefined): languageClient is LanguageClient {
  if (languageClient?.isRunning()) return true;
  void vscode.window.showWarningMessage('Celery Lint: the language server is not running (try "Celery Lint: Restart server").');
  return false;
}

/** Asks the server for its source.fixAll.celery-lint action on the active document and applies it. */
async function fixAll(languageClient: LanguageClient | undefined): Promise<void> {
  const editor = activePythonEditor();
  if (!editor || !ensureRunning(languageClient)) return;
  const document = editor.document;
  const version = document.version;
  const whole = new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
  const c2p = languageClient.code2ProtocolConverter;
  const p2c = languageClient.protocol2CodeConverter;
  const result = await languageClient.sendRequest(CodeActionRequest.type, {
    textDocument: c2p.asTextDocumentIdentifier(document),
    range: c2p.asRange(whole),
    context: { diagnostics: [], only: [FIX_ALL_KIND], triggerKind: CodeActionTriggerKind.Invoked },
  });
  // A bare Command has a string `command`; a CodeAction's `command`, if any, is an object.
  const isCommand = (a: CodeAction | Command): a is Command => typeof a.command === 'string';
  const actions = (result ?? []).filter((a): a is CodeAction => !isCommand(a));
  const commands = (result ?? []).filter(isCommand);
  if (actions.length === 0 && commands.length === 0) {
    void vscode.window.showInformationMessage('Celery Lint: no auto-fixable problems in this file.');
    return;
  }
  if (document.version !== version) {
    void vscode.window.showInformationMessage('Celery Lint: the file changed while fixes were computed; run the command again.');
    return;
  }
  for (const action of actions) {
    if (action.edit) {
      // The edit names the document version it was computed for; applyEdit refuses a stale one.
      const edit = await p2c.asWorkspaceEdit(action.edit);
      if (!(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showWarningMessage('Celery Lint: the fixes could not be applied (did the file change?).');
        return;
      }
    }
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
  for (const command of commands) await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
}

/**
 * Serves celery-lint-config: documents. The path is a label for the tab; the
 * query is the file's URI. Each open of the command re-asks the server, so the
 * view follows the editor's current text.
 */
class EffectiveConfigurationProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly currentClient: () => LanguageClient | undefined) {}

  uriFor(document: vscode.TextDocument): vscode.Uri {
    const name = path.posix.basename(document.uri.path) || 'untitled';
    return vscode.Uri.from({ scheme: CONFIG_SCHEME, path: `/Effective configuration - ${name}`, query: document.uri.toString() });
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const languageClient = this.currentClient();
    if (!languageClient || !languageClient.isRunning()) return 'The celery-lint language server is not running.';
    try {
      const result = await languageClient.sendRequest<{ text: string }>(EFFECTIVE_CONFIGURATION_REQUEST, { uri: uri.query }, token);
      return result?.text ?? '';
    } catch (error) {
      return `celery-lint could not build the effective configuration: ${messageOf(error)}`;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function showEffectiveConfiguration(configurations: EffectiveConfigurationProvider): Promise<void> {
  const editor = activePythonEditor();
  if (!editor) return;
  const uri = configurations.uriFor(editor.document);
  // Already open: ask the server again so the view matches the current text.
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) configurations.refresh(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}
