// What `celery-lint` runs: chooses the WebAssembly compiler, starts loading
// the parser, then runs the command line. Bundled into one file for start-up
// speed (scripts/bundle-cli.js); bin/celery-lint.js falls back to this
// module when no bundle was built.
import * as fs from 'node:fs';
import * as v8 from 'node:v8';

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

export function run(args: readonly string[]): void {
  if (isSmallRun(args)) v8.setFlagsFromString('--liftoff-only');
  // Loading the parser runs while the command line is loaded and parsed.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const core = require('@celery-lint/core') as typeof import('@celery-lint/core');
  core.initParser().catch(() => {
    // A failure resurfaces, with its message, where the parser is needed.
  });
  const { main } = require('./main') as typeof import('./main');
  void main(args).then((code) => {
    process.exitCode = code;
  });
}
