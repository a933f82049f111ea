'use strict';
// The released `celery-lint`: the CLI bundled with its grammar files beside it.
// A user's install has no node_modules to resolve the .wasm files from, so the
// parser is pointed at this file's directory before the CLI asks for it,
// without loading it: the CLI loads it once it has chosen the WebAssembly
// compiler (packages/cli/src/compiler-choice.ts).
require('@celery-lint/core').locateParser({ wasmDirectory: __dirname });

module.exports = require('../../../packages/cli/dist/src/entry.js');
