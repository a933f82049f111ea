'use strict';
// The released `celery-lint-language-server`: the server bundled with its
// grammar files beside it (see entries/cli.js for why the parser is pointed
// here first).
const { initParser } = require('@celery-lint/core');

initParser({ wasmDirectory: __dirname }).catch(() => {
  // The server awaits the same load and reports its error.
});

require('../../../packages/language-server/dist/src/main.js');
