// The Python wheel: a zip pip accepts (RECORD, WHEEL, METADATA), installed
// with pip (and pipx, and uv where it is installed) from the release directory
// with no index, then run with a PATH that has no Node: the single executable
// must lint exactly as the repository's CLI does, print the rule pages it
// embeds, and serve an editor as `celery-lint-language-server`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readZip, type ZipEntry } from '../vscode/zip';
import { commands, envWithoutNode, readmeBlocks } from './environment';
import { release, REPO, type Release } from './release-build';
import { checkLanguageServer } from './server-check';

const PYTHON = '/usr/bin/python3';
const EXAMPLE = path.join(REPO, 'examples', 'djproject');

let built: Release;
let entries: Map<string, ZipEntry>;
let venvBin: string;
/** Directories the tests fill with copies of the 80 MB executable. */
const scratch: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, { cwd: options.cwd ?? REPO, env: options.env ?? { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function repoCli(args: readonly string[]) {
  return run(process.execPath, [path.join(REPO, 'packages', 'cli', 'bin', 'celery-lint.js'), ...args], { env: envWithoutNode() });
}

function available(command: string): boolean {
  return spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;
}

/** The README's install command for `tool` (pip, pipx, uvx), as words. */
function readmeCommand(tool: string): string[] {
  const command = commands(readmeBlocks('pip / pipx / uvx')[0]!).find((c) => c[0] === tool);
  assert.ok(command, `the README shows ${tool}`);
  return command;
}

before(() => {
  built = release();
  entries = new Map(readZip(fs.readFileSync(built.wheel)).map((e) => [e.name, e]));
  const venv = tempDir('celery-lint-wheel-venv-');
  const created = run(PYTHON, ['-m', 'venv', venv]);
  assert.equal(created.code, 0, created.stderr);
  venvBin = path.join(venv, 'bin');
  // `pip install celery-lint`, from the release directory instead of an index.
  const [, ...args] = readmeCommand('pip');
  const installed = run(path.join(venvBin, 'pip'), [...args, '--no-index', '--find-links', built.dir, '--disable-pip-version-check']);
  assert.equal(installed.code, 0, installed.stdout + installed.stderr);
});

after(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

test('the wheel: its scripts executable and kept as they are, RECORD hashing every file, tags that match its name', () => {
  const dist = `celery_lint-${built.version}`;
  assert.deepEqual(
    [...entries.keys()].sort(),
    [
      `${dist}.data/scripts/celery-lint`,
      `${dist}.data/scripts/celery-lint-language-server`,
      `${dist}.dist-info/LICENSE`,
      `${dist}.dist-info/METADATA`,
      `${dist}.dist-info/RECORD`,
      `${dist}.dist-info/THIRD-PARTY-NOTICES.txt`,
      `${dist}.dist-info/WHEEL`,
    ].sort(),
  );
  const text = (name: string) => entries.get(`${dist}.dist-info/${name}`)!.data.toString('utf8');
  const record = text('RECORD').trim().split('\n').map((l) => l.split(','));
  assert.deepEqual(record.map((r) => r[0]).sort(), [...entries.keys()].sort());
  for (const [name, hash, size] of record) {
    if (name === `${dist}.dist-info/RECORD`) {
      assert.deepEqual([hash, size], ['', '']);
      continue;
    }
    const data = entries.get(name!)!.data;
    assert.equal(hash, `sha256=${crypto.createHash('sha256').update(data).digest('base64url')}`, name);
    assert.equal(Number(size), data.length, name);
  }
  const platform = /-py3-none-(.+)\.whl$/.exec(built.wheel)![1]!;
  assert.match(text('WHEEL'), new RegExp(`^Tag: py3-none-${platform}$`, 'm'));
  assert.match(text('WHEEL'), /^Root-Is-Purelib: false$/m);
  assert.match(text('METADATA'), /^Name: celery-lint$/m);
  assert.match(text('METADATA'), new RegExp(`^Version: ${built.version.replace(/\./g, '\\.')}$`, 'm'));
  for (const script of ['celery-lint', 'celery-lint-language-server']) {
    const entry = entries.get(`${dist}.data/scripts/${script}`)!;
    assert.equal(entry.mode, 0o100755, script);
    // pip rewrites only scripts that start with `#!python`; these must reach PATH as they are.
    assert.ok(!entry.data.subarray(0, 8).toString('latin1').startsWith('#!python'), script);
  }
  assert.equal(entries.get(`${dist}.data/scripts/celery-lint`)!.data.subarray(0, 4).toString('latin1'), '\x7fELF');
  assert.match(text('THIRD-PARTY-NOTICES.txt'), /^Node\.js \d+\.\d+\.\d+/m);
});

test('pip installs the executable as it is in the wheel', () => {
  const installed = fs.readFileSync(path.join(venvBin, 'celery-lint'));
  assert.ok(installed.equals(entries.get(`celery_lint-${built.version}.data/scripts/celery-lint`)!.data));
  assert.ok(fs.statSync(path.join(venvBin, 'celery-lint')).mode & 0o111);
});

test('with no Node on PATH, the wheel lints the example project exactly as the repository CLI does', () => {
  const env = envWithoutNode(venvBin);
  assert.notEqual(spawnSync('node', ['--version'], { env }).status, 0, 'node is not on this PATH');
  const wheel = run('celery-lint', ['examples/djproject'], { env });
  const ours = repoCli(['examples/djproject']);
  assert.equal(wheel.code, 1, wheel.stderr);
  assert.equal(wheel.stdout, ours.stdout);
  assert.equal(wheel.stderr, ours.stderr);
  // SARIF carries every rule's page as help: the pages embedded in the executable.
  const sarif = run('celery-lint', [EXAMPLE, '--format', 'sarif'], { env });
  assert.equal(sarif.stdout, repoCli([EXAMPLE, '--format', 'sarif']).stdout);
  assert.match(sarif.stdout, /"markdown": "# celery\/pickle-serializer/);
});

test('the wheel prints the rule pages it embeds', () => {
  const doc = run('celery-lint', ['rule', 'celery/pickle-serializer'], { env: envWithoutNode(venvBin) });
  assert.equal(doc.code, 0, doc.stderr);
  assert.equal(doc.stdout, fs.readFileSync(path.join(REPO, 'rules', 'docs', 'pickle-serializer.md'), 'utf8'));
});

test('the wheel keeps what a run over named files read (pre-commit\'s runs), and a second run reports the same', () => {
  const tmp = tempDir('celery-lint-wheel-facts-');
  const env = { ...envWithoutNode(venvBin), TMPDIR: tmp };
  const staged = ['examples/djproject/djproject/settings/prod.py', 'examples/djproject/djproject/celery.py'];
  const first = run('celery-lint', staged, { env });
  const facts = fs.readdirSync(tmp).flatMap((dir) => (dir.startsWith('celery-lint-compile-cache') ? fs.readdirSync(path.join(tmp, dir)).filter((f) => /^facts-.*\.json$/.test(f)) : []));
  assert.equal(facts.length, 1, `one facts file for the example project: ${facts.join(', ')}`);
  const second = run('celery-lint', staged, { env });
  assert.deepEqual([second.code, second.stdout, second.stderr], [first.code, first.stdout, first.stderr]);
  assert.equal(first.stdout, repoCli(staged).stdout);
  assert.match(first.stdout, /prod\.py/);
});

test('both of the wheel\'s commands print the release version', () => {
  const env = envWithoutNode(venvBin);
  const version = run('celery-lint', ['--version'], { env });
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), built.version);
  const server = run('celery-lint-language-server', ['--version'], { env });
  assert.equal(server.code, 0, server.stderr);
  assert.equal(server.stdout.trim(), built.version);
});

test('with no Node on PATH, the wheel\'s celery-lint-language-server serves an editor', async () => {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-wheel-server-')));
  await checkLanguageServer(path.join(venvBin, 'celery-lint-language-server'), [], work, envWithoutNode(venvBin));
});

test('pipx installs both commands from the release directory', { skip: !available('pipx') && 'pipx is not installed (.ci/run installs it)' }, () => {
  const home = tempDir('celery-lint-pipx-');
  const bin = path.join(home, 'bin');
  const env = { ...process.env, PIPX_HOME: path.join(home, 'pipx'), PIPX_BIN_DIR: bin, PIP_NO_INDEX: '1', PIP_FIND_LINKS: built.dir, PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  const [, ...args] = readmeCommand('pipx');
  const installed = run('pipx', args, { env });
  assert.equal(installed.code, 0, installed.stdout + installed.stderr);
  // pipx links the scripts into its bin directory: the server script finds the executable through the link.
  assert.ok(fs.lstatSync(path.join(bin, 'celery-lint-language-server')).isSymbolicLink());
  const noNode = envWithoutNode(bin);
  const lint = run('celery-lint', ['examples/djproject'], { env: noNode });
  assert.equal(lint.code, 1, lint.stderr);
  assert.equal(lint.stdout, repoCli(['examples/djproject']).stdout);
  const server = run('celery-lint-language-server', ['--version'], { env: noNode });
  assert.equal(server.stdout.trim(), built.version, server.stderr);
});

test('uvx runs the wheel from the release directory', { skip: !available('uvx') && 'uv is not installed here (Debian has no package for it)' }, () => {
  const [tool, name] = readmeCommand('uvx');
  const cache = tempDir('celery-lint-uv-');
  const result = run(tool!, ['--offline', '--no-index', '--find-links', built.dir, name!, 'examples/djproject'], { env: { ...process.env, UV_CACHE_DIR: cache, NO_COLOR: '1' } });
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, repoCli(['examples/djproject']).stdout);
});
