'use strict';
// The released `celery-lint`: the CLI bundled with its grammar files beside it.
// A user's install has no node_modules to resolve the .wasm files from, so the
// parser is pointed at this file's directory before the CLI asks for it (the
// first initParser call decides where the grammar comes from; later calls
// share that load).
const { initParser } = require('@celery-lint/core');

initParser({ wasmDirectory: __dirname }).catch(() => {
  // The CLI awaits the same load and reports its error where the parser is needed.
});

module.exports = require('../../../packages/cli/dist/src/entry.js');
