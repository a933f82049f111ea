// Random edits in the language server, compared with the CLI (issue 15):
// a fixture case is opened, edited many times with random incremental
// changes (insertions of brackets, quotes, backslashes, \r, comments;
// deletions; pieces of the text moved), and after every edit the server's
// diagnostics are recorded with the text they are for. The CLI then lints
// every recorded text in one run; each text's findings (rule and line) must
// be the server's.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { spawnSync } from 'node:child_process';
import { addPulledInModules, discover, launchFileKind, mightConfigureCelery, readSource } from '@celery-lint/core';
import { BIN } from '../cli/run-cli';
import { LspClient, uri } from '../lsp/lsp-client';
import { fixtureSources, rng } from './mutation-fuzz';

const SNIPPETS = ['(', ')', '[', ']', '{', '}', "'", '"', '"""', '\\', '\\\n', '\r', '\r\n', '\n', '#', '# noqa', '  # noqa: celery/no-amqp-result-backend', ':', ',', ' = ', '    ', "'amqp://'", "'redis://h'", 'CELERY_RESULT_BACKEND = ', 'broker_url', 'import *', 'if X:\n    ', 'else:\n', '\u00e9', '\ud55c\uad6d\uc5b4', '😀'];

export interface LspEditOutcome {
  readonly edits: number;
  readonly mismatches: string[];
  /**
   * Texts the CLI's pre-filter skips in a tree walk (no Celery or Django word)
   * while the editor lints any open document: by design. Each is compared with
   * the CLI reading it on --stdin, which lints what it is given.
   */
  readonly prefiltered: number;
  /** Edits after which the server published nothing in time, or died. */
  readonly stalls: string[];
}

interface Snapshot {
  readonly text: string;
  readonly findings: string[];
}

/** The position of UTF-16 offset `offset` in `text`, as LSP counts (\r\n, \r and \n end lines). */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

function findingsOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`).sort();
}

async function waitForVersion(client: LspClient, file: string, version: number, timeoutMs: number): Promise<Diagnostic[] | undefined> {
  const target = uri(file);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const published = client.diagnostics.get(target);
    if (published && published.version !== undefined && published.version >= version) return published.diagnostics;
    await new Promise((r) => setTimeout(r, 5));
  }
  return undefined;
}

type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };

/** A copy of `source` in `dir`, its file `target` holding `edited` if given. */
function writeCopy(source: { readonly files: ReadonlyArray<readonly [string, Buffer]> }, target: string, dir: string, edited?: string): void {
  for (const [rel, bytes] of source.files) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, rel === target && edited !== undefined ? edited : bytes);
  }
  // A table of ours: each copy is linted on its own, as the server lints the one project it has.
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "case"\n[tool.celery-lint]\n');
}

/**
 * Whether a tree walk of the copy at `dir` lints `target`, as the CLI decides
 * it: the pre-filter's candidates, and the modules they name as configuration
 * or star-import, whatever their text (addPulledInModules).
 */
function walkLints(dir: string, target: string): boolean {
  const { files } = discover([dir], dir);
  const read = (file: string) => {
    const r = readSource(file);
    return r.ok ? r.text : undefined;
  };
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = read(file);
    if (text !== undefined && !launchFileKind(file, text) && mightConfigureCelery(text, file)) texts.set(file, text);
  }
  addPulledInModules(texts, files, read);
  const wanted = fs.realpathSync(path.join(dir, target));
  return [...texts.keys()].some((file) => fs.realpathSync(file) === wanted);
}

/** The CLI's findings for `target` in the copy at `dir`: the tree walk, or --stdin for a text the walk skips. */
function cliFindings(dir: string, target: string, text: string): string[] {
  const stdin = !walkLints(dir, target);
  const args = stdin ? ['--stdin', '--stdin-filename', target, '--format', 'json'] : ['.', '--format', 'json'];
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input: stdin ? text : '', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`the CLI exited ${run.status}: ${run.stderr.slice(0, 1000)}`);
  const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number }> }>;
  const mine = stdin ? results : results.filter((r) => fs.realpathSync(r.filePath) === fs.realpathSync(path.join(dir, target)));
  return mine.flatMap((r) => r.messages.map((m) => `${m.ruleId}@${m.line}`)).sort();
}

/**
 * Replays a session's first difference (the file the campaign wrote): the
 * recorded edits in a fresh server, then the CLI on the text they lead to.
 */
export async function replayLspEdits(replayFile: string): Promise<{ server: string[]; cli: string[]; recorded: { server: string[]; cli: string[] } }> {
  const replay = JSON.parse(fs.readFileSync(replayFile, 'utf8')) as { source: string; target: string; initial: string; changes: Change[]; server: string[]; cli: string[] };
  const source = fixtureSources().find((s) => s.name === replay.source);
  if (!source) throw new Error(`no fixture case ${replay.source}`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-lsp-replay-'));
  writeCopy(source, replay.target, root, replay.initial);
  const file = path.join(root, replay.target);
  const { client } = await LspClient.start({ root });
  let server: string[];
  try {
    let published = await client.open(file);
    for (const change of replay.changes) {
      const version = await client.change(file, [change]);
      const next = await waitForVersion(client, file, version, 30_000);
      if (!next) throw new Error(`no diagnostics for version ${version} within 30 s`);
      published = next;
    }
    server = findingsOf(published);
    writeCopy(source, replay.target, root, client.text(file));
  } finally {
    await client.stop();
  }
  const cli = cliFindings(root, replay.target, fs.readFileSync(file, 'utf8'));
  fs.rmSync(root, { recursive: true, force: true });
  return { server, cli, recorded: { server: replay.server, cli: replay.cli } };
}

/** `edits` random edits of source `sourceIndex`'s Python file `fileIndex`, seeded, compared with the CLI. */
export async function lspEdits(seed: number, edits: number): Promise<LspEditOutcome> {
  const random = rng(seed);
  const sources = fixtureSources().filter((s) => s.files.some(([f]) => f.endsWith('.py')));
  const source = sources[Math.floor(random() * sources.length)]!;
  const python = source.files.filter(([f]) => f.endsWith('.py'));
  const [target] = python[Math.floor(random() * python.length)]!;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-lsp-fuzz-'));
  const write = (dir: string, edited?: string) => writeCopy(source, target, dir, edited);
  write(root);
  const file = path.join(root, target);
  const snapshots: Snapshot[] = [];
  const changes: Change[] = [];
  const stalls: string[] = [];
  const { client } = await LspClient.start({ root });
  try {
    // A server that dies on the way must end the session as a stall, not hang the campaign.
    const first = await Promise.race([client.open(file).catch(() => undefined), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 60_000).unref())]);
    if (!first) {
      stalls.push(`seed ${seed}: no diagnostics for the opened file within 60 s${client.serverStderr ? `; the server said: ${client.serverStderr.slice(0, 1000)}` : ''}`);
      fs.rmSync(root, { recursive: true, force: true });
      return { edits: 0, mismatches: [], prefiltered: 0, stalls };
    }
    snapshots.push({ text: client.text(file), findings: findingsOf(first) });
    for (let i = 0; i < edits; i++) {
      const text = client.text(file);
      const a = Math.floor(random() * (text.length + 1));
      const choice = random();
      let start = a;
      let end = a;
      let insert = '';
      if (choice < 0.45) insert = SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
      else if (choice < 0.75) end = Math.min(text.length, a + 1 + Math.floor(random() * 20));
      else {
        // A piece of the text itself, somewhere else: real code in the wrong place.
        const from = Math.floor(random() * (text.length + 1));
        insert = text.slice(from, from + 1 + Math.floor(random() * 60));
        if (random() < 0.5) end = Math.min(text.length, a + insert.length);
      }
      // Never split a surrogate pair: an editor would not.
      const low = (at: number) => at > 0 && at < text.length && /[\udc00-\udfff]/.test(text[at]!) && /[\ud800-\udbff]/.test(text[at - 1]!);
      if (low(start)) start--;
      if (low(end)) end++;
      const change = { range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert };
      changes.push(change);
      const version = await client.change(file, [change]);
      const published = await waitForVersion(client, file, version, 30_000);
      if (!published) {
        stalls.push(`seed ${seed} edit ${i}: no diagnostics for version ${version} within 30 s`);
        break;
      }
      snapshots.push({ text: client.text(file), findings: findingsOf(published) });
    }
  } finally {
    await client.stop();
  }
  // Every recorded text, linted by the CLI in one run.
  const cliRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-lsp-fuzz-cli-'));
  snapshots.forEach((s, i) => write(path.join(cliRoot, `edit-${i}`), s.text));
  const run = spawnSync(process.execPath, [BIN, '.', '--format', 'json'], { cwd: cliRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const mismatches: string[] = [];
  let prefiltered = 0;
  let replay: string | undefined;
  const differ = (i: number, s: Snapshot, cli: string[], how: string) => {
    if (JSON.stringify(cli) === JSON.stringify(s.findings)) return;
    // The first difference of a session is written out with the edits that led to it, to be replayed (`npm run fuzz -- --replay FILE`, replayLspEdits).
    if (replay === undefined) {
      replay = path.join(os.tmpdir(), `celery-lint-lsp-fuzz-replay-${seed}-${i}.json`);
      fs.writeFileSync(replay, JSON.stringify({ source: source.name, target, initial: snapshots[0]!.text, changes: changes.slice(0, i), server: s.findings, cli }));
    }
    mismatches.push(`seed ${seed} edit ${i} (${source.name}, ${target}): server ${JSON.stringify(s.findings)}, CLI${how} ${JSON.stringify(cli)}; replay ${replay}; text ${JSON.stringify(s.text.slice(0, 4000))}`);
  };
  if (run.status !== 0 && run.status !== 1) {
    mismatches.push(`seed ${seed}: the CLI exited ${run.status}: ${run.stderr.slice(0, 1000)}`);
  } else {
    const byFile = new Map<string, string[]>();
    for (const r of JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number }> }>) {
      byFile.set(fs.realpathSync(r.filePath), r.messages.map((m) => `${m.ruleId}@${m.line}`).sort());
    }
    snapshots.forEach((s, i) => {
      const dir = path.join(cliRoot, `edit-${i}`);
      if (walkLints(dir, target)) {
        const cli = byFile.get(fs.realpathSync(path.join(dir, target)));
        if (cli === undefined) mismatches.push(`seed ${seed} edit ${i} (${source.name}, ${target}): the CLI did not report the file at all`);
        else differ(i, s, cli, '');
        return;
      }
      // By design the tree walk skips it (and says nothing): --stdin lints it regardless, as the editor does.
      prefiltered++;
      const walked = byFile.get(fs.realpathSync(path.join(dir, target)));
      if (walked === undefined || walked.length > 0) mismatches.push(`seed ${seed} edit ${i} (${source.name}, ${target}): pre-filtered text, yet the tree walk reported ${JSON.stringify(walked)}`);
      const one = spawnSync(process.execPath, [BIN, '--stdin', '--stdin-filename', target, '--format', 'json'], { cwd: dir, input: s.text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (one.status !== 0 && one.status !== 1) {
        mismatches.push(`seed ${seed} edit ${i}: the CLI on --stdin exited ${one.status}: ${one.stderr.slice(0, 1000)}`);
        return;
      }
      const results = JSON.parse(one.stdout) as Array<{ messages: Array<{ ruleId: string; line: number }> }>;
      differ(i, s, results.flatMap((r) => r.messages.map((m) => `${m.ruleId}@${m.line}`)).sort(), ' --stdin');
    });
  }
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(cliRoot, { recursive: true, force: true });
  return { edits: snapshots.length - 1, mismatches, prefiltered, stalls };
}
