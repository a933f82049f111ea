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
  // tree-sitter-python is not bundled code but its .wasm ships too.
  const copied = [path.join('node_modules', 'tree-sitter-python', 'package.json')];
  writeNotices([...bundles.flatMap((b) => Object.keys(b.metafile.inputs)), ...copied]);

  fs.copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm', { paths: [root] }), path.join(dist, 'tree-sitter.wasm'));
  fs.copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm', { paths: [root] }), path.join(dist, 'tree-sitter-python.wasm'));
  const docs = path.join(root, 'rules', 'docs');
  const docsOut = path.join(dist, 'rules', 'docs');
  fs.mkdirSync(docsOut, { recursive: true });
  for (const name of fs.readdirSync(docs)) {
    if (name.endsWith('.md')) fs.copyFileSync(path.join(docs, name), path.join(docsOut, name));
  }
}

/** The npm packages (outside this repository) whose code went into the bundles. */
function bundledPackages(inputs) {
  const dirs = new Set();
  for (const input of inputs) {
    const file = path.resolve(root, input);
    const parts = file.split(path.sep);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const nameParts = parts[at + 1].startsWith('@') ? 2 : 1;
    dirs.add(parts.slice(0, at + 1 + nameParts).join(path.sep));
  }
  const packages = [];
  for (const dir of dirs) {
    const real = fs.realpathSync(dir);
    if (!path.relative(root, real).startsWith('node_modules')) continue; // a workspace package: our own code
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenseFile = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)([.-]|$)/i.test(f));
    packages.push({ name: manifest.name, version: manifest.version, license: manifest.license, text: licenseFile ? fs.readFileSync(path.join(dir, licenseFile), 'utf8').trim() : undefined });
  }
  return packages.sort((a, b) => a.name.localeCompare(b.name));
}

function writeNotices(inputs) {
  const sections = bundledPackages(inputs).map((p) => {
    if (!p.text) throw new Error(`build: ${p.name} is bundled but ships no licence file; add its notice by hand`);
    return `${p.name} ${p.version} (${p.license})\n${'-'.repeat(72)}\n${p.text}\n`;
  });
  const header = 'celery-lint for VS Code bundles the following npm packages.\n\n';
  fs.writeFileSync(path.join(dist, 'THIRD-PARTY-NOTICES.txt'), `${header}${sections.join('\n')}`);
}

main();
