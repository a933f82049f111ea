// Launch files through the real CLI: discovered under the linted paths (by
// name, YAML by content), linted with the project's Python, fixed in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findings, runCli, tempProject } from '../cli/run-cli';

const PROJECT = {
  'pyproject.toml': '[project]\nname = "proj"\n',
  'proj/__init__.py': 'from .celery import app as celery_app\n',
  'proj/celery.py': "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  'proj/settings.py': "INSTALLED_APPS = []\nTIME_ZONE = 'UTC'\nCELERY_BROKER_URL = 'redis://redis:6379/0'\n",
  'docker/Dockerfile': 'FROM python:3.12-slim\nRUN useradd app\nUSER app\nCOPY . /app\nCMD ["celery", "-A", "proj", "worker"]\n',
  'docker-compose.yml': 'services:\n  redis:\n    image: redis:7\n  worker:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n    command: celery worker -A proj --maxtasksperchild=10\n  beat:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n    command: celery -A porj beat\n',
  'deploy/k8s/worker.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker}\nspec:\n  template:\n    spec:\n      securityContext: {runAsNonRoot: true}\n      containers:\n        - name: w\n          image: x\n          args: [celery, -A, proj, worker, --loglevel, loud]\n',
  'Procfile': 'worker: celery -A proj worked\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    services:\n      redis: {image: redis}\n    steps:\n      - run: celery -A proj worked\n',
  'mkdocs.yml': 'site_name: [broken\n',
  'ignored/docker-compose.yml': 'services:\n  w:\n    command: celery -A proj worked\n',
  '.gitignore': 'ignored/\n',
};

test('launch files under the linted paths are found and linted with the project; other YAML is left alone', () => {
  const dir = tempProject(PROJECT);
  const { stdout, code } = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.equal(code, 1);
  assert.deepEqual(findings(stdout, dir), [
    'Procfile:1:24 celery/invalid-command-line',
    'deploy/k8s/worker.yaml:11:56 celery/invalid-command-line',
    'docker-compose.yml:13:24 celery/app-not-found',
    'docker-compose.yml:8:28 celery/invalid-command-line',
    'docker-compose.yml:8:36 celery/invalid-command-line',
  ]);
});

test('--fix rewrites the launch file it can fix safely, and nothing else', () => {
  const dir = tempProject(PROJECT);
  const before = new Map(Object.keys(PROJECT).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  runCli(['.', '--fix', '--format', 'json'], { cwd: dir });
  for (const [file, text] of before) {
    const now = fs.readFileSync(path.join(dir, file), 'utf8');
    if (file === 'docker-compose.yml') assert.equal(now, text.replace('celery worker -A proj --maxtasksperchild=10', 'celery -A proj worker --max-tasks-per-child=10'));
    else assert.equal(now, text, file);
  }
});

test('a launch file named alone is judged with its project in view', () => {
  const dir = tempProject(PROJECT);
  const { stdout } = runCli(['docker-compose.yml', '--format', 'json'], { cwd: dir });
  assert.deepEqual(findings(stdout, dir), ['docker-compose.yml:13:24 celery/app-not-found', 'docker-compose.yml:8:28 celery/invalid-command-line', 'docker-compose.yml:8:36 celery/invalid-command-line']);
});

test('a script a Compose service runs as root is reported in a whole run and when named alone, whichever file comes first', () => {
  // bin/ sorts before docker-compose.yml: the script's own process ("whoever starts it") is met before the service's.
  // The Compose file names celery only in the script's name, as real ones do (mozilla/remo's ./bin/run-celery.sh).
  const dir = tempProject({
    'pyproject.toml': '[project]\nname = "proj"\n',
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.conf.broker_url = 'redis://redis:6379/0'\n",
    'bin/run-celery.sh': '#!/bin/sh\ncelery -A proj worker -l INFO\n',
    'docker/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\n',
    'docker-compose.yml': 'services:\n  worker:\n    build: {context: ., dockerfile: docker/Dockerfile}\n    command: ./bin/run-celery.sh\n',
  });
  const expected = ['bin/run-celery.sh:2:16 celery/worker-as-root'];
  const whole = findings(runCli(['.', '--format', 'json'], { cwd: dir }).stdout, dir).filter((f) => f.includes('worker-as-root'));
  assert.deepEqual(whole, expected);
  const named = findings(runCli(['bin/run-celery.sh', '--format', 'json'], { cwd: dir }).stdout, dir);
  assert.deepEqual(named, expected);
});
