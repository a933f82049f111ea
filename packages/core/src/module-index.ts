// Maps Python module names to the linted files, the way an import would find
// them, without knowing sys.path: relative imports resolve from the importing
// file's package; absolute ones by path suffix, preferring the candidate
// nearest to the importer (monorepos hold several `proj/settings.py`).

/** Forward slashes and a leading slash, so suffix matching works for relative paths too. */
function normalize(path: string): string {
  const forward = path.includes('\\') ? path.replace(/\\/g, '/') : path;
  return forward.startsWith('/') ? forward : `/${forward}`;
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '' : path.slice(0, i);
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The last parts of the module name a file defines, as a path: `c` and `b/c`
 * for `.../b/c.py` and for `.../b/c/__init__.py` (only `c` for `/c.py`).
 */
function moduleTails(normalized: string): string[] {
  const path = normalized.endsWith('/__init__.py') ? dirname(normalized) : normalized.endsWith('.py') ? normalized.slice(0, -3) : normalized;
  const last = path.lastIndexOf('/');
  const parent = path.lastIndexOf('/', last - 1);
  return last > 0 ? [path.slice(last + 1), path.slice(parent + 1)] : [path.slice(last + 1)];
}

/** The index shared() last built: a run asks for one over the same files several times. */
let lastShared: ModuleIndex | undefined;

export class ModuleIndex {
  private readonly files: Map<string, string>;
  /**
   * Files by the last part of the module name they define (`c`), and by its
   * last two (`b/c`): an absolute import looks only there (`django.db.models`
   * need not visit every app's models.py).
   */
  private readonly byTail = new Map<string, Array<[normalized: string, original: string]>>();

  /**
   * An index over `paths`, the last one built when it indexes exactly these
   * files: an index is never changed once built, and a run over named files
   * asks for one over every file of the project three times (the project
   * index, the pull-ins, the engine's importers), ~4,000 paths each in a
   * pre-commit hook's project, mostly before V8 has optimised the code.
   */
  static shared(paths: readonly string[]): ModuleIndex {
    if (lastShared?.indexes(paths)) return lastShared;
    lastShared = new ModuleIndex(paths);
    return lastShared;
  }

  /** Whether this index holds exactly `paths` (in any order, repeats allowed). */
  private indexes(paths: readonly string[]): boolean {
    if (paths.length < this.files.size) return false;
    for (const p of paths) if (this.files.get(normalize(p)) !== p) return false;
    // Every path is here; the same count of distinct ones leaves none of the index's out.
    return new Set(paths).size === this.files.size;
  }

  constructor(paths: readonly string[]) {
    this.files = new Map(paths.map((p) => [normalize(p), p]));
    for (const [normalized, original] of this.files) {
      for (const key of moduleTails(normalized)) {
        const list = this.byTail.get(key);
        if (list) list.push([normalized, original]);
        else this.byTail.set(key, [[normalized, original]]);
      }
    }
  }

  /**
   * The file a module name refers to, seen from `fromFile`. `level` is the
   * number of leading dots of a relative import (0 for absolute).
   */
  resolve(fromFile: string, moduleName: string, level: number): string | undefined {
    const parts = moduleName.split('.').filter((p) => p.length > 0);
    if (level > 0) {
      let base = dirname(normalize(fromFile));
      for (let i = 1; i < level; i++) base = dirname(base);
      const path = [base, ...parts].join('/');
      return this.files.get(`${path}.py`) ?? this.files.get(`${path}/__init__.py`);
    }
    if (parts.length === 0) return undefined;
    const rel = parts.join('/');
    const suffixes = [`/${rel}.py`, `/${rel}/__init__.py`];
    const from = normalize(fromFile);
    let best: string | undefined;
    let bestScore = -1;
    for (const [normalized, original] of this.byTail.get(parts.slice(-2).join('/')) ?? []) {
      if (!suffixes.some((s) => normalized.endsWith(s))) continue;
      const score = commonPrefixLength(normalized, from);
      // Equally near: the first path in code-point order, so the answer depends on which files exist, not on the order they were listed in.
      if (score > bestScore || (score === bestScore && original < best!)) {
        best = original;
        bestScore = score;
      }
    }
    return best;
  }

  /** A dotted name that may also carry an attribute: `proj.config.CeleryConfig` -> module file + attribute. */
  resolveObject(fromFile: string, dotted: string): { file: string; attribute: string | undefined } | undefined {
    const clean = dotted.replace(/:/g, '.');
    const level = /^\.*/.exec(clean)![0].length;
    const parts = clean.slice(level).split('.');
    for (let cut = parts.length; cut >= (level > 0 ? 0 : 1); cut--) {
      const file = this.resolve(fromFile, parts.slice(0, cut).join('.'), level);
      if (file) {
        const rest = parts.slice(cut);
        if (rest.length > 1) return undefined;
        return { file, attribute: rest[0] };
      }
    }
    return undefined;
  }
}

/**
 * The index's answers, remembered for one project read (never longer: a run
 * is not to find them ready from the one before). Every from-import is
 * resolved by the import scan and again when the binder reads it:
 * resolve() was 0.86% of a survey run's engine-side profile, 0.25% so.
 */
export function rememberingResolve(index: ModuleIndex): Pick<ModuleIndex, 'resolve'> {
  const answers = new Map<string, string | undefined>();
  return {
    resolve(fromFile, moduleName, level) {
      const key = `${level} ${moduleName} ${fromFile}`;
      if (answers.has(key)) return answers.get(key);
      const answer = index.resolve(fromFile, moduleName, level);
      answers.set(key, answer);
      return answer;
    },
  };
}
