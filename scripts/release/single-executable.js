'use strict';
// The single executable the Python wheel ships: a copy of this machine's
// `node` with the bundle, the grammar files and the rule pages injected
// (Node's single-executable applications: `node --experimental-sea-config`
// writes the blob, postject puts it into the binary). It runs with no Node
// installed. `celery-lint language-server ...` starts the language server.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { buildExecutableBundle } = require('./bundles.js');
const { runtimeFiles } = require('./runtime-files.js');

// The fuse Node's own binary carries for postject to flip (Node's SEA docs).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const ARCHITECTURES = { x64: 'x86_64', arm64: 'aarch64' };

/**
 * The oldest glibc the binary runs on, from the symbol versions it needs
 * (GLIBC_2.28 and the like), and the wheel platform tag that says so.
 */
function platformTag(binary) {
  if (process.platform !== 'linux') throw new Error(`release: the single executable is built on Linux only (this is ${process.platform})`);
  const arch = ARCHITECTURES[process.arch];
  if (!arch) throw new Error(`release: no wheel platform tag for ${process.arch}`);
  const versions = [...binary.toString('latin1').matchAll(/GLIBC_2\.(\d+)/g)].map((m) => Number(m[1]));
  if (versions.length === 0) throw new Error('release: this node binary needs no glibc (musl?); only glibc builds are packaged');
  return { tag: `manylinux_2_${Math.max(...versions)}_${arch}`, glibc: `2.${Math.max(...versions)}` };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`release: ${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result;
}

/**
 * Builds the executable at `stage/celery-lint`; returns its path, the Node it
 * was made from, the files esbuild read and the platform tag.
 */
async function buildExecutable(stage) {
  const main = path.join(stage, 'main.js');
  const inputs = await buildExecutableBundle(main);
  const config = path.join(stage, 'sea-config.json');
  const blob = path.join(stage, 'sea.blob');
  fs.writeFileSync(
    config,
    JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets: Object.fromEntries(runtimeFiles()) }, null, 2),
  );
  run(process.execPath, ['--experimental-sea-config', config]);

  const node = fs.readFileSync(process.execPath);
  if (!node.includes(SEA_FUSE)) throw new Error(`release: ${process.execPath} (Node ${process.version}) was built without single-executable support`);
  const executable = path.join(stage, 'celery-lint');
  fs.writeFileSync(executable, node, { mode: 0o755 });
  // Node's debug information is most of a distribution's binary and nothing at run time needs it.
  const strip = spawnSync('strip', ['--strip-all', executable], { encoding: 'utf8' });
  if (strip.error || strip.status !== 0) process.stderr.write(`release: strip is not available; the executable keeps its symbols (${strip.error?.message ?? strip.stderr.trim()})\n`);
  // postject in its own process: its ELF library prints warnings about sections strip renamed.
  run(process.execPath, [require.resolve('postject/dist/cli.js'), executable, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  // A broken executable must not reach a wheel.
  run(executable, ['--help'], { cwd: stage, env: { PATH: '/nonexistent' } });
  return { executable, nodeVersion: process.version, inputs, ...platformTag(node) };
}

module.exports = { buildExecutable, platformTag };
