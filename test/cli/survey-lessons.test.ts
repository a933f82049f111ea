// False-positive classes found by the precision survey of whole public
// checkouts (issue 14, test/survey/): each test is a small project of ours
// with the shape that misled a rule, linted through the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli, tempProject, type JsonResult } from './run-cli';

interface Finding {
  readonly where: string;
  readonly rule: string;
  readonly message: string;
}

function lint(files: Record<string, string>, args: string[] = ['.']): Finding[] {
  const dir = tempProject(files);
  const out = runCli([...args, '--format', 'json'], { cwd: dir }).stdout;
  const results = JSON.parse(out) as JsonResult[];
  return results.flatMap((r) => r.messages.map((m) => ({ where: `${path.relative(dir, r.filePath)}:${m.line}`, rule: m.ruleId, message: m.message })));
}

const only = (found: Finding[], rule: string) => found.filter((f) => f.rule === rule);

const SETTINGS_HEAD = "from celery.schedules import crontab\nSECRET_KEY = 'x'\nCELERY_BEAT_SCHEDULE = {\n";
const WORKER = "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.autodiscover_tasks()\n";

test("beat-task-unknown: tasks of installed packages (invenio_*, django_yubin) are not the project's to call missing", () => {
  const found = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py': WORKER,
    'proj/tasks.py': 'from celery import shared_task\n\n\n@shared_task\ndef clean():\n    pass\n',
    'proj/settings.py':
      SETTINGS_HEAD +
      "    'index': {'task': 'invenio_indexer.tasks.process_bulk_queue', 'schedule': 60},\n" +
      "    'mail': {'task': 'django_yubin.tasks.send_mail', 'schedule': 60},\n" +
      "    'clean': {'task': 'proj.tasks.clean', 'schedule': 60},\n" +
      "    'lost': {'task': 'proj.tasks.vacuum', 'schedule': 60},\n" +
      "    'moved': {'task': 'proj.maintenance.vacuum', 'schedule': 60},\n}\n",
  });
  assert.deepEqual(only(found, 'celery/beat-task-unknown'), [
    { where: 'proj/settings.py:7', rule: 'celery/beat-task-unknown', message: "beat_schedule runs task 'proj.tasks.vacuum', but proj.tasks defines no 'vacuum', so beat sends a task no worker has." },
    { where: 'proj/settings.py:8', rule: 'celery/beat-task-unknown', message: "beat_schedule runs task 'proj.maintenance.vacuum', but the project has no module proj.maintenance, so beat sends a task no worker has." },
  ]);
});

test("beat-task-unknown: a task made by the project's own decorator (rapidpro's @cron_task wraps shared_task) is not called missing", () => {
  const found = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py': WORKER,
    'proj/crons.py':
      'from functools import wraps\nfrom celery import shared_task\n\n\ndef cron_task(**options):\n    def decorate(func):\n        @wraps(func)\n        def wrapper(*a, **kw):\n            return func(*a, **kw)\n        return shared_task(**options)(wrapper)\n    return decorate\n',
    'proj/orgs/__init__.py': '',
    'proj/orgs/tasks.py': 'from celery import shared_task\nfrom proj.crons import cron_task\n\n\n@cron_task()\ndef expire_invitations():\n    pass\n\n\n@shared_task\ndef other():\n    pass\n',
    'proj/settings.py': SETTINGS_HEAD + "    'expire': {'task': 'proj.orgs.tasks.expire_invitations', 'schedule': crontab(minute=10)},\n}\n",
  });
  assert.deepEqual(only(found, 'celery/beat-task-unknown'), []);
});

test('beat-task-unknown: a Celery subclass naming tasks itself (gen_task_name) leaves beat entries to the project', () => {
  const found = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py':
      "import os\nimport celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n\n\nclass ProjCelery(celery.Celery):\n    def gen_task_name(self, name, module):\n        return name\n\n\napp = ProjCelery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
    'proj/tasks.py': 'from celery import shared_task\n\n\n@shared_task\ndef check_channels():\n    pass\n',
    'proj/settings.py': SETTINGS_HEAD + "    'check': {'task': 'check_channels', 'schedule': 300},\n    'dotted': {'task': 'proj.tasks.check_chanels', 'schedule': 300},\n}\n",
  });
  assert.deepEqual(only(found, 'celery/beat-task-unknown'), []);
});

test('beat-task-unknown: the settings file named alone (pre-commit, an editor) gets the whole project\'s answer', () => {
  const files = {
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py': WORKER,
    'proj/tasks.py': 'from celery import shared_task\n\n\n@shared_task\ndef clean():\n    pass\n',
    'proj/settings.py': SETTINGS_HEAD + "    'clean': {'task': 'proj.tasks.clean', 'schedule': 60},\n    'typo': {'task': 'proj.tasks.claen', 'schedule': 60},\n}\n",
  };
  const whole = only(lint(files), 'celery/beat-task-unknown');
  assert.deepEqual(whole.map((f) => f.where), ['proj/settings.py:5']);
  assert.deepEqual(only(lint(files, ['proj/settings.py']), 'celery/beat-task-unknown'), whole);
});

const WAITS = 'from proj.tasks import add\n\n\ndef total(x, y):\n    return add.delay(x, y).get(timeout=5)\n';
const TASKS = 'from celery import shared_task\n\n\n@shared_task\ndef add(x, y):\n    return x + y\n';

test('result-backend-missing still speaks when the whole configuration is seen and sets no backend', () => {
  const found = lint({
    'proj/__init__.py': '',
    'proj/app.py': "from celery import Celery\n\napp = Celery('proj', broker='redis://localhost:6379/0')\n",
    'proj/tasks.py': TASKS,
    'proj/views.py': WAITS,
  });
  assert.deepEqual(
    only(found, 'celery/result-backend-missing').map((f) => [f.where, f.message.split(': ')[0]]),
    [['proj/views.py:5', 'This reads a task result (add.delay(x, y).get(timeout=5)), but result_backend is not set in this configuration']],
  );
});

test('result-backend-missing: an app factory elsewhere that passes Celery(backend=...) leaves "not set" unsaid', () => {
  const found = lint({
    'utils/__init__.py': '',
    'utils/celery_config.py': "from celery import Celery\n\n\ndef make_celery(app):\n    celery = Celery(app.import_name, broker='redis://localhost:6379/0', backend='redis://localhost:6379/1')\n    celery.conf.update(app.config)\n    return celery\n",
    'trigger.py': "from celery import Celery\n\ncelery_app = Celery('trigger', broker='redis://localhost:6379/0')\n",
    'proj/__init__.py': '',
    'proj/tasks.py': TASKS,
    'proj/views.py': WAITS,
  });
  assert.deepEqual(only(found, 'celery/result-backend-missing'), []);
});

test('result-backend-missing: config_from_envvar and a settings module the environment may swap leave "not set" unsaid', () => {
  const envvar = lint({
    'proj/__init__.py': '',
    'proj/celeryconfig.py': "broker_url = 'redis://localhost:6379/0'\nresult_backend = 'django-db'\n",
    'proj/app.py': "import os\nfrom celery import Celery\n\nos.environ.setdefault('CELERY_CONFIG_MODULE', 'proj.celeryconfig')\napp = Celery('proj')\napp.config_from_envvar('CELERY_CONFIG_MODULE')\n",
    'proj/tasks.py': TASKS,
    'proj/views.py': WAITS,
  });
  assert.deepEqual(only(envvar, 'celery/result-backend-missing'), []);
  const swapped = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/settings/__init__.py': '',
    'proj/settings/common.py': "SECRET_KEY = 'x'\nCELERY_BROKER_URL = 'redis://localhost:6379/0'\n",
    'proj/settings/docker.py': "from .common import *\nCELERY_RESULT_BACKEND = 'redis://redis:6379/1'\n",
    'proj/celery.py': "import os\nfrom celery import Celery\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.common')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.autodiscover_tasks()\n",
    'proj/tasks.py': TASKS,
    'proj/views.py': WAITS,
  });
  assert.deepEqual(only(swapped, 'celery/result-backend-missing'), []);
});

test('result-backend-missing: an app reading Django settings that the linter cannot find says nothing of its backend', () => {
  const found = lint({
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\n\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.autodiscover_tasks()\n",
    'proj/tasks.py': TASKS,
    'proj/views.py': WAITS,
  });
  assert.deepEqual(only(found, 'celery/result-backend-missing'), []);
});

test("timezone-mismatch: a TIME_ZONE written where the settings do not parse (a project template) is not called unset", () => {
  const celery = "import os\nfrom celery import Celery\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n";
  const head = "SECRET_KEY = 'x'\nINSTALLED_APPS = ['django.contrib.admin']\nCELERY_BROKER_URL = 'redis://localhost:6379/0'\n";
  const template = lint({ 'proj/__init__.py': '', 'proj/celery.py': celery, 'proj/settings.py': `${head}{% if use_tz %}\nTIME_ZONE = '{{ cookiecutter.timezone }}'\n{% endif %}\n` });
  assert.deepEqual(only(template, 'celery/timezone-mismatch'), []);
  // Without TIME_ZONE anywhere, Celery 5.3+ really takes Django's default.
  const unset = lint({ 'proj/__init__.py': '', 'proj/celery.py': celery, 'proj/settings.py': head });
  assert.deepEqual(only(unset, 'celery/timezone-mismatch').map((f) => f.where), ['proj/celery.py:6']);
});

test("unknown-setting: the project's own knobs and well-known extensions' settings are not typos; a top-level visibility_timeout is named for what it is", () => {
  const settings = [
    'import environ',
    'env = environ.Env()',
    "SECRET_KEY = 'x'",
    "INSTALLED_APPS = ['djcelery_email']",
    "EMAIL_BACKEND = 'djcelery_email.backends.CeleryEmailBackend'",
    "CELERY_EMAIL_TASK_CONFIG = {'queue': 'mail', 'rate_limit': '50/m'}",
    "CELERY_ONCE_REDIS_URL = 'redis://localhost:6379/3'",
    "CELERY_ONCE = {'backend': 'celery_once.backends.Redis', 'settings': {'url': CELERY_ONCE_REDIS_URL}}",
    "CELERY_LOG_LEVEL = 'INFO'",
    "LOGGING = {'version': 1, 'loggers': {'celery': {'level': CELERY_LOG_LEVEL}}}",
    "CELERY_REPORTS_BUCKET = env('CELERY_REPORTS_BUCKET')",
    'CELERY_SINGLETON_LOCK_EXPIRY = 60',
    'CELERY_VISIBILITY_TIMEOUT = 43200',
    'CELERY_TASK_SOFT_LIMIT = 30',
    '',
  ].join('\n');
  const found = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/settings.py': settings,
    'proj/celery.py': "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.conf.ONCE = {'backend': 'celery_once.backends.Redis', 'settings': {}}\n",
  });
  assert.deepEqual(
    only(found, 'celery/unknown-setting').map((f) => [f.where, f.message]),
    [
      ['proj/settings.py:13', "CELERY_VISIBILITY_TIMEOUT on its own is read by neither Celery nor kombu, although Celery's Redis guide lists it beside the transport options: only the 'visibility_timeout' key of broker_transport_options (and of result_backend_transport_options) sets the timeout."],
      ['proj/settings.py:14', 'CELERY_TASK_SOFT_LIMIT is not a Celery setting, so Celery silently ignores it. Did you mean CELERY_TASK_TIME_LIMIT?'],
    ],
  );
});

test('a mix of old and new names that makes Celery raise is never called "still honoured"', () => {
  const found = lint({
    'proj/__init__.py': '',
    'proj/celeryconfig.py': "broker_url = 'redis://localhost:6379/0'\ntask_serializer = 'json'\nresult_backend = 'redis://localhost:6379/1'\nCELERY_ALWAYS_EAGER = True\n",
    'proj/app.py': "from celery import Celery\n\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
  });
  assert.deepEqual(only(found, 'celery/mixed-setting-names').map((f) => f.where), ['proj/celeryconfig.py:4']);
  // Where deprecated-setting-name speaks on the key too (it carries the rename fix), it says Celery raises.
  for (const f of only(found, 'celery/deprecated-setting-name')) {
    assert.match(f.message, /mixes old and new names, so Celery raises ImproperlyConfigured at the first read of any setting instead of honouring it/);
    assert.doesNotMatch(f.message, /still honours/);
  }
});

test('CELERY_ENABLE_UTC read without a namespace is one finding that names what Celery reads instead (ENABLE_UTC)', () => {
  const found = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_ENABLE_UTC = False\n",
    'proj/celery.py': "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings')\n",
  });
  const onKey = found.filter((f) => f.where === 'proj/settings.py:2');
  assert.deepEqual(onKey.map((f) => f.rule), ['celery/namespace-missing']);
  assert.match(onKey[0]!.message, /looks for 'enable_utc' or its pre-4\.0 name 'ENABLE_UTC', never CELERY_ENABLE_UTC/);
});

test("ignored-old-name and namespace-missing: a name the project's code reads itself is its own knob; settings that set it again or compute from it are not reads", () => {
  const withNamespace = {
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py': WORKER,
    // courtlistener: CELERY_QUEUES is the project's list of queue names, read by a view that never names Celery.
    'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_QUEUES = ('celery', 'batch0')\nCELERY_ALWAYS_EAGER = False\nCELERY_DISABLE_RATE_LIMITS = True\n",
    'proj/stats/__init__.py': '',
    'proj/stats/views.py': 'from django.conf import settings\n\n\ndef lengths():\n    return [q for q in settings.CELERY_QUEUES]\n',
    // Set again (not read) by a second settings module, and passed as a keyword: still ignored by Celery.
    'proj/settings_prod.py': 'from .settings import *  # noqa\nCELERY_ALWAYS_EAGER = False\n',
    'proj/tests.py': 'from django.test import override_settings\n\n\n@override_settings(CELERY_DISABLE_RATE_LIMITS=False)\ndef test_it():\n    pass\n',
  };
  assert.deepEqual(only(lint(withNamespace), 'celery/ignored-old-name').map((f) => f.where).sort(), ['proj/settings.py:3', 'proj/settings.py:4', 'proj/settings_prod.py:2']);
  // The settings module named alone (pre-commit) gets the same answer from the rest of the project.
  assert.deepEqual(only(lint(withNamespace, ['proj/settings.py']), 'celery/ignored-old-name').map((f) => f.where), ['proj/settings.py:3', 'proj/settings.py:4']);

  // mediacms: no namespace, and the app module copies the value onto the name Celery reads.
  const noNamespace = {
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py':
      "import os\nfrom celery import Celery\nfrom django.conf import settings\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings')\n" +
      'app.conf.beat_schedule = app.conf.CELERY_BEAT_SCHEDULE\napp.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER\n',
    // safe-relay-service: the module computing one setting from another believes Celery reads it; that is no knob.
    'proj/settings.py':
      "SECRET_KEY = 'x'\nTIME_ZONE = 'UTC'\nCELERY_BEAT_SCHEDULE = {}\nCELERY_TASK_ALWAYS_EAGER = False\nCELERY_BROKER_URL = 'redis://redis:6379/0'\nif CELERY_BROKER_URL == 'django://':\n    CELERY_TASK_DEFAULT_QUEUE = 'default'\nCELERY_WORKER_PREFETCH_MULTIPLIER = 1\n",
  };
  assert.deepEqual(only(lint(noNamespace), 'celery/namespace-missing').map((f) => f.where), ['proj/settings.py:5', 'proj/settings.py:7', 'proj/settings.py:8']);
});

const LOADER = 'import sys\n\n\nclass Settings:\n    @classmethod\n    def load_settings(cls, module_name):\n        self = cls()\n        module = sys.modules[module_name]\n        for name in dir(self):\n            if name.isupper():\n                setattr(module, name, getattr(self, name))\n';
const MIDDLEWARE_RULES = ['django/security-middleware-missing', 'django/csrf-middleware-missing', 'django/clickjacking-middleware-missing'];

test("a settings class's @property is the setting's value (readthedocs' MIDDLEWARE property), or an unknown that leaves the middleware rules quiet", () => {
  const project = (property: string) => ({
    'manage.py': '',
    'docs/__init__.py': '',
    'docs/core/__init__.py': '',
    'docs/core/settings.py': LOADER,
    'docs/settings/__init__.py': '',
    'docs/settings/base.py': `from docs.core.settings import Settings\n\n\nclass BaseSettings(Settings):\n    SECRET_KEY = 'x'\n    INSTALLED_APPS = ['django.contrib.sessions']\n    SHOW_DEBUG_TOOLBAR = False\n\n    @property\n    def MIDDLEWARE(self):\n${property}`,
    'docs/settings/production.py': 'from .base import BaseSettings\n\n\nclass ProductionSettings(BaseSettings):\n    DEBUG = False\n    ROOT_URLCONF = \'docs.urls\'\n\n\nProductionSettings.load_settings(__name__)\n',
    'docs/wsgi.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'docs.settings.production')\n",
  });
  const middlewareFindings = (property: string) =>
    lint(project(property)).filter((f) => MIDDLEWARE_RULES.includes(f.rule)).map((f) => `${f.where} ${f.rule}`);
  // Built as a list, then added to under flags: its own items are there.
  const built =
    "        middlewares = [\n            'django.middleware.security.SecurityMiddleware',\n            'django.contrib.sessions.middleware.SessionMiddleware',\n            'django.middleware.csrf.CsrfViewMiddleware',\n            'django.middleware.clickjacking.XFrameOptionsMiddleware',\n        ]\n" +
    "        if self.SHOW_DEBUG_TOOLBAR:\n            middlewares.insert(0, 'debug_toolbar.middleware.DebugToolbarMiddleware')\n        return middlewares\n";
  assert.deepEqual(middlewareFindings(built), []);
  // Not read before: MIDDLEWARE was taken as unset (Django's empty default) and all three fired. The same list as a plain attribute says so.
  assert.deepEqual(middlewareFindings("        return []\n"), MIDDLEWARE_RULES.map((rule) => `docs/settings/base.py:11 ${rule}`).sort());
  // A body celery-lint does not run: unknown, so nothing is claimed missing.
  assert.deepEqual(middlewareFindings('        return self.compute_middleware()\n'), []);
  // A returned literal is read as written: what it lacks is reported, at the property.
  assert.deepEqual(middlewareFindings("        return ['django.middleware.security.SecurityMiddleware', 'django.middleware.csrf.CsrfViewMiddleware']\n"), [
    'docs/settings/base.py:11 django/clickjacking-middleware-missing',
  ]);
});

test('a settings module named for a Compose stack (settings/docker_compose.py) is development settings, even when wsgi.py names it', () => {
  const found = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/settings/__init__.py': '',
    'proj/settings/docker_compose.py': "SECRET_KEY = 'x'\nDEBUG = True\nALLOWED_HOSTS = ['*']\nINSTALLED_APPS = ['django.contrib.sessions']\nMIDDLEWARE = []\n",
    'proj/wsgi.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.docker_compose')\n",
  });
  assert.deepEqual(found.filter((f) => f.rule.startsWith('django/')), []);
});

test("result-backend-missing: a test's throwaway app, or another app whose configuration is opaque (ORES' YAML), leaves the project's waits unjudged", () => {
  const queue =
    'import celery\n\n\ndef build(section):\n    app = celery.Celery(__name__)\n    app.conf.update(**{k: v for k, v in section.items() if k.isupper()})\n    return app\n\n\ndef state(app, task_id):\n    return app.AsyncResult(task_id).state\n';
  const testApp = "import celery\nfrom proj.queue import state\n\n\ndef test_state():\n    app = celery.Celery(__name__)\n    assert state(app, 'x') is not None\n";
  const found = lint({ 'proj/__init__.py': '', 'proj/queue.py': queue, 'tests/test_queue.py': testApp });
  assert.deepEqual(only(found, 'celery/result-backend-missing'), []);
  // The test's app alone is no view of the app the project's code waits through either.
  const testOnly = lint({ 'proj/__init__.py': '', 'proj/queue.py': 'def state(app, task_id):\n    return app.AsyncResult(task_id).state\n', 'tests/test_queue.py': testApp });
  assert.deepEqual(only(testOnly, 'celery/result-backend-missing'), []);
  // The project's own app seen whole, with no backend, is still reported.
  const whole = lint({ 'proj/__init__.py': '', 'proj/queue.py': "import celery\napp = celery.Celery('proj', broker='redis://')\n\n\ndef state(task_id):\n    return app.AsyncResult(task_id).state\n", 'tests/test_queue.py': testApp });
  assert.deepEqual(only(whole, 'celery/result-backend-missing').map((f) => f.where), ['proj/queue.py:6']);
});

test('worker-as-root: C_FORCE_ROOT set by a launcher whose only Celery command is beat reaches no worker; one that starts a worker is still reported', () => {
  const launcher = (command: string) =>
    `import os\nimport subprocess\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\nif os.getuid() == 0:\n    os.environ.setdefault('C_FORCE_ROOT', '1')\n\ncmd = ['celery', '-A', 'proj', '${command}', '-l', 'INFO']\nsubprocess.Popen(cmd).wait()\n`;
  const project = {
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py': WORKER,
    'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_ACCEPT_CONTENT = ['json', 'pickle']\n",
    'utils/start_beat.py': launcher('beat'),
    'utils/start_worker.py': launcher('worker'),
  };
  assert.deepEqual(only(lint(project), 'celery/worker-as-root').map((f) => f.where), ['utils/start_worker.py:6']);
});

test('autodiscover-missing-module: a module under a package a pinned dependency installs (apache-superset installs superset) is not missing, whatever the checkout holds', () => {
  const files = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    // The checkout's superset/ is a folder of deployment files mounted as /etc/superset, not the package.
    'superset/superset_config.py': "class CeleryConfig(object):\n    BROKER_URL = 'redis://redis:6379/0'\n    CELERY_IMPORTS = ('superset.sql_lab', 'superset.nosuch')\n\n\nCELERY_CONFIG = CeleryConfig\n",
    'superset/extra.py': 'X = 1\n',
  };
  const pinned = lint({ ...files, 'requirements.txt': 'apache-superset==5.0.0\n' });
  assert.deepEqual(only(pinned, 'celery/autodiscover-missing-module'), []);
  // Without the dependency, the checkout's own superset/ is all there is: both are missing.
  const unpinned = lint(files);
  assert.deepEqual(only(unpinned, 'celery/autodiscover-missing-module').map((f) => f.where), ['superset/superset_config.py:3', 'superset/superset_config.py:3']);
  // The checkout's own regular package (saleor, whose lock file lists the project itself) stays the project's.
  const own = lint({ ...files, 'superset/__init__.py': '', 'requirements.txt': 'apache-superset==5.0.0\n' });
  assert.deepEqual(only(own, 'celery/autodiscover-missing-module').map((f) => f.where), ['superset/superset_config.py:3', 'superset/superset_config.py:3']);
});

test('messages fit the source: old names in a Flask config class given to config_from_object() are never called Django settings', () => {
  const found = lint({
    'config.py': "class Config:\n    BROKER_URL = 'redis://'\n    CELERYD_CONCURRENCY = 2\n",
    'app.py': "from celery import Celery\nfrom flask import Flask\nfrom config import Config\n\nweb = Flask(__name__)\nweb.config.from_object(Config)\ncelery = Celery(web.import_name)\ncelery.config_from_object(Config)\n",
  });
  const deprecated = only(found, 'celery/deprecated-setting-name');
  assert.deepEqual(deprecated.map((f) => f.where), ['config.py:2', 'config.py:3']);
  for (const f of deprecated) {
    assert.match(f.message, /still honours it here/);
    assert.doesNotMatch(f.message, /Django|namespace/);
  }
});
