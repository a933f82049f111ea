// The project modules a module imports, read from its text before any tree
// exists (a superset: imports in strings and comments count too). The engine
// reads modules after the modules they import; the first-read pass asks which
// imports run while the module is being imported, and where.
import type { ModuleIndex } from './module-index';

/** `from .base import` and the like: the dots, then the module name. */
const IMPORT_FROM = /\bfrom[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import\b/g;
/** What follows `import` in a from-import: a parenthesized list (over lines) or the rest of the line. */
const IMPORTED_NAMES = /^[ \t]*(\([^)]*\)|[^\r\n#;]*)/;
/** `import a.b, c as d` at the start of a line. */
const IMPORT_MODULES = /^[ \t]*import[ \t]+([^\r\n#;]+)/gm;

/** One import statement's target in a module's text. */
export interface ImportSite {
  readonly target: string;
  /** Where the statement starts in the importing module's text. */
  readonly at: number;
}

/** The project modules a module's text may import from, in the order it names them. */
export interface ScannedImports {
  /** Every from-import's module (the modules whose names it may read). */
  readonly all: readonly string[];
  /** Those outside function bodies: what importing the module imports (see importsAtImportTime). */
  readonly atImportTime: readonly string[];
}

/**
 * Both lists from one pass over the text: the engine asks both of every
 * module it reads, and two passes (the second over a copy of the text with
 * its function bodies blanked) cost 3.3% of a survey run's engine time.
 * A from-import never spans a line break, so the matches over the blanked
 * copy are the matches over the text on the lines it keeps.
 */
export function scanImports(path: string, text: string, index: Pick<ModuleIndex, 'resolve'>): ScannedImports {
  if (!text.includes('import')) return { all: [], atImportTime: [] };
  const kept = importTimeLines(text);
  const all: string[] = [];
  const atImportTime: string[] = [];
  let line = 0;
  for (const m of text.matchAll(IMPORT_FROM)) {
    const target = index.resolve(path, m[2]!, m[1]!.length);
    if (!target || target === path) continue;
    all.push(target);
    const at = m.index!;
    while (line < kept.length && kept[line + 1]! <= at) line += 2;
    if (line < kept.length && kept[line]! <= at) atImportTime.push(target);
  }
  return { all, atImportTime };
}

/** The project's modules that `path`'s text may import from, in the order it names them. */
export function scannedImports(path: string, text: string, index: ModuleIndex): string[] {
  return [...scanImports(path, text, index).all];
}

const DEF = /(?:async[ \t]+)?def\b/y;
const WHITESPACE = /\s/;

/**
 * The lines of `text` that run when the module is imported, as far as a
 * line scan can tell, as [start, end) offset pairs in order: every line but
 * blank ones, comment lines and functions (their `def` line and every line
 * indented deeper below it). A line ends at \n or \r.
 */
function importTimeLines(text: string): number[] {
  const kept: number[] = [];
  let functionIndent: number | undefined;
  const n = text.length;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    if (end === start) {
      start++;
      continue;
    }
    let first = start;
    while (first < end && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
    // A blank or comment line neither ends a function nor runs.
    const code = first < end && text.charCodeAt(first) !== 35 /* # */ && !WHITESPACE.test(text[first]!);
    if (code) {
      const indent = first - start;
      const inFunction = functionIndent !== undefined && indent > functionIndent;
      if (!inFunction) {
        functionIndent = undefined;
        DEF.lastIndex = first;
        if (DEF.test(text)) functionIndent = indent;
        else kept.push(start, end);
      }
    }
    start = end;
  }
  return kept;
}

/**
 * The text without the bodies of its functions (nor comment lines), each
 * blanked to spaces so offsets still point into the original: what runs when
 * the module is imported, as far as a line scan can tell.
 */
function withoutFunctionBodies(text: string): string {
  const kept = importTimeLines(text);
  let out = '';
  let at = 0;
  for (let i = 0; i < kept.length; i += 2) {
    out += blanked(text.slice(at, kept[i]!)) + text.slice(kept[i]!, kept[i + 1]!);
    at = kept[i + 1]!;
  }
  return out + blanked(text.slice(at));
}

/** Every character but line breaks as a space. */
function blanked(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

/**
 * The imports a module runs when it is imported: scannedImports over the
 * text without its function bodies. Modules are read after these, so an
 * import a function makes later (`from proj.settings import STAGE` inside a
 * helper of a module the settings star-import) does not turn into an import
 * cycle that leaves the settings' star import unread.
 */
export function importsAtImportTime(path: string, text: string, index: ModuleIndex): string[] {
  return [...scanImports(path, text, index).atImportTime];
}

/**
 * Where importing `path` imports each project module, in the order it does:
 * the import-time imports above, with the submodules a from-import names
 * (`from . import tasks`) and plain `import a.b` statements, which run a
 * module's code too but say nothing of the names the engine reads first.
 */
export function importSitesAtImportTime(path: string, text: string, index: ModuleIndex): ImportSite[] {
  if (!text.includes('import')) return [];
  const code = withoutFunctionBodies(text);
  const sites: ImportSite[] = [];
  const add = (target: string | undefined, at: number) => {
    if (target && target !== path) sites.push({ target, at });
  };
  for (const m of code.matchAll(IMPORT_FROM)) {
    const level = m[1]!.length;
    const module = m[2]!;
    const at = m.index!;
    const target = module === '' && level === 0 ? undefined : index.resolve(path, module, level);
    add(target, at);
    const names = IMPORTED_NAMES.exec(code.slice(at + m[0].length))?.[1] ?? '';
    for (const item of names.replace(/[()\\]/g, ' ').split(',')) {
      const name = /^\s*(\w+)/.exec(item)?.[1];
      if (name === undefined) continue;
      const submodule = index.resolve(path, module ? `${module}.${name}` : name, level);
      if (submodule !== target) add(submodule, at);
    }
  }
  for (const m of code.matchAll(IMPORT_MODULES)) {
    for (const item of m[1]!.split(',')) {
      const dotted = /^\s*([\w.]+)/.exec(item)?.[1];
      if (dotted) add(index.resolve(path, dotted, 0), m.index!);
    }
  }
  return sites.sort((a, b) => a.at - b.at);
}
