// What a module is (Django settings, Celery config module, neither) and which
// namespace its settings are read with come from how the project uses it
// (issue 14): each test lints a fixture project of fixtures/ through the real
// CLI, as a user runs `celery-lint .` at the project's root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { findings, REPO, runCli, tempProject } from './run-cli';

function lintFixture(folder: string): string[] {
  const dir = path.join(REPO, 'fixtures', folder);
  const result = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  return findings(result.stdout, dir);
}

test('a module that imports a helper from the settings module leaves it the settings module, with its findings', () => {
  assert.deepEqual(lintFixture('pickle-serializer/helper_imported'), [
    'proj/settings.py:8:26 celery/pickle-serializer',
    'proj/settings.py:9:34 celery/pickle-serializer',
  ]);
});

test('a settings.py an app loads with config_from_object(module) is a Celery config module: its lowercase names are right', () => {
  assert.deepEqual(lintFixture('lowercase-in-django-settings/config_module_named_settings'), ['proj/tasks/settings.py:8:1 celery/unknown-setting']);
});

test("flowerconfig.py holds Flower's options, not Celery settings nor Django settings, even when it imports django.conf", () => {
  assert.deepEqual(lintFixture('unknown-setting/flower_options'), []);
  assert.deepEqual(lintFixture('unknown-setting/flower_options_django'), []);
});

test('Django settings no app is shown to read get no namespace: the namespace-dependent rules stay quiet', () => {
  const dir = path.join(REPO, 'fixtures', 'ignored-old-name');
  assert.deepEqual(findings(runCli(['namespace_unknown.py', '--format', 'json'], { cwd: dir }).stdout, dir), []);
  const alone = tempProject({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_BROKER_URL = 'redis://'\n" });
  assert.match(runCli(['print-config', '.'], { cwd: alone }).stdout, /^module settings\.py {2}\(namespace: unknown, read as CELERY\)$/m);
});

test('django-celery (djcelery.setup_loader()) reads Django settings without a namespace: old names are read, not ignored', () => {
  const out = lintFixture('ignored-old-name/djcelery');
  assert.deepEqual(out, ['proj/settings.py:10:1 celery/deprecated-setting-name', 'proj/settings.py:11:1 celery/deprecated-setting-name']);
});

test("the module pytest.ini's DJANGO_SETTINGS_MODULE names is Django settings, whatever its path and names", () => {
  const dir = tempProject({
    'pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = tests.config\n',
    'tests/__init__.py': '',
    'tests/config.py': "task_always_eager = True\n",
  });
  const result = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.deepEqual(findings(result.stdout, dir), ['tests/config.py:1:1 celery/lowercase-in-django-settings']);
});

test('an app made by a function of the project (app = make_app()) that reads Django settings with a namespace gives it to the sibling settings', () => {
  const dir = tempProject({
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.production')\n",
    'proj/__init__.py': '',
    'proj/runtime.py': 'from celery import Celery\n\n\ndef make_app(name):\n    return Celery(name)\n',
    'proj/celery.py': "from .runtime import make_app\n\napp = make_app('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
    'proj/settings/__init__.py': '',
    'proj/settings/production.py': "SECRET_KEY = 'x'\nTIME_ZONE = 'UTC'\n",
    'proj/settings/ci.py': "SECRET_KEY = 'x'\nCELERY_ALWAYS_EAGER = True\n",
  });
  const result = runCli(['.', '--format', 'json', '--select', 'celery/ignored-old-name'], { cwd: dir });
  assert.deepEqual(findings(result.stdout, dir), ['proj/settings/ci.py:2:1 celery/ignored-old-name']);
});

test("a Superset config's CELERY_CONFIG class is read as the Celery configuration Superset gives its app; the module's own names are Superset's", () => {
  assert.deepEqual(lintFixture('unknown-setting/superset_deployment'), ['superset_config.py:14:5 celery/unknown-setting']);
  const dir = path.join(REPO, 'fixtures', 'unknown-setting', 'superset_deployment');
  assert.match(runCli(['print-config', '.'], { cwd: dir }).stdout, /^module superset_config\.py {2}\(namespace: none\)\n {2}broker_url = 'redis:\/\/redis:6379\/0'\n {6}used as broker_url {2}\[config-class/m);
});

test('an app bound to a subscript or an attribute (registry[...] = Celery(), self.app = Celery()) is configured through it', () => {
  assert.deepEqual(lintFixture('pickle-serializer/app_in_attribute'), [
    'queue.py:12:49 celery/pickle-serializer',
    'queue.py:6:52 celery/accept-content-mismatch',
    'queue.py:6:52 celery/pickle-serializer',
  ]);
});

test('a module whose text looks like a Celery config (a broker_url variable) is none when every app loads its configuration elsewhere', () => {
  const dir = tempProject({
    'bot/__init__.py': '',
    'bot/bot_info.py': "import os\nslack_token = os.environ.get('SLACK_TOKEN')\nslack_channel = 'alerts'\nbroker_url = os.environ['BROKER_URL']\n",
    'bot/worker.py': "from celery import Celery\n\nfrom bot.bot_info import broker_url\n\napp = Celery('bot', broker=broker_url)\napp.conf.task_serializer = 'pickle'\n",
  });
  const result = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.deepEqual(findings(result.stdout, dir), ['bot/worker.py:6:28 celery/accept-content-mismatch', 'bot/worker.py:6:28 celery/pickle-serializer']);
});

test("a module whose lowercase names are mostly not Celery's (a Slack bot's tokens beside a broker_url) is no Celery config, even with no app in view", () => {
  const dir = tempProject({
    'bot/__init__.py': '',
    'bot/bot_info.py':
      "from os import environ\n\n\ndef get_botid():\n    return ''\n\n\nslack_token = environ.get('SLACK_TOKEN')\nslack_app_token = environ.get('SLACK_APP_TOKEN')\nbotid = get_botid()\nworkerid = 'worker-' + environ['DEPLOYMENT']\nbroker_url = environ['AIRFLOW__CELERY__BROKER_URL']\n",
    'bot/commands.py': 'from bot_info import broker_url\n\n\ndef queue_url():\n    return broker_url\n',
  });
  assert.deepEqual(findings(runCli(['.', '--format', 'json'], { cwd: dir }).stdout, dir), []);
  // A module of Celery's names with a typo among them is still read as a config module.
  const config = tempProject({ 'workerconf.py': "broker_url = 'redis://'\nresult_backend = 'redis://'\ntask_serialiser = 'json'\n" });
  assert.deepEqual(findings(runCli(['.', '--format', 'json'], { cwd: config }).stdout, config), ['workerconf.py:3:1 celery/unknown-setting']);
});

test('Celery(config_source=NAME) where NAME is a dict of the module is read as that dict (issue 14 item 6)', () => {
  const dir = tempProject({
    'worker.py': "from celery import Celery\n\nCELERY_CONFIG = {\n    'broker_url': 'redis://localhost',\n    'task_serializer': 'pickle',\n    'task_serialiser': 'json',\n}\n\napp = Celery('proj', config_source=CELERY_CONFIG)\n",
  });
  const found = findings(runCli(['.', '--format', 'json'], { cwd: dir }).stdout, dir);
  assert.deepEqual(found.filter((f) => /pickle-serializer|unknown-setting/.test(f)), ['worker.py:5:24 celery/pickle-serializer', 'worker.py:6:5 celery/unknown-setting']);
});
