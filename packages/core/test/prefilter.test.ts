// The pre-filter's second pass (addPulledInModules): which modules a run
// reads although their text alone says nothing of Celery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPulledInModules, mightConfigureCelery } from '../src';

function closeOver(files: Record<string, string>): string[] {
  const candidates = new Map(Object.entries(files).filter(([path, text]) => mightConfigureCelery(text, path)));
  addPulledInModules(candidates, Object.keys(files), (file) => files[file]);
  return [...candidates.keys()].sort();
}

test('a module config_from_object() names is read with the constants it imports, whatever its settings are called', () => {
  // cassandra_servers and CELERYD_TASK_TIME_LIMIT match none of the pre-filter's setting patterns; Celery reads both.
  for (const config of ["from consts import HOSTS\ncassandra_servers = HOSTS\n", "# celeryconfig\nfrom consts import HOSTS\nCELERYD_TASK_TIME_LIMIT = HOSTS\n"]) {
    const files = {
      '/p/app.py': "from celery import Celery\napp = Celery('p')\napp.config_from_object('conf')\n",
      '/p/conf.py': config,
      '/p/consts.py': 'HOSTS = 1.5\n',
      '/p/unrelated.py': 'X = 1\n',
    };
    assert.deepEqual(closeOver(files), ['/p/app.py', '/p/conf.py', '/p/consts.py']);
  }
});

test('a module imported for a helper is not followed further', () => {
  const files = {
    '/p/app.py': "from celery import Celery\nfrom helpers import tool\napp = Celery('p')\n",
    '/p/helpers.py': 'from deep import x\ntool = x\n',
    '/p/deep.py': 'x = 1\n',
  };
  assert.deepEqual(closeOver(files), ['/p/app.py', '/p/helpers.py']);
});

test("a module that reads an app's configuration passes (it may be the first read), other .conf attributes do not", () => {
  for (const text of ['from proj.celery import app\n\nQUEUE = app.conf.task_default_queue\n', "from .celery import celery_app\nX = celery_app.conf['broker_url']\n"]) {
    assert.equal(mightConfigureCelery(text), true, text);
  }
  for (const text of ['from django.conf.urls import url\n', 'class Client:\n    def get(self):\n        return self.conf.get("x")\n']) {
    assert.equal(mightConfigureCelery(text), false, text);
  }
});

/** What the pre-filter says of a module alone (the pull-ins above may still bring it in). */
function parsed(text: string): boolean {
  return mightConfigureCelery(text, 'proj/module.py');
}

test("a function's local variable that looks like a setting does not make a module worth parsing", () => {
  assert.equal(parsed('def run(job):\n    task_id = job.id\n    cache_key = f"k{task_id}"\n    return cache_key\n'), false);
  // Methods, nested blocks, async functions, a signature over several lines, decorators.
  assert.equal(parsed('class View:\n    @property\n    def get(\n        self,\n        request,\n    ):\n        if request:\n            result_count = 1\n'), false);
  assert.equal(parsed('async def handle(event):\n    for x in event:\n        event_type = x\n'), false);
  // A continuation line or a query at column 0 inside a function does not end it.
  assert.equal(parsed('def query():\n    sql = """\nSELECT 1\n"""\n    result_rows = run(sql)\n'), false);
  assert.equal(parsed('def f():\n    x = call(\na)\n    task_name = x\n'), false);
});

test('indented settings outside functions still make a module worth parsing: config classes, top-level blocks, keywords of a top-level call', () => {
  assert.equal(parsed("class Config:\n    broker_url = 'redis://'\n"), true);
  assert.equal(parsed("class Config(object):\n    def helper(self):\n        return 1\n    task_serializer = 'json'\n"), true);
  assert.equal(parsed("import os\nif os.environ.get('PROD'):\n    broker_url = 'redis://prod'\n"), true);
  assert.equal(parsed("CONFIG = dict(\n    result_backend='redis://',\n)\n"), true);
  // A config class made by a function, or a keyword inside a call made at the top level of a function's class.
  assert.equal(parsed("def make():\n    class Config:\n        broker_url = 'redis://'\n    return Config\n"), true);
  // A tab-indented class body, as Python counts tabs.
  assert.equal(parsed("class Config:\n\ttask_routes = {}\n"), true);
  // kombu's queues are settings' values, not fields.
  assert.equal(parsed("class Config:\n    task_default_exchange = Exchange('tasks')\n"), true);
});

test("a model's, form's or serializer's field named like a setting is no setting", () => {
  assert.equal(parsed('class Event(db.Model):\n    event_type = db.Column(db.String(255))\n    timezone = Column(String)\n'), false);
  assert.equal(parsed('class EventForm(forms.Form):\n    timezone = forms.ChoiceField(choices=CHOICES)\n'), false);
});

test("a module that configures an app inside a function is parsed: its keywords come with the app's `.conf`", () => {
  assert.equal(parsed("from proj.worker import app\n\ndef configure():\n    app.conf.update(\n        task_serializer='pickle',\n    )\n"), true);
  assert.equal(parsed("from .worker import app\n\ndef configure():\n    app.conf['task_serializer'] = 'pickle'\n"), true);
});

test('a star import passes wherever its line is a statement, in any line ending; one in a comment, a string or after code does not', () => {
  for (const text of ['from .common import *\n', 'try:\n    from .local import *\nexcept ImportError:\n    pass\n', 'x = 1\r\nfrom .base import\t*\r\n', 'x = 1\rfrom .base import *', '\tfrom   proj.settings   import   *']) {
    assert.equal(parsed(text), true, JSON.stringify(text));
  }
  for (const text of ['# from .common import *\n', 'HELP = "from .common import *"\n', 'x = 1; from .base import *\n', 'from .base import (*)\n', 'from .base import a, *\n']) {
    assert.equal(parsed(text), false, JSON.stringify(text));
  }
});

test('settings-shaped lines are told apart in files with CRLF, CR-only and form-feed line starts', () => {
  assert.equal(parsed("def run():\r\n    task_id = 1\r\nclass Config:\r\n    broker_url = 'x'\r\n"), true);
  assert.equal(parsed("def run():\r    task_id = 1\r    return task_id\r"), false);
  assert.equal(parsed("class Config:\r    def f(self):\r        task_id = 1\r    result_backend = 'rpc://'\r"), true);
  // A form feed resets the indentation Python counts: the name is in the class body again, or at the top level.
  assert.equal(parsed("class Config:\n    def f(self):\n        pass\n\f    include = ['proj.tasks']\n"), true);
  assert.equal(parsed("def f():\n    pass\n\fbroker_url = 'redis://'\n"), true);
  assert.equal(parsed("def f():\n    x = 1\n\f    task_id = x\n"), false);
  assert.equal(parsed("x = (\n    1,\n)\nclass Config:\n    imports = ('proj.tasks',)\n"), true);
});

test('files split by `\\n` alone (scanned line by line) and by other line breaks (matched by patterns) get the same answers', () => {
  const cases: Array<[string, boolean]> = [
    ["x = 1\nbroker_url = 'redis://'", true],
    ['import os\nimports = ("proj.tasks",)\n', true],
    ['import os\nfrom configurations import Configuration\n', true],
    ['import os\nimport configurations\n', true],
    ['class Tasks:\n    @app.task\n    def run(self):\n        pass\n', true],
    ['    from proj.settings import *\n', true],
    ['from a import b\nfrom c import d\n', false],
    ['def f():\n    task_id = 1\n    return task_id\nx = 1\n', false],
    ["class Config:\n    def f(self):\n        task_id = 1\n    broker_url = 'redis://'\n", true],
    // The name's line must hold its `=` too: a keyword split over lines is not taken for a setting.
    ["CONFIG = dict(\n    result_backend\n    ='rpc://',\n)\n", false],
    ['if x:\n    return_value = 1\n    self.task_id = 2\n    timezone_name = 3\n', false],
    ['\f@app.task\ndef f():\n    pass\n', false],
    ['\ffrom .base import *\n', false],
    ["\f  broker_url = 'redis://'\n", true],
  ];
  for (const [text, expected] of cases) {
    for (const lineBreak of ['\n', '\r\n', '\r']) {
      const variant = text.replace(/\n/g, lineBreak);
      assert.equal(parsed(variant), expected, JSON.stringify(variant));
    }
  }
});
