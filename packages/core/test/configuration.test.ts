import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRule, initParser, lint, valueToJson, withTree } from '../src';
import { analyzeFile } from '../src/extract';
import { lintSources } from './helpers';

function summary(output: Awaited<ReturnType<typeof lintSources>>) {
  return output.configurations.map((c) => ({
    kind: c.kind,
    namespace: c.namespace,
    bindings: c.bindings.map((b) => `${b.key}=>${b.setting ?? '-'}:${b.status.state}`),
  }));
}

test('a Django settings module no app is shown to read has no known namespace: it is read the way most of its keys fit', async () => {
  const out = await lintSources(
    "INSTALLED_APPS = []\nDEBUG = True\nCELERY_BROKER_URL = 'redis://'\nCELERY_ALWAYS_EAGER = True\nCELERY_RESULT_BACKEND = 'rpc://'\nBROKER_URL = 'x'\ncelery_task_serializer = 'json'\nCELERY_TASK_ACKS_LATE = True\n",
  );
  assert.equal(out.configurations[0]!.namespaceUnknown, true);
  // Two namespaced names (CELERY_RESULT_BACKEND is both spellings) against two old ones: the documented setup wins a tie.
  assert.deepEqual(summary(out), [
    {
      kind: 'module',
      namespace: 'CELERY',
      bindings: [
        'CELERY_BROKER_URL=>broker_url:used',
        'CELERY_ALWAYS_EAGER=>-:ignored',
        'CELERY_RESULT_BACKEND=>result_backend:used',
        'BROKER_URL=>-:ignored',
        'CELERY_TASK_ACKS_LATE=>task_acks_late:used',
      ],
    },
  ]);
  const oldStyle = await lintSources("INSTALLED_APPS = []\nBROKER_URL = 'x'\nCELERY_ALWAYS_EAGER = True\nCELERY_BROKER_URL = 'redis://'\nCELERYD_CONCURRENCY = 2\n");
  assert.equal(oldStyle.configurations[0]!.namespace, null);
  assert.equal(oldStyle.configurations[0]!.namespaceUnknown, true);
  const eager = out.configurations[0]!.bindings[1]!;
  assert.deepEqual(eager.status, {
    state: 'ignored',
    code: 'old-name-under-namespace',
    reason: "old setting name ignored under namespace 'CELERY': Celery reads CELERY_TASK_ALWAYS_EAGER",
  });
});

test('ignored keys say why, and every binding says how it was spelt', async () => {
  const out = await lintSources(
    "SECRET_KEY = 'x'\nCELERY_TASK_SERIALIZER = 'json'\nTASK_ACKS_LATE = True\nCELERY_BROKER_URLL = 'redis://'\ncelery_broker_url = 'x'\n",
  );
  const facts = out.configurations[0]!.bindings.map((b) => [b.key, b.spelling, b.status.state === 'ignored' ? b.status.code : b.status.state]);
  assert.deepEqual(facts, [
    ['CELERY_TASK_SERIALIZER', 'namespaced', 'used'],
    ['TASK_ACKS_LATE', 'unknown', 'missing-namespace'],
    ['CELERY_BROKER_URLL', 'unknown', 'unknown-key'],
  ]);
});

test('environment variables written by the code are recorded', async () => {
  const { environmentWritesOf } = await import('./env-helper.js');
  const writes = await environmentWritesOf("import os\nos.environ['C_FORCE_ROOT'] = 'true'\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'p.settings')\nif X:\n    os.putenv('A', '1')\n");
  assert.deepEqual(writes, [
    ['C_FORCE_ROOT', '"true"', false],
    ['DJANGO_SETTINGS_MODULE', '"p.settings"', true],
    ['A', '{"oneOf":["1",{"unset":true}]}', false],
  ]);
});

test('a celeryconfig module without namespace accepts new and old names; the new name wins', async () => {
  const out = await lintSources({
    '/p/celeryconfig.py': "broker_url = 'redis://'\nCELERY_TASK_SERIALIZER = 'yaml'\ntask_serializer = 'json'\nRESULT_BACKEND = 'rpc://'\nbroker_url = 'amqp://'\n",
  });
  assert.deepEqual(summary(out), [
    {
      kind: 'module',
      namespace: null,
      bindings: [
        'broker_url=>broker_url:overridden',
        'CELERY_TASK_SERIALIZER=>task_serializer:overridden',
        'task_serializer=>task_serializer:used',
        'RESULT_BACKEND=>-:ignored',
        'broker_url=>broker_url:used',
      ],
    },
  ]);
});

test("a celeryconfig module lists the names Celery may read, not the module's own helper constants", async () => {
  const out = await lintSources({
    '/p/celeryconfig.py': [
      'MAX_RETRIES = 5',
      "LIMITS = {'rate': '10/m'}",
      "broker_url = 'redis://'",
      "broker_ulr = 'redis://other'",
      "TASK_SERIALIZER = 'json'",
      "BROKER_URL = 'amqp://'",
      "CELERY_TASK_SERIALISER = 'json'",
      "APP_RESULT_BACKEND = 'rpc://'",
      '_private = 1',
      '',
    ].join('\n'),
  });
  assert.deepEqual(
    out.configurations.map((c) => c.bindings.map((b) => `${b.key}:${b.status.state}`)),
    [['broker_url:used', 'broker_ulr:ignored', 'TASK_SERIALIZER:ignored', 'BROKER_URL:overridden', 'CELERY_TASK_SERIALISER:ignored', 'APP_RESULT_BACKEND:ignored']],
  );
  // Listed names are evaluated: print-config shows their values.
  const ignored = out.configurations[0]!.bindings.find((b) => b.key === 'TASK_SERIALIZER')!;
  assert.deepEqual(valueToJson(ignored.value), 'json');
});

test('an app links its Django settings through DJANGO_SETTINGS_MODULE; namespaced keys beat conf.update', async () => {
  const out = await lintSources({
    '/p/proj/settings.py': "SECRET_KEY = 'x'\nCELERY_BROKER_URL = 'redis://a'\nCELERY_TASK_ALWAYS_EAGER = False\n",
    '/p/proj/celery.py':
      "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj', backend='rpc://')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.conf.update(broker_url='redis://b', CELERY_ALWAYS_EAGER=True)\napp.conf.task_serializer = 'json'\napp.conf['result_serializer'] = 'json'\n",
  });
  assert.deepEqual(summary(out), [
    {
      kind: 'app',
      namespace: 'CELERY',
      bindings: [
        'CELERY_BROKER_URL=>broker_url:used',
        'CELERY_TASK_ALWAYS_EAGER=>task_always_eager:used',
        'backend=>result_backend:used',
        'broker_url=>broker_url:overridden',
        'CELERY_ALWAYS_EAGER=>task_always_eager:overridden',
        'task_serializer=>task_serializer:used',
        'result_serializer=>result_serializer:used',
      ],
    },
  ]);
});

test('config classes and dicts given to config_from_object are read', async () => {
  const out = await lintSources({
    '/p/app.py':
      "from celery import Celery\nclass Base:\n    broker_url = 'redis://'\nclass Config(Base):\n    task_serializer = 'json'\napp = Celery()\napp.config_from_object(Config)\nother = Celery()\nother.config_from_object({'result_backend': 'rpc://'})\n",
  });
  assert.deepEqual(summary(out), [
    { kind: 'app', namespace: null, bindings: ['broker_url=>broker_url:used', 'task_serializer=>task_serializer:used'] },
    { kind: 'app', namespace: null, bindings: ['result_backend=>result_backend:used'] },
  ]);
});

test('configuration celery-lint cannot see is recorded as opaque, so defaults are not assumed', async () => {
  const out = await lintSources({
    '/p/factory.py':
      "from celery import Celery\ndef make_celery(flask_app):\n    celery = Celery(flask_app.import_name)\n    celery.conf.update(flask_app.config)\n    return celery\n",
  });
  assert.equal(out.configurations.length, 1);
  assert.deepEqual(out.configurations[0]!.opaqueSources.map((o) => o.reason), ['configuration from a mapping celery-lint cannot read']);
});

test('inside functions: an imported app configured in a module that also imports django.conf, and a serializer registered through kombu, are read', async () => {
  // `from django.conf import settings` alone says nothing of Celery (extract.ts, mayOperateInFunctions); the app's own `.conf` does.
  const out = await lintSources({
    '/p/proj/celery.py': "from celery import Celery\napp = Celery('proj')\n",
    '/p/proj/tasks.py': "from django.conf import settings\nfrom proj.celery import app\ndef setup():\n    app.conf.update(task_serializer='json')\n",
  });
  const configured = out.configurations.find((c) => c.kind === 'app' && c.file === '/p/proj/tasks.py');
  assert.deepEqual(configured?.bindings.map((b) => `${b.key}:${b.status.state}`), ['task_serializer:used']);
  const text = "from django.conf import settings\nfrom kombu.serialization import registry\ndef setup():\n    registry.register('fast', None, None, content_type='application/x-fast')\n";
  const serializers = withTree(text, (tree) => analyzeFile('/p/s.py', text, tree).analysis.registeredSerializers);
  assert.deepEqual(serializers.map((s) => [s.name, s.contentType]), [['fast', 'application/x-fast']]);
});

test('a syntax error yields one diagnostic and the rest of the file is still read', async () => {
  const out = await lintSources("CELERY_BROKER_URL = 'redis://'\nCELERY_X = (\nCELERY_RESULT_BACKEND = 'rpc://'\n\ndef ok():\n    pass\nCELERY_TASK_SERIALIZER = 'json'\n");
  const syntax = out.diagnostics.filter((d) => d.ruleId === 'celery-lint/syntax-error');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0]!.fatal, true);
  const keys = out.configurations.flatMap((c) => c.bindings.map((b) => b.key));
  assert.ok(keys.includes('CELERY_BROKER_URL'));
  assert.ok(keys.includes('CELERY_TASK_SERIALIZER'));
});

test('Celery() keyword arguments override changes=; config_from_object takes the namespace as its fourth argument', async () => {
  const out = await lintSources({
    '/p/proj/celeryconfig.py': "CELERY_TASK_SERIALIZER = 'json'\n",
    '/p/proj/app.py':
      "from celery import Celery\napp = Celery('x', worker_concurrency=8, changes={'worker_concurrency': 7})\napp.config_from_object('proj.celeryconfig', False, False, 'CELERY')\n",
  });
  const app = out.configurations.find((c) => c.kind === 'app')!;
  assert.equal(app.namespace, 'CELERY');
  assert.deepEqual(
    app.bindings.map((b) => `${b.key}:${b.origin}:${b.status.state}`),
    ['CELERY_TASK_SERIALIZER:config-module:used', 'worker_concurrency:celery-changes:overridden', 'worker_concurrency:celery-kwarg:used'],
  );
});

test('keys resolve against the target Celery version', async () => {
  const { lint, initParser } = await import('../src/index.js');
  await initParser();
  const files = [{ path: '/p/celeryconfig.py', text: "broker_connection_retry_on_startup = True\nbroker_url = 'redis://'\n" }];
  const state = (version: string) => lint(files, { rules: [], celeryVersion: version }).configurations[0]!.bindings[0]!.status.state;
  assert.equal(state('5.2'), 'ignored');
  assert.equal(state('5.3'), 'used');
});

test('an unset setting reads as the default of the target Celery version', async () => {
  await initParser();
  const seen: unknown[] = [];
  const probe = createRule({
    meta: { id: 'test/default-probe', description: 'records a default', category: 'correctness', defaultSeverity: 'warning', messages: { m: 'x' } },
    check(context) {
      seen.push(valueToJson(context.get('database_engine_options').value));
    },
  });
  const files = [{ path: '/p/celeryconfig.py', text: "broker_url = 'redis://'\n" }];
  lint(files, { rules: [probe], celeryVersion: '5.2' });
  lint(files, { rules: [probe], celeryVersion: '5.6' });
  // Celery 5.6 started to default the SQLAlchemy engine options to pre-ping and recycling (knowledge base).
  assert.deepEqual(seen, [null, { pool_pre_ping: true, pool_recycle: 3600 }]);
});
