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

test('CELERY_ names the project reads itself, and extension settings under the prefix, are not typos', () => {
  const out = lint({
    'manage.py': '',
    'depot/__init__.py': '',
    'depot/settings.py': [
      "SECRET_KEY = 'x'",
      "CELERY_BROKER_URL = 'redis://'",
      'CELERY_REPORT_LIMIT = 50',
      "CELERY_EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'",
      "CELERY_SINGLETON_KEY_PREFIX = 'depot-lock:'",
      'CELERY_SOFT_TIME_LIMIT = 30',
      '',
    ].join('\n'),
    'depot/jobs.py': 'from celery import shared_task\nfrom django.conf import settings\n\n\n@shared_task\ndef report():\n    return settings.CELERY_REPORT_LIMIT\n',
    'depot/worker.py': "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'depot.settings')\napp = Celery('depot')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  }, ['--select', 'celery/unknown-setting']);
  assert.deepEqual(out, ['depot/settings.py:6:1 celery/unknown-setting']);
  const dir = tempProject({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_SOFT_TIME_LIMIT = 30\n" });
  // The setting the name spells out, not the nearest by letters (CELERY_TASK_TIME_LIMIT).
  assert.match(runCli(['.'], { cwd: dir }).stdout, /Did you mean CELERY_TASK_SOFT_TIME_LIMIT\?/);
});

test('a module no app reads as Django settings, in a project whose app takes a mapping, is not assumed to be read with a namespace', () => {
  const out = lint({
    'pyproject.toml': '[project]\nname = "deploy"\n',
    'deploy/__init__.py': '',
    'deploy/settings.py': "SECRET_KEY = 'x'\nDEBUG = False\nCELERYBEAT_SCHEDULE = {}\n",
    'deploy/worker.py': "from celery import Celery\nfrom flask import Flask\nweb = Flask(__name__)\nweb.config.from_pyfile('settings.py')\nqueue = Celery('deploy')\nqueue.conf.update(web.config)\n",
  });
  // Neither celery/ignored-old-name nor a deprecated-setting-name that says Django reads it without a
  // namespace: no app is shown to read it as Django settings, so nothing says which namespace applies.
  assert.deepEqual(out, []);
});

test('environs: env(name, default) and env.str(name, default=...) are the variable or the default', () => {
  const out = lint({
    'celeryconfig.py': "from environs import Env\nenv = Env()\ntask_serializer = env.str('TASK_FORMAT', default='pickle')\ntask_acks_late = env('ACK_LATE', 'false')\n",
  }, ['--select', 'celery/pickle-serializer,celery/invalid-setting-type']);
  assert.deepEqual(out, ['celeryconfig.py:3:50 celery/pickle-serializer', 'celeryconfig.py:4:34 celery/invalid-setting-type']);
});

test('instances of a Celery subclass are apps, and what its methods write to self.conf is a possibility', () => {
  const out = lint({
    'pyproject.toml': '[project]\nname = "portal"\n',
    'portal/__init__.py': '',
    'portal/tasks_app.py': [
      'from celery import Celery',
      '',
      '',
      'class QueueApp(Celery):',
      '    def configure(self, options):',
      "        self.conf['task_serializer'] = 'pickle'",
      '',
      '',
      "queue = QueueApp('portal')",
      "queue.conf.result_serializer = 'pickle'",
      '',
    ].join('\n'),
  }, ['--select', 'celery/pickle-serializer']);
  assert.deepEqual(out, ['portal/tasks_app.py:10:32 celery/pickle-serializer', 'portal/tasks_app.py:6:40 celery/pickle-serializer']);
});

test('django-split-settings include() reads the included files like star imports, even ones that never say celery', () => {
  const files = {
    'manage.py': '',
    'depot/__init__.py': '',
    'depot/settings/__init__.py': "from split_settings.tools import include, optional\ninclude('components/common.py', 'components/queue.py', optional('local.py'))\n",
    'depot/settings/components/__init__.py': '',
    'depot/settings/components/common.py': "SECRET_KEY = 'x'\nDEBUG = False\n",
    'depot/settings/components/queue.py': "CELERY_BROKER_URL = 'redis://'\nCELERY_RESULT_BACKEND = 'amqp://rabbit'\n",
    'depot/worker.py': "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'depot.settings')\napp = Celery('depot')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  };
  const config = printConfig(files);
  assert.match(config, /^app 'app' in depot\/worker\.py {2}\(namespace: CELERY\)\n {2}CELERY_BROKER_URL = 'redis:\/\/'/m);
  assert.match(config, /settings may come from include\('local\.py'\), which is not among the linted files/);
  assert.doesNotMatch(config, /common\.py/);
  assert.deepEqual(lint(files), ['depot/settings/components/queue.py:2:25 celery/no-amqp-result-backend']);
});

test('a beat entry in every possible schedule (entries added under a feature flag) is still checked', () => {
  const out = lint({
    'manage.py': '',
    'depot/__init__.py': '',
    'depot/tasks.py': 'from celery import shared_task\n\n\n@shared_task\ndef rotate_logs():\n    pass\n\n\n@shared_task\ndef digest():\n    pass\n',
    'depot/settings.py': [
      "SECRET_KEY = 'x'",
      'DIGEST = True',
      "CELERY_BEAT_SCHEDULE = {'rotate': {'task': 'depot.tasks.rotate_logz', 'schedule': 60.0}}",
      'if DIGEST:',
      "    CELERY_BEAT_SCHEDULE['digest'] = {'task': 'depot.tasks.digest', 'schedule': 3600.0}",
      '',
    ].join('\n'),
  }, ['--select', 'celery/beat-task-unknown']);
  assert.deepEqual(out, ['depot/settings.py:3:44 celery/beat-task-unknown']);
});

test('a config class helper attribute that other attributes use is not a misspelt setting', () => {
  const out = lint({
    'worker.py': [
      'from celery import Celery',
      '',
      '',
      'class Config:',
      "    broker_url = 'redis://'",
      "    slow_queue = 'slow'",
      "    task_routes = {'app.tasks.export': {'queue': slow_queue}}",
      '    task_route = {}',
      '',
      '',
      "app = Celery('w')",
      'app.config_from_object(Config)',
      '',
    ].join('\n'),
  }, ['--select', 'celery/unknown-setting']);
  assert.deepEqual(out, ['worker.py:8:5 celery/unknown-setting']);
});

test('an old name next to its new name under the namespace is dead weight, not a lost setting', () => {
  const dir = tempProject({
    'settings.py': "SECRET_KEY = 'x'\nCELERY_TASK_SEND_SENT_EVENT = True\nCELERY_SEND_TASK_SENT_EVENT = True\n",
    'worker.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
  });
  const out = runCli(['.', '--select', 'celery/ignored-old-name'], { cwd: dir }).stdout;
  assert.match(out, /CELERY_TASK_SEND_SENT_EVENT already sets task_send_sent_event, so this line is dead weight/);
  assert.doesNotMatch(out, /keeps its default/);
});

test('a Celery subclass imported from another module makes apps there too', () => {
  const out = lint({
    'pyproject.toml': '[project]\nname = "hall"\n',
    'hall/__init__.py': '',
    'hall/queue/__init__.py': "from .base import HallCelery\n\nqueue = HallCelery('hall')\n",
    'hall/queue/base.py': "from celery import Celery\n\n\nclass HallCelery(Celery):\n    def setup(self):\n        self.conf.update(task_serializer='pickle')\n",
  }, ['--select', 'celery/pickle-serializer']);
  assert.deepEqual(out, ['hall/queue/base.py:6:42 celery/pickle-serializer']);
});

test('a Django setting used only to build another setting in its own module can still be a typo', () => {
  const out = lint({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_SOFT_TIME_LIMIT = 300\nCELERY_TASK_TIME_LIMIT = CELERY_SOFT_TIME_LIMIT + 60\n" }, ['--select', 'celery/unknown-setting']);
  assert.deepEqual(out, ['settings.py:2:1 celery/unknown-setting']);
});

const QUEUE_URL = 'import os\n\nbroker_url = os.environ.get("QUEUE_URL", "sqs://")\n\n';

test('an if/else on a name narrows it in each branch: the else of == "sqs://" cannot be sqs://', () => {
  const files = { 'celeryconfig.py': `${QUEUE_URL}if broker_url == "sqs://":\n    result_backend = "redis://results:6379/0"\nelse:\n    result_backend = broker_url\n` };
  assert.deepEqual(lint(files), []);
  assert.match(printConfig(files), /^ {2}result_backend = 'redis:\/\/results:6379\/0' or \$QUEUE_URL\n/m);
});

test('a branch where the tested name really is the bad value still reports it, in that branch', () => {
  // The else of != is the == branch: there broker_url is 'sqs://'.
  const elseBranch = { 'celeryconfig.py': `${QUEUE_URL}if broker_url != "sqs://":\n    result_backend = "redis://results:6379/0"\nelse:\n    result_backend = broker_url\n` };
  assert.deepEqual(lint(elseBranch), ['celeryconfig.py:8:22 celery/invalid-result-backend']);
  // Written first, the branch that reads the name is still where the finding lands (not the last assignment).
  const dir = tempProject({ 'celeryconfig.py': `${QUEUE_URL}if broker_url in ("sqs://", "sqs://eu"):\n    result_backend = broker_url\nelif not broker_url:\n    result_backend = "rpc://"\nelse:\n    result_backend = "redis://results:6379/0"\n` });
  const out = runCli(['.', '--format', 'json'], { cwd: dir }).stdout;
  assert.deepEqual(findings(out, dir), ['celeryconfig.py:6:22 celery/invalid-result-backend']);
  assert.match(out, /result_backend may be 'sqs:\/\/'/);
});

const ATLAS_WORKER =
  'import os\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas.settings")\nos.environ.setdefault("DJANGO_CONFIGURATION", "Prod")\n\nimport configurations  # noqa: E402\n\nconfigurations.setup()\n\nfrom celery import Celery  # noqa: E402\n\napp = Celery("atlas")\napp.config_from_object("django.conf:settings", namespace="CELERY")\n';

test('django-configurations: the class DJANGO_CONFIGURATION names is the settings, with what it inherits', () => {
  const files = {
    'atlas/__init__.py': '',
    'atlas/worker.py': ATLAS_WORKER,
    'atlas/settings.py': [
      'from configurations import Configuration',
      '',
      '',
      'class Base(Configuration):',
      '    SECRET_KEY = "x"',
      '    CELERY_BROKER_URL = "redis://atlas-redis:6379/0"',
      '    CELERY_ACCEPT_CONTENT = ["json"]',
      '',
      '',
      'class Prod(Base):',
      '    CELERY_TASK_SERIALIZER = "pickle"',
      '',
      '',
      'class Dev(Base):',
      '    CELERY_RESULT_BACKEND = "amqp://"',
      '',
    ].join('\n'),
  };
  // Dev is not loaded here, so its amqp backend is nobody's.
  assert.deepEqual(lint(files), ['atlas/settings.py:11:30 celery/accept-content-mismatch', 'atlas/settings.py:11:30 celery/pickle-serializer']);
  const config = printConfig(files);
  assert.match(config, /^app 'app' in atlas\/worker\.py {2}\(namespace: CELERY; settings class: Prod\)\n {2}CELERY_BROKER_URL = 'redis:\/\/atlas-redis:6379\/0'\n/m);
  assert.doesNotMatch(config, /^app 'configurations'|amqp/m);
});

test('django-configurations without a DJANGO_CONFIGURATION: every class no other extends is a configuration, and a base finding is reported once', () => {
  const files = {
    'manage.py': '',
    'shop/__init__.py': '',
    'shop/settings/__init__.py': '',
    'shop/settings/base.py': 'import configurations\n\n\nclass Base(configurations.Configuration):\n    SECRET_KEY = "x"\n    CELERY_RESULT_BACKEND = "amqp://rabbit"\n    CELERY_TASK_SERIALIZER = "pickle"\n',
    'shop/settings/envs.py': [
      'from .base import Base',
      '',
      '',
      'class JsonMixin:',
      '    CELERY_TASK_SERIALIZER = "json"',
      '',
      '',
      'class Dev(JsonMixin, Base):',
      '    DEBUG = True',
      '',
      '',
      'class Prod(Base):',
      '    CELERY_TASK_ALWAYS_EAGER = False',
      '',
    ].join('\n'),
    'shop/worker.py': "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.envs')\napp = Celery('shop')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  };
  assert.deepEqual(lint(files, ['--select', 'celery/no-amqp-result-backend,celery/pickle-serializer']), [
    'shop/settings/base.py:6:29 celery/no-amqp-result-backend',
    'shop/settings/base.py:7:30 celery/pickle-serializer',
  ]);
  const config = printConfig(files);
  // The first base that has an attribute gives it (Python's MRO): Dev's mixin wins over Base.
  assert.match(config, /\(namespace: CELERY; settings class: Dev\)\n(?: {2}.*\n)*? {2}CELERY_TASK_SERIALIZER = 'json'\n/);
  assert.match(config, /\(namespace: CELERY; settings class: Prod\)\n(?: {2}.*\n)*? {2}CELERY_TASK_SERIALIZER = 'pickle'\n/);
  assert.doesNotMatch(config, /settings class: Base/);
});

test('readthedocs-style settings classes: Class.load_settings(__name__) makes their UPPERCASE attributes module settings', () => {
  const files = {
    'manage.py': '',
    'docs/__init__.py': '',
    'docs/core/__init__.py': '',
    'docs/core/settings.py': 'import sys\n\n\nclass Settings:\n    @classmethod\n    def load_settings(cls, module_name):\n        module = sys.modules[module_name]\n        for name in dir(cls):\n            if name.isupper():\n                setattr(module, name, getattr(cls, name))\n',
    'docs/settings/__init__.py': '',
    'docs/settings/base.py': 'from docs.core.settings import Settings\n\n\nclass CommunityBaseSettings(Settings):\n    SECRET_KEY = "x"\n    CELERY_ACCEPT_CONTENT = ["json"]\n    CELERY_TASK_SERIALIZER = "json"\n    celery_helper = "not loaded"\n\n\nCommunityBaseSettings.load_settings(__name__)\n',
    'docs/settings/prod.py': 'from .base import CommunityBaseSettings\n\n\nclass CommunityProdSettings(CommunityBaseSettings):\n    CELERY_TASK_SERIALIZER = "pickle"\n\n\nCommunityProdSettings.load_settings(__name__)\n',
    'docs/worker.py': "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'docs.settings.prod')\napp = Celery('docs')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  };
  assert.deepEqual(lint(files), ['docs/settings/prod.py:5:30 celery/accept-content-mismatch', 'docs/settings/prod.py:5:30 celery/pickle-serializer']);
  assert.doesNotMatch(printConfig(files), /celery_helper/);
});
