#!/usr/bin/env node
'use strict';
// Builds the extension and packs it into a .vsix with vsce, offline:
//   node packages/vscode/scripts/package.js [--out FILE] [--skip-build | --skip-tsc]
//   npm run package -w packages/vscode -- --out /tmp/celery-lint.vsix
// Default output: packages/vscode/celery-lint-<version>.vsix.
//
// vsce runs in a staging directory, not in packages/vscode, because the
// extension's name is `celery-lint` and that name belongs to the CLI package in
// this npm workspace. The staging directory holds exactly what ships (dist/,
// README.md, LICENSE, .vscodeignore) and the manifest with its real name and
// without the workspace-only fields. `--no-dependencies` keeps vsce from
// running npm: everything the extension needs is in the bundles.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const here = path.resolve(__dirname, '..');
const EXTENSION_NAME = 'celery-lint';

function parseArgs(argv) {
  const options = { out: undefined, build: true, tsc: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out' || arg === '-o') options.out = argv[++i];
    else if (arg.startsWith('--out=')) options.out = arg.slice('--out='.length);
    else if (arg === '--skip-build') options.build = false;
    else if (arg === '--skip-tsc') options.tsc = false; // bundle what tsc already built
    else {
      console.error(`package: unknown argument ${arg}`);
      process.exit(2);
    }
  }
  return options;
}

/** The manifest as it ships: the real name, no workspace plumbing. */
function extensionManifest(workspaceManifest) {
  const manifest = { ...workspaceManifest, name: EXTENSION_NAME };
  delete manifest.private;
  delete manifest.scripts; // vsce would run vscode:prepublish; the build already ran
  delete manifest.dependencies; // bundled into dist/
  // vsce checks @types/vscode against engines.vscode; nothing else is needed.
  manifest.devDependencies = { '@types/vscode': workspaceManifest.devDependencies['@types/vscode'] };
  return manifest;
}

function run(args, cwd) {
  const result = spawnSync(process.execPath, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) run([path.join(__dirname, 'build.js'), ...(options.tsc ? [] : ['--skip-tsc'])], here);

  const workspaceManifest = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
  const out = path.resolve(options.out ?? path.join(here, `${EXTENSION_NAME}-${workspaceManifest.version}.vsix`));
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-vsix-'));
  try {
    fs.cpSync(path.join(here, 'dist'), path.join(stage, 'dist'), { recursive: true });
    for (const file of ['README.md', 'LICENSE', '.vscodeignore']) fs.copyFileSync(path.join(here, file), path.join(stage, file));
    fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(extensionManifest(workspaceManifest), null, 2)}\n`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const vsce = require.resolve('@vscode/vsce/vsce', { paths: [here] });
    run([vsce, 'package', '--no-dependencies', '--no-update-package-json', '--out', out], stage);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

main();
