// The pre-commit mirror the release writes (DIR/pre-commit-mirror), used the
// way the README says, by the real `pre-commit`, from a clean cache, with pip
// pointed at the release directory (no index) and no Node on PATH: the hooks
// install the wheel and run its executable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envWithoutNode, readmeBlocks } from '../release/environment';
import { release, REPO, type Release } from '../release/release-build';

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const yaml = spawnSync('/usr/bin/python3', ['-c', 'import yaml'], { encoding: 'utf8' });
const skip = (preCommit.status !== 0 && 'pre-commit is not installed (.ci/run installs it)') || (yaml.status !== 0 && 'python3-yaml is not installed');
const MIRROR_URL = 'https://github.com/celery-lint/celery-lint-pre-commit';

let built: Release;
let env: NodeJS.ProcessEnv;

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  types_or: string[];
  require_serial: boolean;
}

function loadYaml<T>(file: string): T {
  const out = execFileSync('/usr/bin/python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', file], { encoding: 'utf8' });
  return JSON.parse(out) as T;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
}

/** The README's .pre-commit-config.yaml, pointed at the mirror the release wrote, with another hook or args if asked. */
function config(hook?: { id?: string; args?: readonly string[] }): string {
  const snippet = readmeBlocks('pre-commit').find((b) => b.lang === 'yaml')!.text;
  assert.ok(snippet.includes(`repo: ${MIRROR_URL}\n`), snippet);
  let text = snippet.replace(`repo: ${MIRROR_URL}`, `repo: ${built.mirror}`);
  if (hook) {
    text = text.replace(/^( +)- id: celery-lint\b.*$/m, (_, indent: string) => [`${indent}- id: ${hook.id ?? 'celery-lint'}`, ...(hook.args ? [`${indent}  args: [${hook.args.join(', ')}]`] : [])].join('\n'));
  }
  return text;
}

/** A git repository with `committed` committed, then `staged` written and staged. */
function project(committed: Record<string, string>, staged: Record<string, string>, hook?: { id?: string; args?: readonly string[] }): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-mirror-project-')));
  const write = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  };
  git(dir, 'init', '-q');
  write({ ...committed, '.pre-commit-config.yaml': config(hook) });
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  write(staged);
  git(dir, 'add', '.');
  return dir;
}

/** `pre-commit run` on the staged files, as the git hook runs it. */
function run(dir: string) {
  const started = process.hrtime.bigint();
  const result = spawnSync('pre-commit', ['run', '--color', 'never'], { cwd: dir, env, encoding: 'utf8', timeout: 300_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { code: result.status, output: `${result.stdout}${result.stderr}`, seconds };
}

const SECURITY_AND_CORRECTNESS = "SECRET_KEY = 'x'\nCELERY_TASK_SERIALIZER = 'pickle'\nCELERY_RESULT_BACKEND = 'amqp://localhost'\n";
const SAFELY_FIXABLE = "SECRET_KEY = 'x'\nCELERY_WORKER_MAX_TASKS_PER_CHILD = '100'\n";

before(() => {
  if (skip) return;
  built = release();
  env = { ...envWithoutNode(), PRE_COMMIT_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-pre-commit-home-')), PIP_NO_INDEX: '1', PIP_FIND_LINKS: built.dir, PIP_DISABLE_PIP_VERSION_CHECK: '1' };
});

after(() => {
  // The hook environment holds a copy of the executable.
  if (env?.PRE_COMMIT_HOME) fs.rmSync(env.PRE_COMMIT_HOME, { recursive: true, force: true });
});

test('the mirror: a git repository tagged with the version, python hooks that depend on the wheel of that version', { skip }, () => {
  assert.equal(git(built.mirror, 'rev-parse', `v${built.version}^{commit}`).trim(), git(built.mirror, 'rev-parse', 'HEAD').trim());
  assert.equal(git(built.mirror, 'status', '--porcelain'), '');
  const hooks = loadYaml<Hook[]>(path.join(built.mirror, '.pre-commit-hooks.yaml'));
  assert.deepEqual(hooks.map((h) => [h.id, h.entry]), [['celery-lint', 'celery-lint'], ['celery-lint-fix', 'celery-lint --fix']]);
  for (const hook of hooks) {
    assert.equal(hook.language, 'python');
    assert.deepEqual(hook.types_or, ['python', 'dockerfile', 'yaml', 'shell', 'ini']);
    assert.equal(hook.require_serial, true);
  }
  assert.match(fs.readFileSync(path.join(built.mirror, 'pyproject.toml'), 'utf8'), new RegExp(`dependencies = \\["celery-lint==${built.version.replace(/\./g, '\\.')}"\\]`));
  // This repository's own hooks (language: node) offer the same ids, entries and file types.
  const own = loadYaml<Hook[]>(path.join(REPO, '.pre-commit-hooks.yaml'));
  assert.deepEqual(
    own.map((h) => [h.id, h.entry, h.types_or, h.require_serial]),
    hooks.map((h) => [h.id, h.entry, h.types_or, h.require_serial]),
  );
  assert.ok(own.every((h) => h.language === 'node'));
});

test('first run from a clean cache, no Node, no index: installs the wheel and reports only the staged files', { skip }, (t) => {
  const dir = project({ 'proj/old_settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://old'\n" }, { 'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://localhost'\n", 'proj/util.py': 'x = 1\n' });
  const first = run(dir);
  t.diagnostic(`first pre-commit run (hook environment installed from the wheel): ${first.seconds.toFixed(1)} s`);
  assert.equal(first.code, 1, first.output);
  assert.match(first.output, /celery-lint\.+Failed/);
  assert.match(first.output, /proj\/settings\.py\n {2}2:25 {2}error {2}result_backend is 'amqp:\/\/localhost'.*celery\/no-amqp-result-backend/);
  assert.doesNotMatch(first.output, /old_settings/);
  // The environment is the wheel's: pre-commit's virtualenv holds the executable.
  const executables = spawnSync('sh', ['-c', `ls "${env.PRE_COMMIT_HOME}"/repo*/py_env-*/bin/celery-lint`], { encoding: 'utf8' });
  assert.equal(executables.status, 0, executables.stderr);

  const clean = run(project({}, { 'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\n" }));
  assert.equal(clean.code, 0, clean.output);
  assert.match(clean.output, /celery-lint\.+Passed/);
});

test('args: [--select, security] reports only security findings', { skip }, () => {
  const result = run(project({}, { 'proj/settings.py': SECURITY_AND_CORRECTNESS }, { args: ['--select', 'security'] }));
  assert.equal(result.code, 1, result.output);
  assert.match(result.output, /celery\/pickle-serializer/);
  assert.doesNotMatch(result.output, /celery\/no-amqp-result-backend/);
});

test('args: [--fix] and the celery-lint-fix hook apply safe fixes, and pre-commit shows the change', { skip }, () => {
  for (const hook of [{ args: ['--fix'] }, { id: 'celery-lint-fix' }]) {
    const dir = project({}, { 'proj/settings.py': SAFELY_FIXABLE }, hook);
    const result = run(dir);
    // pre-commit fails a hook that changed files, so the user reviews the change.
    assert.equal(result.code, 1, result.output);
    assert.match(result.output, /files were modified by this hook/);
    assert.equal(fs.readFileSync(path.join(dir, 'proj', 'settings.py'), 'utf8'), "SECRET_KEY = 'x'\nCELERY_WORKER_MAX_TASKS_PER_CHILD = 100\n", JSON.stringify(hook));
  }
});
