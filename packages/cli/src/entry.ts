// What `celery-lint` runs: chooses the WebAssembly compiler, starts loading
// the parser, then runs the command line. Bundled into one file for start-up
// speed (scripts/bundle-cli.js) and loaded through V8's code cache
// (src/launch.ts); bin/celery-lint.js falls back to this module when no
// bundle was built.
import { chooseWasmCompiler } from './launch';

export { isSmallRun } from './launch';

export function run(args: readonly string[]): void {
  chooseWasmCompiler(args); // already done by bin/celery-lint.js, which calls this with the same arguments
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
