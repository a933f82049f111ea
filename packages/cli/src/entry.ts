// What `celery-lint` runs: starts loading the parser, then runs the command
// line. Bundled into one file for start-up speed (scripts/bundle-cli.js);
// bin/celery-lint.js chooses the WebAssembly compiler, loads the bundle
// through V8's code cache, and falls back to this module when no bundle was
// built.

export function run(args: readonly string[]): void {
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
