'use strict';
// The JavaScript a release ships, built with esbuild from the compiled
// packages (run `tsc -b` first):
//   cli        the `celery-lint` command, loaded by the CLI's bin launcher
//   server     `celery-lint-language-server`, a script of its own
//   executable one file for Node's single-executable applications: both of the
//              above, with `fs` reading the files the executable embeds
// The npm bundles find the grammar files and the rule pages beside them; the
// executable's bundle finds them inside the executable (embedded-fs.js).
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..', '..');
const entries = path.join(__dirname, 'entries');
const EMBEDDED_FS = path.join(__dirname, 'embedded-fs.js');
const EMBEDDED_FS_PROMISES = path.join(__dirname, 'embedded-fs-promises.js');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  // A dynamic import() (web-tree-sitter's of fs/promises) would start Node's ESM loader for one built-in.
  supported: { 'dynamic-import': false },
  // core and the rule pack resolve the grammar and the rule pages through node_modules when they are
  // not told where they are; the release tells them, so those calls never run.
  logOverride: { 'require-resolve-not-external': 'silent' },
  logLevel: 'warning',
  metafile: true,
};

/** Every bundled file's `fs` is the embedded one; the embedded one's is Node's. */
const embeddedFs = {
  name: 'embedded-fs',
  setup(build) {
    build.onResolve({ filter: /^(node:)?fs(\/promises)?$/ }, (args) => {
      if (args.importer === EMBEDDED_FS || args.importer === EMBEDDED_FS_PROMISES) return { path: args.path, external: true };
      return { path: args.path.endsWith('promises') ? EMBEDDED_FS_PROMISES : EMBEDDED_FS };
    });
  },
};

/**
 * Builds the npm package's two bundles into `dir` (celery-lint.bundle.js and
 * celery-lint-language-server.js) and returns the files esbuild read, for the
 * licence notices.
 */
async function buildNpmBundles(dir) {
  const cli = await esbuild.build({ ...common, entryPoints: [path.join(entries, 'cli.js')], outfile: path.join(dir, 'celery-lint.bundle.js') });
  const server = await esbuild.build({
    ...common,
    entryPoints: [path.join(entries, 'language-server.js')],
    outfile: path.join(dir, 'celery-lint-language-server.js'),
    banner: { js: '#!/usr/bin/env node' },
  });
  return [...Object.keys(cli.metafile.inputs), ...Object.keys(server.metafile.inputs)];
}

/** Builds the single executable's main script into `file`; returns the files esbuild read. */
async function buildExecutableBundle(file) {
  const result = await esbuild.build({
    ...common,
    entryPoints: [path.join(entries, 'single-executable.js')],
    outfile: file,
    // The executable's path is the directory its embedded files appear in (embedded-fs.js).
    define: { __dirname: 'process.execPath' },
    plugins: [embeddedFs],
  });
  return Object.keys(result.metafile.inputs);
}

module.exports = { buildNpmBundles, buildExecutableBundle };
