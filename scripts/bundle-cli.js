#!/usr/bin/env node
'use strict';
// Bundles the CLI (its code, core, rules, yargs) into one minified file: a
// one-file lint is mostly start-up, and start-up is mostly loading modules.
// web-tree-sitter stays external so it finds its own .wasm beside itself.
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
esbuild.buildSync({
  entryPoints: [path.join(root, 'packages', 'cli', 'dist', 'src', 'entry.js')],
  outfile: path.join(root, 'packages', 'cli', 'dist', 'celery-lint.bundle.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: 'linked',
  external: ['web-tree-sitter'],
  logLevel: 'error',
});
