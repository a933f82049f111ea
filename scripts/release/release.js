#!/usr/bin/env node
'use strict';
// Builds every channel of one release from one version number (the root
// package.json's; see version.js) into one directory:
//   npm run release -- --out DIR [--skip-build]
// DIR gets
//   celery-lint-X.Y.Z.tgz                              the npm package (bins celery-lint, celery-lint-language-server)
//   celery_lint-X.Y.Z-py3-none-manylinux_2_N_ARCH.whl  the Python wheel: a single executable, no Node needed
//   celery-lint-X.Y.Z.vsix                             the VS Code extension
//   pre-commit-mirror/                                 the pre-commit hook repository, tagged vX.Y.Z
//   SHA256SUMS                                         sha256sum's format, for the files above
// `--skip-build` uses what `tsc -b` already built (npm test builds first).
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildNpmPackage } = require('./npm-package.js');
const { noticesText } = require('./notices.js');
const { buildPreCommitMirror } = require('./pre-commit-mirror.js');
const { runtimeFiles } = require('./runtime-files.js');
const { buildExecutable } = require('./single-executable.js');
const { releaseVersion, versionProblems } = require('./version.js');
const { buildWheel } = require('./wheel.js');

const root = path.resolve(__dirname, '..', '..');

function usage(message) {
  process.stderr.write(`release: ${message}\nusage: npm run release -- --out DIR [--skip-build]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { out: undefined, build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') options.out = argv[++i];
    else if (arg.startsWith('--out=')) options.out = arg.slice('--out='.length);
    else if (arg === '--skip-build') options.build = false;
    else usage(`unknown argument ${arg}`);
  }
  if (!options.out) usage('--out DIR is required');
  return options;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`release: ${command} ${args.join(' ')} failed`);
}

/** Node's own licence, for the executable that contains Node. */
function nodeLicense() {
  const candidates = [path.join(path.dirname(process.execPath), '..', 'share', 'doc', 'node', 'LICENSE'), '/usr/share/doc/nodejs/LICENSE', path.join(path.dirname(process.execPath), '..', 'LICENSE')];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`release: Node's LICENSE is in none of ${candidates.join(', ')}; the executable contains Node and must carry it`);
  return { name: 'Node.js', version: process.version.slice(1), license: 'MIT and others', text: fs.readFileSync(found, 'utf8').trim() };
}

function sha256sums(out) {
  const files = fs.readdirSync(out).filter((f) => fs.statSync(path.join(out, f)).isFile() && f !== 'SHA256SUMS').sort();
  const lines = files.map((f) => `${crypto.createHash('sha256').update(fs.readFileSync(path.join(out, f))).digest('hex')}  ${f}`);
  fs.writeFileSync(path.join(out, 'SHA256SUMS'), `${lines.join('\n')}\n`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const problems = versionProblems();
  if (problems.length) {
    process.stderr.write(`release: the version is not one number yet:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  const version = releaseVersion();
  const out = path.resolve(options.out);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) usage(`${out} is not empty`);
  fs.mkdirSync(out, { recursive: true });
  if (options.build) run(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-b']);

  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-release-'));
  try {
    const tarball = await buildNpmPackage(path.join(stage, 'npm'), out, version);
    process.stdout.write(`release: ${path.basename(tarball)}\n`);

    fs.mkdirSync(path.join(stage, 'executable'));
    const executable = await buildExecutable(path.join(stage, 'executable'));
    const header = `The celery-lint executable is Node.js ${executable.nodeVersion} with celery-lint's bundle inside; it contains the following.`;
    const notices = noticesText(header, [...executable.inputs, ...runtimeFiles().values()], [nodeLicense()]);
    const summary = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).description;
    const wheel = await buildWheel({ out, version, platform: executable.tag, executable: executable.executable, notices, summary });
    process.stdout.write(`release: ${path.basename(wheel)} (Node ${executable.nodeVersion}, glibc ${executable.glibc} or newer)\n`);

    buildPreCommitMirror(path.join(out, 'pre-commit-mirror'), version);
    process.stdout.write(`release: pre-commit-mirror (tag v${version})\n`);

    const vsix = path.join(out, `celery-lint-${version}.vsix`);
    run(process.execPath, [path.join(root, 'packages', 'vscode', 'scripts', 'package.js'), '--out', vsix, ...(options.build ? [] : ['--skip-tsc'])]);

    sha256sums(out);
    process.stdout.write(`release: ${version} written to ${out}\n`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
