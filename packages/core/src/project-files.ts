// Finds the Python files to lint under the given paths, the way a developer
// expects: .gitignore respected, virtualenvs and caches skipped, and files
// named explicitly always kept.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', '.eggs', 'build', 'dist']);

interface IgnoreLayer {
  readonly base: string;
  readonly rules: Ignore;
}

function readIgnore(dir: string): IgnoreLayer | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { base: dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function ignored(layers: readonly IgnoreLayer[], full: string, isDirectory: boolean): boolean {
  for (const layer of layers) {
    const rel = path.relative(layer.base, full).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (layer.rules.ignores(isDirectory ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** A virtualenv announces itself with pyvenv.cfg, whatever it is called. */
function isVirtualenv(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

/** .gitignore files from the filesystem root down to `dir`, so a path inside a repository honours its parents' rules. */
function ancestorLayers(dir: string): IgnoreLayer[] {
  const layers: IgnoreLayer[] = [];
  let current = dir;
  for (;;) {
    const layer = readIgnore(current);
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
}

export function discover(inputs: readonly string[], cwd: string): Discovered {
  const files = new Set<string>();
  const explicit: string[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      missing.push(input);
      continue;
    }
    if (stat.isFile()) {
      files.add(full);
      explicit.push(full);
      continue;
    }
    if (stat.isDirectory()) walk(full, ancestorLayers(full), files);
  }
  return { files: [...files].sort(), explicit, missing };
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
  for (const file of explicit) {
    const root = projectRoot(file);
    if (root) roots.add(root);
  }
  const out = new Set<string>();
  for (const root of roots) walk(root, ancestorLayers(root), out);
  return [...out].filter((f) => !known.has(f)).sort().slice(0, MAX_CONTEXT_FILES);
}

function walk(dir: string, layers: IgnoreLayer[], out: Set<string>): void {
  // An explicit stack instead of recursion: deep trees must not overflow.
  const stack: Array<{ dir: string; layers: IgnoreLayer[] }> = [{ dir, layers }];
  while (stack.length > 0) {
    const { dir: current, layers: inherited } = stack.pop()!;
    const own = current === dir ? undefined : readIgnore(current);
    const active = own ? [...inherited, own] : inherited;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || ignored(active, full, true) || isVirtualenv(full)) continue;
        stack.push({ dir: full, layers: active });
      } else if (entry.isFile() && entry.name.endsWith('.py') && !ignored(active, full, false)) {
        out.add(full);
      }
    }
  }
}
