// Reading every file of a lint as one project, in the order Python imports
// them: a module after the modules it imports and after its packages'
// __init__.py (package-inits.ts), trees freed as soon as no module still to
// be read needs them (tree-lifetimes.ts), and how each module uses Celery
// read while its tree is alive. engine.ts runs it, then builds the
// configurations from what it read.
import { analyzeFile, type FileAnalysis, type Importer, type ModuleExports } from './extract';
import { rememberingResolve, type ModuleIndex } from './module-index';
import { scanImports } from './import-scan';
import type { Tree } from './parser';
import { parseRecovering } from './statement-recovery';
import { TreeLifetimes } from './tree-lifetimes';
import { packageInitsAbove } from './package-inits';
import { settleSlots } from './module-scope';
import { readModuleUsage, type ModuleUsage } from './app-usage/read-usage';
import { INCLUDED_FILE } from './pull-ins';
import type { SourceFile } from './engine';

/** The files django-split-settings' include() may run in `path`'s namespace (read when the include is). */
function scannedIncludes(path: string, text: string, index: Pick<ModuleIndex, 'resolve'>): string[] {
  if (!text.includes('split_settings')) return [];
  const found: string[] = [];
  for (const m of text.matchAll(INCLUDED_FILE)) {
    const target = index.resolve(path, m[1]!.replace(/\//g, '.'), 1);
    if (target && target !== path) found.push(target);
  }
  return found;
}

/**
 * Reads every file as one project: a module is read when first imported (or
 * in turn), so `from .base import *` sees base's names; an import cycle sees
 * the names read so far and nothing more.
 *
 * Names are evaluated lazily, when first asked. A module that no module still
 * to be read imports (directly or through others, tree-lifetimes.ts) lets go
 * of its tree and names once read. One that such a module imports has every
 * name worked out right after its read (settleSlots), into plain data, and
 * its tree freed then: a run holds the tree of the module being read and of
 * the imports it is reading, never one per module still imported (a Django
 * project held most of its trees at once, and WebAssembly memory never
 * shrinks). Should an import reach a freed module after all, it is read again.
 */
export function analyzeProject(files: readonly SourceFile[], moduleIndex: ModuleIndex): { analyses: FileAnalysis[]; usages: ModuleUsage[] } {
  const index = rememberingResolve(moduleIndex);
  const byPath = new Map(files.map((f) => [f.path, f]));
  const usages = new Map<string, ModuleUsage>();
  const owned = new Map<string, Tree[]>();
  const results = new Map<string, FileAnalysis>();
  const exports = new Map<string, ModuleExports>();
  const reading = new Set<string>();
  const imports = new Map(files.map((f) => [f.path, scanImports(f.path, f.text, index)]));
  const lifetimes = new TreeLifetimes(
    files.map((f) => f.path),
    (path) => [...imports.get(path)!.all, ...scannedIncludes(path, byPath.get(path)!.text, index)],
  );
  /** Drops what a module's names were read from; files the caller parsed (an editor's) keep their trees. */
  const release = (path: string) => {
    for (const tree of owned.get(path) ?? []) tree.delete();
    owned.delete(path);
    exports.delete(path);
  };

  /** Works out what importers may read of a module's names, so its trees can go while they are still to be read. */
  const settle = (path: string) => {
    const trees = owned.get(path);
    if (!trees) return;
    settleSlots(exports.get(path)!.scope.slots());
    for (const tree of trees) tree.delete();
    owned.delete(path);
  };

  const read = (path: string): ModuleExports | undefined => {
    const done = exports.get(path);
    if (done) return done;
    if (reading.has(path)) return undefined; // an import cycle: the importer sees what is read so far
    const file = byPath.get(path)!;
    reading.add(path);
    try {
      let tree = file.tree;
      if (!tree) {
        // An unclosed bracket costs its own statement, not everything below it.
        const parsed = parseRecovering(file.text);
        owned.set(path, parsed);
        tree = parsed;
      }
      const { analysis, exports: moduleExports } = analyzeFile(path, file.text, tree, importer, file.tree !== undefined, file.lineIndex);
      exports.set(path, moduleExports);
      // A module read again for a late importer keeps its first analysis.
      if (!results.has(path)) {
        results.set(path, analysis);
        usages.set(path, usageOf(path, file.text, tree, analysis, moduleExports));
        for (const freed of lifetimes.read(path)) release(freed);
      }
      // Still imported by modules to be read (or read again for one): its names are worked out now, and its trees go.
      if (exports.has(path)) settle(path);
      return moduleExports;
    } finally {
      reading.delete(path);
    }
  };
  const importer: Importer = (fromFile, moduleName, level) => {
    const target = index.resolve(fromFile, moduleName, level);
    if (!target || target === fromFile) return undefined;
    // An import the scan missed holds its target from now on; one reaching a freed module reads it again.
    lifetimes.imports(fromFile, target);
    return { file: target, exports: read(target) };
  };
  const isLinted = (file: string) => byPath.has(file);
  /**
   * Reads `root` after the modules it imports, and those after theirs, with
   * a stack instead of recursion: a chain of ten thousand star imports would
   * otherwise nest ten thousand reads. A module on the current path counts as
   * being read, so a cycle ends where it did when reads nested. The root is
   * met as an import is (the bottom frame imports it), so it too comes after
   * its packages' __init__.py.
   */
  const readAfterImports = (root: string): void => {
    const stack: Array<{ path: string | undefined; imports: readonly string[]; next: number }> = [{ path: undefined, imports: [root], next: 0 }];
    const enter = (path: string) => {
      reading.add(path);
      stack.push({ path, imports: imports.get(path)!.atImportTime, next: 0 });
    };
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.imports.length) {
        const target = top.imports[top.next]!;
        // Importing a module runs its packages' __init__.py first (package-inits.ts): the first not read yet goes
        // before it, and the module comes next, unless that __init__.py read it on the way.
        const init = results.has(target) ? undefined : packageInitsAbove(target, isLinted).find((p) => !results.has(p) && !reading.has(p));
        if (init) {
          enter(init);
          continue;
        }
        top.next++;
        if (!results.has(target) && !reading.has(target)) enter(target);
        continue;
      }
      stack.pop();
      if (top.path === undefined) continue;
      reading.delete(top.path);
      if (!results.has(top.path)) read(top.path);
    }
  };
  try {
    for (const file of files) readAfterImports(file.path);
  } finally {
    for (const trees of owned.values()) for (const tree of trees) tree.delete();
  }
  return { analyses: files.map((f) => results.get(f.path)!), usages: files.map((f) => usages.get(f.path)!) };
}

/**
 * How a module uses Celery (app-usage/), read while its tree is alive. A bug
 * there must not cost the run: it becomes one diagnostic on the file.
 */
function usageOf(path: string, text: string, tree: Tree | readonly Tree[], analysis: FileAnalysis, exports: ModuleExports): ModuleUsage {
  try {
    return readModuleUsage(path, text, Array.isArray(tree) ? tree : [tree as Tree], analysis, exports);
  } catch (error) {
    const span = { file: path, start: 0, end: 0 };
    analysis.diagnostics.push({
      ruleId: 'celery-lint/internal-error',
      messageId: 'usageCrashed',
      severity: 'error',
      message: `celery-lint could not read how this module calls tasks: ${error instanceof Error ? error.message : String(error)}. This is a celery-lint bug; please report it.`,
      file: path,
      span,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    return { file: path, tasks: [], calls: [], waits: [], autodiscoveries: [], djangoSettings: new Map() };
  }
}
