#!/usr/bin/env node
'use strict';
// Bundles the CLI (its code, core, rules, web-tree-sitter's JavaScript)
// into one minified file: a one-file lint is mostly start-up, and start-up is
// mostly loading modules. bin/celery-lint.js loads the bundle through V8's
// code cache.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');

// web-tree-sitter finds its tree-sitter.wasm beside its own script
// (`__dirname`); inside the bundle __dirname is packages/cli/dist, so it is
// pointed back at the installed package, which still ships the .wasm.
const WASM_DIRECTORY = 'scriptDirectory = __dirname + "/";';
const webTreeSitter = {
  name: 'web-tree-sitter-wasm-location',
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]tree-sitter\.cjs$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (text.split(WASM_DIRECTORY).length !== 2) {
        throw new Error(`bundle-cli: ${args.path} no longer sets its wasm directory with '${WASM_DIRECTORY}'; update scripts/bundle-cli.js`);
      }
      const located = 'scriptDirectory = require("node:path").dirname(require.resolve("web-tree-sitter/tree-sitter.wasm")) + "/";';
      return { contents: text.replace(WASM_DIRECTORY, located), loader: 'js' };
    });
  },
};

esbuild
  .build({
    entryPoints: [path.join(root, 'packages', 'cli', 'dist', 'src', 'entry.js')],
    outfile: path.join(root, 'packages', 'cli', 'dist', 'celery-lint.bundle.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: 'linked',
    // web-tree-sitter's `await import("fs/promises")` becomes a require(): a
    // dynamic import would start Node's ESM loader for one built-in module.
    supported: { 'dynamic-import': false },
    plugins: [webTreeSitter],
    logLevel: 'error',
  })
  .catch(() => process.exit(1));
