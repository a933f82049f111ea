#!/usr/bin/env node
'use strict';
// Start compiling the parser's WebAssembly now: it runs on background threads
// while the command line is loaded and parsed, which is most of a one-file run.
const warmup = require('@celery-lint/core').initParser();
warmup.catch(() => {}); // a failure resurfaces, with its message, where the parser is needed

require('../dist/src/main')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
