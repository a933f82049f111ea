// Containers and calls read from the text (literal-text.ts) must be exactly
// what the tree gives: every container and call of a corpus is evaluated both
// ways and compared whole, spans included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser } from '../src';
import { Evaluator, type NameResolver } from '../src/evaluator';
import { readCallText, readContainerText, type ContainerType, type LiteralHost } from '../src/literal-text';
import { parse, type SyntaxNode } from '../src/parser';
import type { AbstractValue } from '../src/types';
import { pythonFiles, REPO } from './helpers';

const FILE = '/p/settings.py';
const CONTAINERS = ['dictionary', 'list', 'tuple', 'set'];
const READ_FROM_TEXT = [...CONTAINERS, 'call'];

/** Names with values and imports, so identifiers and every way of folding a call read through the resolver both ways. */
const VALUES: Record<string, AbstractValue> = {
  BASE: { kind: 'str', value: 'redis://{host}', literal: true, span: { file: FILE, start: 0, end: 4 } },
  PORT: { kind: 'num', value: 6379, isInt: true },
  TEMPLATE: { kind: 'template', parts: ['amqp://', { hole: 'user' }, '@{host}'] },
  env: { kind: 'call', callee: 'environ.Env', args: [], kwargs: [] },
  config: { kind: 'call', callee: 'decouple.AutoConfig', args: [], kwargs: [] },
};
const IMPORTS: Record<string, string> = { crontab: 'celery.schedules.crontab', os: 'os', getenv: 'os.getenv', cfg: 'decouple.config' };
const names: NameResolver = { valueOf: (name) => VALUES[name], importOf: (name) => IMPORTS[name] };

/** A host whose names, calls and expressions are all "unknown": enough to see whether the text was read at all. */
function probeHost(text: string, evaluate: LiteralHost['evaluate'] = () => ({ kind: 'unknown', reason: 'probe' })): LiteralHost {
  return { file: FILE, text, maxDepth: 100, identifier: () => ({ kind: 'unknown', reason: 'probe' }), call: () => ({ kind: 'unknown', reason: 'probe' }), evaluate };
}

interface Compared {
  containers: number;
  /** Read from the text (the rest fell back to the tree). */
  fromText: number;
}

/** Evaluates every container of `text` from the tree and from the text, and requires the same value. */
function compareAll(text: string, label: string): Compared {
  const tree = parse(text);
  try {
    assert.equal(tree.rootNode.hasError, false, `${label}: the corpus must parse cleanly`);
    const fromTree = new Evaluator(FILE, names);
    const fromSource = new Evaluator(FILE, names, text);
    let fromText = 0;
    const host = probeHost(text, (n, d) => fromTree.evaluate(n, d));
    const containers = tree.rootNode.descendantsOfType(READ_FROM_TEXT).filter((n): n is SyntaxNode => n !== null);
    for (const node of containers) {
      const expected = fromTree.evaluate(node);
      const actual = fromSource.evaluate(node);
      assert.deepEqual(actual, expected, `${label}: ${node.text.slice(0, 80)}`);
      const read = node.type === 'call' ? readCallText(host, node, 0) : readContainerText(host, node, node.type as ContainerType, 0);
      if (read !== undefined) fromText++;
    }
    return { containers: containers.length, fromText };
  } finally {
    tree.delete();
  }
}

const repo = REPO;

test('every container and call of the fixtures and the example project reads the same from the text as from the tree', async () => {
  await initParser();
  let containers = 0;
  let fromText = 0;
  for (const file of [...pythonFiles(path.join(repo, 'fixtures')), ...pythonFiles(path.join(repo, 'examples'))]) {
    const text = fs.readFileSync(file, 'utf8');
    const tree = parse(text);
    const clean = !tree.rootNode.hasError;
    tree.delete();
    if (!clean) continue;
    const compared = compareAll(text, path.relative(repo, file));
    containers += compared.containers;
    fromText += compared.fromText;
  }
  assert.ok(containers > 100, `only ${containers} containers in the corpus`);
  // Most real containers are literals: if the text path gave up on most, it would be dead code.
  assert.ok(fromText / containers > 0.8, `only ${fromText} of ${containers} containers read from the text`);
});

test('beat schedules, routes and settings dicts read from the text, calls and names included', async () => {
  await initParser();
  const text = [
    'from celery.schedules import crontab',
    'CELERY_BEAT_SCHEDULE = {',
    "    'every-5': {'task': 'app.tasks.a', 'schedule': crontab(minute='*/5'), 'args': (16, 16)},",
    "    'tick': {'task': 'app.tasks.b', 'schedule': 30.0, 'kwargs': {'x': None, 'y': True, 'z': False}},  # trailing, comment",
    "    'url': {'task': 'app.tasks.c', 'schedule': 10, 'options': {'queue': BASE, 'port': PORT}},",
    '}',
    "CELERY_TASK_ROUTES = [('a.*', {'queue': 'a'}), {'b.*': 'b'}]",
    "CELERY_ACCEPT_CONTENT = {'json', 'msgpack'}",
    "EMPTY = ({}, [], (), [[]], ((),))",
    "STRINGS = ['plain', \"double\", r'raw\\d', b'bytes', u'unicode', rb'both', '''triple ' quote''', \"\"\"a\"\"\", '', 'esc\\'aped\\n', '한국어 🚀']",
    'NUMBERS = [0, 7, 1000, 3.25, 0.5]',
    'CONTINUED = [1, \\',
    '    2]',
    'COMMENTS = {  # a comment with ] and } and \' in it',
    "    'a': 1,  # , : ]",
    "    # 'b': 2,",
    "    'c': [3,  # ,",
    '          4],',
    '}',
    '',
  ].join('\n');
  const compared = compareAll(text, 'schedules');
  assert.equal(compared.fromText, compared.containers, `${compared.fromText} of ${compared.containers} read from the text`);
});

test('what the text cannot delimit or read is left to the tree, with the same answer', async () => {
  await initParser();
  // Each holds something the text cannot read, so the list around it must give up on the text, and
  // still evaluate the same through the tree.
  const cases = [
    '{lambda: 0}', // a set holding a lambda, not a dict
    '{**BASE_DICT, "a": 1}',
    '[*ITEMS, 1]',
    '[x for x in ITEMS]',
    '{k: v for k, v in ITEMS}',
    '{x for x in ITEMS}',
    '[lambda x, y: x]',
    '{"a": lambda: 0}',
    '[(yield)]',
    '[名前]',
    '{"a": 名前}',
  ];
  for (const literal of cases) {
    const text = `def f():\n    X = [0, ${literal}]\n`;
    const tree = parse(text);
    try {
      assert.equal(tree.rootNode.hasError, false, literal);
      const node = tree.rootNode.descendantsOfType('list')[0]!;
      assert.equal(readContainerText(probeHost(text), node, node.type as ContainerType, 0), undefined, `${literal} should be read from the tree`);
    } finally {
      tree.delete();
    }
    compareAll(text, literal);
  }
  // Read from the text, elements the text cannot fold are found in the tree at their offsets.
  const mixed = compareAll(
    "X = {'f': f'{BASE}/0', 'g': 'a' 'b', 'n': -1, 'h': 0x1F, 'u': 1_000, 'e': 1e3, 'j': 2j, 'p': (PORT), 'c': BASE if PORT else 'x', 'not': not PORT, 's': ITEMS[1:2], 'a': os.environ['X'], 'w': (y := 1), 'big': 123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890}\n",
    'mixed',
  );
  assert.equal(mixed.fromText, 1);
});

test('calls of names read from the text fold as they do from the tree', async () => {
  await initParser();
  const calls = [
    "crontab(minute='*/5', hour=3)",
    "env('BROKER_URL', default=BASE)",
    "env.int('CONCURRENCY', default=4)",
    "env.str('X')",
    "config('DEBUG', default='yes', cast=bool)",
    "config('PORT', cast=int, default='5672')",
    "cfg('URL', default=BASE)",
    "os.environ.get('RB', 'rpc://')",
    "os.getenv('RB')",
    "getenv('RB', default=BASE)",
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'p.settings')",
    "BASE.format(host='h')",
    "TEMPLATE.format(host=PORT)",
    "a.b.format(1)",
    "str(BASE)",
    "int('5')",
    "int(PORT)",
    "dict(queue='a', routing_key='b')",
    "list((1, 2))",
    "tuple()",
    "set(['a'])",
    "timedelta(minutes=5, seconds=PORT)",
    "f(g(h(1)), k=[{'a': crontab()}])",
    "f(x == 1, y=2)",
    "f(a <= b)",
    "f(a.b, c[0], -1, not d)",
    "f(\n    1,  # comment\n    key='v',\n)",
  ];
  const text = calls.map((call, i) => `X${i} = ${call}\n`).join('');
  const compared = compareAll(text, 'calls');
  // Every call above but the attribute receivers inside f(a.b, ...) is written as names: all are read from the text.
  assert.ok(compared.fromText >= calls.length, `${compared.fromText} of ${compared.containers} read from the text`);
  // Calls that are not names with plain arguments are left to the tree, with the same answer.
  const left = ["'amqp://{}'.format(PORT)", 'f(*args)', 'f(**kwargs)', 'f(x for x in y)', '(f)(1)', 'f(1)(2)', 'f(1).g(2)', 'obj[0](1)', 'f(ключ=1)'];
  for (const call of left) {
    const source = `X = ${call}\n`;
    compareAll(source, call);
    const tree = parse(source);
    try {
      const node = tree.rootNode.descendantsOfType('call')[0]!;
      assert.equal(readCallText(probeHost(source), node, 0), undefined, `${call} should be read from the tree`);
    } finally {
      tree.delete();
    }
  }
});

test('nesting deeper than the evaluator follows is left to the tree', async () => {
  await initParser();
  const deep = `X = ${'['.repeat(150)}1${']'.repeat(150)}\n`;
  compareAll(deep, 'deep');
  const tree = parse(deep);
  try {
    const fromSource = new Evaluator(FILE, names, deep);
    let value: AbstractValue = fromSource.evaluate(tree.rootNode.descendantsOfType('list')[0]!);
    let levels = 0;
    while (value.kind === 'list') {
      value = value.items[0]!;
      levels++;
    }
    assert.equal(levels, 101);
    assert.equal(value.kind, 'unknown');
  } finally {
    tree.delete();
  }
});
