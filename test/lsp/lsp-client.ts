// A real LSP client for the tests: the server runs as its own process and is
// spoken to over stdio with vscode-jsonrpc, as an editor would.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER_BIN = path.join(REPO, 'packages', 'language-server', 'bin', 'celery-lint-language-server.js');

export function uri(file: string): string {
  return pathToFileURL(file).href;
}

/** A project in a fresh temporary directory; returns its absolute path. */
export function tempProject(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-lsp-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export interface ClientOptions {
  readonly root: string;
  /** Answer to workspace/configuration for the `celery-lint` section; undefined = the client does not support pulling settings. */
  readonly settings?: Record<string, unknown>;
  readonly initializationOptions?: Record<string, unknown>;
  /** Another script to run instead of the server's bin (it must speak LSP on stdio). */
  readonly script?: string;
  /** Client capabilities to drop or change (merged into the default ones, section by section). */
  readonly capabilities?: { readonly workspace?: Record<string, unknown>; readonly textDocument?: Record<string, unknown> };
}

interface Waiter {
  readonly match: (p: PublishDiagnosticsParams) => boolean;
  readonly resolve: (p: PublishDiagnosticsParams) => void;
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly logs: Array<{ type: number; message: string }> = [];
  readonly shownMessages: Array<{ type: number; message: string }> = [];
  /** window/showMessageRequest requests the server sent (they block stock Neovim: there should be none). */
  readonly messageRequests: Array<{ type: number; message: string }> = [];
  /** Methods the server registered dynamically (client/registerCapability). */
  readonly registrations: string[] = [];
  /** Latest diagnostics per URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private waiters: Waiter[] = [];
  private stderr = '';
  settings: Record<string, unknown> | undefined;

  private constructor(
    readonly process: ChildProcess,
    readonly options: ClientOptions,
  ) {
    this.settings = options.settings;
    process.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.published.push(params);
      const ready = this.waiters.filter((w) => w.match(params));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(params);
    });
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
    });
    this.connection.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.shownMessages.push(p);
    });
    this.connection.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
      this.shownMessages.push(p);
      this.messageRequests.push(p);
      return null;
    });
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => p.items.map(() => this.settings ?? null));
    this.connection.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string }> }) => {
      for (const r of p.registrations) this.registrations.push(r.method);
      return null;
    });
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.listen();
  }

  static async start(options: ClientOptions): Promise<{ client: LspClient; init: InitializeResult }> {
    const child = spawn(process.execPath, [options.script ?? SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: options.root });
    const client = new LspClient(child, options);
    // A server that dies at start-up must fail the test, not hang it.
    const died = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the server exited (code ${code}) before answering initialize:\n${client.stderr}`))));
    const init = (await Promise.race([died, client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(options.root),
      workspaceFolders: [{ uri: uri(options.root), name: path.basename(options.root) }],
      initializationOptions: { debounceMs: 0, ...options.initializationOptions },
      capabilities: {
        general: { positionEncodings: ['utf-8', 'utf-16'] },
        workspace: {
          configuration: options.settings !== undefined,
          workspaceEdit: { documentChanges: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          didChangeConfiguration: { dynamicRegistration: true },
          ...options.capabilities?.workspace,
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { documentationFormat: ['markdown'], snippetSupport: false, tagSupport: { valueSet: [1] } } },
          ...options.capabilities?.textDocument,
        },
      },
    })])) as InitializeResult;
    await client.connection.sendNotification('initialized', {});
    return { client, init };
  }

  /** Resolves with the next diagnostics for `file` that satisfy `match` (or the current ones, if they already do). */
  nextDiagnostics(file: string, match: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 15_000): Promise<Diagnostic[]> {
    const target = uri(file);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const last = this.diagnostics.get(target);
        reject(new Error(`no matching diagnostics for ${file} within ${timeoutMs} ms; last: ${JSON.stringify(last?.diagnostics.map((d) => [d.code, d.range.start]))}\nserver stderr: ${this.stderr}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match: (p) => p.uri === target && match(p.diagnostics),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p.diagnostics);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Tells the server the document was saved (its text, as the client has it, written to disk first). */
  async save(file: string): Promise<void> {
    fs.writeFileSync(file, this.texts.get(file)!);
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uri(file) } });
  }

  /** Tells the server files changed on disk (1 created, 2 changed, 3 deleted). */
  async filesChanged(changes: Array<{ file: string; type: 1 | 2 | 3 }>): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uri(c.file), type: c.type })) });
  }

  /** Opens a file (its text from disk unless given) and waits for its first diagnostics. */
  async open(file: string, text = fs.readFileSync(file, 'utf8')): Promise<Diagnostic[]> {
    const first = this.nextDiagnostics(file);
    await this.sendOpen(file, text);
    return first;
  }

  /** Opens a file without waiting for anything. */
  async sendOpen(file: string, text = fs.readFileSync(file, 'utf8')): Promise<void> {
    this.versions.set(file, 1);
    this.texts.set(file, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'python', version: 1, text } });
  }

  text(file: string): string {
    return this.texts.get(file)!;
  }

  /** Sends incremental changes (applied to the client's copy too) and returns the new version. */
  async change(file: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(file) ?? 0) + 1;
    this.versions.set(file, version);
    let text = this.texts.get(file)!;
    for (const change of changes) text = 'range' in change ? applyEdits(text, [{ range: change.range, newText: change.text }]) : change.text;
    this.texts.set(file, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version }, contentChanges: changes });
    return version;
  }

  /** Applies a workspace edit the way an editor would: to the open documents, as incremental changes. */
  async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<void> {
    const perUri = new Map<string, TextEdit[]>();
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change) perUri.set(change.textDocument.uri, change.edits as TextEdit[]);
    }
    for (const [u, edits] of Object.entries(edit.changes ?? {})) perUri.set(u, edits);
    for (const [u, edits] of perUri) {
      const file = [...this.texts.keys()].find((f) => uri(f) === u);
      if (!file) throw new Error(`edit for a document that is not open: ${u}`);
      // Later edits first, so earlier ranges stay valid; all ranges refer to the text before the edit.
      const sorted = [...edits].sort((a, b) => compare(b.range.start, a.range.start));
      await this.change(file, sorted.map((e) => ({ range: e.range, text: e.newText })));
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.process.kill();
  }

  get serverStderr(): string {
    return this.stderr;
  }
}

function compare(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}

/** Offsets where lines start: LSP ends a line at \n, \r\n or \r. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index! + m[0].length);
  return starts;
}

/** A character past the end of its line means the line's end, as LSP says. */
function offsetAt(text: string, position: { line: number; character: number }): number {
  const starts = lineStarts(text);
  const start = starts[position.line];
  if (start === undefined) return text.length;
  const next = starts[position.line + 1];
  const end = next === undefined ? text.length : next - (text.startsWith('\r\n', next - 2) ? 2 : 1);
  return Math.min(start + position.character, end);
}

/** Applies LSP edits (ranges in UTF-16 against the original text) to a string. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => compare(b.range.start, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

/** The 0-based position of the first occurrence of `needle` (UTF-16 columns). */
export function positionOf(text: string, needle: string, nth = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`'${needle}' not in text`);
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= index) line++;
  return { line, character: index - starts[line]! };
}
