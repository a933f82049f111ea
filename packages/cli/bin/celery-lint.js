#!/usr/bin/env node
'use strict';
// Starts the CLI as quickly as Node allows: a one-file lint (an editor, a
// pre-commit hook) is mostly start-up. Plain JavaScript with no dependencies,
// since it runs before anything is loaded, and it ships as is.
const fs = require('node:fs');
const path = require('node:path');
const { isSmallRun, LIFTOFF_UNDONE, runFlags } = require('./small-run.js');
const { buildOf, cacheDirectory } = require('./run-caches.js');

/** A short, stable file name for a path (FNV-1a). */
function nameOf(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * Loads a CommonJS file (the bundled CLI) as require() would, but compiled
 * through V8's code cache (Node 20 has no module.enableCompileCache): later
 * runs skip parsing and compiling the functions the first run needed, most of
 * what loading the bundle costs. The cache is written when the process exits,
 * so it holds every function that run compiled, and is keyed by the file's
 * identity (path, size, times, inode), the Node version and the WebAssembly
 * compiler flag, which V8 ties a cache to. Any problem with the cache falls
 * back to compiling from source. `later`: the run may set --liftoff-only
 * after discovery (src/compiler-choice.ts); the flags are set back before the
 * cache is written, since V8 stamps a cache with the flags in force when it is
 * made, and a cache stamped with others would be rejected by every run.
 */
function loadCached(filename, mode, dir, later) {
  const vm = require('node:vm');
  const Module = require('node:module');
  const source = fs.readFileSync(filename, 'utf8');
  let cacheFile;
  let key;
  let cachedData;
  if (dir) {
    key = Buffer.from(`${[buildOf(filename), process.arch, mode].join('\0')}\n`);
    cacheFile = path.join(dir, `${nameOf(filename)}-${mode}.cache`);
    try {
      const stored = fs.readFileSync(cacheFile);
      if (stored.length > key.length && stored.subarray(0, key.length).equals(key)) cachedData = stored.subarray(key.length);
    } catch {
      // No cache yet.
    }
  }
  const script = new vm.Script(Module.wrap(source), cachedData ? { filename, cachedData } : { filename });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // The cache of a one-character script is stamped with the flags as the cache of the bundle is: equal bytes, equal flags.
    const flagsNow = () => new vm.Script('0', { filename: 'flags' }).createCachedData();
    const loadedWith = later ? flagsNow() : undefined;
    process.once('exit', () => {
      if (loadedWith) {
        require('node:v8').setFlagsFromString(LIFTOFF_UNDONE);
        if (!flagsNow().equals(loadedWith)) return;
      }
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temp, Buffer.concat([key, script.createCachedData()]), { mode: 0o600 });
        fs.renameSync(temp, cacheFile);
      } catch {
        fs.rmSync(temp, { force: true });
      }
    });
  }
  const loaded = new Module(filename, module);
  loaded.filename = filename;
  script.runInThisContext().call(loaded.exports, loaded.exports, Module.createRequire(filename), loaded, filename, path.dirname(filename));
  loaded.loaded = true;
  return loaded.exports;
}

const args = process.argv.slice(2);
// Before anything is compiled: V8 ties a code cache to its flags.
const small = isSmallRun(args);
for (const flag of runFlags(args)) require('node:v8').setFlagsFromString(flag);
// Any other run chooses its WebAssembly compiler once it knows what it parses (src/compiler-choice.ts), where its flags can be set back.
const later = !small && LIFTOFF_UNDONE !== undefined;
// The single-file bundle loads several times faster than the module graph it is built from.
const bundle = path.join(__dirname, '..', 'dist', 'celery-lint.bundle.js');
const dir = cacheDirectory();
if (fs.existsSync(bundle)) {
  // What the project index reads of each file is kept too (src/facts-cache.ts), for the bundle that read it.
  const options = { ...(later ? { compiler: 'after-discovery' } : {}), ...(dir ? { factsCache: { directory: dir, build: buildOf(bundle) } } : {}) };
  loadCached(bundle, small ? 'baseline' : 'optimising', dir, later).run(args, options);
} else {
  require(path.join(__dirname, '..', 'dist', 'src', 'entry.js')).run(args, later ? { compiler: 'after-discovery' } : {});
}
