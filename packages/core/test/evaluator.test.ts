import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, possibilities, valueToJson } from '../src';
import { Evaluator } from '../src/evaluator';
import { parse } from '../src/parser';
import { bindingsByKey, lintSources } from './helpers';

async function valueOf(source: string, key: string): Promise<unknown> {
  const out = await lintSources(source);
  const binding = bindingsByKey(out).get(key);
  assert.ok(binding, `no binding for ${key}; configurations: ${JSON.stringify(out.configurations.map((c) => c.bindings.map((b) => b.key)))}`);
  return valueToJson(binding.value);
}

test('literals and containers fold to their values', async () => {
  assert.equal(await valueOf("CELERY_BROKER_URL = 'redis://h:6379/0'", 'CELERY_BROKER_URL'), 'redis://h:6379/0');
  assert.equal(await valueOf('CELERY_WORKER_CONCURRENCY = 0x10', 'CELERY_WORKER_CONCURRENCY'), 16);
  assert.equal(await valueOf('CELERY_TASK_ACKS_LATE = True', 'CELERY_TASK_ACKS_LATE'), true);
  assert.equal(await valueOf('CELERY_RESULT_BACKEND = None', 'CELERY_RESULT_BACKEND'), null);
  assert.deepEqual(await valueOf("CELERY_ACCEPT_CONTENT = ['json', 'application/x-yaml']", 'CELERY_ACCEPT_CONTENT'), ['json', 'application/x-yaml']);
  assert.deepEqual(await valueOf("CELERY_ACCEPT_CONTENT = ('json',)", 'CELERY_ACCEPT_CONTENT'), { tuple: ['json'] });
  assert.deepEqual(await valueOf("CELERY_TASK_ROUTES = {'a.*': {'queue': 'a'}}", 'CELERY_TASK_ROUTES'), { 'a.*': { queue: 'a' } });
  assert.equal(await valueOf("CELERY_RESULT_EXPIRES = 60 * 60 * 24", 'CELERY_RESULT_EXPIRES'), 86400);
  assert.equal(await valueOf("CELERY_BROKER_URL = 'a\\x41\\n' 'b'", 'CELERY_BROKER_URL'), 'aA\nb');
  assert.equal(await valueOf("CELERY_BROKER_URL = r'a\\n'", 'CELERY_BROKER_URL'), 'a\\n');
});

test('a condition on a name assigned from a call is decided only when the evaluator folds that call', async () => {
  const backend = (setup: string, condition: string) =>
    valueOf(`import environ\nenv = environ.Env()\n${setup}\nif ${condition}:\n    CELERY_RESULT_BACKEND = 'amqp://'\nelse:\n    CELERY_RESULT_BACKEND = 'rpc://'\n`, 'CELERY_RESULT_BACKEND');
  const both = { oneOf: ['amqp://', 'rpc://'] };
  assert.deepEqual(await backend("FEATURE = env.bool('FEATURE', default=True)", 'FEATURE'), both);
  assert.deepEqual(await backend('FEATURE = make_flag()', 'FEATURE'), both);
  assert.equal(await backend("FEATURE = str('on')", 'FEATURE'), 'amqp://');
  assert.equal(await backend("FEATURE = list()", 'FEATURE'), 'rpc://');
  assert.equal(await backend("FEATURE = '{}'.format('x')", 'FEATURE'), 'amqp://');
  assert.equal(await backend("TEMPLATE = '{}'\nFEATURE = TEMPLATE.format('x')", 'FEATURE'), 'amqp://');
  // Extended after the call, the name no longer holds the call's result.
  assert.equal(await backend('FEATURE = list()\nFEATURE += [1]', 'FEATURE'), 'amqp://');
});

test('names resolve to earlier assignments and strings concatenate', async () => {
  const source = "HOST = 'rabbit'\nBASE = 'amqp://' + HOST\nCELERY_BROKER_URL = BASE + '//'\nHOST = 'other'\n";
  assert.equal(await valueOf(source, 'CELERY_BROKER_URL'), 'amqp://rabbit//');
});

test('templates keep known pieces around unknown holes', async () => {
  const format = "import os\nCELERY_BROKER_URL = 'amqp://{user}@{host}'.format(user=os.getenv('U'), host=H)\n";
  assert.deepEqual(await valueOf(format, 'CELERY_BROKER_URL'), { template: 'amqp://{$U}@{host}' });
  const fstring = "import os\nCELERY_BROKER_URL = f\"amqp://{os.environ['U']}@rabbit:{PORT!r}\"\n";
  assert.deepEqual(await valueOf(fstring, 'CELERY_BROKER_URL'), { template: 'amqp://{$U}@rabbit:{PORT}' });
  const percent = "H = 'h'\nCELERY_BROKER_URL = 'amqp://%s:%d/%%' % (H, 5672)\n";
  assert.equal(await valueOf(percent, 'CELERY_BROKER_URL'), 'amqp://h:5672/%');
  const named = "CELERY_BROKER_URL = 'redis://%(host)s/0' % {'host': X}\n";
  assert.deepEqual(await valueOf(named, 'CELERY_BROKER_URL'), { template: 'redis://{%(host)s}/0' });
});

test('a backslash continuation inside brackets is not an operand', async () => {
  await initParser();
  // Read from the tree: an evaluator given no source text never reads containers from the text.
  const fromTree = (expression: string) => {
    const text = `import os\nX = ${expression}\n`;
    const tree = parse(text);
    try {
      assert.equal(tree.rootNode.hasError, false);
      const value = tree.rootNode.descendantsOfType('assignment')[0]!.childForFieldName('right')!;
      const names = { valueOf: () => undefined, importOf: (name: string) => (name === 'os' ? 'os' : undefined) };
      return valueToJson(new Evaluator('/p/settings.py', names).evaluate(value));
    } finally {
      tree.delete();
    }
  };
  // (The grammar makes a continuation a node before a number or a name; before a string it does not.)
  assert.deepEqual(fromTree('[1, \\\n    2]'), [1, 2]);
  assert.deepEqual(fromTree('{1: 2, \\\n    3: 4}'), { dict: [[1, 2], [3, 4]] });
  assert.equal(fromTree('int(5 \\\n    )'), 5);
  assert.equal(fromTree('(60 if True \\\n    else 30)'), 60);
  assert.equal(fromTree('(\\\n    60)'), 60);
});

test('environment lookups are unknown, with the default as a possibility', async () => {
  assert.deepEqual(await valueOf("import os\nCELERY_RESULT_BACKEND = os.environ.get('RB', 'amqp://')", 'CELERY_RESULT_BACKEND'), {
    oneOf: [{ unknown: 'environment variable RB', env: 'RB' }, 'amqp://'],
  });
  assert.deepEqual(await valueOf("from os import getenv\nCELERY_RESULT_BACKEND = getenv('RB')", 'CELERY_RESULT_BACKEND'), {
    unknown: 'environment variable RB',
    env: 'RB',
  });
  assert.deepEqual(await valueOf("import os\nCELERY_RESULT_BACKEND = os.environ['RB']", 'CELERY_RESULT_BACKEND'), {
    unknown: 'environment variable RB',
    env: 'RB',
  });
  assert.deepEqual(await valueOf("import os\nCELERY_RESULT_BACKEND = os.environ.get('RB') or 'rpc://'", 'CELERY_RESULT_BACKEND'), {
    oneOf: [{ unknown: 'environment variable RB', env: 'RB' }, 'rpc://'],
  });
});

test('if/else becomes one-of; a decidable condition picks its branch', async () => {
  const branches = "import os\nif os.environ.get('PROD'):\n    CELERY_RESULT_BACKEND = 'redis://'\nelse:\n    CELERY_RESULT_BACKEND = 'amqp://'\n";
  assert.deepEqual(await valueOf(branches, 'CELERY_RESULT_BACKEND'), { oneOf: ['redis://', 'amqp://'] });
  const oneSided = "CELERY_RESULT_BACKEND = 'rpc://'\nif X:\n    CELERY_RESULT_BACKEND = 'amqp://'\n";
  assert.deepEqual(await valueOf(oneSided, 'CELERY_RESULT_BACKEND'), { oneOf: ['amqp://', 'rpc://'] });
  const decided = "DEBUG = False\nif DEBUG:\n    CELERY_RESULT_BACKEND = 'amqp://'\nelse:\n    CELERY_RESULT_BACKEND = 'rpc://'\n";
  assert.equal(await valueOf(decided, 'CELERY_RESULT_BACKEND'), 'rpc://');
  const ternary = "CELERY_RESULT_BACKEND = 'a://' if X else 'b://'";
  assert.deepEqual(await valueOf(ternary, 'CELERY_RESULT_BACKEND'), { oneOf: ['a://', 'b://'] });
  const tried = "try:\n    from .local import *\n    CELERY_RESULT_BACKEND = 'redis://'\nexcept ImportError:\n    CELERY_RESULT_BACKEND = 'rpc://'\n";
  assert.deepEqual(await valueOf(tried, 'CELERY_RESULT_BACKEND'), { oneOf: ['redis://', 'rpc://'] });
});

test('a branch condition narrows the name it tests inside each branch, and only there', async () => {
  const env = { unknown: 'environment variable Q', env: 'Q' };
  const head = "import os\nQ = os.environ.get('Q', 'sqs://')\n";
  const narrowed = async (branches: string) => valueOf(`${head}${branches}`, 'CELERY_RESULT_BACKEND');
  // else of ==: the literal is ruled out; the unknown stays (it is not 'sqs://' on this path).
  assert.deepEqual(await narrowed("if Q == 'sqs://':\n    CELERY_RESULT_BACKEND = 'redis://'\nelse:\n    CELERY_RESULT_BACKEND = Q\n"), { oneOf: ['redis://', env] });
  // the == branch: the value is the literal (the default already is; no second copy for the unknown).
  assert.deepEqual(await narrowed("if 'sqs://' == Q:\n    CELERY_RESULT_BACKEND = Q\nelse:\n    CELERY_RESULT_BACKEND = 'redis://'\n"), { oneOf: ['sqs://', 'redis://'] });
  assert.deepEqual(await narrowed("if Q != 'sqs://':\n    CELERY_RESULT_BACKEND = Q\nelse:\n    CELERY_RESULT_BACKEND = Q\n"), { oneOf: [env, 'sqs://'] });
  // elif sees the earlier conditions fail; `in` pins an unknown to the listed literals.
  const chain = "if Q == 'sqs://':\n    pass\nelif Q in ('redis://', 'rpc://'):\n    CELERY_RESULT_BACKEND = Q\nelse:\n    CELERY_RESULT_BACKEND = Q\n";
  assert.deepEqual(await narrowed(chain), { oneOf: [{ unset: true }, 'redis://', 'rpc://', env] });
  assert.deepEqual(await narrowed("if Q not in ['sqs://']:\n    CELERY_RESULT_BACKEND = Q\n"), { oneOf: [env, { unset: true }] });
  // Truthiness, `not`, `is None` and `and`: the possibilities the branch rules out are dropped.
  const flag = "import os\nF = os.environ.get('F', '')\nif not F:\n    CELERY_TASK_DEFAULT_QUEUE = 'x'\nelse:\n    CELERY_TASK_DEFAULT_QUEUE = F\n";
  assert.deepEqual(await valueOf(flag, 'CELERY_TASK_DEFAULT_QUEUE'), { oneOf: ['x', { unknown: 'environment variable F', env: 'F' }] });
  const none = "import os\nB = os.environ.get('B')\nif B is None or B == 'sqs://':\n    CELERY_RESULT_BACKEND = 'rpc://'\nelse:\n    CELERY_RESULT_BACKEND = B\n";
  assert.deepEqual(await valueOf(none, 'CELERY_RESULT_BACKEND'), { oneOf: ['rpc://', { unknown: 'environment variable B', env: 'B' }] });
  // An if without else: the path that skips it knows the condition failed (`if not X: X = default`).
  const defaulted = "import os\nB = os.environ.get('B', '')\nif not B:\n    B = 'redis://'\nCELERY_BROKER_URL = B\n";
  assert.deepEqual(await valueOf(defaulted, 'CELERY_BROKER_URL'), { oneOf: ['redis://', { unknown: 'environment variable B', env: 'B' }] });
  // After the if, the name holds every possibility again; a condition on something else narrows nothing.
  assert.deepEqual(await valueOf(`${head}if Q == 'sqs://':\n    pass\nCELERY_RESULT_BACKEND = Q\n`, 'CELERY_RESULT_BACKEND'), { oneOf: [env, 'sqs://'] });
  assert.deepEqual(await narrowed("if os.environ.get('Q') == 'sqs://':\n    CELERY_RESULT_BACKEND = Q\n"), { oneOf: [env, 'sqs://', { unset: true }] });
  // A branch the value cannot take keeps the value rather than inventing one.
  assert.deepEqual(await valueOf("B = 'redis://'\nif B == 'sqs://':\n    CELERY_RESULT_BACKEND = B\n", 'CELERY_RESULT_BACKEND'), { oneOf: ['redis://', { unset: true }] });
  // Narrowing is no assignment: the tested name keeps its own binding, with no extra paths.
  const out = await lintSources(`${head}if Q == 'sqs://':\n    CELERY_RESULT_BACKEND = 'redis://'\nCELERY_BROKER_URL = Q\n`);
  const q = bindingsByKey(out).get('CELERY_BROKER_URL');
  assert.equal(q?.alternativeValueSpans, undefined);
});

test('code the evaluator does not understand is unknown with a reason, never an exception', async () => {
  const value = await valueOf('CELERY_BROKER_URL = [x for x in y]', 'CELERY_BROKER_URL');
  assert.deepEqual(value, { unknown: 'a list comprehension is not evaluated' });
  const deep = `CELERY_BROKER_URL = ${'('.repeat(500)}'x'${')'.repeat(500)}`;
  const deepValue = (await valueOf(deep, 'CELERY_BROKER_URL')) as { unknown: string };
  assert.match(deepValue.unknown, /nested too deeply/);
  const calls = await valueOf("from celery.schedules import crontab\nCELERY_BEAT_SCHEDULE = {'t': {'schedule': crontab(minute='*/5')}}", 'CELERY_BEAT_SCHEDULE');
  assert.deepEqual(calls, { t: { schedule: { call: 'celery.schedules.crontab', args: [], kwargs: { minute: '*/5' } } } });
});

test('django-environ and python-decouple lookups are the variable or its default', async () => {
  const environ =
    "import environ\nenv = environ.Env(DEBUG=(bool, False), RB=(str, 'amqp://'))\nCELERY_BROKER_URL = env('BROKER', default='redis://')\nCELERY_RESULT_BACKEND = env.str('RB')\nCELERY_TASK_ALWAYS_EAGER = env.bool('EAGER', False)\nCELERY_ACCEPT_CONTENT = env.list('ACCEPT')\n";
  assert.deepEqual(await valueOf(environ, 'CELERY_BROKER_URL'), { oneOf: [{ unknown: 'environment variable BROKER', env: 'BROKER' }, 'redis://'] });
  assert.deepEqual(await valueOf(environ, 'CELERY_RESULT_BACKEND'), { oneOf: [{ unknown: 'environment variable RB', env: 'RB' }, 'amqp://'] });
  assert.deepEqual(await valueOf(environ, 'CELERY_TASK_ALWAYS_EAGER'), { oneOf: [{ unknown: 'environment variable EAGER', env: 'EAGER' }, false] });
  assert.deepEqual(await valueOf(environ, 'CELERY_ACCEPT_CONTENT'), { unknown: 'environment variable ACCEPT', env: 'ACCEPT' });
  const decouple = "from decouple import config\nCELERY_RESULT_BACKEND = config('RB', default='amqp://', cast=str)\nCELERY_BROKER_URL = config('BROKER')\n";
  assert.deepEqual(await valueOf(decouple, 'CELERY_RESULT_BACKEND'), { oneOf: [{ unknown: 'environment variable RB', env: 'RB' }, 'amqp://'] });
  assert.deepEqual(await valueOf(decouple, 'CELERY_BROKER_URL'), { unknown: 'environment variable BROKER', env: 'BROKER' });
  // cast= applies to the default too: 'False' with cast=bool is the bool False, not a truthy string.
  const cast =
    "from decouple import config, Csv\nCELERY_TASK_ALWAYS_EAGER = config('A', default='False', cast=bool)\nCELERY_WORKER_CONCURRENCY = config('B', default='4', cast=int)\nCELERY_TASK_ACKS_LATE = config('C', default='maybe', cast=bool)\nCELERY_ACCEPT_CONTENT = config('D', default='a,b', cast=Csv())\n";
  assert.deepEqual(await valueOf(cast, 'CELERY_TASK_ALWAYS_EAGER'), { oneOf: [{ unknown: 'environment variable A', env: 'A' }, false] });
  assert.deepEqual(await valueOf(cast, 'CELERY_WORKER_CONCURRENCY'), { oneOf: [{ unknown: 'environment variable B', env: 'B' }, 4] });
  assert.deepEqual(await valueOf(cast, 'CELERY_TASK_ACKS_LATE'), { oneOf: [{ unknown: 'environment variable C', env: 'C' }, { unknown: 'cast=bool raises ValueError for "maybe"' }] });
  assert.deepEqual(await valueOf(cast, 'CELERY_ACCEPT_CONTENT'), { oneOf: [{ unknown: 'environment variable D', env: 'D' }, { unknown: 'cast=Csv()(…) of a default' }] });
});

test('augmented assignment, list methods and dict updates on module names', async () => {
  const source =
    "CELERY_IMPORTS = ['a']\nCELERY_IMPORTS += ['b']\nCELERY_IMPORTS.append('c')\nCELERY_IMPORTS.extend(('d',))\nCELERY_TASK_ROUTES = {'x': 1}\nCELERY_TASK_ROUTES.update({'y': 2}, z=3)\nCELERY_TASK_ROUTES['w'] = 4\nCELERY_TIMEZONE: str = 'UTC'\n";
  assert.deepEqual(await valueOf(source, 'CELERY_IMPORTS'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(await valueOf(source, 'CELERY_TASK_ROUTES'), { x: 1, y: 2, z: 3, w: 4 });
  assert.equal(await valueOf(source, 'CELERY_TIMEZONE'), 'UTC');
});

test('comparisons, casts and string methods fold on known values, possibility by possibility (issue 13, item 8)', async () => {
  const v = (expr: string) => valueOf(`import os\nSECRET_KEY = 'x'\nCELERY_X_VALUE = ${expr}\nCELERY_TASK_DEFAULT_QUEUE = CELERY_X_VALUE\n`, 'CELERY_TASK_DEFAULT_QUEUE');
  assert.equal(await v("'a' == 'a'"), true);
  assert.equal(await v("'json' in ('json', 'yaml')"), true);
  assert.equal(await v("not ''"), true);
  assert.equal(await v("int('4') + 1"), 5);
  assert.equal(await v("float('3600')"), 3600);
  assert.equal(await v("str(2) == '2'"), true);
  assert.equal(await v("bool('')"), false);
  assert.equal(await v("'REDIS://Host:6379/'.lower().rstrip('/')"), 'redis://host:6379');
  assert.equal(await v("'redis://cache/0'.replace('cache', 'db')"), 'redis://db/0');
  // An environment default: the default folds, the variable stays what the deployment decides.
  const eager = (await v("os.environ.get('EAGER', 'False') == 'True'")) as { oneOf: unknown[] };
  assert.deepEqual(eager.oneOf.slice(1), [false]);
  const queue = (await v("os.environ.get('QUEUE', 'work') + '-q'")) as { oneOf: unknown[] };
  assert.deepEqual(queue.oneOf.slice(1), ['work-q']);
});

test('tuple unpacking gives each name its item', async () => {
  const out = await lintSources("SECRET_KEY = 'x'\nCELERY_TASK_SERIALIZER, CELERY_RESULT_SERIALIZER = 'json', 'yaml'\n");
  const values = bindingsByKey(out);
  assert.equal(valueToJson(values.get('CELERY_TASK_SERIALIZER')!.value), 'json');
  assert.equal(valueToJson(values.get('CELERY_RESULT_SERIALIZER')!.value), 'yaml');
});

test("an environment variable's own text is marked a str from the environment; a cast or a comparison is not", async () => {
  const source = [
    'import os',
    'import environ',
    'import decouple',
    'env = environ.Env(CELERY_DECLARED=(int, 4))',
    "CELERY_A = os.environ.get('A')",
    "CELERY_B = os.getenv('B', 4)",
    "CELERY_C = os.environ['C']",
    "CELERY_D = env('D')",
    "CELERY_E = env.str('E')",
    "CELERY_F = decouple.config('F')",
    "CELERY_G = str(os.environ.get('G', 'x'))",
    "CELERY_H = int(os.environ.get('H', '4'))",
    "CELERY_I = os.environ.get('I', '') == 'true'",
    "CELERY_J = env('J', cast=int)",
    "CELERY_K = env.int('K')",
    "CELERY_L = env('CELERY_DECLARED')",
    "CELERY_M = decouple.config('M', cast=bool)",
    "CELERY_N = float(os.getenv('N'))",
    "SECRET_KEY = 'x'",
    "INSTALLED_APPS = []",
  ].join('\n');
  const bindings = bindingsByKey(await lintSources(source));
  const marked = (key: string) => possibilities(bindings.get(key)!.value).some((v) => v.kind === 'unknown' && v.envText === true);
  for (const key of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) assert.equal(marked(`CELERY_${key}`), true, key);
  for (const key of ['H', 'I', 'J', 'K', 'L', 'M', 'N']) assert.equal(marked(`CELERY_${key}`), false, key);
  // The mark keeps the variable's name for print-config.
  assert.deepEqual(valueToJson(bindings.get('CELERY_A')!.value), { unknown: 'environment variable A', env: 'A' });
});
