import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRule, valueToJson } from '../src';
import { lintSources } from './helpers';

const reportAmqpBackend = createRule({
  meta: { id: 'test/amqp', description: 'amqp backend', category: 'correctness', defaultSeverity: 'error', messages: { m: 'amqp backend' } },
  check(context) {
    const { binding, value } = context.get('result_backend');
    if (binding && value.kind === 'str' && value.value.startsWith('amqp')) context.report({ at: binding, messageId: 'm' });
  },
});

const project = {
  '/w/proj/settings/__init__.py': '',
  '/w/proj/settings/base.py':
    "import os\nINSTALLED_APPS = ['app']\nRABBITMQ_URL = 'amqp://{}@rabbit//'.format(os.getenv('U'))\nCELERY_BROKER_URL = RABBITMQ_URL\nCELERY_RESULT_BACKEND = 'amqp://rabbit'\nCELERY_ACCEPT_CONTENT = ['json']\n",
  '/w/proj/settings/dev.py': "from .base import *\nDEBUG = True\nINSTALLED_APPS += ['debug_toolbar']\n",
  '/w/proj/settings/prod.py': "from .base import *\nfrom .base import RABBITMQ_URL as URL\nCELERY_RESULT_BACKEND = URL\nCELERY_TASK_SERIALIZER = 'json'\n",
  '/w/proj/celery.py':
    "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.dev')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
};

test('star imports carry settings across files; each environment is its own configuration', async () => {
  const out = await lintSources(project, [reportAmqpBackend]);
  const names = out.configurations.map((c) => `${c.kind}:${c.name.replace('/w/', '')}`);
  // base.py is imported by dev and prod, so it is not linted alone; dev is read by the app.
  assert.deepEqual(names, ['app:app', 'module:proj/settings/prod.py']);
  const app = out.configurations[0]!;
  const broker = app.bindings.find((b) => b.setting === 'broker_url')!;
  assert.equal(broker.keySpan.file, '/w/proj/settings/base.py');
  assert.deepEqual(valueToJson(broker.value), { template: 'amqp://{$U}@rabbit//' });
  const prod = out.configurations[1]!;
  const backend = prod.bindings.filter((b) => b.setting === 'result_backend');
  assert.deepEqual(
    backend.map((b) => [b.keySpan.file.replace('/w/', ''), b.status.state]),
    [
      ['proj/settings/base.py', 'overridden'],
      ['proj/settings/prod.py', 'used'],
    ],
  );
  assert.deepEqual(valueToJson(backend[1]!.value), { template: 'amqp://{$U}@rabbit//' });
});

test('a finding at a shared binding is reported once, naming every configuration it holds in', async () => {
  const shared = { ...project, '/w/proj/settings/prod.py': "from .base import *\nCELERY_TASK_SERIALIZER = 'json'\n" };
  const out = await lintSources(shared, [reportAmqpBackend]);
  const findings = out.diagnostics.filter((d) => d.ruleId === 'test/amqp');
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.file, '/w/proj/settings/base.py');
  assert.deepEqual(findings[0]!.configurations?.map((n) => n.replace('/w/', '')), ['app', 'proj/settings/prod.py']);
});

test('import cycles and missing modules end in unknowns, not hangs or crashes', async () => {
  const out = await lintSources({
    '/c/a/settings.py': "from .other import *\nCELERY_BROKER_URL = 'redis://' + HOST\nCELERY_RESULT_BACKEND = MISSING\n",
    '/c/a/other.py': "from .settings import *\nHOST = 'h'\nCELERY_TASK_SERIALIZER = 'json'\n",
    '/c/b/settings.py': "from somewhere.other import *\nCELERY_BROKER_URL = X\n",
  });
  const a = out.configurations.find((c) => c.name === '/c/b/settings.py');
  assert.ok(a, 'the module with an unresolved star import is still linted');
  assert.match(a.opaqueSources[0]!.reason, /from somewhere\.other import \*/);
  const cyc = out.configurations.flatMap((c) => c.bindings).find((b) => b.key === 'CELERY_BROKER_URL' && b.keySpan.file === '/c/a/settings.py');
  assert.ok(cyc);
});

/** Each configuration with its settings' values and how many sources it could not read: what a read order could change. */
function configurationsSeen(out: Awaited<ReturnType<typeof lintSources>>): string[] {
  return out.configurations.map((c) => `${c.name}: ${c.bindings.map((b) => `${b.setting}=${JSON.stringify(valueToJson(b.value))}`).join(', ')}; opaque ${c.opaqueSources.length}`);
}

/** The same files, listed the other way round. */
function reversedOrder(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).reverse());
}

test("a package's __init__.py is read before its modules, whatever order the files come in", async () => {
  // indico's shape: __init__.py makes the app from a Celery subclass in core.py, and core.py imports a sibling that
  // imports the app from the package: a cycle that Python enters at the __init__.py, always.
  const files = {
    '/i/proj/tasks/core.py':
      "from celery import Celery\nfrom proj.tasks.util import helper\n\nclass ProjCelery(Celery):\n    def init_app(self, app):\n        self.conf['result_serializer'] = 'pickle'\n",
    '/i/proj/tasks/util.py': 'from proj.tasks import celery\n\ndef helper():\n    return celery\n',
    '/i/proj/tasks/__init__.py': "from proj.tasks.core import ProjCelery\n\ncelery = ProjCelery('proj')\n",
    '/i/proj/__init__.py': '',
  };
  const listed = configurationsSeen(await lintSources(files));
  // Pickle when init_app() runs (nothing here says it does not).
  assert.deepEqual(listed, ['celery: result_serializer={"oneOf":["pickle",{"unset":true}]}; opaque 0']);
  assert.deepEqual(configurationsSeen(await lintSources(reversedOrder(files))), listed);
});

test("a module imported while another is read runs its package's __init__.py first, as Python does", async () => {
  // jumpserver's shape: a module outside imports settings.extra, whose import chain comes back to the settings
  // package. Python runs settings/__init__.py first, which star-imports base and extra whole; entered at extra,
  // the __init__.py met extra half-read, and its settings were a later unread star import's to replace.
  const files = {
    '/j/aaa.py': 'from proj.settings.extra import BROKER\n',
    '/j/proj/__init__.py': '',
    '/j/proj/other.py': 'from proj.settings import CELERY_TASK_SERIALIZER\nthing = 1\n',
    '/j/proj/settings/__init__.py': 'from .base import *\nfrom .extra import *\n',
    '/j/proj/settings/base.py': "CELERY_TASK_SERIALIZER = 'pickle'\n",
    '/j/proj/settings/extra.py': "from proj.other import thing\nBROKER = 'redis://'\nCELERY_RESULT_SERIALIZER = 'json'\n",
    '/j/proj/celery.py':
      "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  };
  const listed = configurationsSeen(await lintSources(files));
  assert.deepEqual(listed, ['app: task_serializer="pickle", result_serializer="json"; opaque 0']);
  assert.deepEqual(configurationsSeen(await lintSources(reversedOrder(files))), listed);
});

test('launch files are read in path order, whatever order they come in: the same processes, in the same order', async () => {
  const files = {
    '/l/proj/celery.py': "from celery import Celery\napp = Celery('proj')\n",
    '/l/docker-compose.yml': 'services:\n  worker:\n    image: app\n    command: ./bin/run-celery.sh\n',
    '/l/bin/run-celery.sh': '#!/bin/sh\ncelery -A proj worker\n',
    '/l/Procfile': 'beat: celery -A proj beat\n',
  };
  const processes = (out: Awaited<ReturnType<typeof lintSources>>) => out.processes.map((p) => `${p.process.origin}:${p.process.file}:${p.process.command}`);
  const listed = processes(await lintSources(files));
  assert.ok(listed.length >= 3, listed.join(', '));
  assert.deepEqual(processes(await lintSources(reversedOrder(files))), listed);
});

test('config_from_object with a class from another module, and tasks are discovered', async () => {
  const out = await lintSources({
    '/t/proj/config.py': "class Base:\n    broker_url = 'redis://'\nclass CeleryConfig(Base):\n    task_serializer = 'json'\n",
    '/t/proj/app.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.config:CeleryConfig')\n",
    '/t/proj/worker.py': "from celery import Celery\nfrom .config import CeleryConfig\nw = Celery()\nw.config_from_object(CeleryConfig)\n",
  });
  for (const config of out.configurations) {
    assert.deepEqual(
      config.bindings.map((b) => `${b.setting}:${b.status.state}`),
      ['broker_url:used', 'task_serializer:used'],
      config.name,
    );
  }
  assert.equal(out.configurations.length, 2);
});

test('tasks are discovered from @shared_task and @app.task, with explicit names', async () => {
  const seen: string[] = [];
  const probe = createRule({
    meta: { id: 'test/tasks', description: 'lists tasks', category: 'style', defaultSeverity: 'warning', messages: { m: 'm' } },
    check(context) {
      for (const t of context.tasks()) seen.push(`${t.file.replace('/k/', '')}:${t.functionName}:${t.name ?? '-'}`);
    },
  });
  await lintSources(
    {
      '/k/proj/celery.py': "from celery import Celery\napp = Celery('proj')\n@app.task(name='custom.name')\ndef a():\n    pass\n",
      '/k/proj/tasks.py': "from celery import shared_task\nfrom .celery import app\n@shared_task\ndef b():\n    pass\n@app.task(bind=True)\ndef c(self):\n    pass\n@property\ndef not_a_task():\n    pass\n",
    },
    [probe],
  );
  assert.deepEqual(seen.slice(0, 3), ['proj/celery.py:a:custom.name', 'proj/tasks.py:b:-', 'proj/tasks.py:c:-']);
});

test('a call on an imported module in settings (sentry_sdk.init, logging.basicConfig) does not make the module an app', async () => {
  const out = await lintSources(
    {
      '/w/proj/settings.py':
        "import logging\nimport sentry_sdk\nsentry_sdk.init(dsn='https://k@sentry.example/1')\nlogging.basicConfig(level='INFO')\nSECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://rabbit'\n",
    },
    [reportAmqpBackend],
  );
  assert.deepEqual(out.configurations.map((c) => c.kind), ['module']);
  assert.deepEqual(out.diagnostics.map((d) => d.ruleId), ['test/amqp']);
});

test('an imported app configured with config_from_object is still an app', async () => {
  const out = await lintSources(
    {
      '/w/proj/celery.py': "from celery import Celery\napp = Celery('proj')\n",
      '/w/proj/worker.py': "from proj.celery import app\napp.config_from_object('proj.celeryconfig')\n",
      '/w/proj/celeryconfig.py': "result_backend = 'amqp://rabbit'\n",
    },
    [reportAmqpBackend],
  );
  assert.ok(out.configurations.some((c) => c.kind === 'app' && c.bindings.some((b) => b.setting === 'result_backend')));
  assert.deepEqual(out.diagnostics.map((d) => d.ruleId), ['test/amqp']);
});

test('a module freed after its own read is read again when an import the text scan missed reaches it', async () => {
  // The engine frees the tree of a module no import names once it is read. A
  // backslash between `from` and the module hides the name from that scan, so
  // the later import must read alpha again instead of using the freed tree.
  const alpha = "CELERY_TIMEZONE = 'UTC'\nHOST = 'amqp://' + 'alpha'\nLIMITS = {'rate': '10/m'}\n";
  const importer = (from: string) => `${from} *\nCELERY_RESULT_BACKEND = HOST\nCELERY_TASK_ANNOTATIONS = {'*': LIMITS}\n`;
  const hidden = await lintSources({ '/r/proj/alpha.py': alpha, '/r/proj/settings.py': importer('from \\\n    .alpha import') });
  const plain = await lintSources({ '/r/proj/alpha.py': alpha, '/r/proj/settings.py': importer('from .alpha import') });
  const settings = (out: typeof hidden) => out.configurations.find((c) => c.name === '/r/proj/settings.py')!;
  for (const out of [hidden, plain]) {
    const backend = settings(out).bindings.find((b) => b.setting === 'result_backend')!;
    assert.deepEqual(valueToJson(backend.value), 'amqp://alpha');
    const annotations = settings(out).bindings.find((b) => b.setting === 'task_annotations')!;
    assert.deepEqual(valueToJson(annotations.value), { '*': { rate: '10/m' } });
  }
  assert.deepEqual(
    hidden.configurations.map((c) => [c.name, c.bindings.map((b) => [b.key, b.keySpan.start, JSON.stringify(valueToJson(b.value))])]),
    plain.configurations.map((c) => [c.name, c.bindings.map((b) => [b.key, b.keySpan.start + (b.keySpan.file.endsWith('settings.py') ? 6 : 0), JSON.stringify(valueToJson(b.value))])]),
  );
});

test('a star-import chain of 10,000 modules (and one that closes into a cycle) is read without running out of stack', async () => {
  const chain = (length: number, last: string): Record<string, string> => {
    const files: Record<string, string> = { '/s/proj/settings/__init__.py': '' };
    for (let i = 0; i < length - 1; i++) files[`/s/proj/settings/m${i}.py`] = `from .m${i + 1} import *\n`;
    files[`/s/proj/settings/m${length - 1}.py`] = last;
    return files;
  };
  // Nesting reads one module per import, the first crashed at about 550 modules.
  for (const [length, last] of [
    [10_000, "CELERY_RESULT_BACKEND = 'amqp://rabbit'\n"],
    [3_000, "from .m0 import *\nCELERY_RESULT_BACKEND = 'amqp://rabbit'\n"],
  ] as const) {
    const out = await lintSources(chain(length, last), [reportAmqpBackend]);
    const entry = out.configurations.find((c) => c.name === '/s/proj/settings/m0.py');
    assert.ok(entry, out.configurations.map((c) => c.name).slice(0, 5).join(', '));
    const backend = entry.bindings.find((b) => b.setting === 'result_backend')!;
    assert.equal(backend.keySpan.file, `/s/proj/settings/m${length - 1}.py`);
    assert.deepEqual(valueToJson(backend.value), 'amqp://rabbit');
    assert.deepEqual(out.diagnostics.map((d) => [d.ruleId, d.file]), [['test/amqp', `/s/proj/settings/m${length - 1}.py`]]);
  }
});
