// The language server: LSP in, the engine's results out. Everything that
// knows the protocol lives here or in lsp-convert.ts; what to lint together
// lives in workspace.ts, what to offer in code-actions/hover/completion.
import * as path from 'node:path';
import { formatConfigurations, initParser, ConfigError, type Rule } from '@celery-lint/core';
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
import { normalizeSettings } from './lint-settings';
import { pathOfUri, toLspDiagnostic, uriOfPath } from './lsp-convert';
import { OpenDocument } from './open-document';
import { Workspace, type GroupRun, type GroupTarget } from './workspace';

export interface ServerOptions {
  /** Rules to run; defaults to the whole pack. */
  readonly rules?: readonly Rule[];
  /** Where the rule pack's doc pages are (for hover on a rule id). */
  readonly ruleDocPath?: (id: string) => string;
  /** Directory with tree-sitter.wasm and tree-sitter-python.wasm, for bundles without node_modules. */
  readonly wasmDirectory?: string;
}

/** The request behind the editor's "Show effective configuration". */
export const EFFECTIVE_CONFIGURATION_REQUEST = 'celery-lint/effectiveConfiguration';

/**
 * How long to wait after a lint before starting the next one while the user
 * types: the first change after a pause is linted at once, the changes of a
 * burst are coalesced into one run per interval.
 */
const DEFAULT_DEBOUNCE_MS = 120;

function loadRulePack(): { allRules: readonly Rule[]; ruleDocPath(id: string): string } {
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

  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let pullConfiguration = false;
  let documentChanges = false;
  let watchDynamically = false;
  let supportsFolderEvents = false;
  let folders: string[] = [];
  const pending = new Map<string, GroupTarget>();
  let timer: NodeJS.Timeout | undefined;
  let lastLintEnd = 0;
  /** Groups whose diagnostics are on screen, to clear documents that leave them. */
  const published = new Map<string, Set<string>>();
  const loggedCrashes = new Set<string>();

  const uriOf = (file: string) => workspace.documents.get(file)?.uri ?? uriOfPath(file);
  const categoryOf = (id: string) => categories.get(id);

  function logProblems(): void {
    for (const problem of workspace.problems) {
      if (loggedCrashes.has(`problem:${problem}`)) continue;
      loggedCrashes.add(`problem:${problem}`);
      connection.console.warn(problem);
      void connection.window.showWarningMessage(`celery-lint: ${problem}`);
    }
  }

  function publishRun(run: GroupRun): void {
    const shown = new Set<string>();
    for (const doc of workspace.documentsIn(run.key)) {
      const findings = workspace.settings.enable ? (run.diagnostics.get(doc.path) ?? []) : [];
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map((d) => toLspDiagnostic(d, uriOf, categoryOf)) });
      shown.add(doc.path);
    }
    for (const file of published.get(run.key) ?? []) {
      const doc = workspace.documents.get(file);
      if (!shown.has(file) && doc) void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
    }
    published.set(run.key, shown);
    for (const crash of run.crashes) {
      if (loggedCrashes.has(crash.message)) continue;
      loggedCrashes.add(crash.message);
      connection.console.error(`${crash.message} (${crash.file})`);
    }
  }

  /** Lints one group now; a failure is logged and leaves the previous diagnostics on screen. */
  function lintNow(target: GroupTarget): GroupRun | undefined {
    pending.delete(target.key);
    try {
      const run = workspace.lintGroup(target);
      logProblems();
      publishRun(run);
      return run;
    } catch (error) {
      connection.console.error(`celery-lint failed while linting ${target.root ?? target.key}: ${(error as Error)?.stack ?? String(error)}`);
      return undefined;
    } finally {
      lastLintEnd = Date.now();
    }
  }

  function flush(): void {
    timer = undefined;
    for (const target of [...pending.values()]) lintNow(target);
  }

  function schedule(targets: Iterable<GroupTarget>): void {
    for (const target of targets) pending.set(target.key, target);
    if (timer || pending.size === 0) return;
    const wait = Math.max(0, lastLintEnd + debounceMs - Date.now());
    timer = setTimeout(flush, wait);
  }

  /** The group of a document, or undefined with the reason shown when its pyproject.toml is broken. */
  function targetOf(doc: OpenDocument): GroupTarget | undefined {
    try {
      return workspace.targetFor(doc.path);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (!loggedCrashes.has(error.message)) {
        loggedCrashes.add(error.message);
        connection.console.error(error.message);
        void connection.window.showErrorMessage(`celery-lint: ${error.message}`);
      }
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
      return undefined;
    }
  }

  /** An up-to-date run for a document: requests must answer for the text the client has now. */
  function currentRun(doc: OpenDocument): GroupRun | undefined {
    const target = targetOf(doc);
    if (!target) return undefined;
    if (pending.has(target.key) || !workspace.lastRun(target.key)) return lintNow(target);
    return workspace.lastRun(target.key);
  }

  function relintEverything(): void {
    const targets = new Map<string, GroupTarget>();
    for (const doc of workspace.documents.values()) {
      const target = targetOf(doc);
      if (target) targets.set(target.key, target);
    }
    schedule(targets.values());
  }

  async function fetchSettings(): Promise<void> {
    if (!pullConfiguration) return;
    try {
      const [section] = await connection.workspace.getConfiguration([{ section: 'celery-lint' }]);
      workspace.settings = normalizeSettings(section);
    } catch (error) {
      connection.console.warn(`could not read the celery-lint settings: ${(error as Error).message}`);
    }
  }

  /** Lets queued messages (a $/cancelRequest among them) arrive before a request is answered. */
  const yieldToQueue = () => new Promise<void>((resolve) => setImmediate(resolve));
  async function whenReady(token: CancellationToken): Promise<void> {
    await parserReady;
    await yieldToQueue();
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = params.workspaceFolders?.map((f) => pathOfUri(f.uri)) ?? (params.rootUri ? [pathOfUri(params.rootUri)] : params.rootPath ? [params.rootPath] : []);
    workspace.setFolders(folders);
    const init = (params.initializationOptions ?? {}) as { debounceMs?: unknown; settings?: unknown };
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    if (init.settings !== undefined) workspace.settings = normalizeSettings(init.settings);
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    documentChanges = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    watchDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    supportsFolderEvents = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        // Positions are UTF-16 code units, the encoding every client must support; the engine counts in them too.
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', "'", '"', '(', ','] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'celery-lint', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'celery-lint' });
    if (watchDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.py' }, { globPattern: '**/pyproject.toml' }],
      });
    }
    if (supportsFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        const gone = new Set(removed.map((f) => pathOfUri(f.uri)));
        folders = [...folders.filter((f) => !gone.has(f)), ...added.map((f) => pathOfUri(f.uri))];
        workspace.setFolders(folders);
        workspace.configurationChanged();
        relintEverything();
      });
    }
    await fetchSettings();
    relintEverything();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (pullConfiguration) await fetchSettings();
    else if (change.settings && typeof change.settings === 'object' && 'celery-lint' in change.settings) {
      workspace.settings = normalizeSettings((change.settings as Record<string, unknown>)['celery-lint']);
    }
    workspace.configurationChanged();
    relintEverything();
  });

  connection.onDidOpenTextDocument(async ({ textDocument }) => {
    const file = pathOfUri(textDocument.uri);
    workspace.documents.get(file)?.dispose();
    const doc = new OpenDocument(textDocument.uri, file, textDocument.version, textDocument.text);
    workspace.documents.set(file, doc);
    await parserReady;
    if (workspace.documents.get(file) !== doc) return; // closed or reopened meanwhile
    const target = targetOf(doc);
    // Groups that read this file from disk now read the editor's text instead.
    const others = workspace.groupsReading(file).map((key) => workspace.lastRun(key)!).filter(Boolean);
    schedule([...(target ? [target] : []), ...others]);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = workspace.documents.get(pathOfUri(textDocument.uri));
    if (!doc) return;
    // The text moves at once (order matters); the tree, if parsed yet, moves with it.
    doc.applyChanges(contentChanges, textDocument.version ?? doc.version + 1);
    const target = targetOf(doc);
    if (target) schedule([target]);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const file = pathOfUri(textDocument.uri);
    const doc = workspace.documents.get(file);
    if (!doc) return;
    const keys = workspace.groupsReading(file);
    workspace.documents.delete(file);
    doc.dispose();
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    // The other open files of its project now see the file as it is on disk.
    schedule(keys.map((key) => workspace.lastRun(key)!).filter((run) => run && workspace.documentsIn(run.key).length > 0));
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    let configChanged = false;
    const keys = new Set<string>();
    for (const change of changes) {
      const file = pathOfUri(change.uri);
      if (path.basename(file) === 'pyproject.toml') {
        configChanged = true;
        continue;
      }
      if (!file.endsWith('.py') || workspace.documents.has(file)) continue;
      for (const key of workspace.fileChanged(file, change.type === FileChangeType.Deleted)) keys.add(key);
    }
    if (configChanged) {
      workspace.configurationChanged();
      relintEverything();
      return;
    }
    schedule([...keys].map((key) => workspace.lastRun(key)!).filter(Boolean));
  });


  connection.onCodeAction(async ({ textDocument, range, context }, token) => {
    await whenReady(token);
    const doc = workspace.documents.get(pathOfUri(textDocument.uri));
    if (!doc || !workspace.settings.enable) return [];
    const run = currentRun(doc);
    if (!run) return [];
    return codeActions({
      doc,
      run,
      range,
      only: context.only,
      categoryOf,
      target: {
        uriOf,
        versionOf: (file) => workspace.documents.get(file)?.version ?? null,
        documentChanges,
      },
    });
  });

  connection.onHover(async ({ textDocument, position }, token) => {
    await whenReady(token);
    const doc = workspace.documents.get(pathOfUri(textDocument.uri));
    if (!doc) return null;
    const run = currentRun(doc);
    return hoverAt(doc, run, doc.lineIndex.offset(position), ruleDocs);
  });

  connection.onCompletion(async ({ textDocument, position }, token) => {
    await whenReady(token);
    const doc = workspace.documents.get(pathOfUri(textDocument.uri));
    if (!doc) return [];
    const target = targetOf(doc);
    // Completion must be quick: it uses the last run and never lints the text being typed.
    const run = target ? workspace.lastRun(target.key) : undefined;
    return completionItems(doc, run, doc.lineIndex.offset(position));
  });

  connection.onRequest(EFFECTIVE_CONFIGURATION_REQUEST, async (params: { uri: string }, token) => {
    await whenReady(token);
    const file = pathOfUri(params.uri);
    const doc = workspace.documents.get(file);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `${params.uri} is not open`);
    const run = currentRun(doc);
    if (!run) return { text: 'No configuration: the pyproject.toml for this file has an error (see the output).' };
    const mine = run.configurations.filter((c) => c.file === file || c.bindings.some((b) => b.keySpan.file === file));
    const shown = mine.length > 0 ? mine : run.configurations;
    return { text: formatConfigurations(shown, (f) => run.texts.get(f), run.root ?? path.dirname(file)) };
  });

  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
    workspace.dispose();
  });

  connection.listen();
}
