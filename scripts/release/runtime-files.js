'use strict';
// The files the engine reads at run time besides its JavaScript: the
// tree-sitter runtime and the Python grammar (WebAssembly), and the rule
// pages (`celery-lint rule ID`, SARIF help, hover). Every shipped form puts
// them at the same places relative to the bundle's directory, where the
// parser (wasmDirectory) and the rule pack (rules/docs/ upward from the
// bundle) look: the npm package and the VS Code extension in dist/, the single
// executable inside itself (embedded-fs.js).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

/** Map from the place beside the bundle ('tree-sitter.wasm', 'rules/docs/x.md') to the file in this checkout. */
function runtimeFiles() {
  const files = new Map([
    ['tree-sitter.wasm', require.resolve('web-tree-sitter/tree-sitter.wasm', { paths: [root] })],
    ['tree-sitter-python.wasm', require.resolve('tree-sitter-python/tree-sitter-python.wasm', { paths: [root] })],
  ]);
  const docs = path.join(root, 'rules', 'docs');
  for (const name of fs.readdirSync(docs).sort()) {
    if (name.endsWith('.md')) files.set(`rules/docs/${name}`, path.join(docs, name));
  }
  return files;
}

/** Copies the runtime files into `dir` (the directory that holds the bundle). */
function copyRuntimeFiles(dir) {
  for (const [name, from] of runtimeFiles()) {
    const to = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
}

module.exports = { runtimeFiles, copyRuntimeFiles };
