import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configurationsToJson, initParser, lint, parse, valueToJson, type LintOutput, type Tree } from '../src';

// A module imported by modules still to be read has its names worked out as
// soon as it is read, and its tree freed then (engine.ts, settleSlots): what
// its importers see must be what they saw when its names were read lazily
// from a tree kept alive. Trees a caller gives (the editor's) are never
// freed, so their names are still read lazily: the two runs must agree.
const files: Record<string, string> = {
  '/t/proj/consts.py': "HOST = 'rabbit'\nPORT = 5672\n",
  '/t/proj/settings/base.py': [
    'import os',
    'from proj.consts import HOST, PORT',
    "CELERY_BROKER_URL = f'amqp://{HOST}:{PORT}//'",
    "if os.environ.get('PROD'):",
    "    CELERY_RESULT_BACKEND = 'redis://prod'",
    'else:',
    "    CELERY_RESULT_BACKEND = 'redis://dev'",
    "CELERY_TIMEZONE = 'UTC'",
    "CELERY_TIMEZONE = 'Europe/Paris'",
    'CELERY_TASK_DEFAULT_QUEUE = "old"',
    'del CELERY_TASK_DEFAULT_QUEUE',
    "LIMITS = {'rate': '10/m'}",
    "QUEUES = ['a']",
    "QUEUES += ['b']",
    '',
  ].join('\n'),
  '/t/proj/settings/prod.py': "from .base import *\nfrom .base import LIMITS as L, QUEUES\nCELERY_TASK_ANNOTATIONS = {'*': L}\nCELERY_TASK_QUEUES = QUEUES\n",
};

function configurations(out: LintOutput): unknown {
  const version = { version: '5.4.0', from: 'test' };
  return configurationsToJson(out.configurations, (file) => files[file], () => version);
}

test("a module's names worked out at its read (and its tree freed) are what its importers would have read from the tree", async () => {
  await initParser();
  const order = Object.keys(files);
  // Which module each freed tree was parsed from, in the order the engine frees them.
  const freed: string[] = [];
  const prototype = Object.getPrototypeOf(parse('')) as { delete(this: Tree): void };
  const original = prototype.delete;
  prototype.delete = function (this: Tree) {
    freed.push(order.find((path) => files[path] === this.rootNode.text) ?? '?');
    original.call(this);
  };
  let settled: LintOutput;
  try {
    settled = lint(order.map((path) => ({ path, text: files[path]! })), { rules: [] });
  } finally {
    prototype.delete = original;
  }
  // Each tree goes when its module has been read, before the modules importing it are: before, consts and
  // base were held until prod.py had been read.
  assert.deepEqual(freed, order);
  const given = order.map((path) => ({ path, text: files[path]!, tree: parse(files[path]!) }));
  let lazy: LintOutput;
  try {
    lazy = lint(given, { rules: [] });
  } finally {
    for (const file of given) file.tree.delete();
  }
  assert.deepEqual(configurations(settled), configurations(lazy));
  const prod = settled.configurations.find((c) => c.name === '/t/proj/settings/prod.py')!;
  const value = (setting: string) => valueToJson(prod.bindings.find((b) => b.setting === setting && b.status.state !== 'overridden')!.value);
  assert.equal(value('broker_url'), 'amqp://rabbit:5672//');
  assert.equal(value('timezone'), 'Europe/Paris');
  assert.deepEqual(value('task_annotations'), { '*': { rate: '10/m' } });
  assert.deepEqual(value('task_queues'), ['a', 'b']);
  assert.ok(!prod.bindings.some((b) => b.setting === 'task_default_queue' && b.status.state === 'used'));
});
