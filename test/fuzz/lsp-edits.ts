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
import { BIN } from '../cli/run-cli';
import { LspClient, uri } from '../lsp/lsp-client';
import { fixtureSources, rng } from './mutation-fuzz';

const SNIPPETS = ['(', ')', '[', ']', '{', '}', "'", '"', '"""', '\\', '\\\n', '\r', '\r\n', '\n', '#', '# noqa', '  # noqa: celery/no-amqp-result-backend', ':', ',', ' = ', '    ', "'amqp://'", "'redis://h'", 'CELERY_RESULT_BACKEND = ', 'broker_url', 'import *', 'if X:\n    ', 'else:\n', '\u00e9', '\ud55c\uad6d\uc5b4', '😀'];

export interface LspEditOutcome {
  readonly edits: number;
  readonly mismatches: string[];
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

/** `edits` random edits of source `sourceIndex`'s Python file `fileIndex`, seeded, compared with the CLI. */
export async function lspEdits(seed: number, edits: number): Promise<LspEditOutcome> {
  const random = rng(seed);
  const sources = fixtureSources().filter((s) => s.files.some(([f]) => f.endsWith('.py')));
  const source = sources[Math.floor(random() * sources.length)]!;
  const python = source.files.filter(([f]) => f.endsWith('.py'));
  const [target] = python[Math.floor(random() * python.length)]!;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-lsp-fuzz-'));
  const write = (dir: string, edited?: string) => {
    for (const [rel, bytes] of source.files) {
      const full = path.join(dir, rel);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, rel === target && edited !== undefined ? edited : bytes);
    }
    // A table of ours: each copy is linted on its own, as the server lints the one project it has.
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "case"\n[tool.celery-lint]\n');
  };
  write(root);
  const file = path.join(root, target);
  const snapshots: Snapshot[] = [];
  const stalls: string[] = [];
  const { client } = await LspClient.start({ root });
  try {
    const first = await client.open(file);
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
      const version = await client.change(file, [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert }]);
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
  if (run.status !== 0 && run.status !== 1) {
    mismatches.push(`seed ${seed}: the CLI exited ${run.status}: ${run.stderr.slice(0, 1000)}`);
  } else {
    const byFile = new Map<string, string[]>();
    for (const r of JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number }> }>) {
      byFile.set(fs.realpathSync(r.filePath), r.messages.map((m) => `${m.ruleId}@${m.line}`).sort());
    }
    snapshots.forEach((s, i) => {
      const cli = byFile.get(fs.realpathSync(path.join(cliRoot, `edit-${i}`, target))) ?? [];
      if (JSON.stringify(cli) !== JSON.stringify(s.findings)) {
        mismatches.push(`seed ${seed} edit ${i} (${source.name}, ${target}): server ${JSON.stringify(s.findings)}, CLI ${JSON.stringify(cli)}; text ${JSON.stringify(s.text.slice(0, 4000))}`);
      }
    });
  }
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(cliRoot, { recursive: true, force: true });
  return { edits: snapshots.length - 1, mismatches, stalls };
}
