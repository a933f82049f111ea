import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'celery-lint.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly input?: string | Buffer;
  readonly env?: NodeJS.ProcessEnv;
  /** Options for node itself, before the CLI (`--require` a fault-injection hook). */
  readonly nodeArgs?: readonly string[];
  /** Run as this user and group (the test runs as root; see unprivileged.ts). */
  readonly user?: { readonly uid: number; readonly gid: number };
  /** Kill the CLI after this many milliseconds (a hang is a failure, not a stuck suite). */
  readonly timeout?: number;
}

/** Runs the real CLI as a child process. */
export function runCli(args: readonly string[], options: RunOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? REPO,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
    ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    ...(options.timeout ? { timeout: options.timeout, killSignal: 'SIGKILL' as const } : {}),
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    return { code: -1, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}\n[killed after ${options.timeout} ms]` };
  }
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh directory with the given files (paths relative to it). */
export function tempProject(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

export interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number; fix?: { range: [number, number]; text: string }; suggestions?: Array<{ desc: string; fix: { range: [number, number]; text: string } }>; fatal?: boolean }>;
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export function findings(stdout: string, root: string): string[] {
  const results = JSON.parse(stdout) as JsonResult[];
  return results
    .flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`))
    .sort();
}
