// What bin/celery-lint.js runs before anything else: picks the WebAssembly
// compiler for the run, then loads the bundled CLI through V8's code cache.
// Kept small and free of dependencies: it runs before the bundle is loaded.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import Module from 'node:module';

/**
 * A run over a few small files (an editor, a pre-commit hook with one changed
 * file) is dominated by start-up, and V8's optimising WebAssembly compiler
 * competes with it for the CPU: the baseline compiler alone makes such a run
 * about a third faster. Whole trees keep the optimised parser, which parses
 * bulk text ~1.6x faster.
 */
export function isSmallRun(args: readonly string[]): boolean {
  if (args.includes('--stdin')) return true;
  const paths = args.filter((a) => !a.startsWith('-'));
  if (paths.length === 0) return false;
  let bytes = 0;
  for (const p of paths) {
    try {
      const stat = fs.statSync(p);
      if (!stat.isFile()) return false;
      bytes += stat.size;
    } catch {
      // Not a path (a subcommand or an option's value): says nothing about size.
    }
  }
  return bytes < 512 * 1024;
}

let liftoffOnly = false;

/** Chooses the WebAssembly compiler; must run before code is compiled for the code cache's sake (V8 ties a cache to its flags). */
export function chooseWasmCompiler(args: readonly string[]): void {
  if (liftoffOnly || !isSmallRun(args)) return;
  v8.setFlagsFromString('--liftoff-only');
  liftoffOnly = true;
}

/** A short, stable file name for a path (FNV-1a). */
function nameOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * A directory for the code cache that only this user can write, or undefined.
 * NODE_DISABLE_COMPILE_CACHE (Node's own switch for its compile cache) turns it off.
 */
function cacheDirectory(): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = path.join(os.tmpdir(), `celery-lint-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    // Code from the cache runs as this user: never trust a directory someone else controls.
    if (!stat.isDirectory() || (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0))) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * Loads a CommonJS file (the bundled CLI) as require() would, but compiled
 * through V8's code cache: on later runs V8 skips parsing and compiling the
 * functions the last run needed, which is most of what loading the bundle
 * costs. The cache is written when the process exits, so it holds every
 * function that run compiled, and is keyed by the file's identity (path,
 * size, times, inode), the Node version and the WebAssembly compiler flag.
 * Any problem with the cache falls back to compiling from source.
 */
export function loadCached(filename: string): unknown {
  const source = fs.readFileSync(filename, 'utf8');
  const dir = cacheDirectory();
  let cacheFile: string | undefined;
  let key: Buffer | undefined;
  let cachedData: Buffer | undefined;
  if (dir) {
    const stat = fs.statSync(filename);
    key = Buffer.from(`${[filename, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, process.version, process.arch, liftoffOnly].join('\0')}\n`);
    cacheFile = path.join(dir, `${nameOf(filename)}-${liftoffOnly ? 'baseline' : 'optimising'}.cache`);
    try {
      const stored = fs.readFileSync(cacheFile);
      if (stored.length > key.length && stored.subarray(0, key.length).equals(key)) cachedData = stored.subarray(key.length);
    } catch {
      // No cache yet.
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile && key && (!cachedData || script.cachedDataRejected)) {
    const file = cacheFile;
    const header = key;
    process.once('exit', () => {
      const temp = `${file}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temp, Buffer.concat([header, script.createCachedData()]), { mode: 0o600 });
        fs.renameSync(temp, file);
      } catch {
        fs.rmSync(temp, { force: true });
      }
    });
  }
  const loaded = new Module(filename, require.main);
  loaded.filename = filename;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  wrapper.call(loaded.exports, loaded.exports, Module.createRequire(filename), loaded, filename, path.dirname(filename));
  loaded.loaded = true;
  return loaded.exports;
}

/** Runs the CLI: the bundle when it was built, else the module graph it is built from. */
export function launch(args: readonly string[], bundle: string, entry: string): void {
  chooseWasmCompiler(args);
  const cli = (fs.existsSync(bundle) ? loadCached(bundle) : require(entry)) as { run(args: readonly string[]): void };
  cli.run(args);
}
