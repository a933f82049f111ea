// Mutation fuzzing of the real CLI (issue 15): fixture cases with one Python
// file mutated (bytes, lines, tokens: deleted, duplicated, swapped, brackets,
// quotes, backslashes, \r, truncation, bytes that are not UTF-8), linted and
// fixed by the CLI in batches of many cases per process, then checked:
//   - no crash: exit 0 or 1, no stack trace, no internal error finding;
//   - no hang: a batch that outlives its time is run again case by case;
//   - a fixed file compiles with Debian's /usr/bin/python3 wherever its input did;
//   - --fix only changes what the fixes it reported said;
//   - a second --fix changes nothing.
// Every case is made from (seed, index) alone, so one failing case is
// reproducible by itself. The CI test (mutation-fuzz.test.ts) and
// `npm run fuzz` (campaign.ts) both run this.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtureCases, FIXTURES } from '../fixtures/fixture-cases';
import { BIN } from '../cli/run-cli';
import { prng } from '../differential/draws';

export const PYTHON = '/usr/bin/python3';

/** The differential tests' mulberry32: small, fast and good enough to pick mutations. */
export const rng = prng;

/** The seed of case `index` of a campaign seeded `seed`: each case stands alone. */
function caseSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

interface Source {
  /** The case's name (rule/case). */
  readonly name: string;
  /** Files as [path relative to the case's root, bytes]. */
  readonly files: ReadonlyArray<readonly [string, Buffer]>;
}

let sources: Source[] | undefined;

/** Every fixture case, as files relative to its root (a folder case's folder, a single file's rule folder). */
export function fixtureSources(): Source[] {
  sources ??= fixtureCases().map((c) => {
    const root = c.files.length === 1 && path.dirname(c.files[0]!) === path.join(FIXTURES, c.name.split('/')[0]!) ? path.dirname(c.files[0]!) : path.join(FIXTURES, c.name);
    return { name: c.name, files: c.files.map((f) => [path.relative(root, f), fs.readFileSync(f)] as const) };
  });
  return sources;
}

const INSERTS = ['(', ')', '[', ']', '{', '}', "'", '"', "'''", '"""', '\\', '\\\n', '\r', '\r\n', '\n', '#', '# noqa', '  # noqa: celery/unknown-setting', ':', ',', '=', ' ', '\t', '    ', 'f"{', '}"', '*', 'import *', '\u00e9', '\ud55c'];
const BAD_BYTES = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0x00], [0xe2, 0x82]];

/** One mutation of `bytes`, and its name (for the report). */
function mutateOnce(bytes: Buffer, random: () => number): { bytes: Buffer; kind: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const at = () => Math.floor(random() * (bytes.length + 1));
  const span = () => {
    const a = at();
    return [a, Math.min(bytes.length, a + 1 + Math.floor(random() * 12))] as const;
  };
  const lines = () => bytes.toString('latin1').split(/(?<=\n)/);
  const fromLines = (ls: string[]) => Buffer.from(ls.join(''), 'latin1');
  const tokens = () => bytes.toString('latin1').split(/(\w+|[^\w\s]|\s+)/).filter((t) => t !== '');
  switch (Math.floor(random() * 14)) {
    case 0: {
      const [a, b] = span();
      return { bytes: Buffer.concat([bytes.subarray(0, a), bytes.subarray(b)]), kind: 'delete bytes' };
    }
    case 1: {
      const [a, b] = span();
      return { bytes: Buffer.concat([bytes.subarray(0, b), bytes.subarray(a, b), bytes.subarray(b)]), kind: 'duplicate bytes' };
    }
    case 2:
    case 3: {
      const a = at();
      return { bytes: Buffer.concat([bytes.subarray(0, a), Buffer.from(pick(INSERTS)), bytes.subarray(a)]), kind: 'insert text' };
    }
    case 4: {
      const a = at();
      return { bytes: Buffer.concat([bytes.subarray(0, a), Buffer.from(pick(BAD_BYTES)), bytes.subarray(a)]), kind: 'insert non-UTF-8' };
    }
    case 5:
      return { bytes: bytes.subarray(0, at()), kind: 'truncate' };
    case 6: {
      const ls = lines();
      if (ls.length > 0) ls.splice(Math.floor(random() * ls.length), 1);
      return { bytes: fromLines(ls), kind: 'delete line' };
    }
    case 7: {
      const ls = lines();
      if (ls.length > 0) {
        const i = Math.floor(random() * ls.length);
        ls.splice(i, 0, ls[i]!.endsWith('\n') ? ls[i]! : `${ls[i]!}\n`);
      }
      return { bytes: fromLines(ls), kind: 'duplicate line' };
    }
    case 8: {
      const ls = lines();
      if (ls.length > 1) {
        const i = Math.floor(random() * ls.length);
        const j = Math.floor(random() * ls.length);
        [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      }
      return { bytes: fromLines(ls), kind: 'swap lines' };
    }
    case 9: {
      const ls = lines();
      if (ls.length > 0) {
        const i = Math.floor(random() * ls.length);
        ls[i] = random() < 0.5 ? `    ${ls[i]!}` : ls[i]!.replace(/^\s+/, '');
      }
      return { bytes: fromLines(ls), kind: 'indent line' };
    }
    case 10: {
      const ts = tokens();
      if (ts.length > 0) ts.splice(Math.floor(random() * ts.length), 1);
      return { bytes: Buffer.from(ts.join(''), 'latin1'), kind: 'delete token' };
    }
    case 11: {
      const ts = tokens();
      if (ts.length > 1) {
        const i = Math.floor(random() * (ts.length - 1));
        [ts[i], ts[i + 1]] = [ts[i + 1]!, ts[i]!];
      }
      return { bytes: Buffer.from(ts.join(''), 'latin1'), kind: 'swap tokens' };
    }
    case 12: {
      const ts = tokens();
      if (ts.length > 0) {
        const i = Math.floor(random() * ts.length);
        ts.splice(i, 0, ts[i]!);
      }
      return { bytes: Buffer.from(ts.join(''), 'latin1'), kind: 'duplicate token' };
    }
    default: {
      // Line endings: all \r, all \r\n, or one line's.
      const text = bytes.toString('latin1');
      const choice = Math.floor(random() * 3);
      const changed = choice === 0 ? text.replace(/\r?\n/g, '\r') : choice === 1 ? text.replace(/\r?\n/g, '\r\n') : text.replace(/\n/, '\r');
      return { bytes: Buffer.from(changed, 'latin1'), kind: 'line endings' };
    }
  }
}

export interface FuzzCase {
  readonly seed: number;
  readonly index: number;
  readonly source: string;
  /** The mutated file, relative to the case's root. */
  readonly file: string;
  readonly mutations: readonly string[];
  readonly files: ReadonlyArray<readonly [string, Buffer]>;
}

/** Case `index` of the campaign seeded `seed`: a fixture case with one Python file mutated one to three times. */
export function makeCase(seed: number, index: number): FuzzCase {
  const random = rng(caseSeed(seed, index));
  const all = fixtureSources();
  const source = all[Math.floor(random() * all.length)]!;
  const python = source.files.filter(([f]) => f.endsWith('.py'));
  const [target] = python[Math.floor(random() * python.length)]!;
  const mutations: string[] = [];
  const files = source.files.map(([f, bytes]): readonly [string, Buffer] => {
    if (f !== target) return [f, bytes];
    let out = bytes;
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
      const m = mutateOnce(out, random);
      out = m.bytes;
      mutations.push(m.kind);
    }
    return [f, out];
  });
  return { seed, index, source: source.name, file: target, mutations, files };
}

export interface CaseFailure {
  readonly case: FuzzCase;
  readonly kind: 'crash' | 'hang' | 'damaging fix' | 'non-idempotent fix' | 'unexplained change';
  readonly detail: string;
}

export interface BatchOutcome {
  readonly inputs: number;
  readonly failures: CaseFailure[];
  /** Inputs whose mutated file compiled with python3 / was changed by --fix. */
  readonly compiled: number;
  readonly fixed: number;
}

interface JsonMessage {
  ruleId: string | null;
  message: string;
  fix?: { range: [number, number]; text: string };
}
interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  output?: string;
}

/** Writes cases under `dir`, one folder each, its own project (a pyproject.toml with our table: the CLI lints each such project on its own). */
function writeCases(dir: string, cases: readonly FuzzCase[]): string[] {
  return cases.map((c) => {
    const root = path.join(dir, `case-${c.index}`);
    for (const [rel, bytes] of c.files) {
      const full = path.join(root, rel);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, bytes);
    }
    fs.writeFileSync(path.join(root, 'pyproject.toml'), `[project]\nname = "case-${c.index}"\n[tool.celery-lint]\n`);
    return root;
  });
}

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function cli(args: readonly string[], cwd: string, timeoutMs: number): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut };
}

/** Why a run counts as a crash, or undefined. */
function crashOf(run: CliRun): string | undefined {
  if (run.code !== 0 && run.code !== 1) return `exit ${run.code}: ${run.stderr.slice(0, 2000)}`;
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(run.stderr) || /internal error/i.test(run.stderr)) return `stack trace: ${run.stderr.slice(0, 2000)}`;
  let results: JsonResult[];
  try {
    results = JSON.parse(run.stdout) as JsonResult[];
  } catch {
    return `output is not JSON: ${run.stdout.slice(0, 500)}`;
  }
  const internal = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'celery-lint/internal-error').map((m) => `${r.filePath}: ${m.message}`));
  return internal.length ? `internal error: ${internal.join('; ')}` : undefined;
}

/** Which of `files` compile with python3 (one process for all of them). */
export function compiles(files: readonly string[]): boolean[] {
  if (files.length === 0) return [];
  const script = [
    'import json, sys, warnings',
    "warnings.simplefilter('ignore')",
    'out = []',
    'for p in json.load(sys.stdin):',
    '    try:',
    "        compile(open(p, 'rb').read(), p, 'exec', dont_inherit=True)",
    '        out.append(True)',
    '    except BaseException:',
    '        out.append(False)',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(files), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${PYTHON} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as boolean[];
}

/** Reported fixes applied to `text` as the CLI would in one pass: by position, overlapping ones left out. */
function applyFixes(text: string, fixes: ReadonlyArray<{ range: [number, number]; text: string }>): string {
  let out = '';
  let at = 0;
  for (const f of [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])) {
    if (f.range[0] < at) continue;
    out += text.slice(at, f.range[0]) + f.text;
    at = f.range[1];
  }
  return out + text.slice(at);
}

/** Whether `after` differs from `before` only where `fixes` said: exactly their text, or within the span they cover (fixes of later passes). */
function explained(before: string, after: string, fixes: ReadonlyArray<{ range: [number, number]; text: string }>): string | undefined {
  if (fixes.length === 0) return 'the file changed, but no finding offered a fix';
  if (applyFixes(before, fixes) === after) return undefined;
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const start = Math.min(...fixes.map((f) => f.range[0]));
  const end = Math.max(...fixes.map((f) => f.range[1]));
  if (prefix >= start && before.length - suffix <= end) return undefined;
  return `changed ${prefix}..${before.length - suffix}, but the fixes cover ${start}..${end}`;
}

export interface RunOptions {
  /** Kill a batch after this long; its cases are then run one by one. */
  readonly batchTimeoutMs: number;
  /** Kill one case's run after this long: a hang. */
  readonly caseTimeoutMs: number;
}

/** Lints, fixes and fixes again `cases` in one CLI process per step, then checks each case. */
export function runBatch(cases: readonly FuzzCase[], options: RunOptions): BatchOutcome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-fuzz-'));
  try {
    return checkBatch(dir, cases, options);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function checkBatch(dir: string, cases: readonly FuzzCase[], options: RunOptions): BatchOutcome {
  const roots = writeCases(dir, cases);
  const single = cases.length === 1;
  const timeout = single ? options.caseTimeoutMs : options.batchTimeoutMs;
  const args = ['.', '--format', 'json', '--unsafe-fixes'];
  // A batch is one run over many projects: a crash that no case alone has is a bug between projects (one project's
  // module read for another's), reported as such. A batch that only ran out of time is retried case by case.
  const splitUp = (crash?: string): BatchOutcome => {
    const outcomes = cases.map((c) => runBatch([c], options));
    const alone = outcomes.flatMap((o) => o.failures);
    const between: CaseFailure[] = crash && alone.length === 0 ? [{ case: cases[0]!, kind: 'crash', detail: `the run over cases ${cases[0]!.index}-${cases[cases.length - 1]!.index} together failed, each alone passed: ${crash}` }] : [];
    return {
      inputs: cases.length,
      failures: [...alone, ...between],
      compiled: outcomes.reduce((n, o) => n + o.compiled, 0),
      fixed: outcomes.reduce((n, o) => n + o.fixed, 0),
    };
  };
  const failed = (kind: CaseFailure['kind'], detail: string): BatchOutcome => ({ inputs: 1, failures: [{ case: cases[0]!, kind, detail }], compiled: 0, fixed: 0 });

  const lint = cli(args, dir, timeout);
  if (lint.timedOut) return single ? failed('hang', `lint outlived ${timeout} ms`) : splitUp();
  const lintCrash = crashOf(lint);
  if (lintCrash) return single ? failed('crash', `lint: ${lintCrash}`) : splitUp(`lint: ${lintCrash}`);
  const fixesOf = new Map<string, Array<{ range: [number, number]; text: string }>>();
  for (const r of JSON.parse(lint.stdout) as JsonResult[]) fixesOf.set(fs.realpathSync(r.filePath), r.messages.flatMap((m) => (m.fix ? [m.fix] : [])));

  const mutated = cases.map((c, i) => path.join(roots[i]!, c.file));
  const before = mutated.map((f) => fs.readFileSync(f));
  const compiledBefore = compiles(mutated);

  const fix = cli([...args, '--fix'], dir, timeout);
  if (fix.timedOut) return single ? failed('hang', `--fix outlived ${timeout} ms`) : splitUp();
  const fixCrash = crashOf(fix);
  if (fixCrash) return single ? failed('crash', `--fix: ${fixCrash}`) : splitUp(`--fix: ${fixCrash}`);
  const afterFix = mutated.map((f) => fs.readFileSync(f));
  const compiledAfter = compiles(mutated);

  const again = cli([...args, '--fix'], dir, timeout);
  if (again.timedOut) return single ? failed('hang', `second --fix outlived ${timeout} ms`) : splitUp();
  const againCrash = crashOf(again);
  if (againCrash) return single ? failed('crash', `second --fix: ${againCrash}`) : splitUp(`second --fix: ${againCrash}`);

  const failures: CaseFailure[] = [];
  let fixed = 0;
  cases.forEach((c, i) => {
    const file = mutated[i]!;
    const b = before[i]!;
    const a = afterFix[i]!;
    if (!b.equals(a)) {
      fixed++;
      if (compiledBefore[i] && !compiledAfter[i]) failures.push({ case: c, kind: 'damaging fix', detail: `${c.file} compiled before --fix and not after` });
      // Fix ranges index the text as read: decoded, without its byte-order mark.
      const text = (bytes: Buffer) => bytes.toString('utf8').replace(/^\ufeff/, '');
      const why = explained(text(b), text(a), fixesOf.get(fs.realpathSync(file)) ?? []);
      if (why) failures.push({ case: c, kind: 'unexplained change', detail: `${c.file}: ${why}` });
    }
    if (!fs.readFileSync(file).equals(a)) failures.push({ case: c, kind: 'non-idempotent fix', detail: `${c.file} changed again on a second --fix` });
  });
  // Files the second run rewrote that are not the mutated ones (the case's other modules).
  for (const r of JSON.parse(again.stdout) as JsonResult[]) {
    if (r.output === undefined) continue;
    const i = roots.findIndex((root) => fs.realpathSync(r.filePath).startsWith(fs.realpathSync(root) + path.sep));
    const c = cases[i];
    if (c && !failures.some((f) => f.case === c && f.kind === 'non-idempotent fix')) failures.push({ case: c, kind: 'non-idempotent fix', detail: `${path.relative(roots[i]!, r.filePath)} changed again on a second --fix` });
  }
  return { inputs: cases.length, failures, compiled: compiledBefore.filter(Boolean).length, fixed };
}

/** One line per failure, with what reproduces it. */
export function describeFailure(f: CaseFailure): string {
  return `${f.kind}: seed ${f.case.seed} case ${f.case.index} (${f.case.source}, ${f.case.file}: ${f.case.mutations.join(', ')}): ${f.detail}`;
}

/** Writes case `index` of `seed` to `dir` (to look at, or to run the CLI on by hand). */
export function writeCase(seed: number, index: number, dir: string): string {
  return writeCases(dir, [makeCase(seed, index)])[0]!;
}
