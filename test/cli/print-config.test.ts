// print-config through the real CLI process: values that round-trip through
// its JSON into the very Python objects the project holds (decoded by real
// Python and compared with the imported module), defaults and derived values
// marked, the Celery release assumed and why, Celery's refusal first, and
// bindings that point at their key or keyword.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { runCli, tempProject } from './run-cli';

interface Place {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}
interface Configuration {
  readonly kind: string;
  readonly name: string;
  readonly celery: { readonly version: string; readonly from: string };
  readonly refused: { readonly type: string; readonly message: string; readonly keys: Array<{ key: string; renameTo: string }> } | null;
  readonly settings: Record<string, { value: unknown; from: string; derivedFrom?: string; binding?: { key: string; line: number; column: number } }>;
  readonly bindings: Array<{ key: string; setting: string | null; status: string; value: unknown; keySpan: Place; valueSpan: Place }>;
}

/** A value Celery takes from the deployment's environment when these variables are set and not empty, else `value`. */
function deployment(variables: readonly string[], value: unknown): unknown {
  const unknowns = variables.map((env) => ({ type: 'unknown', reason: `the deployment's $${env}, when it is set and not empty`, env }));
  return { type: 'oneOf', options: [...unknowns, value] };
}

function printConfig(dir: string, args: readonly string[] = []): Configuration[] {
  const out = runCli(['print-config', '--format', 'json', ...args, '.'], { cwd: dir });
  assert.equal(out.stderr, '');
  return JSON.parse(out.stdout) as Configuration[];
}

const VALUES = `from datetime import timedelta
from celery.schedules import crontab

result_expires = 1.0
task_time_limit = 30
task_annotations = {'tuple': [1, 2]}
task_routes = {('a', 'b'): 'x', 1: None}
accept_content = ('json', 'yaml')
result_accept_content = {'json'}
imports = ['proj.tasks', ('nested', 2.5)]
beat_schedule = {
    'every-night': {'task': 'proj.tasks.night', 'schedule': crontab(minute='0', hour='3')},
    'often': {'task': 'proj.tasks.often', 'schedule': timedelta(minutes=5, seconds=1.5)},
}
worker_max_memory_per_child = float('inf')
`;

/** Python that decodes print-config's tagged JSON and checks each value equals, with its type, what the module holds. */
const DECODE = `
import importlib, json, math, sys
sys.path.insert(0, sys.argv[1])
module = importlib.import_module('celeryconfig')

def decode(v):
    if v is None or isinstance(v, (bool, str, int)):
        return v
    if isinstance(v, list):
        return [decode(x) for x in v]
    t = v['type']
    if t == 'float':
        return float(v['value'])
    if t == 'tuple':
        return tuple(decode(x) for x in v['items'])
    if t == 'set':
        return {decode(x) for x in v['items']}
    if t == 'dict':
        return {decode(k): decode(x) for k, x in v['entries']}
    if t == 'call':
        mod, _, name = v['callee'].rpartition('.')
        fn = getattr(importlib.import_module(mod or 'builtins'), name)
        return fn(*[decode(a) for a in v['args']], **{k: decode(x) for k, x in v['kwargs'].items()})
    raise ValueError('not a known value: %r' % (v,))

def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b

bindings = json.load(sys.stdin)
checked = []
for b in bindings:
    value = decode(b['value'])
    real = getattr(module, b['key'])
    if not same(value, real):
        raise SystemExit('%s: print-config %r, Python %r' % (b['key'], value, real))
    checked.append(b['key'])
print(' '.join(checked))
`;

test('print-config JSON round-trips Python values: real Python decodes each binding into what the module holds', () => {
  const dir = tempProject({
    'celeryconfig.py': VALUES,
    'app.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n",
  });
  const [config] = printConfig(dir);
  const bindings = config!.bindings.filter((b) => b.keySpan.file.endsWith('celeryconfig.py'));
  const value = (key: string) => bindings.find((b) => b.key === key)!.value;
  // The shapes themselves: a float stays a float, and a dict holding a key named "tuple" is a dict.
  assert.deepEqual(value('result_expires'), { type: 'float', value: 1 });
  assert.equal(value('task_time_limit'), 30);
  assert.deepEqual(value('task_annotations'), { type: 'dict', entries: [['tuple', [1, 2]]] });
  assert.deepEqual(value('accept_content'), { type: 'tuple', items: ['json', 'yaml'] });
  assert.deepEqual(value('result_accept_content'), { type: 'set', items: ['json'] });
  const decoded = execFileSync('/usr/bin/python3', ['-c', DECODE, dir], { input: JSON.stringify(bindings), encoding: 'utf8' }).trim().split(' ');
  assert.deepEqual(decoded.sort(), bindings.map((b) => b.key).sort());
  assert.equal(decoded.length, 9);
});

test('print-config marks what Celery uses as configured, default or derived, in JSON and in text', () => {
  const dir = tempProject({
    'app.py': "from celery import Celery\napp = Celery('proj', broker='redis://cache:6379/0')\napp.conf.task_default_queue = 'jobs'\n",
  });
  const [config] = printConfig(dir);
  const s = config!.settings;
  // Celery reads the deployment's CELERY_BROKER_URL first: the value "may be" it.
  assert.deepEqual(s.broker_url, {
    value: deployment(['CELERY_BROKER_URL'], 'redis://cache:6379/0'),
    from: 'configured',
    binding: { key: 'broker', file: path.join(dir, 'app.py'), line: 2, column: 22 },
    deploymentVariables: ['CELERY_BROKER_URL'],
  });
  assert.equal(s.broker_read_url!.from, 'derived');
  assert.equal(s.broker_read_url!.derivedFrom, 'broker_url');
  assert.deepEqual(s.broker_read_url!.value, deployment(['CELERY_BROKER_READ_URL', 'CELERY_BROKER_URL'], 'redis://cache:6379/0'));
  assert.deepEqual([s.task_default_exchange!.value, s.task_default_exchange!.from, s.task_default_exchange!.derivedFrom], ['jobs', 'derived', 'task_default_queue']);
  assert.deepEqual([s.task_default_routing_key!.value, s.task_default_routing_key!.from], ['jobs', 'derived']);
  assert.deepEqual([s.result_backend!.value, s.result_backend!.from], [deployment(['CELERY_RESULT_BACKEND'], null), 'default']);
  assert.deepEqual([s.enable_utc!.value, s.enable_utc!.from], [true, 'default']);
  assert.deepEqual(s.result_accept_content!.from, 'derived');
  assert.deepEqual(s.result_accept_content!.derivedFrom, 'accept_content');
  for (const name of ['task_serializer', 'result_serializer', 'accept_content', 'timezone']) assert.equal(s[name]!.from, 'default', name);

  const text = runCli(['print-config', '.'], { cwd: dir }).stdout;
  assert.match(text, /^ {4}broker_read_url = \$CELERY_BROKER_READ_URL or \$CELERY_BROKER_URL or 'redis:\/\/cache:6379\/0' {2}\(derived from broker_url\) {2}\[app\.py:2\]$/m);
  assert.match(text, /^ {4}result_backend = \$CELERY_RESULT_BACKEND or None {2}\(default\)$/m);
  assert.match(text, /^ {4}task_default_exchange = 'jobs' {2}\(derived from task_default_queue\) {2}\[app\.py:3\]$/m);
});

test("print-config shows which variable the project's code sets overrides which setting, and where it is written, in JSON and in text", () => {
  const dir = tempProject({
    'app.py':
      "import os\nfrom celery import Celery\n\nos.environ['CELERY_BROKER_URL'] = 'redis://env:6379/1'\nos.environ.setdefault('CELERY_RESULT_BACKEND', '')\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n",
    'celeryconfig.py': "broker_url = 'amqp://configured//'\nresult_backend = 'rpc://'\nbroker_host = 'redis://unused/0'\n",
  });
  const [config] = printConfig(dir, ['--celery-version', '5.2.6']) as unknown as Array<Configuration & { environment: unknown[] }>;
  const s = config!.settings as Record<string, { value: unknown; from: string; derivedFrom?: string; environment?: Record<string, unknown> }>;
  const written = { variable: 'CELERY_BROKER_URL', setting: 'broker_url', value: 'redis://env:6379/1', setdefault: false, certainty: 'is', file: path.join(dir, 'app.py'), line: 4, column: 1 };
  assert.deepEqual(s.broker_url, { value: 'redis://env:6379/1', from: 'environment', environment: written });
  // broker_read_url falls back to the broker_url property, the environment included.
  // The app module replaces the deployment's CELERY_BROKER_URL; CELERY_BROKER_WRITE_URL is still the deployment's to set.
  assert.deepEqual([s.broker_write_url!.value, s.broker_write_url!.from, s.broker_write_url!.derivedFrom, s.broker_write_url!.environment?.variable], [deployment(['CELERY_BROKER_WRITE_URL'], 'redis://env:6379/1'), 'derived', 'broker_url', 'CELERY_BROKER_URL']);
  // An empty variable overrides nothing, and setdefault() leaves the deployment's value in place.
  assert.deepEqual([s.result_backend!.value, s.result_backend!.from], [deployment(['CELERY_RESULT_BACKEND'], 'rpc://'), 'configured']);
  assert.deepEqual(config!.environment, [written, { variable: 'CELERY_RESULT_BACKEND', setting: 'result_backend', value: '', setdefault: true, certainty: 'may', file: path.join(dir, 'app.py'), line: 5, column: 1 }]);

  const text = runCli(['print-config', '--celery-version', '5.2.6', '.'], { cwd: dir }).stdout;
  assert.match(text, /^ {2}\$CELERY_BROKER_URL = 'redis:\/\/env:6379\/1' {2}\(set; overrides broker_url\) {2}\[app\.py:4\]$/m);
  assert.match(text, /^ {2}\$CELERY_RESULT_BACKEND = '' {2}\(os\.environ\.setdefault; may override result_backend\) {2}\[app\.py:5\]$/m);
  assert.match(text, /^ {4}broker_url = 'redis:\/\/env:6379\/1' {2}\(environment: \$CELERY_BROKER_URL\) {2}\[\$CELERY_BROKER_URL set at app\.py:4\]$/m);
  assert.match(text, /^ {4}broker_read_url = \$CELERY_BROKER_READ_URL or 'redis:\/\/env:6379\/1' {2}\(derived from broker_url, which \$CELERY_BROKER_URL sets\)/m);
});

test('print-config shows the fallback keys Celery reads past a None: broker_host, and TIME_ZONE from Django on 5.3+', () => {
  const dir = tempProject({
    'app.py': "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
    'settings.py': "INSTALLED_APPS = []\nCELERY_BROKER_URL = None\nCELERY_BROKER_HOST = 'redis://host/0'\n",
  });
  const settings = (version: string) => printConfig(dir, ['--celery-version', version])[0]!.settings;
  assert.deepEqual([settings('5.2.6').broker_url!.value, settings('5.2.6').broker_url!.from, settings('5.2.6').broker_url!.derivedFrom], [deployment(['CELERY_BROKER_URL'], 'redis://host/0'), 'derived', 'broker_host']);
  // Django's global default TIME_ZONE, which Celery 5.3+ falls back to; 5.2 looks for CELERY_TIME_ZONE.
  assert.deepEqual([settings('5.2.6').timezone!.value, settings('5.2.6').timezone!.from], [null, 'default']);
  assert.deepEqual([settings('5.5.2').timezone!.value, settings('5.5.2').timezone!.from, settings('5.5.2').timezone!.derivedFrom], ['America/Chicago', 'derived', 'TIME_ZONE']);
});

test('print-config says first when importing the app module raises: config_from_envvar() takes no namespace', () => {
  // Celery 5.2.6 and 5.5.2: config_from_envvar(variable_name, silent=False, force=False); Python raises at the call.
  const dir = tempProject({
    'app.py': "import os\nfrom celery import Celery\nos.environ['CL_CONFIG'] = 'celeryconfig'\napp = Celery('proj')\napp.config_from_envvar('CL_CONFIG', namespace='CELERY')\n",
    'celeryconfig.py': "task_serializer = 'json'\n",
  });
  const [config] = printConfig(dir);
  assert.deepEqual(config!.refused, { type: 'TypeError', message: "Celery.config_from_envvar() got an unexpected keyword argument 'namespace'", keys: [] });
  const text = runCli(['print-config', '.'], { cwd: dir }).stdout.split('\n');
  assert.deepEqual(text.slice(1, 3), [
    '  ! importing app.py raises before Celery reads any configuration (app.py:5):',
    "  !   TypeError: Celery.config_from_envvar() got an unexpected keyword argument 'namespace'",
  ]);
});

test('a constant a config module imports from a project module that never names Celery is read (the pre-filter keeps that module)', () => {
  const dir = tempProject({
    'app.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n",
    'celeryconfig.py': "from consts import QUEUES\nimports = QUEUES\n",
    'consts.py': "QUEUES = ['proj.tasks']\n",
  });
  const app = printConfig(dir).find((c) => c.kind === 'app')!;
  assert.deepEqual([app.settings.imports!.value, app.settings.imports!.from], [['proj.tasks'], 'configured']);
});

test('print-config names the Celery release it assumed and what decided it', () => {
  const app = "from celery import Celery\napp = Celery('proj')\napp.conf.task_serializer = 'json'\n";
  const plain = tempProject({ 'app.py': app });
  const [byDefault] = printConfig(plain);
  assert.equal(byDefault!.celery.from, 'default: the newest release celery-lint knows');
  assert.match(byDefault!.celery.version, /^5\.\d+$/);
  const [byFlag] = printConfig(plain, ['--celery-version', '5.2']);
  assert.deepEqual(byFlag!.celery, { version: '5.2', from: '--celery-version' });
  const configured = tempProject({ 'app.py': app, 'pyproject.toml': '[tool.celery-lint]\ncelery-version = "5.4"\n' });
  const [byFile] = printConfig(configured);
  assert.deepEqual(byFile!.celery, { version: '5.4', from: `celery-version in ${path.join(configured, 'pyproject.toml')}` });
  assert.match(runCli(['print-config', '.'], { cwd: configured }).stdout, /^ {2}what Celery 5\.4 uses \(celery-version in .*pyproject\.toml\):$/m);
});

test("print-config says first when Celery refuses the configuration, in Celery's words", () => {
  const dir = tempProject({
    'celeryconfig.py': "CELERY_ALWAYS_EAGER = True\ntask_serializer = 'json'\n",
    'app.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n",
  });
  const [config] = printConfig(dir);
  assert.deepEqual(Object.keys(config!).slice(0, 5), ['kind', 'name', 'file', 'celery', 'refused']);
  assert.equal(config!.refused!.type, 'ImproperlyConfigured');
  assert.deepEqual(config!.refused!.keys, [{ key: 'CELERY_ALWAYS_EAGER', renameTo: 'task_always_eager' }]);
  assert.equal(config!.refused!.message, 'Cannot mix new and old setting keys, please rename the\nfollowing settings to the new format:\n\nCELERY_ALWAYS_EAGER                  -> task_always_eager');
  const text = runCli(['print-config', '.'], { cwd: dir }).stdout.split('\n');
  assert.match(text[0]!, /^app 'app' in app\.py/);
  assert.equal(text[1], '  ! Celery refuses to load this configuration (ImproperlyConfigured at the first read):');
  assert.equal(text[2], '  !   Cannot mix new and old setting keys, please rename the');
  assert.ok(text.includes('  !   CELERY_ALWAYS_EAGER                  -> task_always_eager'));
  const accepted = tempProject({ 'app.py': "from celery import Celery\napp = Celery('proj')\napp.conf.task_serializer = 'json'\n" });
  assert.equal(printConfig(accepted)[0]!.refused, null);
});

test('a binding points at its key or keyword, and its value, not at the call that holds it', () => {
  const app = [
    'from celery import Celery',
    "app = Celery('proj', broker='redis://a/0', changes={'worker_concurrency': 2})",
    "app.conf.update(task_serializer='json', result_serializer='json')",
    "app.conf.update({'timezone': 'UTC'})",
    "app.conf['enable_utc'] = True",
    '',
  ].join('\n');
  const dir = tempProject({ 'app.py': app });
  const [config] = printConfig(dir);
  const lines = app.split('\n');
  const text = (p: Place) => lines[p.line - 1]!.slice(p.column - 1, p.endColumn - 1);
  const spans = Object.fromEntries(config!.bindings.map((b) => [b.key, [text(b.keySpan), text(b.valueSpan)]]));
  assert.deepEqual(spans, {
    broker: ['broker', "'redis://a/0'"],
    worker_concurrency: ["'worker_concurrency'", '2'],
    task_serializer: ['task_serializer', "'json'"],
    result_serializer: ['result_serializer', "'json'"],
    timezone: ["'timezone'", "'UTC'"],
    enable_utc: ["'enable_utc'", 'True'],
  });
});

test('a binding in a module read only to judge the named file (the config module its app names) has its real line', () => {
  const dir = tempProject({
    'pyproject.toml': '[project]\nname = "proj"\n',
    'proj/__init__.py': '',
    'proj/conf.py': "# the app's configuration\n\ntask_serializer = 'json'\n",
    'proj/worker.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.conf')\n",
  });
  const json = JSON.parse(runCli(['print-config', '--format', 'json', 'proj/worker.py'], { cwd: dir }).stdout) as Configuration[];
  const binding = json.find((c) => c.kind === 'app')?.bindings.find((b) => b.key === 'task_serializer');
  assert.deepEqual(binding && [path.basename(binding.keySpan.file), binding.keySpan.line, binding.keySpan.column], ['conf.py', 3, 1]);
  assert.match(runCli(['print-config', 'proj/worker.py'], { cwd: dir }).stdout, /used as task_serializer {2}\[config-module, proj\/conf\.py:3\]/);
});
