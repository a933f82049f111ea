#!/usr/bin/env node
'use strict';
// Builds the extension into packages/vscode/dist:
//   extension.js              the client (vscode-languageclient bundled; 'vscode' external)
//   server.js                 the language server with core, rules and vscode-languageserver bundled
//   tree-sitter.wasm          web-tree-sitter's runtime, found beside server.js
//   tree-sitter-python.wasm   the Python grammar (the server gets wasmDirectory: __dirname)
//   rules/docs/*.md           the rule pages, for hover on a rule id (the rule pack
//                             looks for rules/docs/ upward from the bundle)
//   THIRD-PARTY-NOTICES.txt   the licences of the npm packages inside the bundles
// Before bundling it builds the language server (tsc -b, which also builds core
// and rules) and type-checks the extension (tsc -p, no emit).
// `--skip-tsc` bundles what is already built.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { noticesText } = require('../../../scripts/release/notices.js');
const { copyRuntimeFiles, runtimeFiles } = require('../../../scripts/release/runtime-files.js');

const here = path.resolve(__dirname, '..');
const root = path.resolve(here, '..', '..');
const dist = path.join(here, 'dist');

function tsc(args) {
  const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: tsc ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

function main() {
  const skipTsc = process.argv.includes('--skip-tsc');
  if (!skipTsc) {
    tsc(['-b', path.join('packages', 'language-server')]);
    tsc(['-p', path.join('packages', 'vscode')]);
  }

  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20', // VS Code 1.91's extension host runs Node 20
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
  };
  const bundles = [
    esbuild.buildSync({
      ...common,
      entryPoints: [path.join(here, 'src', 'extension.ts')],
      outfile: path.join(dist, 'extension.js'),
      external: ['vscode'],
      metafile: true,
    }),
    esbuild.buildSync({
      ...common,
      entryPoints: [path.join(here, 'src', 'server.ts')],
      outfile: path.join(dist, 'server.js'),
      metafile: true,
      // core's require.resolve of the grammar is for unbundled use; the bundle
      // passes wasmDirectory instead, so that call is never made here.
      logOverride: { 'require-resolve-not-external': 'silent' },
    }),
  ];
  // The grammar is not bundled code, but its .wasm ships too.
  writeNotices([...bundles.flatMap((b) => Object.keys(b.metafile.inputs)), ...runtimeFiles().values()]);

  copyRuntimeFiles(dist);
}

function writeNotices(inputs) {
  const header = 'celery-lint for VS Code bundles the following npm packages.';
  fs.writeFileSync(path.join(dist, 'THIRD-PARTY-NOTICES.txt'), noticesText(header, inputs));
}

main();
