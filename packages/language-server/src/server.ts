// The language server: LSP in, the engine's results out. Everything that
// knows the protocol lives here or in lsp-convert.ts; what to lint together
// lives in workspace.ts, what to offer in code-actions/hover/completion.
import * as path from 'node:path';
import { fileKindOf, formatConfigurations, initParser, isPinFile, LAUNCH_FILE_GLOBS, PIN_FILE_GLOBS, type Rule } from '@celery-lint/core';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { completionItems } from './completion';
import { hoverAt, ruleDocsFrom } from './hover';
import { LintScheduler } from './lint-scheduler';
import { normalizeSettings } from './lint-settings';
import { pathOfUri } from './lsp-convert';
import { Messages } from './messages';
import { InvalidChangeError, OpenDocument } from './open-document';
import { Workspace, type GroupRun } from './workspace';
import { WorkspaceDiagnostics } from './workspace-diagnostics';

export interface ServerOptions {
  /** Rules to run; defaults to the whole pack. */
  readonly rules?: readonly Rule[];
  /** Where the rule pack's doc pages are (for hover on a rule id). */
  readonly ruleDocPath?: (id: string) => string;
  /** Directory with tree-sitter.wasm and tree-sitter-python.wasm, for bundles without node_modules. */
  readonly wasmDirectory?: string;
}

/** The server's version, as `initialize` and `--version` report it. */
export const SERVER_VERSION = '0.1.0';

/** The request behind the editor's "Show effective configuration". */
export const EFFECTIVE_CONFIGURATION_REQUEST = 'celery-lint/effectiveConfiguration';

/**
 * How long to wait after a lint before starting the next one while the user
 * types: the first change after a pause is linted at once, the changes of a
 * burst are coalesced into one run per interval.
 */
const DEFAULT_DEBOUNCE_MS = 120;

export function loadRulePack(): { allRules: readonly Rule[]; ruleDocPath(id: string): string } {
  return require('@celery-lint/rules');
}

export function listen(connection: Connection, options: ServerOptions = {}): void {
  const pack = options.rules && options.ruleDocPath ? undefined : loadRulePack();
  const rules = options.rules ?? pack!.allRules;
  const ruleDocPath = options.ruleDocPath ?? pack!.ruleDocPath;
  const categories = new Map(rules.map((r) => [r.meta.id, r.meta.category]));
  const ruleDocs = ruleDocsFrom(ruleDocPath, new Set(rules.map((r) => r.meta.id)));
  const workspace = new Workspace([], rules);
  const parserReady = initParser(options.wasmDirectory ? { wasmDirectory: options.wasmDirectory } : {});
  const messages = new Messages(connection, () => workspace.settings);
  const categoryOf = (id: string) => categories.get(id);
  const linter = new LintScheduler(connection, workspace, messages, categoryOf, DEFAULT_DEBOUNCE_MS);
  const workspaceDiagnostics = new WorkspaceDiagnostics(workspace, linter.uriOf, categoryOf, () => linter.workerThreshold);

  // Nothing is linted before the editor's settings are in: a first round of
  // diagnostics under the wrong settings would flash and vanish.
  let settingsLoaded!: () => void;
  const settingsReady = new Promise<void>((resolve) => (settingsLoaded = resolve));
  let pullConfiguration = false;
  let configurationDynamic = false;
  let documentChanges = false;
  let watchDynamically = false;
  let supportsFolderEvents = false;
  let pullDiagnostics = false;
  let refreshDiagnostics = false;
  let refreshTimer: NodeJS.Timeout | undefined;

  /** The workspace changed: workspace diagnostics are linted again at the next poll, which the client is asked for. */
  function workspaceChanged(): void {
    workspaceDiagnostics.invalidate();
    if (!refreshDiagnostics || refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      void connection.languages.diagnostics.refresh().catch(() => undefined);
    }, 500);
  }
  let folders: string[] = [];
  /** Documents changed since their last save, under `lint.run: onSave`. */
  const unsaved = new Set<string>();

  async function fetchSettings(): Promise<void> {
    if (!pullConfiguration) return;
    try {
      const [section] = await connection.workspace.getConfiguration([{ section: 'celery-lint' }]);
      workspace.settings = normalizeSettings(section);
    } catch (error) {
      messages.log('warning', `could not read the celery-lint settings: ${(error as Error).message}`);
    }
  }

  /** Lets queued messages (a $/cancelRequest among them) arrive before a request is answered. */
  const yieldToQueue = () => new Promise<void>((resolve) => setImmediate(resolve));
  async function whenReady(token: CancellationToken): Promise<void> {
    await parserReady;
    await settingsReady;
    await yieldToQueue();
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
  }

  /** The open document behind a request, when it can be asked about (not too large, not undecodable). */
  function documentFor(uri: string): OpenDocument | undefined {
    const doc = workspace.documents.get(pathOfUri(uri));
    return doc && !doc.fileError ? doc : undefined;
  }

  /**
   * A request about a document answers for its text now, even between saves
   * under `lint.run: onSave`; while its lint runs on a worker there is no
   * such run, and an older one would put edits and hovers in the wrong place.
   */
  function runFor(doc: OpenDocument): GroupRun | undefined {
    if (unsaved.delete(doc.path)) {
      const target = linter.targetOf(doc);
      if (target) linter.schedule(target, [doc.path]);
    }
    const run = linter.currentRun(doc);
    return run?.texts.get(doc.path) === doc.text ? run : undefined;
  }

  /** A document's text or state changed: lint it (and what depends on it) soon. */
  function documentChanged(doc: OpenDocument): void {
    const target = linter.targetOf(doc);
    if (target) linter.schedule(target, [doc.path]);
    else linter.publishEmpty(doc);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = params.workspaceFolders?.map((f) => pathOfUri(f.uri)) ?? (params.rootUri ? [pathOfUri(params.rootUri)] : params.rootPath ? [params.rootPath] : []);
    workspace.setFolders(folders);
    const init = (params.initializationOptions ?? {}) as { debounceMs?: unknown; settings?: unknown; workerThreshold?: unknown };
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) linter.debounceMs = init.debounceMs;
    if (typeof init.workerThreshold === 'number' && init.workerThreshold >= 0) linter.workerThreshold = init.workerThreshold;
    if (init.settings !== undefined) workspace.settings = normalizeSettings(init.settings);
    const caps = params.capabilities;
    pullConfiguration = caps.workspace?.configuration === true;
    configurationDynamic = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
    watchDynamically = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    supportsFolderEvents = caps.workspace?.workspaceFolders === true;
    pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    refreshDiagnostics = caps.workspace?.diagnostics?.refreshSupport === true;
    return {
      capabilities: {
        // Positions are UTF-16 code units, the encoding every client must support; the engine counts in them too.
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', "'", '"', '(', ','] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        // Pull diagnostics for what is not open (lint.scope: workspace); open documents' are pushed as they are typed.
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'celery-lint', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
      },
      serverInfo: { name: 'celery-lint', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(async () => {
    // Registered only where the client says it takes dynamic registration: others warn on every start.
    if (pullConfiguration && configurationDynamic) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'celery-lint' });
    if (watchDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.py' }, { globPattern: '**/pyproject.toml' }, ...PIN_FILE_GLOBS.map((globPattern) => ({ globPattern })), ...LAUNCH_FILE_GLOBS.map((globPattern) => ({ globPattern }))],
      });
    }
    if (supportsFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        const gone = new Set(removed.map((f) => pathOfUri(f.uri)));
        folders = [...folders.filter((f) => !gone.has(f)), ...added.map((f) => pathOfUri(f.uri))];
        workspace.setFolders(folders);
        configurationChanged();
      });
    }
    await fetchSettings();
    settingsLoaded();
    linter.relintEverything();
  });

  function configurationChanged(): void {
    workspaceChanged();
    workspace.configurationChanged();
    linter.clearConfigDiagnostics();
    linter.relintEverything();
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (pullConfiguration) await fetchSettings();
    else if (change.settings && typeof change.settings === 'object' && 'celery-lint' in change.settings) {
      workspace.settings = normalizeSettings((change.settings as Record<string, unknown>)['celery-lint']);
    }
    configurationChanged();
  });

  connection.onDidOpenTextDocument(async ({ textDocument }) => {
    const file = pathOfUri(textDocument.uri);
    workspace.documents.get(file)?.dispose();
    const doc = new OpenDocument(textDocument.uri, file, textDocument.version, textDocument.text);
    doc.checkEncoding();
    workspace.documents.set(file, doc);
    await parserReady;
    await settingsReady;
    if (workspace.documents.get(file) !== doc) return; // closed or reopened meanwhile
    // Groups that read this file from disk now read the editor's text instead.
    documentChanged(doc);
    workspaceChanged();
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = workspace.documents.get(pathOfUri(textDocument.uri));
    if (!doc) return;
    // The text moves at once (order matters); the tree, if parsed yet, moves with it.
    const version = textDocument.version ?? doc.version + 1;
    try {
      doc.applyChanges(contentChanges, version);
    } catch (error) {
      if (!(error instanceof InvalidChangeError)) throw error;
      // A notification has no response to carry the error: the user is told, and the document keeps its last good text.
      messages.notify('error', `ignored an edit to ${path.basename(doc.path)} (version ${version}): ${error.message}. It keeps linting the text before that edit; close and reopen the file if the editor disagrees.`);
      return;
    }
    if (workspace.settings.lint.run === 'onSave') unsaved.add(doc.path);
    else documentChanged(doc);
    workspaceDiagnostics.invalidate();
  });

  connection.onDidSaveTextDocument(({ textDocument }) => {
    const doc = workspace.documents.get(pathOfUri(textDocument.uri));
    if (!doc) return;
    doc.checkEncoding();
    unsaved.delete(doc.path);
    documentChanged(doc);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const file = pathOfUri(textDocument.uri);
    const doc = workspace.documents.get(file);
    if (!doc) return;
    const target = linter.targetOf(doc);
    workspace.documents.delete(file);
    unsaved.delete(file);
    doc.dispose();
    workspace.documentClosed(file);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    // The other open files of its project now see the file as it is on disk.
    if (target) linter.schedule(target, [file]);
    workspaceChanged();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    let configChanged = false;
    for (const change of changes) {
      const file = pathOfUri(change.uri);
      // A requirements or lock file may change the target versions (pins), as pyproject.toml may change the configuration.
      if (path.basename(file) === 'pyproject.toml' || isPinFile(file)) {
        configChanged = true;
        continue;
      }
      const deleted = change.type === FileChangeType.Deleted;
      // A deleted directory comes as one event for the directory.
      if (!fileKindOf(path.basename(file)) && !deleted) continue;
      workspace.documents.get(file)?.checkEncoding();
      for (const target of workspace.fileChanged(file, deleted)) linter.schedule(target, [file]);
    }
    if (configChanged) configurationChanged();
    else workspaceChanged();
  });

  connection.onCodeAction(async ({ textDocument, range, context }, token) => {
    await whenReady(token);
    const doc = documentFor(textDocument.uri);
    if (!doc || !workspace.settings.enable) return [];
    const run = runFor(doc);
    if (!run) return [];
    return codeActions({
      doc,
      run,
      range,
      only: context.only,
      categoryOf,
      offer: { disableRuleComment: workspace.settings.disableRuleComment, fixAll: workspace.settings.fixAll },
      target: {
        uriOf: linter.uriOf,
        versionOf: (file) => workspace.documents.get(file)?.version ?? null,
        documentChanges,
      },
    });
  });

  connection.onHover(async ({ textDocument, position }, token) => {
    await whenReady(token);
    const doc = documentFor(textDocument.uri);
    if (!doc || doc.isLaunchFile) return null;
    const run = runFor(doc);
    return hoverAt(doc, run, doc.lineIndex.offset(position), ruleDocs);
  });

  connection.onCompletion(async ({ textDocument, position }, token) => {
    await whenReady(token);
    const doc = documentFor(textDocument.uri);
    if (!doc || doc.isLaunchFile) return [];
    // Completion must be quick: it uses the last run and never lints the text being typed.
    return completionItems(doc, workspace.lastRun(doc.path), doc.lineIndex.offset(position));
  });

  connection.languages.diagnostics.on(async ({ textDocument }, token) => {
    await whenReady(token);
    const file = pathOfUri(textDocument.uri);
    // An open document's diagnostics are pushed (publishDiagnostics); a pulled copy would show them twice.
    if (workspace.documents.has(file) || workspace.settings.lint.scope !== 'workspace' || !workspace.settings.enable) return { kind: 'full', items: [] };
    return { kind: 'full', items: [...(await workspaceDiagnostics.forFile(file))] };
  });

  connection.languages.diagnostics.onWorkspace(async ({ previousResultIds }, token) => {
    await whenReady(token);
    if (workspace.settings.lint.scope !== 'workspace' || !workspace.settings.enable) return { items: [] };
    return { items: await workspaceDiagnostics.report(previousResultIds) };
  });

  connection.onRequest(EFFECTIVE_CONFIGURATION_REQUEST, async (params: { uri: string }, token) => {
    await whenReady(token);
    const file = pathOfUri(params.uri);
    const doc = workspace.documents.get(file);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `${params.uri} is not open`);
    if (doc.fileError) return { text: `No configuration: ${doc.fileError}` };
    // Asked for by the user, so worth waiting for: a lint under way on a worker thread is let finish.
    const key = linter.targetOf(doc)?.key;
    while (key !== undefined && linter.isRunning(key) && !token.isCancellationRequested) await new Promise((resolve) => setTimeout(resolve, 50));
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    const run = runFor(doc);
    if (!run) return { text: 'No configuration: the pyproject.toml for this file has an error, or excludes it (see the output).' };
    const mine = run.configurations.filter((c) => c.file === file || c.bindings.some((b) => b.keySpan.file === file));
    const shown = mine.length > 0 ? mine : run.configurations;
    return { text: formatConfigurations(shown, (f) => run.texts.get(f), run.root ?? path.dirname(file)) };
  });

  connection.onShutdown(() => {
    if (refreshTimer) clearTimeout(refreshTimer);
    linter.dispose();
    workspace.dispose();
  });

  connection.listen();
}
