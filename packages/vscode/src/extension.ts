// The VS Code extension: a thin client that starts the bundled celery-lint
// language server (dist/server.js) and adds three commands. Everything that
// knows Celery lives in the server; nothing here parses or lints.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CodeActionRequest,
  CodeActionTriggerKind,
  LanguageClient,
  TransportKind,
  type CodeAction,
  type Command,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** The settings section the server pulls with workspace/configuration. */
export const SECTION = 'celery-lint';
/** The code action kind the server's "apply safe fixes" action has. */
export const FIX_ALL_KIND = 'source.fixAll.celery-lint';
/** The server's custom request behind "Show effective configuration". */
export const EFFECTIVE_CONFIGURATION_REQUEST = 'celery-lint/effectiveConfiguration';
/** Read-only documents that show a file's effective configuration. */
export const CONFIG_SCHEME = 'celery-lint-config';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Celery Lint', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));

  const configurations = new EffectiveConfigurationProvider(() => client);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(CONFIG_SCHEME, configurations),
    configurations,
    vscode.commands.registerCommand('celery-lint.fixAll', () => fixAll(client)),
    vscode.commands.registerCommand('celery-lint.showEffectiveConfiguration', () => showEffectiveConfiguration(configurations)),
    vscode.commands.registerCommand('celery-lint.restart', async () => {
      try {
        if (client?.needsStop()) {
          await client.restart();
        } else {
          // A client whose server failed to start cannot be started again: make a new one.
          await client?.dispose().catch(() => undefined);
          client = createClient(serverModule, output);
          await client.start();
        }
        output.info('language server restarted');
      } catch (error) {
        reportStartFailure(output, error);
      }
    }),
  );

  client = createClient(serverModule, output);
  try {
    await client.start();
  } catch (error) {
    reportStartFailure(output, error);
  }
}

function createClient(serverModule: string, output: vscode.LogOutputChannel): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    // No `synchronize`: the server pulls the `celery-lint` section itself and
    // registers for its changes; a second notification would lint twice.
    outputChannel: output,
  };
  // The id 'celery-lint' makes the client read the `celery-lint.trace.server` setting.
  return new LanguageClient(SECTION, 'Celery Lint', serverOptions, clientOptions);
}

function reportStartFailure(output: vscode.LogOutputChannel, error: unknown): void {
  output.error(`the language server did not start: ${messageOf(error)}`);
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
