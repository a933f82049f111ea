'use strict';
// The npm package users install as `celery-lint`: two bundles, the grammar
// files, the rule pages and the CLI's launcher, with no dependencies, packed
// with `npm pack` into celery-lint-X.Y.Z.tgz.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { buildNpmBundles } = require('./bundles.js');
const { noticesText } = require('./notices.js');
const { copyRuntimeFiles, runtimeFiles } = require('./runtime-files.js');

const root = path.resolve(__dirname, '..', '..');
const NAME = 'celery-lint';
const REPOSITORY = 'https://github.com/celery-lint/celery-lint';

function manifest(version) {
  const workspace = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return {
    name: NAME,
    version,
    description: workspace.description,
    keywords: ['celery', 'django', 'lint', 'linter', 'python', 'configuration', 'language-server'],
    license: workspace.license,
    homepage: `${REPOSITORY}#readme`,
    repository: { type: 'git', url: `git+${REPOSITORY}.git` },
    bugs: { url: `${REPOSITORY}/issues` },
    bin: {
      'celery-lint': 'bin/celery-lint.js',
      'celery-lint-language-server': 'dist/celery-lint-language-server.js',
    },
    files: ['bin', 'dist', 'THIRD-PARTY-NOTICES.txt'],
    engines: workspace.engines,
  };
}

/** Writes the package's files into `stage` (an empty directory). */
async function stagePackage(stage, version) {
  const dist = path.join(stage, 'dist');
  const inputs = await buildNpmBundles(dist);
  copyRuntimeFiles(dist);
  // The CLI's launcher (V8's code cache, the WebAssembly compiler) loads ../dist/celery-lint.bundle.js.
  fs.cpSync(path.join(root, 'packages', 'cli', 'bin'), path.join(stage, 'bin'), { recursive: true });
  fs.chmodSync(path.join(stage, 'bin', 'celery-lint.js'), 0o755);
  fs.chmodSync(path.join(dist, 'celery-lint-language-server.js'), 0o755);
  for (const file of ['README.md', 'LICENSE']) fs.copyFileSync(path.join(root, file), path.join(stage, file));
  const header = 'The celery-lint npm package bundles the following npm packages.';
  fs.writeFileSync(path.join(stage, 'THIRD-PARTY-NOTICES.txt'), noticesText(header, [...inputs, ...runtimeFiles().values()]));
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest(version), null, 2)}\n`);
}

/** Stages and packs the package into `out`; returns the tarball's path. */
async function buildNpmPackage(stage, out, version) {
  await stagePackage(stage, version);
  const npm = process.env.npm_execpath;
  const [command, prefix] = npm && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const result = spawnSync(command, [...prefix, 'pack', '--ignore-scripts', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`release: npm pack failed:\n${result.stdout}${result.stderr}`);
  const tarball = path.join(out, `${NAME}-${version}.tgz`);
  if (!fs.existsSync(tarball)) throw new Error(`release: npm pack did not write ${tarball} (it said: ${result.stdout.trim()})`);
  return tarball;
}

module.exports = { buildNpmPackage, NAME };
