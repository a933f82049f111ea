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

/** The project's modules that `path`'s text may import from, in the order it names them. */
export function scannedImports(path: string, text: string, index: ModuleIndex): string[] {
  if (!text.includes('import')) return [];
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT_FROM)) {
    const target = index.resolve(path, m[2]!, m[1]!.length);
    if (target && target !== path) found.push(target);
  }
  return found;
}

/**
 * The text without the bodies of its functions (nor comment lines), each
 * blanked to spaces so offsets still point into the original: what runs when
 * the module is imported, as far as a line scan can tell.
 */
function withoutFunctionBodies(text: string): string {
  let functionIndent: number | undefined;
  return text.replace(/[^\r\n]+/g, (line) => {
    const start = /^([ \t]*)(\S)/.exec(line);
    if (!start || start[2] === '#') return ' '.repeat(line.length);
    const indent = start[1]!.length;
    if (functionIndent !== undefined) {
      if (indent > functionIndent) return ' '.repeat(line.length);
      functionIndent = undefined;
    }
    if (/^[ \t]*(?:async[ \t]+)?def\b/.test(line)) {
      functionIndent = indent;
      return ' '.repeat(line.length);
    }
    return line;
  });
}

/**
 * The imports a module runs when it is imported: scannedImports over the
 * text without its function bodies. Modules are read after these, so an
 * import a function makes later (`from proj.settings import STAGE` inside a
 * helper of a module the settings star-import) does not turn into an import
 * cycle that leaves the settings' star import unread.
 */
export function importsAtImportTime(path: string, text: string, index: ModuleIndex): string[] {
  if (!text.includes('import')) return [];
  return scannedImports(path, withoutFunctionBodies(text), index);
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
