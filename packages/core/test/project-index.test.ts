import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProjectIndex, scanModuleFacts } from '../src';

function refs(text: string): string[] {
  return scanModuleFacts(text).references.map((r) => `${r.kind} ${'.'.repeat(r.level)}${r.name}`);
}

test('references: from-imports (relative, parenthesised, continued), plain imports, star imports', () => {
  assert.deepEqual(refs('from .base import *  # noqa\n'), ['star-import .base']);
  assert.deepEqual(refs('from ..conf import (\n    a,\n    b as c,\n)\n'), ['import ..conf', 'import ..conf.a', 'import ..conf.b']);
  assert.deepEqual(refs('from . import tasks\n'), ['import .', 'import .tasks']);
  // The continued line also reads as a plain import: a superset is fine.
  assert.deepEqual(refs('from proj \\\n    import celery\n'), ['import proj', 'import proj.celery', 'import celery']);
  assert.deepEqual(refs('import os, proj.settings.prod as prod\n'), ['import os', 'import proj', 'import proj.settings', 'import proj.settings.prod']);
  assert.deepEqual(refs('if True:\n    from x.y import *\n'), ['star-import x.y']);
  // Bare carriage returns end lines too (old Mac files).
  assert.deepEqual(refs('X = 1\rfrom .base import *\r'), ['star-import .base']);
});

test('references: dotted names in strings (config_from_object, DJANGO_SETTINGS_MODULE) and split-settings includes', () => {
  assert.deepEqual(refs("app.config_from_object('proj.config:CeleryConfig')\n"), ['string proj.config.CeleryConfig']);
  assert.deepEqual(refs('os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.prod")\n'), ['string DJANGO_SETTINGS_MODULE', 'string proj.settings.prod']);
  assert.deepEqual(refs("URL = 'redis://h'\nX = 'not a name'\n"), []);
  assert.deepEqual(refs("from split_settings.tools import include\ninclude('components/base.py', 'env.py')\n"), [
    'import split_settings.tools',
    'import split_settings.tools.include',
    'string env.py',
    'include .components.base',
    'include .env',
  ]);
});

test('flags: settings-module naming, app creation, task definitions, the pre-filter', () => {
  const manage = scanModuleFacts("os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'p.settings')\n");
  assert.equal(manage.namesSettingsModule, true);
  assert.equal(manage.candidate, true);
  assert.equal(scanModuleFacts("app = Celery('p')\n").createsApp, true);
  assert.equal(scanModuleFacts('class App(Celery):\n    pass\n').createsApp, true);
  assert.equal(scanModuleFacts('from celery import Celery\n').createsApp, false);
  assert.equal(scanModuleFacts('@shared_task\ndef f(): pass\n').definesTasks, true);
  assert.equal(scanModuleFacts('@app.task(bind=True)\ndef f(self): pass\n').definesTasks, true);
  assert.equal(scanModuleFacts('def task(): pass\n').definesTasks, false);
  assert.equal(scanModuleFacts('def f(x):\n    return x\n').candidate, false);
});

function indexOf(files: Record<string, string>): ProjectIndex {
  return ProjectIndex.build(Object.keys(files), (f) => files[f]);
}

const PROJECT = {
  '/p/manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.prod')\n",
  '/p/proj/__init__.py': '',
  '/p/proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  '/p/proj/settings/__init__.py': '',
  '/p/proj/settings/base.py': "from .common import *\nCELERY_BROKER_URL = 'redis://'\n",
  '/p/proj/settings/common.py': "TIME_ZONE = 'UTC'\n",
  '/p/proj/settings/prod.py': 'from .base import *\nDEBUG = False\n',
  '/p/proj/settings/dev.py': 'from .base import *\nDEBUG = True\n',
  '/p/legacy/old.py': "CELERY_RESULT_BACKEND = 'amqp://'\n",
  '/p/legacy/older.py': "CELERY_RESULT_BACKEND = 'rpc://'\n",
  '/p/shop/tasks.py': 'from celery import shared_task\n\n@shared_task\ndef add(x, y):\n    return x + y\n',
  '/p/util.py': 'def helper():\n    return 1\n',
};

test('members are the candidates and the modules they star-import, as a CLI run reads them', () => {
  const index = indexOf(PROJECT);
  // common.py names nothing of Celery or Django, but base.py star-imports it; util.py is not read; package __init__.py files always are.
  assert.deepEqual(index.members(), [
    '/p/legacy/old.py',
    '/p/legacy/older.py',
    '/p/manage.py',
    '/p/proj/__init__.py',
    '/p/proj/celery.py',
    '/p/proj/settings/__init__.py',
    '/p/proj/settings/base.py',
    '/p/proj/settings/common.py',
    '/p/proj/settings/dev.py',
    '/p/proj/settings/prod.py',
    '/p/shop/tasks.py',
  ]);
});

test('the closure of a settings module: its chain, the modules that share it, manage.py, apps and tasks; nothing unrelated', () => {
  const index = indexOf(PROJECT);
  const expected = ['/p/manage.py', '/p/proj/celery.py', '/p/proj/settings/base.py', '/p/proj/settings/common.py', '/p/proj/settings/dev.py', '/p/proj/settings/prod.py', '/p/shop/tasks.py'];
  assert.deepEqual(index.closure(['/p/proj/settings/prod.py']), expected);
  assert.deepEqual(index.closure(['/p/proj/settings/common.py']), expected);
  // An unrelated module brings only itself and the project-wide inputs: manage.py and what it names (not dev.py), apps, tasks.
  assert.deepEqual(index.closure(['/p/legacy/old.py']), ['/p/legacy/old.py', ...expected.filter((f) => !f.endsWith('dev.py'))].sort());
  assert.ok(!index.closure(['/p/proj/settings/prod.py']).includes('/p/legacy/older.py'));
});

test('an edit that adds or removes an import moves the closure; other edits leave it alone', () => {
  const index = indexOf(PROJECT);
  const old = '/p/legacy/old.py';
  assert.ok(!index.closure([old]).includes('/p/legacy/older.py'));
  // A keystroke that changes no reference.
  assert.equal(index.set(old, "CELERY_RESULT_BACKEND = 'amqp://x'\n"), false);
  assert.equal(index.set(old, "from legacy.older import X\nCELERY_RESULT_BACKEND = X\n"), true);
  assert.ok(index.closure([old]).includes('/p/legacy/older.py'));
  assert.ok(index.closure(['/p/legacy/older.py']).includes(old), 'edges count both ways');
  index.set(old, "CELERY_RESULT_BACKEND = 'amqp://'\n");
  assert.ok(!index.closure(['/p/legacy/older.py']).includes(old));
});

test('files come and go: a new module joins, a deleted one leaves, a file that stops being a candidate leaves the members', () => {
  const index = indexOf(PROJECT);
  index.set('/p/proj/settings/staging.py', 'from .prod import *\nCELERY_TASK_ALWAYS_EAGER = False\n');
  assert.ok(index.closure(['/p/proj/settings/prod.py']).includes('/p/proj/settings/staging.py'));
  index.delete('/p/proj/settings/staging.py');
  assert.ok(!index.closure(['/p/proj/settings/prod.py']).includes('/p/proj/settings/staging.py'));
  index.set('/p/legacy/older.py', 'def f():\n    return 1\n');
  assert.ok(!index.members().includes('/p/legacy/older.py'));
  // A file that cannot be read is known to resolution only.
  index.set('/p/legacy/old.py', undefined);
  assert.ok(!index.members().includes('/p/legacy/old.py'));
});

test('a file the pre-filter turns down (an open document) still gets what it reaches', () => {
  const index = indexOf({ ...PROJECT, '/p/proj/settings/local.py': 'from .dev import *\n' });
  // A star-import alone makes a module a candidate; a plain helper module is not one.
  index.set('/p/scratch.py', 'from proj.settings.common import TIME_ZONE\n');
  const closure = index.closure(['/p/scratch.py']);
  assert.ok(closure.includes('/p/scratch.py'));
  assert.ok(closure.includes('/p/proj/settings/common.py'));
  assert.ok(closure.includes('/p/proj/settings/local.py'));
});

test('dotted strings count where a module loads modules by name, and in what it imports; an INSTALLED_APPS entry or a beat task name connects nothing', () => {
  const index = indexOf({
    ...PROJECT,
    '/p/proj/settings/base.py': "from .common import *\nINSTALLED_APPS = ['shop.apps.ShopConfig']\nCELERY_BEAT_SCHEDULE = {'a': {'task': 'shop.tasks.add', 'schedule': 5}}\n",
    '/p/shop/__init__.py': '',
    '/p/shop/apps.py': "# celery\nclass ShopConfig:\n    name = 'shop'\n",
    '/p/worker/names.py': "CONFIG = 'worker.celeryconfig'\n",
    '/p/worker/app.py': "from celery import Celery\nfrom worker.names import CONFIG\napp = Celery('w')\napp.config_from_object(CONFIG)\n",
    '/p/worker/celeryconfig.py': "broker_url = 'redis://'\n",
  });
  const prod = index.closure(['/p/proj/settings/prod.py']);
  assert.ok(!prod.includes('/p/shop/apps.py'));
  assert.ok(!prod.includes('/p/shop/__init__.py'));
  // The constant reaches config_from_object through an import: the config module and the app share a closure.
  assert.ok(index.closure(['/p/worker/celeryconfig.py']).includes('/p/worker/names.py'));
  assert.ok(index.closure(['/p/worker/celeryconfig.py']).includes('/p/worker/app.py'));
  // The import goes away: the string no longer reaches a loader.
  assert.equal(index.set('/p/worker/app.py', "from celery import Celery\napp = Celery('w')\n"), true);
  assert.ok(!index.closure(['/p/worker/celeryconfig.py']).includes('/p/worker/names.py'));
});

test('an exact closure reads task names from the text where the named files call no task, and is every member when one autodiscovers', () => {
  const files = {
    ...PROJECT,
    '/p/shop/views.py': 'from shop.tasks import add\n\n\ndef view():\n    add.delay(1, 2)\n',
    '/p/billing/tasks.py': "from celery import shared_task\n\nNAME = 'billing.charge'\n\n\n@shared_task(name=NAME)\ndef charge():\n    pass\n",
    '/p/proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.autodiscover_tasks()\n",
  };
  const index = indexOf(files);
  const prod = index.closure(['/p/proj/settings/prod.py'], { exact: true });
  // shop/tasks.py is read from its text; billing's task name is a constant only a parse can read.
  assert.ok(!prod.includes('/p/shop/tasks.py'));
  assert.ok(prod.includes('/p/billing/tasks.py'));
  assert.deepEqual(index.textTasks(prod).map((t) => `${t.file} ${t.functionName} ${t.name ?? ''}`), ['/p/shop/tasks.py add ']);
  // The editor's closure keeps every task module.
  assert.ok(index.closure(['/p/proj/settings/prod.py']).includes('/p/shop/tasks.py'));
  // A file that calls tasks needs them parsed: all task modules come.
  assert.ok(index.closure(['/p/shop/views.py'], { exact: true }).includes('/p/billing/tasks.py'));
  // autodiscover_tasks() asks which packages' __init__.py are read and what imports each task module: the whole project.
  assert.deepEqual(index.closure(['/p/proj/celery.py'], { exact: true }), index.members());
});
