// Lessons from running celery-lint over real open-source projects (issue 4):
// each test is a small project of ours that reproduces a layout we found,
// linted through the real CLI, which the real layouts got wrong before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, runCli, tempProject } from './run-cli';

function lint(files: Record<string, string>, args: string[] = []): string[] {
  const dir = tempProject(files);
  return findings(runCli(['.', '--format', 'json', ...args], { cwd: dir }).stdout, dir);
}

function printConfig(files: Record<string, string>): string {
  const dir = tempProject(files);
  return runCli(['print-config', '.'], { cwd: dir }).stdout;
}

const WORKER_NO_NAMESPACE =
  "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'bakery.settings.dev')\napp = Celery('bakery')\napp.config_from_object('django.conf:settings')\n";

test('a call on an imported module in the settings (logging.captureWarnings, sentry_sdk.init) does not hide them', () => {
  const out = lint({
    'manage.py': '',
    'bakery/__init__.py': '',
    'bakery/settings/__init__.py': '',
    'bakery/settings/dev.py': "import logging\nlogging.captureWarnings(True)\nSECRET_KEY = 'x'\nCELERY_TASK_SERIALIZER = 'pickle'\n",
    'bakery/worker.py': WORKER_NO_NAMESPACE.replace("config_from_object('django.conf:settings')", "config_from_object('django.conf:settings', namespace='CELERY')"),
  });
  assert.ok(out.includes('bakery/settings/dev.py:4:26 celery/pickle-serializer'), out.join('\n'));
});

test('a settings module that only star-imports (no Celery word in it or in what it imports) is still linked', () => {
  const files = {
    'manage.py': '',
    'harbor/__init__.py': '',
    'harbor/settings/__init__.py': '',
    'harbor/settings/common.py': "SECRET_KEY = 'x'\nBROKER_URL = 'redis://queue:6379/0'\n",
    'harbor/settings/web.py': "ALLOWED_HOSTS = ['*']\n",
    'harbor/settings/live.py': 'from .common import *\nfrom .web import *\n',
    'harbor/worker.py': WORKER_NO_NAMESPACE.replace('bakery.settings.dev', 'harbor.settings.live').replace("'bakery'", "'harbor'"),
  };
  const config = printConfig(files);
  assert.match(config, /^app 'app' in harbor\/worker\.py {2}\(namespace: none\)\n {2}BROKER_URL = 'redis:\/\/queue:6379\/0'\n {6}used as broker_url/m);
  assert.doesNotMatch(config, /not among the linted files/);
  // Read without a namespace, the old name works: deprecated, not ignored.
  assert.deepEqual(lint(files), ['harbor/settings/common.py:2:1 celery/deprecated-setting-name']);
});

test('a settings module no app links to is read with the namespace the project\'s apps use', () => {
  const out = lint({
    'manage.py': '',
    'bakery/__init__.py': '',
    'bakery/settings/__init__.py': '',
    'bakery/settings/base.py': "SECRET_KEY = 'x'\n",
    'bakery/settings/dev.py': 'from .base import *\nDEBUG = True\n',
    'bakery/settings/ci.py': 'from .base import *\nCELERY_ALWAYS_EAGER = True\n',
    'bakery/worker.py': WORKER_NO_NAMESPACE,
  });
  // Not celery/ignored-old-name: no app here reads with namespace='CELERY'.
  assert.deepEqual(out, ['bakery/settings/ci.py:2:1 celery/deprecated-setting-name']);
});

test('the DJANGO_SETTINGS_MODULE that names a real module wins over a stale one in an unrelated file', () => {
  const out = printConfig({
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'garden.settings.prod')\n",
    'garden/__init__.py': '',
    'garden/legacy/__init__.py': '',
    'garden/legacy/wsgi.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'garden.legacy.settings')\n",
    'garden/settings/__init__.py': '',
    'garden/settings/prod.py': "SECRET_KEY = 'x'\nCELERY_RESULT_SERIALIZER = 'json'\n",
    'garden/worker.py': "from celery import Celery\napp = Celery('garden')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  });
  assert.match(out, /^app 'app' in garden\/worker\.py {2}\(namespace: CELERY\)\n {2}CELERY_RESULT_SERIALIZER = 'json'\n {6}used as result_serializer/m);
});

test('a config class imported through a settings package is read, and the package is not linted as Django settings', () => {
  const files = {
    'pyproject.toml': '[project]\nname = "portal"\n',
    'portal/__init__.py': '',
    'portal/settings/__init__.py': 'from .defaults import *\n',
    'portal/settings/defaults.py': "CELERY_RETRY_CEILING = 600\n\n\nclass WorkerConfig:\n    broker_url = 'redis://'\n    task_serializer = 'pickle'\n",
    'portal/jobs/__init__.py': '',
    'portal/jobs/app.py': "from celery import Celery\nfrom portal.settings import WorkerConfig\napp = Celery('portal')\napp.config_from_object(WorkerConfig)\n",
  };
  const out = lint(files, ['--select', 'celery/pickle-serializer,celery/unknown-setting']);
  // The class's pickle serializer is found; the module constant is nobody's setting.
  assert.deepEqual(out, ['portal/settings/defaults.py:6:23 celery/pickle-serializer']);
});

test('current_app.conf.CELERY_X under a project whose app reads namespace CELERY is a setting, not a typo', () => {
  const out = lint({
    'pyproject.toml': '[project]\nname = "kiosk"\n',
    'kiosk/__init__.py': '',
    'kiosk/worker.py': "from celery import Celery\napp = Celery('kiosk')\napp.config_from_object('kiosk.conf', namespace='CELERY')\n",
    'kiosk/conf.py': "CELERY_BROKER_URL = 'redis://'\n",
    'tests/test_kiosk.py': 'from celery import current_app\n\n\ndef setup_module():\n    current_app.conf.CELERY_TASK_EAGER_PROPAGATES = True\n',
  }, ['--select', 'celery/unknown-setting']);
  assert.deepEqual(out, []);
});
