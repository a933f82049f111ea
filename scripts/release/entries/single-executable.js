'use strict';
// The single executable the Python wheel ships (Node's single-executable
// applications): one file holding Node, this bundle, the two .wasm files and
// the rule pages. The bundle is built with __dirname set to the executable's
// own path, and embedded-fs.js serves the embedded files as if they sat in a
// directory of that name, so the CLI and the server find them exactly where
// they find them in the npm package. `celery-lint language-server ARGS` runs
// the language server (the wheel's `celery-lint-language-server` script calls
// that), anything else is the CLI.
const args = process.argv.slice(2);
if (args[0] === 'language-server') {
  process.argv.splice(2, 1);
  require('./language-server.js');
} else {
  // V8's flags (the WebAssembly compiler, the heap's growth) are chosen as the npm package's launcher chooses them, before the grammar loads;
  // a run its arguments do not show to be small chooses the compiler after discovery (src/compiler-choice.ts).
  const { isSmallRun, runFlags } = require('../../../packages/cli/bin/small-run.js');
  for (const flag of runFlags(args)) require('node:v8').setFlagsFromString(flag);
  // What the project index reads of each file is kept between runs (pre-commit's), for this executable's build.
  const { buildOf, cacheDirectory } = require('../../../packages/cli/bin/run-caches.js');
  const dir = cacheDirectory();
  const options = { ...(isSmallRun(args) ? {} : { compiler: 'after-discovery' }), ...(dir ? { factsCache: { directory: dir, build: buildOf(process.execPath) } } : {}) };
  require('./cli.js').run(args, options);
}
