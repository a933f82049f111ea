// Finds the files to lint under the given paths, the way a developer
// expects: .gitignore respected, virtualenvs and caches skipped, and files
// named explicitly always kept. Only regular files are ever read: a FIFO, a
// device or a socket found while walking is passed over without being opened,
// and one named on the command line is an error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { fileErrorReason, fileKind, MAX_CONFIG_BYTES, readRegularFile } from './read-source';
import { headMayBeLaunchFile, LAUNCH_HEAD_BYTES, MAX_LAUNCH_FILE_BYTES, mayBeLaunchFile } from './launch/kinds';

/**
 * Launch files are small, and a YAML or INI one says what it is in its first
 * lines: a multi-megabyte YAML file, or one that starts like a test cassette,
 * is data, and is not read whole.
 */
function launchFileWorthReading(full: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(full, 'r');
    if (fs.fstatSync(fd).size > MAX_LAUNCH_FILE_BYTES) return false;
    if (!/\.(?:ya?ml|conf|ini)$/.test(full)) return true;
    const head = Buffer.alloc(LAUNCH_HEAD_BYTES);
    const read = fs.readSync(fd, head, 0, LAUNCH_HEAD_BYTES, 0);
    return headMayBeLaunchFile(full, head.subarray(0, read).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', '.eggs', 'build', 'dist']);

/** The kinds of file discovery collects, told by name. New kinds (launch files) join here. */
export type FileKind = 'python' | 'launch';

export function fileKindOf(name: string): FileKind | undefined {
  if (name.endsWith('.py')) return 'python';
  return mayBeLaunchFile(name) ? 'launch' : undefined;
}

/** Whether a walk collects a file: every Python file, and a launch file worth reading (launchFileWorthReading). */
function isLintedFile(name: string, full: string): boolean {
  const kind = fileKindOf(name);
  return kind === 'python' || (kind === 'launch' && launchFileWorthReading(full));
}

/** Something about the given paths the user must hear of: errors fail the run (exit 2), warnings do not. */
export interface DiscoveryProblem {
  readonly path: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

type ProblemSink = (problem: DiscoveryProblem) => void;

interface IgnoreLayer {
  readonly base: string;
  /** `base` and a separator: what the paths below it start with. */
  readonly prefix: string;
  readonly rules: Ignore;
}

function readIgnore(dir: string, report: ProblemSink): IgnoreLayer | undefined {
  const file = path.join(dir, '.gitignore');
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if (!read.ok) {
    // A directory that cannot be searched says so itself (or is above the paths given); its .gitignore adds nothing.
    if (read.reason !== 'missing' && (read.reason !== 'unreadable' || searchable(dir))) {
      report({ path: file, message: `${file} was not used: ${read.message}`, severity: 'warning' });
    }
    return undefined;
  }
  return { base: dir, prefix: dir.endsWith(path.sep) ? dir : dir + path.sep, rules: ignore().add(read.bytes.toString('utf8')) };
}

function searchable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function ignored(layers: readonly IgnoreLayer[], full: string, isDirectory: boolean): boolean {
  for (const layer of layers) {
    // A walk's paths start with the layer's directory: a slice, where path.relative would resolve both paths against the working directory for every file.
    const inside = full.startsWith(layer.prefix) ? full.slice(layer.prefix.length) : path.relative(layer.base, full);
    const rel = path.sep === '/' ? inside : inside.split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (layer.rules.ignores(isDirectory ? `${rel}/` : rel)) return true;
  }
  return false;
}


/** .gitignore files from the filesystem root down to `dir`, so a path inside a repository honours its parents' rules. */
function ancestorLayers(dir: string, report: ProblemSink): IgnoreLayer[] {
  const layers: IgnoreLayer[] = [];
  let current = dir;
  for (;;) {
    const layer = readIgnore(current, report);
    if (layer) layers.unshift(layer);
    if (fs.existsSync(path.join(current, '.git'))) break;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return layers;
}

export interface Discovered {
  readonly files: string[];
  /** Files named on the command line (not found by walking a directory). */
  readonly explicit: string[];
  /** Paths given on the command line that do not exist. */
  readonly missing: string[];
  /** Directories named on the command line (walked). */
  readonly directories: string[];
  /** Paths that could not be used, in the order met; every missing path is one too. */
  readonly problems: DiscoveryProblem[];
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

export function discover(inputs: readonly string[], cwd: string): Discovered {
  const files = new Set<string>();
  const explicit: string[] = [];
  const missing: string[] = [];
  const problems: DiscoveryProblem[] = [];
  const directories: string[] = [];
  const report: ProblemSink = (problem) => problems.push(problem);
  let symlinked = false;
  for (const input of inputs) {
    if (input === '') {
      report({ path: input, message: 'an empty path was given', severity: 'error' });
      continue;
    }
    const full = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') {
        missing.push(input);
        report({ path: input, message: `no such file or directory: ${input}`, severity: 'error' });
      } else report({ path: input, message: `cannot read ${input}: ${fileErrorReason(error)}`, severity: 'error' });
      continue;
    }
    if (stat.isFile()) {
      if (files.has(full)) continue;
      files.add(full);
      explicit.push(full);
      symlinked ||= fs.lstatSync(full).isSymbolicLink();
    } else if (stat.isDirectory()) {
      directories.push(full);
      walk(full, ancestorLayers(full, report), files, report);
    } else {
      report({ path: input, message: `${input} is ${fileKind(stat)}, not a file or directory; it was not read`, severity: 'error' });
    }
  }
  const found = symlinked ? oncePerTarget([...files], explicit) : [...files];
  return { files: found.sort(), explicit: explicit.filter((f) => found.includes(f)), missing, directories, problems };
}

/**
 * A file named through a symbolic link and also found (or named) as itself
 * is one file: it is linted, and fixed, once, under the name that is not a
 * link.
 */
function oncePerTarget(files: readonly string[], explicit: readonly string[]): string[] {
  const byTarget = new Map<string, string>();
  const isLink = (file: string) => explicit.includes(file) && fs.lstatSync(file).isSymbolicLink();
  for (const file of files) {
    let target: string;
    try {
      target = fs.realpathSync(file);
    } catch {
      target = file;
    }
    const kept = byTarget.get(target);
    if (kept === undefined || (isLink(kept) && !isLink(file))) byTarget.set(target, file);
  }
  return [...byTarget.values()];
}

const PROJECT_MARKERS = ['pyproject.toml', 'setup.cfg', 'setup.py', 'manage.py', '.git'];

/** The nearest directory above a file that looks like a project root. */
export function projectRoot(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (PROJECT_MARKERS.some((m) => fs.existsSync(path.join(dir, m)))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Bound on the files read for context, so a hook in a huge monorepo stays quick. */
const MAX_CONTEXT_FILES = 20_000;

/**
 * The other Python files of the projects the named files belong to: a hook
 * that passes only a changed production.py still needs the base.py it
 * star-imports and the celery.py that loads it to judge it.
 */
export function projectContext(explicit: readonly string[], known: ReadonlySet<string>): string[] {
  const roots = new Set<string>();
  const importRoots = new Set<string>();
  for (const file of explicit) {
    const root = projectRoot(file);
    if (root) roots.add(root);
    else importRoots.add(importRoot(file));
  }
  const out = new Set<string>();
  // Context is best effort: what cannot be read is left out without a word.
  const quiet: ProblemSink = () => undefined;
  for (const root of roots) walk(root, ancestorLayers(root, quiet), out, quiet);
  for (const root of importRoots) if (!roots.has(root)) walkImportable(root, out, quiet);
  return [...out].filter((f) => !known.has(f)).sort().slice(0, MAX_CONTEXT_FILES);
}

/**
 * Where Python would import a file's top package from, for a file with no
 * project marker above it (`celery-lint /tmp/demo/proj/celeryconfig.py`):
 * the first directory up from it that is not a package.
 */
function importRoot(file: string): string {
  let dir = path.dirname(file);
  while (fs.existsSync(path.join(dir, '__init__.py')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/**
 * What a module in `root` can import: the files beside it and its packages,
 * not every directory below it (with no marker, the root may be /tmp or a
 * home directory).
 */
function walkImportable(root: string, out: Set<string>, report: ProblemSink): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  const layers = ancestorLayers(root, report);
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.isFile() && isLintedFile(entry.name, full) && !ignored(layers, full, false)) out.add(full);
    else if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name) && !ignored(layers, full, true) && fs.existsSync(path.join(full, '__init__.py'))) walk(full, ancestorLayers(full, report), out, report);
  }
}

function walk(dir: string, layers: IgnoreLayer[], out: Set<string>, report: ProblemSink): void {
  // An explicit stack instead of recursion: deep trees must not overflow.
  const stack: Array<{ dir: string; layers: IgnoreLayer[] }> = [{ dir, layers }];
  while (stack.length > 0) {
    const { dir: current, layers: inherited } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch (error) {
      // A directory named on the command line must be read; one met on the way is passed over, with a word.
      const named = current === dir;
      report({ path: current, message: `cannot read directory ${current}: ${fileErrorReason(error)}${named ? '' : '; its files were not linted'}`, severity: named ? 'error' : 'warning' });
      continue;
    }
    // A virtualenv announces itself with pyvenv.cfg, whatever it is called; a .gitignore is read only where the listing shows one.
    if (current !== dir && entries.some((e) => e.name === 'pyvenv.cfg')) continue;
    const own = current === dir || !entries.some((e) => e.name === '.gitignore') ? undefined : readIgnore(current, report);
    const active = own ? [...inherited, own] : inherited;
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || ignored(active, full, true)) continue;
        stack.push({ dir: full, layers: active });
      } else if (entry.isFile() && isLintedFile(entry.name, full) && !ignored(active, full, false)) {
        out.add(full);
      }
    }
  }
}
