// Which language server the extension starts, as ruff-vscode decides it:
// `celery-lint.path` first (the first listed executable that exists), then,
// with `importStrategy: fromEnvironment`, the project's own installed
// celery-lint (node_modules/.bin, a .venv or venv in the workspace folder,
// then PATH: an activated environment, pipx, the wheel's entry point), so the
// editor runs the version CI runs; else the server bundled in the extension.
// Plain Node: no vscode import, so it is tested with real files.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ImportStrategy = 'fromEnvironment' | 'useBundled';

export interface ResolutionInput {
  /** `celery-lint.path`: executables to try, in order. `~` and `${workspaceFolder}` are expanded. */
  readonly paths: readonly string[];
  readonly importStrategy: ImportStrategy;
  readonly workspaceFolders: readonly string[];
  /** The PATH to search (process.env.PATH). */
  readonly envPath: string | undefined;
  readonly home: string | undefined;
  readonly platform: NodeJS.Platform;
}

export type ServerChoice =
  | { readonly kind: 'bundled'; readonly why: string }
  | { readonly kind: 'executable'; readonly command: string; readonly args: readonly string[]; readonly source: 'path setting' | 'environment'; readonly why: string };

const SERVER = 'celery-lint-language-server';
const CLI = 'celery-lint';

function executableNames(base: string, platform: NodeJS.Platform): string[] {
  return platform === 'win32' ? [`${base}.exe`, `${base}.cmd`, base] : [base];
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` in `dir` that is an executable file. */
function findIn(dir: string, base: string, platform: NodeJS.Platform): string | undefined {
  return executableNames(base, platform)
    .map((name) => path.join(dir, name))
    .find((file) => isExecutableFile(file, platform));
}

/**
 * How to start the server from a celery-lint executable: the language
 * server's own (with --stdio), else the `celery-lint` beside it, else the
 * release's single executable (`celery-lint language-server --stdio`).
 */
function commandFor(file: string, platform: NodeJS.Platform): { command: string; args: string[] } {
  const base = path.basename(file).replace(/\.(exe|cmd)$/i, '');
  if (base === CLI) {
    const sibling = findIn(path.dirname(file), SERVER, platform);
    if (sibling) return { command: sibling, args: ['--stdio'] };
    return { command: file, args: ['language-server', '--stdio'] };
  }
  return { command: file, args: ['--stdio'] };
}

function expand(entry: string, input: ResolutionInput): string {
  let out = entry.replace(/\$\{workspaceFolder\}/g, input.workspaceFolders[0] ?? '');
  if (input.home && (out === '~' || out.startsWith('~/'))) out = path.join(input.home, out.slice(1));
  return out;
}

export function resolveServer(input: ResolutionInput): ServerChoice {
  const { platform } = input;
  for (const entry of input.paths) {
    const file = expand(entry, input);
    if (path.isAbsolute(file) ? isExecutableFile(file, platform) : false) {
      return { kind: 'executable', ...commandFor(file, platform), source: 'path setting', why: `celery-lint.path: ${file}` };
    }
    // A bare name is looked up on PATH, as a shell would.
    if (!path.isAbsolute(file) && !file.includes('/') && !file.includes('\\')) {
      const found = (input.envPath ?? '').split(path.delimiter).filter(Boolean).map((dir) => findIn(dir, file, platform)).find(Boolean);
      if (found) return { kind: 'executable', ...commandFor(found, platform), source: 'path setting', why: `celery-lint.path: ${found}` };
    }
  }
  if (input.importStrategy === 'useBundled') return { kind: 'bundled', why: 'importStrategy is useBundled' };
  const bin = platform === 'win32' ? 'Scripts' : 'bin';
  for (const folder of input.workspaceFolders) {
    for (const dir of [path.join(folder, 'node_modules', '.bin'), path.join(folder, '.venv', bin), path.join(folder, 'venv', bin)]) {
      const found = findIn(dir, SERVER, platform);
      if (found) return { kind: 'executable', ...commandFor(found, platform), source: 'environment', why: `the project's own celery-lint: ${found}` };
    }
  }
  for (const dir of (input.envPath ?? '').split(path.delimiter).filter(Boolean)) {
    const found = findIn(dir, SERVER, platform);
    if (found) return { kind: 'executable', ...commandFor(found, platform), source: 'environment', why: `celery-lint on PATH: ${found}` };
  }
  const unmatched = input.paths.length > 0 ? ` (none of celery-lint.path exists: ${input.paths.join(', ')})` : '';
  return { kind: 'bundled', why: `no celery-lint installed in the project or on PATH${unmatched}` };
}
