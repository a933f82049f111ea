// What `celery-lint` runs: starts loading the parser (unless the run chooses
// its WebAssembly compiler after discovery: compiler-choice.ts), then runs the command
// line. Bundled into one file for start-up speed (scripts/bundle-cli.js);
// bin/celery-lint.js chooses the WebAssembly compiler, loads the bundle
// through V8's code cache, and falls back to this module when no bundle was
// built.
import type { FactsCacheSetting } from './facts-cache';

/**
 * `options.factsCache`: where the launcher keeps what the project index reads
 * between runs (facts-cache.ts). `options.compiler`: `after-discovery` when
 * the launcher's flags left the WebAssembly compiler to the run
 * (compiler-choice.ts).
 */
export function run(args: readonly string[], options: { readonly factsCache?: FactsCacheSetting; readonly compiler?: 'after-discovery' } = {}): void {
  if (options.compiler === 'after-discovery') (require('./compiler-choice') as typeof import('./compiler-choice')).chooseCompilerLater();
  else {
    // Loading the parser runs while the command line is loaded and parsed.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const core = require('@celery-lint/core') as typeof import('@celery-lint/core');
    core.initParser().catch(() => {
      // A failure resurfaces, with its message, where the parser is needed.
    });
  }
  if (options.factsCache) (require('./facts-cache') as typeof import('./facts-cache')).useFactsCache(options.factsCache);
  const { main } = require('./main') as typeof import('./main');
  void main(args).then((code) => {
    process.exitCode = code;
  });
}

// A worker thread of a lint run's unit pool (unit-pool.ts) loads this same file: it lints units and runs no command line.
// Told by its argument, not by worker_threads: loading that module would cost every run's start-up a few milliseconds.
if (process.argv[2] === '--celery-lint-unit-worker' /* unit-pool.ts, WORKER_ARG */) require('./lint-worker');
