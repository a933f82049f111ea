// The real `pre-commit` (Debian's package) installing this repository's hook
// the way any user's repository would: from a git revision, through
// .pre-commit-hooks.yaml, `npm pack` and a global install into its own env.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, tempProject } from '../cli/run-cli';

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const available = preCommit.status === 0;
// One cache for the file: the hook environment is built once per revision.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pre-commit-home-'));
const revision = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();

function project(files: Record<string, string>, args: readonly string[] = []): string {
  const config = [
    'repos:',
    `  - repo: ${REPO}`,
    `    rev: ${revision}`,
    '    hooks:',
    '      - id: celery-lint',
    ...(args.length ? [`        args: [${args.join(', ')}]`] : []),
    '',
  ].join('\n');
  const dir = tempProject({ ...files, '.pre-commit-config.yaml': config });
  const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', 'commit', '-qm', 'init');
  return dir;
}

function run(dir: string) {
  const result = spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1' },
    timeout: 540_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const BAD = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://localhost'\n";

test('pre-commit passes on clean code, fails with the findings on bad code, and the hook can fix', { skip: !available && 'pre-commit is not installed (.ci/run installs it)' }, () => {
  const clean = run(project({ 'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\n", 'proj/util.py': 'x = 1\n' }));
  assert.equal(clean.code, 0, clean.output);
  assert.match(clean.output, /celery-lint\.+Passed/);

  const bad = run(project({ 'proj/settings.py': BAD }));
  assert.equal(bad.code, 1, bad.output);
  assert.match(bad.output, /celery-lint\.+Failed/);
  assert.match(bad.output, /proj\/settings\.py\n {2}2:25 {2}error {2}result_backend is 'amqp:\/\/localhost'.*celery\/no-amqp-result-backend/);

  // `args: [--select, security]` selects, and the file names pre-commit appends stay paths.
  const selected = run(project({ 'proj/settings.py': `${BAD}CELERY_TASK_SERIALIZER = 'pickle'\n` }, ['--select', 'security']));
  assert.equal(selected.code, 1, selected.output);
  assert.match(selected.output, /3:26 {2}error .*celery\/pickle-serializer/);
  assert.doesNotMatch(selected.output, /no-amqp-result-backend|celery-lint: /);

  const fixing = project({ 'proj/settings.py': BAD }, ['--fix', '--unsafe-fixes']);
  const fixed = run(fixing);
  // pre-commit fails a hook that changed files, so the user reviews the change.
  assert.equal(fixed.code, 1, fixed.output);
  assert.match(fixed.output, /files were modified by this hook/);
  assert.equal(fs.readFileSync(path.join(fixing, 'proj', 'settings.py'), 'utf8'), "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\n");
});

test('launch files reach the hook (types_or): a Dockerfile and a Compose file are linted, other YAML and Markdown are not', { skip: !available && 'pre-commit is not installed (.ci/run installs it)' }, () => {
  const dir = project({
    'proj/__init__.py': 'from .celery import app\n',
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.conf.accept_content = ['json']\n",
    Dockerfile: 'FROM python:3.12-slim\nUSER app\nCMD ["celery", "-A", "proj", "worked"]\n',
    'docker-compose.yml': 'services:\n  beat:\n    image: app\n    user: app\n    command: celery beat -A proj\n',
    'mkdocs.yml': 'site_name: celery -A proj worked\n',
    'README.md': 'Run `celery -A proj worked`:\n\n    app = Celery("proj")\n',
  });
  const result = run(dir);
  assert.equal(result.code, 1, result.output);
  assert.match(result.output, /Dockerfile\n {2}3:31 {2}error {2}Celery 5\.6\.3 has no command 'worked'.*celery\/invalid-command-line/);
  assert.match(result.output, /docker-compose\.yml\n {2}5:26 {2}error {2}-A is a global option/);
  assert.doesNotMatch(result.output, /mkdocs\.yml|README\.md/);
});
