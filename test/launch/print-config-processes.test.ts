// print-config's processes section through the real CLI: per app, the
// processes the launch files start, with their command line, user, replicas
// and environment, each with the file and line that decides it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempProject } from '../cli/run-cli';

const PROJECT = {
  'pyproject.toml': '[project]\nname = "proj"\n',
  'proj/__init__.py': 'from .celery import app\n',
  'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.conf.broker_url = 'redis://localhost:6379/0'\n",
  'Dockerfile': 'FROM python:3.12-slim AS base\nENV LANG=C.UTF-8\nFROM base\nRUN useradd app\nUSER app\nCMD ["celery", "-A", "proj", "worker"]\n',
  'docker-compose.yml': [
    'x-env: &env',
    '  CELERY_BROKER_URL: redis://:hunter2@redis:6379/0',
    'services:',
    '  redis:',
    '    image: redis:7',
    '  worker:',
    '    build: .',
    '    environment:',
    '      <<: *env',
    '      AWS_SECRET_ACCESS_KEY: abc',
    '    deploy:',
    '      replicas: 3',
    '  beat:',
    '    build: .',
    '    user: "1000"',
    '    command: celery -A proj beat -l INFO',
    '',
  ].join('\n'),
  Procfile: 'flower: celery -A $APP flower\n',
};

test('print-config lists, per app, the processes that run it: command line, user, replicas, environment and where each is set', () => {
  const dir = tempProject(PROJECT);
  const { stdout, code } = runCli(['print-config', '.'], { cwd: dir });
  assert.equal(code, 0);
  const section = stdout.slice(stdout.indexOf('Processes the launch files start'));
  assert.equal(
    section,
    [
      'Processes the launch files start',
      "  app 'app' in proj/celery.py",
      '    worker: Compose service worker [docker-compose.yml:6]',
      '      command      celery -A proj worker',
      '      user         app: USER app in Dockerfile [Dockerfile:5]',
      '      replicas     3: deploy.replicas: 3 [docker-compose.yml:12]',
      '      environment  LANG=C.UTF-8  [ENV, Dockerfile:2]',
      '                   AWS_SECRET_ACCESS_KEY=****  [environment, docker-compose.yml:10]',
      '                   CELERY_BROKER_URL=redis://:****@redis:6379/0  [environment, docker-compose.yml:2]',
      "      settings     broker_url = 'redis://:****@redis:6379/0' (configured: 'redis://localhost:6379/0')  [CELERY_BROKER_URL, docker-compose.yml:2]",
      '    beat: Compose service beat [docker-compose.yml:13]',
      '      command      celery -A proj beat -l INFO',
      '      user         1000: user: 1000 [docker-compose.yml:15]',
      '      replicas     1: one container (no deploy.replicas or scale)',
      '      environment  LANG=C.UTF-8  [ENV, Dockerfile:2]',
      '  an app celery-lint cannot tell',
      '    flower: Procfile process flower [Procfile:1]  (the app is named at run time ($APP))',
      '      command      celery -A $APP flower',
      '      user         non-root: Procfile processes run as the platform user (Heroku dynos are never root)',
      '      replicas     not known: the number of flower processes is set outside the Procfile (ps:scale)',
      '      environment  (none from the launch files)',
      '',
    ].join('\n'),
  );
});

test('print-config --format json gives each configuration the processes that run it', () => {
  const dir = tempProject(PROJECT);
  const { stdout } = runCli(['print-config', '.', '--format', 'json'], { cwd: dir });
  const [app] = JSON.parse(stdout) as Array<{ name: string; processes: Array<Record<string, unknown>> }>;
  assert.equal(app!.name, 'app');
  const worker = app!.processes.find((p) => p.name === 'worker')!;
  assert.deepEqual(
    { ...worker, definedAt: undefined, environment: undefined, settings: undefined },
    {
      name: 'worker',
      origin: 'compose',
      command: 'worker',
      commandLine: ['celery', '-A', 'proj', 'worker'],
      definedAt: undefined,
      app: { state: 'found', file: `${dir}/proj/celery.py`, name: 'app' },
      user: { state: 'non-root', name: 'app', reason: 'USER app in Dockerfile', at: { file: `${dir}/Dockerfile`, line: 5 } },
      replicas: { count: 3, autoscaled: false, reason: 'deploy.replicas: 3', at: { file: `${dir}/docker-compose.yml`, line: 12 } },
      environment: undefined,
      settings: undefined,
      inContainer: true,
      deployed: true,
      wrappers: [],
    },
  );
  assert.deepEqual(worker.environment, [
    { name: 'LANG', value: 'C.UTF-8', via: 'ENV', at: { file: `${dir}/Dockerfile`, line: 2 } },
    { name: 'AWS_SECRET_ACCESS_KEY', value: '****', via: 'environment', at: { file: `${dir}/docker-compose.yml`, line: 10 } },
    { name: 'CELERY_BROKER_URL', value: 'redis://:****@redis:6379/0', via: 'environment', at: { file: `${dir}/docker-compose.yml`, line: 2 } },
  ]);
  // The environment's part in the app's settings for this process: CELERY_BROKER_URL beats the configured broker_url.
  assert.deepEqual(worker.settings, [
    { setting: 'broker_url', value: "'redis://:****@redis:6379/0'", configured: "'redis://localhost:6379/0'", variable: 'CELERY_BROKER_URL', at: { file: `${dir}/docker-compose.yml`, line: 2 } },
  ]);
  assert.deepEqual(app!.processes.map((p) => p.name), ['worker', 'beat']);
});
