// `npm run release` (scripts/release/release.js): one version number, every
// channel in one directory with its checksums, and the npm package installed
// into an empty project with no registry to reach, both of its commands run.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commands, readmeBlocks } from './environment';
import { release, REPO, RELEASE_SCRIPT, type Release } from './release-build';
import { checkLanguageServer } from './server-check';

// Node's registry client is never asked for anything: a registry nobody listens on proves it.
const OFFLINE = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const MAX_TARBALL_BYTES = 3 * 1024 * 1024;

interface VersionModule {
  releaseVersion(dir?: string): string;
  versionProblems(dir?: string): string[];
}
// eslint-disable-next-line @typescript-eslint/no-var-requires
const versions = require(path.join(REPO, 'scripts', 'release', 'version.js')) as VersionModule;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { setVersion } = require(path.join(REPO, 'scripts', 'release', 'set-version.js')) as { setVersion(dir: string, version: string): void };

let built: Release;
let scratch: string;

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const result = spawnSync(command, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The repository's own CLI (what `npm ci && npx celery-lint` runs in a checkout). */
function repoCli(args: readonly string[], cwd: string) {
  return run(process.execPath, [path.join(REPO, 'packages', 'cli', 'bin', 'celery-lint.js'), ...args], { cwd });
}

before(() => {
  built = release();
  // The README's npm commands, in an empty project, with the package from the release instead of the registry.
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-npm-scratch-')));
  fs.writeFileSync(path.join(scratch, 'package.json'), '{ "name": "scratch", "private": true }\n');
  const install = commands(readmeBlocks('npm / npx')[0]!).find((c) => c[0] === 'npm' && c[1] === 'install');
  assert.ok(install, 'the README says how to install with npm');
  const args = install.slice(1).map((word) => (word === 'celery-lint' ? built.tarball : word));
  const result = run('npm', args, { cwd: scratch, env: OFFLINE });
  assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
});

test('the release directory holds one file per channel, the pre-commit mirror, and checksums sha256sum accepts', () => {
  const files = fs.readdirSync(built.dir).sort();
  assert.deepEqual(files, ['SHA256SUMS', `celery-lint-${built.version}.tgz`, `celery-lint-${built.version}.vsix`, path.basename(built.wheel), 'pre-commit-mirror'].sort());
  assert.match(path.basename(built.wheel), new RegExp(`^celery_lint-${built.version.replace(/\./g, '\\.')}-py3-none-manylinux_2_\\d+_x86_64\\.whl$`));
  const sums = fs.readFileSync(path.join(built.dir, 'SHA256SUMS'), 'utf8');
  assert.deepEqual(
    sums.trim().split('\n').map((l) => l.split('  ')[1]).sort(),
    files.filter((f) => f !== 'SHA256SUMS' && f !== 'pre-commit-mirror'),
  );
  const check = run('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: built.dir });
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.equal((check.stdout.match(/: OK$/gm) ?? []).length, 3);
});

test('one version number: every workspace package and the changelog agree with the root package.json', () => {
  assert.deepEqual(versions.versionProblems(), []);
  assert.equal(built.version, versions.releaseVersion());
  const changelog = fs.readFileSync(path.join(REPO, 'CHANGELOG.md'), 'utf8');
  assert.match(changelog.split('\n').find((l) => l.startsWith('## ')) ?? '', new RegExp(`^## \\[?${built.version.replace(/\./g, '\\.')}\\b`));
});

test('set-version moves every package, the lock file and the README snippets to a new version, and the release checks agree', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-set-version-'));
  const manifests = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces.map((w) => path.join(w, 'package.json'));
  for (const file of ['package.json', 'package-lock.json', 'README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...manifests]) {
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO, file), path.join(copy, file));
  }
  // A workspace left behind is named.
  const cli = path.join(copy, 'packages', 'cli', 'package.json');
  fs.writeFileSync(cli, fs.readFileSync(cli, 'utf8').replace(`"version": "${built.version}"`, '"version": "0.0.9"'));
  assert.deepEqual(versions.versionProblems(copy), [`packages/cli/package.json: version 0.0.9, expected ${built.version} (npm run set-version -- ${built.version})`]);

  setVersion(copy, '7.8.9');
  assert.equal(versions.releaseVersion(copy), '7.8.9');
  assert.deepEqual(versions.versionProblems(copy), []);
  const lock = JSON.parse(fs.readFileSync(path.join(copy, 'package-lock.json'), 'utf8')) as { version: string; packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
  assert.equal(lock.version, '7.8.9');
  for (const manifest of manifests) {
    const entry = lock.packages[path.dirname(manifest)]!;
    assert.equal(entry.version, '7.8.9', manifest);
    for (const [name, pin] of Object.entries(entry.dependencies ?? {})) if (name.startsWith('@celery-lint/')) assert.equal(pin, '7.8.9', `${manifest} → ${name}`);
  }
  const readme = fs.readFileSync(path.join(copy, 'README.md'), 'utf8');
  assert.match(readme, /rev: v7\.8\.9\n/);
  assert.match(readme, /celery-lint\/celery-lint@v7\.8\.9\n/);
  assert.match(readme, /celery-lint-7\.8\.9\.vsix/);
  assert.doesNotMatch(readme, new RegExp(`v${built.version.replace(/\./g, '\\.')}\\b`));
});

test('release refuses an output directory that is not empty, before building anything', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-release-out-'));
  fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
  const result = run(process.execPath, [RELEASE_SCRIPT, '--out', out, '--skip-build'], { cwd: REPO });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /is not empty/);
  assert.deepEqual(fs.readdirSync(out), ['keep.txt']);
});

test('the npm package: named celery-lint, both bins, no dependencies, the bundles, grammar and rule pages, under 3 MB', () => {
  assert.ok(fs.statSync(built.tarball).size < MAX_TARBALL_BYTES, `${fs.statSync(built.tarball).size} bytes`);
  const listing = execFileSync('tar', ['-tzf', built.tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  const docs = fs.readdirSync(path.join(REPO, 'rules', 'docs')).filter((f) => f.endsWith('.md'));
  assert.deepEqual(
    listing,
    [
      'package/LICENSE',
      'package/README.md',
      'package/THIRD-PARTY-NOTICES.txt',
      'package/package.json',
      'package/bin/celery-lint.js',
      'package/bin/run-caches.js',
      'package/bin/small-run.js',
      'package/dist/celery-lint.bundle.js',
      'package/dist/celery-lint-language-server.js',
      'package/dist/tree-sitter.wasm',
      'package/dist/tree-sitter-python.wasm',
      ...docs.map((d) => `package/dist/rules/docs/${d}`),
    ].sort(),
  );
  const manifest = JSON.parse(fs.readFileSync(path.join(scratch, 'node_modules', 'celery-lint', 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest.name, 'celery-lint');
  assert.equal(manifest.version, built.version);
  assert.deepEqual(manifest.bin, { 'celery-lint': 'bin/celery-lint.js', 'celery-lint-language-server': 'dist/celery-lint-language-server.js' });
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'scripts', 'private']) assert.equal(manifest[field], undefined, field);
  // The install brought nothing else.
  assert.deepEqual(fs.readdirSync(path.join(scratch, 'node_modules')).filter((n) => !n.startsWith('.')), ['celery-lint']);
  const notices = fs.readFileSync(path.join(scratch, 'node_modules', 'celery-lint', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
  for (const name of ['web-tree-sitter', 'tree-sitter-python', 'vscode-languageserver', 'smol-toml']) assert.match(notices, new RegExp(`^${name} \\d`, 'm'));
});

test('installed from the tarball into an empty project, `npx celery-lint` lints as the repository CLI does', () => {
  const npx = commands(readmeBlocks('npm / npx')[0]!).find((c) => c[0] === 'npx');
  assert.deepEqual(npx, ['npx', 'celery-lint', '.']);
  const installed = run('npx', ['celery-lint', path.join(REPO, 'examples', 'djproject')], { cwd: scratch, env: OFFLINE });
  const ours = repoCli([path.join(REPO, 'examples', 'djproject')], scratch);
  assert.equal(installed.code, 1, installed.stderr);
  assert.equal(installed.stdout, ours.stdout);
  assert.match(installed.stdout, /celery\/no-amqp-result-backend/);

  // The rule pages ship in the package.
  const doc = run('npx', ['celery-lint', 'rule', 'celery/pickle-serializer'], { cwd: scratch, env: OFFLINE });
  assert.equal(doc.code, 0, doc.stderr);
  assert.equal(doc.stdout, fs.readFileSync(path.join(REPO, 'rules', 'docs', 'pickle-serializer.md'), 'utf8'));
});

test('installed from the tarball, both bins print the release version', () => {
  const cli = run(path.join(scratch, 'node_modules', '.bin', 'celery-lint'), ['--version'], { cwd: scratch });
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.stdout.trim(), built.version);
  const server = run(path.join(scratch, 'node_modules', '.bin', 'celery-lint-language-server'), ['--version'], { cwd: scratch });
  assert.equal(server.code, 0, server.stderr);
  assert.equal(server.stdout.trim(), built.version);
});

test('installed from the tarball, `celery-lint-language-server --stdio` serves an editor', async () => {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-npm-server-')));
  await checkLanguageServer(path.join(scratch, 'node_modules', '.bin', 'celery-lint-language-server'), [], work, { ...process.env });
});
