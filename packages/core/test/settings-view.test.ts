// The configuration model read the way Celery's Settings reads it
// (settings-view.ts, settings-properties.ts): fallbacks, the environment the
// project's code sets, namespaces, keyword arguments that are None.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, lint, valueToJson, type EffectiveConfigurationInfo } from '../src';

async function appConfig(files: Record<string, string>, version = '5.2.6'): Promise<EffectiveConfigurationInfo> {
  await initParser();
  const out = lint(Object.entries(files).map(([path, text]) => ({ path, text })), { rules: [], celeryVersion: version });
  const config = out.configurations.find((c) => c.kind === 'app');
  assert.ok(config, 'an app configuration');
  return config;
}

const derived = (config: EffectiveConfigurationInfo, setting: string) => {
  const d = config.derived?.find((x) => x.setting === setting);
  assert.ok(d, setting);
  return { value: valueToJson(d.value), from: d.from, ...(d.fallbackKey ? { fallbackKey: d.fallbackKey } : {}), ...(d.environment ? { variable: d.environment.variable } : {}) };
};
const status = (config: EffectiveConfigurationInfo, key: string) => {
  const b = config.bindings.find((x) => x.key === key);
  assert.ok(b, key);
  return `${b.setting ?? '-'}:${b.status.state}${b.status.state === 'used' && b.status.fallback ? ' (fallback)' : ''}${b.status.state === 'ignored' ? ` ${b.status.code}` : ''}`;
};

test('an environment write in the app module beats the configured broker_url; the empty string does not', async () => {
  const config = await appConfig({
    '/p/proj.py':
      "import os\nfrom celery import Celery\nos.environ['CELERY_BROKER_URL'] = 'redis://env/0'\nos.environ.setdefault('CELERY_RESULT_BACKEND', '')\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n",
    '/p/celeryconfig.py': "broker_url = 'redis://config/0'\nresult_backend = 'rpc://'\n",
  });
  assert.deepEqual(derived(config, 'broker_url'), { value: 'redis://env/0', from: 'environment', variable: 'CELERY_BROKER_URL' });
  // broker_read_url falls back to the broker_url property, environment included.
  assert.deepEqual(derived(config, 'broker_read_url'), { value: 'redis://env/0', from: 'fallback', fallbackKey: 'broker_url', variable: 'CELERY_BROKER_URL' });
  assert.deepEqual(derived(config, 'result_backend'), { value: 'rpc://', from: 'binding' });
  assert.deepEqual(
    config.environment?.map((e) => [e.variable, e.setting, valueToJson(e.value), e.isDefault, e.certainty, e.span.file]),
    [
      ['CELERY_BROKER_URL', 'broker_url', 'redis://env/0', false, 'is', '/p/proj.py'],
      ['CELERY_RESULT_BACKEND', 'result_backend', '', true, 'may', '/p/proj.py'],
    ],
  );
  // The key itself is still what app.conf['broker_url'] returns.
  assert.equal(status(config, 'broker_url'), 'broker_url:used');
});

test('an environment value the linter cannot read makes the setting "may be"', async () => {
  const config = await appConfig({
    '/p/proj.py': "import os\nfrom celery import Celery\nos.environ['CELERY_BROKER_URL'] = os.environ['OTHER']\napp = Celery('proj', broker='redis://kwarg/0')\n",
  });
  const d = config.derived!.find((x) => x.setting === 'broker_url')!;
  assert.equal(d.value.kind, 'oneOf');
  assert.equal(d.environment?.certainty, 'may');
});

test('fallback keys: broker_host past an explicit None, task_default_queue, time_zone on 5.2 and TIME_ZONE on 5.3+', async () => {
  const files = {
    '/p/proj.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n",
    '/p/celeryconfig.py': "broker_url = None\nbroker_host = 'redis://host/0'\ntask_default_queue = 'work'\ntime_zone = 'Europe/Paris'\nTIME_ZONE = 'Asia/Tokyo'\n",
  };
  const old = await appConfig(files, '5.2.6');
  assert.deepEqual(derived(old, 'broker_url'), { value: 'redis://host/0', from: 'fallback', fallbackKey: 'broker_host' });
  assert.deepEqual(derived(old, 'task_default_exchange'), { value: 'work', from: 'fallback', fallbackKey: 'task_default_queue' });
  assert.deepEqual(derived(old, 'timezone'), { value: 'Europe/Paris', from: 'fallback', fallbackKey: 'time_zone' });
  // broker_host is a setting of its own too (BROKER_HOST), so app.conf['broker_host'] reads it.
  assert.equal(status(old, 'broker_host'), 'broker_host:used');
  assert.equal(status(old, 'time_zone'), 'timezone:used (fallback)');
  assert.equal(status(old, 'TIME_ZONE'), '-:ignored unknown-key');
  const newer = await appConfig(files, '5.5.2');
  assert.deepEqual(derived(newer, 'timezone'), { value: 'Asia/Tokyo', from: 'fallback', fallbackKey: 'TIME_ZONE' });
  assert.equal(status(newer, 'TIME_ZONE'), 'timezone:used (fallback)');
});

test("Django settings: a custom namespace reads its own names, CELERY_RESULT_BACKEND is a fallback under any namespace, and 5.3+ falls back to Django's TIME_ZONE default", async () => {
  const files = {
    '/p/proj/__init__.py': '',
    '/p/proj/celery.py':
      "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='MYAPP')\n",
    '/p/proj/settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\nMYAPP_BROKER_URL = 'memory://'\nMYAPP_TASK_SERIALIZER = 'pickle'\n",
  };
  const config = await appConfig(files, '5.5.2');
  assert.equal(status(config, 'MYAPP_BROKER_URL'), 'broker_url:used');
  assert.equal(status(config, 'MYAPP_TASK_SERIALIZER'), 'task_serializer:used');
  assert.equal(status(config, 'CELERY_RESULT_BACKEND'), 'result_backend:used (fallback)');
  assert.deepEqual(derived(config, 'result_backend'), { value: 'rpc://', from: 'fallback', fallbackKey: 'CELERY_RESULT_BACKEND' });
  assert.deepEqual(derived(config, 'timezone'), { value: 'America/Chicago', from: 'fallback', fallbackKey: 'TIME_ZONE' });
  const old = await appConfig(files, '5.2.6');
  assert.deepEqual(derived(old, 'timezone'), { value: null, from: 'default' });
});

test("Celery(x=None) sets nothing; config_from_object(namespace=None) keeps Celery(namespace=...); a mixed-case namespace reads lowercase names", async () => {
  const config = await appConfig({
    '/p/proj.py':
      "from celery import Celery\napp = Celery('proj', broker=None, task_serializer=None, namespace='Celery')\napp.config_from_object('celeryconfig', namespace=None)\n",
    '/p/celeryconfig.py': "celery_task_serializer = 'pickle'\nCELERY_RESULT_SERIALIZER = 'yaml'\nbroker_url = 'redis://config/0'\n",
  });
  assert.equal(config.namespace, 'Celery');
  assert.deepEqual(
    config.bindings.map((b) => b.key),
    ['broker_url', 'CELERY_RESULT_SERIALIZER', 'celery_task_serializer'].sort((a, b) => config.bindings.findIndex((x) => x.key === a) - config.bindings.findIndex((x) => x.key === b)),
  );
  assert.equal(status(config, 'celery_task_serializer'), 'task_serializer:used');
  assert.equal(status(config, 'CELERY_RESULT_SERIALIZER'), '-:ignored old-name-under-namespace');
  assert.equal(status(config, 'broker_url'), 'broker_url:used');
});

test('pending changes: the later insertion wins whatever its spelling, and a key written again keeps its first place', async () => {
  const config = await appConfig({
    '/p/proj.py': "from celery import Celery\napp = Celery('proj')\napp.conf.CELERY_ALWAYS_EAGER = 1\napp.conf.task_always_eager = 2\napp.conf.CELERY_ALWAYS_EAGER = 3\n",
  });
  const used = config.bindings.filter((b) => b.status.state === 'used');
  assert.deepEqual(used.map((b) => [b.key, valueToJson(b.value)]), [['task_always_eager', 2]]);
  assert.deepEqual(config.mixing, { format: 'new', mixed: [] });
});

test('the mixing check is on the configuration, with the message Celery raises', async () => {
  const config = await appConfig({
    '/p/proj.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n",
    '/p/celeryconfig.py': "CELERY_ALWAYS_EAGER = True\ntask_serializer = 'json'\n",
  });
  assert.equal(config.mixing?.format, 'new');
  assert.deepEqual(config.mixing?.mixed, [{ key: 'CELERY_ALWAYS_EAGER', renameTo: 'task_always_eager' }]);
  assert.match(config.mixing?.message ?? '', /^Cannot mix new and old setting keys/);
});

test('conf.update(MAPPING) applies where it is called; pairs, setdefault and add_defaults dicts are read', async () => {
  const config = await appConfig({
    '/p/proj.py':
      "from celery import Celery\nSETTINGS = {'task_serializer': 'yaml'}\napp = Celery('proj')\napp.config_from_object('celeryconfig')\napp.conf.task_serializer = 'pickle'\napp.conf.update(SETTINGS)\napp.conf.update([('result_serializer', 'pickle')])\napp.conf.setdefault('result_serializer', 'json')\napp.add_defaults({'event_serializer': 'pickle'})\n",
    '/p/celeryconfig.py': "event_serializer = 'msgpack'\n",
  });
  const used = (setting: string) => {
    const b = config.bindings.find((x) => x.setting === setting && x.status.state === 'used');
    return b ? [b.origin, valueToJson(b.value)] : undefined;
  };
  assert.deepEqual(used('task_serializer'), ['conf-update', 'yaml']);
  assert.deepEqual(used('result_serializer'), ['conf-update', 'pickle']);
  // add_defaults() is searched before the config source.
  assert.deepEqual(used('event_serializer'), ['add-defaults', 'pickle']);
  assert.equal(status(config, 'event_serializer'), 'event_serializer:overridden');
});

test('after the first read: old names are stored as written and never counted; config_from_object() then reloads and drops the writes in between', async () => {
  const config = await appConfig({
    '/p/proj.py':
      "from celery import Celery\napp = Celery('proj')\napp.conf.update(task_always_eager=True)\napp.config_from_object('first')\nSERIALIZER = app.conf.task_serializer\napp.conf.update(CELERYD_CONCURRENCY=3, result_serializer='yaml')\napp.config_from_object('second')\napp.conf.task_acks_late = True\napp.conf.setdefault('task_default_queue', 'q')\n",
    '/p/first.py': "result_backend = 'rpc://'\n",
    '/p/second.py': "task_serializer = 'msgpack'\n",
  });
  assert.equal(status(config, 'task_always_eager'), 'task_always_eager:used');
  assert.equal(status(config, 'CELERYD_CONCURRENCY'), 'worker_concurrency:ignored discarded');
  assert.equal(status(config, 'result_serializer'), 'result_serializer:ignored discarded');
  assert.equal(status(config, 'task_serializer'), 'task_serializer:used');
  assert.equal(status(config, 'task_acks_late'), 'task_acks_late:used');
  assert.equal(status(config, 'task_default_queue'), 'task_default_queue:ignored discarded');
  assert.equal(config.bindings.find((b) => b.key === 'task_acks_late')?.afterFirstRead, true);
  // The replaced module is not in force.
  assert.equal(config.bindings.some((b) => b.key === 'result_backend'), false);
  assert.deepEqual(config.mixing, { format: 'new', mixed: [] });
});

test('config_from_envvar() of a variable the project sets reads the module it names', async () => {
  const config = await appConfig({
    '/p/proj.py': "import os\nfrom celery import Celery\nos.environ['PROJ_CONFIG'] = 'celeryconfig'\napp = Celery('proj')\napp.config_from_envvar('PROJ_CONFIG')\n",
    '/p/celeryconfig.py': "task_serializer = 'pickle'\n",
  });
  assert.equal(status(config, 'task_serializer'), 'task_serializer:used');
  assert.deepEqual(config.opaqueSources, []);
});

test('`del NAME` in a config module removes the name: Celery neither reads it nor counts it as an old name', async () => {
  // Real Celery 5.2.6 and 5.5.2: with CELERY_TASK_SERIALIZER deleted, the module holds only new names, so no mixing error and the default serializer.
  const config = await appConfig({
    '/p/proj.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n",
    '/p/celeryconfig.py': "CELERY_TASK_SERIALIZER = 'pickle'\nresult_serializer = 'json'\ntask_serializer = 'yaml'\ndel CELERY_TASK_SERIALIZER, task_serializer\n",
  });
  assert.equal(status(config, 'CELERY_TASK_SERIALIZER'), 'task_serializer:ignored discarded');
  assert.equal(status(config, 'task_serializer'), 'task_serializer:ignored discarded');
  assert.equal(status(config, 'result_serializer'), 'result_serializer:used');
  assert.deepEqual(config.mixing?.mixed, []);
});

test('add_defaults() given before a config_from_object() that reloads after the first read is lost; one given after it is kept', async () => {
  // Real Celery 5.2.6 and 5.5.2 (test/differential model case add-defaults-lost-on-reload): result_serializer and
  // task_default_queue are back to their defaults, event_serializer is 'yaml'.
  const config = await appConfig({
    '/p/proj.py':
      "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\napp.add_defaults({'result_serializer': 'pickle'})\nREAD = app.conf['task_serializer']\napp.add_defaults({'task_default_queue': 'later'})\napp.config_from_object('celeryconfig')\napp.add_defaults({'event_serializer': 'yaml'})\n",
    '/p/celeryconfig.py': "task_serializer = 'json'\n",
  });
  assert.equal(status(config, 'result_serializer'), 'result_serializer:ignored discarded');
  assert.equal(status(config, 'task_default_queue'), 'task_default_queue:ignored discarded');
  assert.equal(status(config, 'event_serializer'), 'event_serializer:used');
  const lost = config.bindings.find((b) => b.key === 'result_serializer')!.status;
  assert.ok(lost.state === 'ignored' && /reloaded/.test(lost.reason), JSON.stringify(lost));
});

test('a key a property falls back to is read under a custom namespace (MYAPP_TIME_ZONE in Django settings, TASKS_TIME_ZONE in a module)', async () => {
  // Real Celery: 5.2.6 reads MYAPP_TIME_ZONE as the namespaced time_zone, 5.5.2 as the namespaced TIME_ZONE; both give Asia/Tokyo.
  for (const version of ['5.2.6', '5.5.2']) {
    const django = await appConfig(
      {
        '/p/proj/__init__.py': '',
        '/p/proj/celery.py':
          "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='MYAPP')\n",
        '/p/proj/settings.py': "SECRET_KEY = 'x'\nMYAPP_TIMEZONE = None\nMYAPP_TIME_ZONE = 'Asia/Tokyo'\n",
      },
      version,
    );
    assert.equal(status(django, 'MYAPP_TIME_ZONE'), 'timezone:used (fallback)', version);
    assert.equal(derived(django, 'timezone').value, 'Asia/Tokyo', version);
    const module = await appConfig(
      {
        '/p/proj.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig', namespace='TASKS')\n",
        '/p/celeryconfig.py': "TASKS_TIME_ZONE = 'Europe/Oslo'\n",
      },
      version,
    );
    assert.equal(derived(module, 'timezone').value, 'Europe/Oslo', version);
  }
});

test("a binding made from str('x') in a dict points at the str() call, as one in an assignment does", async () => {
  const app =
    "from celery import Celery\nMAPPING = {'result_serializer': str('json')}\nconfig = {'CELERY_DEFAULT_QUEUE': str('work')}\napp = Celery('proj')\napp.config_from_object(config)\napp.conf.update(MAPPING)\napp.conf.update({'task_serializer': str('pickle')})\n";
  const config = await appConfig({ '/p/proj.py': app });
  for (const [key, written] of [['result_serializer', "str('json')"], ['CELERY_DEFAULT_QUEUE', "str('work')"], ['task_serializer', "str('pickle')"]] as const) {
    const b = config.bindings.find((x) => x.key === key);
    assert.ok(b, key);
    assert.equal(app.slice(b.valueSpan.start, b.valueSpan.end), written, key);
  }
  // The value is still the string itself.
  const queue = config.bindings.find((x) => x.key === 'CELERY_DEFAULT_QUEUE')!;
  assert.equal(valueToJson(queue.value), 'work');
});

test('an unreadable add_defaults() or conf write that a reload throws away hides nothing; one the reload keeps still does', async () => {
  // Real Celery 5.2.6 and 5.5.2: result_serializer is 'json' here, the function's 'pickle' being lost to the reload.
  const lost = await appConfig({
    '/p/proj.py':
      "from celery import Celery\n\ndef more():\n    return {'result_serializer': 'pickle'}\n\napp = Celery('proj')\napp.config_from_object('celeryconfig')\napp.add_defaults(more)\nREAD = app.conf['task_serializer']\napp.conf.update(more())\napp.config_from_object('celeryconfig')\n",
    '/p/celeryconfig.py': "task_serializer = 'json'\n",
  });
  assert.deepEqual(lost.opaqueSources, []);
  const kept = await appConfig({
    '/p/proj.py':
      "from celery import Celery\n\ndef more():\n    return {'result_serializer': 'pickle'}\n\napp = Celery('proj')\napp.config_from_object('celeryconfig')\napp.add_defaults(more)\nREAD = app.conf['task_serializer']\napp.conf.update(more())\n",
    '/p/celeryconfig.py': "task_serializer = 'json'\n",
  });
  assert.deepEqual(kept.opaqueSources.map((o) => o.layer), ['add-defaults', 'pending']);
});
