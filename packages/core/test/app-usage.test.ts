// The app-usage model through the real engine: what RuleContext.usage() and
// RuleContext.djangoSetting() answer for small projects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRule, initParser, lint, type DjangoSettingLookup, type ProjectUsage, type RuleContext } from '../src';

interface Seen {
  usage: ProjectUsage;
  contexts: RuleContext[];
}

/** Lints files with a rule that only records what its context offers. */
async function usageOf(files: Record<string, string>, projectFiles?: string[]): Promise<Seen> {
  await initParser();
  const contexts: RuleContext[] = [];
  const rule = createRule({
    meta: { id: 'test/usage', description: 'records', category: 'correctness', defaultSeverity: 'warning', messages: { m: 'm' } },
    check(context) {
      contexts.push(context);
    },
  });
  const sources = Object.entries(files).map(([path, text]) => ({ path, text }));
  // A project with no configuration still needs one for a rule to run: add a celeryconfig.
  if (!Object.keys(files).some((f) => f.endsWith('celery.py') || f.endsWith('settings.py'))) sources.push({ path: '/p/celeryconfig.py', text: "broker_url = 'redis://'\n" });
  lint(sources, { rules: [rule], ...(projectFiles ? { projectFiles } : {}) });
  assert.ok(contexts.length > 0, 'no configuration was built');
  return { usage: contexts[0]!.usage(), contexts };
}

function textOf(files: Record<string, string>, span: { file: string; start: number; end: number }): string {
  return files[span.file]!.slice(span.start, span.end);
}

const TASKS = [
  'from celery import shared_task',
  '',
  '@shared_task',
  'def send(user_id):',
  '    return user_id',
  '',
  '@shared_task(acks_late=True, time_limit=2 * 3600, bind=True)',
  'def report(self, pk):',
  '    try:',
  '        return Report.objects.get(pk=pk)',
  '    except Exception as exc:',
  '        raise self.retry(exc=exc, countdown=7200)',
  '',
].join('\n');

test('task calls are linked to the tasks they call, across modules and module attributes', async () => {
  const files = {
    '/p/shop/tasks.py': TASKS,
    '/p/shop/views.py': ['from .tasks import send', 'from . import tasks', 'def view(request):', '    send.delay(1)', '    tasks.report.apply_async((2,), countdown=60)', '    other.delay(3)', ''].join('\n'),
  };
  const { usage } = await usageOf(files);
  const calls = usage.taskCalls.map((c) => `${c.kind} ${textOf(files, c.span)} -> ${c.task?.functionName ?? '?'}`);
  // `other` is no task of the project: its call is not one.
  assert.deepEqual(calls.sort(), [
    "apply_async tasks.report.apply_async((2,), countdown=60) -> report",
    'delay send.delay(1) -> send',
    'retry self.retry(exc=exc, countdown=7200) -> report',
  ]);
  const report = usage.tasks.find((t) => t.functionName === 'report')!;
  assert.deepEqual([...report.options].map(([k, v]) => [k, v.value.kind === 'num' || v.value.kind === 'bool' ? v.value.value : v.value.kind]), [
    ['acks_late', true],
    ['time_limit', 7200],
    ['bind', true],
  ]);
  assert.equal(report.returns[0]?.hazards?.certainty, 'is');
  assert.equal(report.returns[0]?.hazards?.kinds[0]?.kind, 'model-instance');
  const apply = usage.taskCalls.find((c) => c.kind === 'apply_async')!;
  assert.deepEqual(apply.options.get('countdown')?.value, { kind: 'num', value: 60, isInt: true, span: apply.options.get('countdown')!.span });
});

test('what a passed value is: only what the local flow shows, "is" when every path agrees', async () => {
  const view = [
    'from django.shortcuts import get_object_or_404',
    'from .tasks import send',
    '',
    'def view(request, pk, obj):',
    '    user = User.objects.get(pk=pk)',
    '    send.delay(user)',
    '    send.delay(user.pk)',
    '    send.delay(request.user)',
    '    order = get_object_or_404(Order, pk=pk)',
    '    send.apply_async((order,), countdown=10)',
    '    maybe = Order.objects.filter(a=1) if pk else 3',
    '    send.delay(maybe)',
    '    try:',
    '        pass',
    '    except ValueError as e:',
    '        send.delay(e)',
    '    send.delay({1, 2})',
    "    send.delay(b'raw')",
    '    again = User.objects.get(pk=pk)',
    '    again = again.pk',
    '    send.delay(again)',
    '    for u in users:',
    '        send.delay(u)',
    '    send.delay(obj)',
    '    send.delay([user])',
    "    send.delay(payload={'who': user})",
    '    set = make_set',
    '    send.delay(set())',
    '',
  ].join('\n');
  const files = { '/p/shop/tasks.py': TASKS, '/p/shop/views.py': view };
  const { usage } = await usageOf(files);
  const described = usage.taskCalls
    .filter((c) => c.span.file.endsWith('views.py'))
    .flatMap((c) => c.values.map((v) => `${textOf(files, v.span)}: ${v.hazards ? `${v.hazards.certainty} ${v.hazards.kinds.map((k) => k.kind).join(',')}` : '-'}`));
  assert.deepEqual(described, [
    'user: is model-instance',
    'user.pk: -',
    'request.user: is request-user',
    'order: is model-instance',
    'maybe: may be queryset',
    'e: is exception',
    '{1, 2}: is set',
    "b'raw': is bytes",
    // Reassigned on the straight path before the call: only the last assignment arrives.
    'again: -',
    // A loop variable and a parameter: nothing the flow can show.
    'u: -',
    'obj: -',
    '[user]: is model-instance',
    "{'who': user}: is model-instance",
    // `set` is rebound here: not the builtin.
    'set(): -',
  ]);
});

test("self in a Django model's method and a signal receiver's instance are model instances", async () => {
  const models = [
    'from django.db import models',
    'from django.dispatch import receiver',
    'from .tasks import send',
    '',
    'class Order(models.Model):',
    '    def notify(self):',
    '        send.delay(self)',
    '',
    'class Helper:',
    '    def notify(self):',
    '        send.delay(self)',
    '',
    '@receiver(post_save, sender=Order)',
    'def on_save(sender, instance, **kwargs):',
    '    send.delay(instance)',
    '',
  ].join('\n');
  const files = { '/p/shop/tasks.py': TASKS, '/p/shop/models.py': models };
  const { usage } = await usageOf(files);
  const kinds = usage.taskCalls.filter((c) => c.span.file.endsWith('models.py')).map((c) => c.values[0]?.hazards?.kinds[0]?.kind ?? '-');
  assert.deepEqual(kinds, ['model-instance', '-', 'model-instance']);
});

test('result waits: .get()/.state on results only, AsyncResult, groups called, chords', async () => {
  const view = [
    'from celery import chord, group',
    'from celery.result import AsyncResult',
    'from .tasks import send, report',
    '',
    'def view(pk):',
    '    r = send.delay(1)',
    '    r.get(timeout=10)',
    '    AsyncResult(pk).state',
    '    AsyncResult(pk)',
    '    group(send.s(1), send.s(2))().get()',
    '    chord([send.s(1)])(report.s())',
    '    (group(send.s(1)) | report.s()).delay()',
    '    d = {}',
    "    d.get('x')",
    '',
  ].join('\n');
  const files = { '/p/shop/tasks.py': TASKS, '/p/shop/views.py': view };
  const { usage } = await usageOf(files);
  assert.deepEqual(
    usage.resultWaits.map((w) => `${w.kind} ${textOf(files, w.span)}`),
    [
      'result r.get(timeout=10)',
      'result AsyncResult(pk).state',
      'result group(send.s(1), send.s(2))().get()',
      'chord chord([send.s(1)])',
      'chord group(send.s(1)) | report.s()',
    ],
  );
});

test('result waits: a result bound earlier, in a loop or under statements that never name it; none without a | or a result attribute', async () => {
  const view = [
    'from .tasks import send',
    '',
    'def view(items):',
    '    pending = None',
    '    for item in items:',
    '        if pending is not None:',
    '            pending.status',
    '            pending.get()',
    '        total = len(items)  # mentions pendingness, not the name',
    '        pending = send.delay(item)',
    '    res = [x for x in items]',
    '    res.get()',
    '',
    'def other(group):',
    '    return group.state',
    '',
  ].join('\n');
  const files = { '/p/shop/tasks.py': TASKS, '/p/shop/views.py': view };
  const { usage } = await usageOf(files);
  assert.deepEqual(
    usage.resultWaits.map((w) => `${w.kind} ${textOf(files, w.span)}`),
    ['result pending.status', 'result pending.get()'],
  );
});

test('autodiscover_tasks(): literal packages, the related name, and calls that list nothing', async () => {
  const files = {
    '/p/proj/celery.py': [
      'from celery import Celery',
      "app = Celery('proj')",
      "PACKAGES = ['shop', 'billing']",
      "app.autodiscover_tasks(PACKAGES, related_name='jobs')",
      'app.autodiscover_tasks()',
      'app.autodiscover_tasks(lambda: settings.INSTALLED_APPS)',
      "app.autodiscover_tasks(['core'], related_name=None)",
      '',
    ].join('\n'),
  };
  const { usage } = await usageOf(files);
  assert.deepEqual(
    usage.autodiscoveries.map((a) => [a.packages?.map((p) => p.name), a.relatedName]),
    [
      [['shop', 'billing'], 'jobs'],
      [undefined, 'tasks'],
      [undefined, 'tasks'],
      [['core'], null],
    ],
  );
});

test('module status: missing only when every project file is known', async () => {
  const files = { '/p/proj/celery.py': "from celery import Celery\napp = Celery('proj')\n" };
  const all = ['/p/proj/celery.py', '/p/proj/__init__.py', '/p/core/__init__.py', '/p/core/tasks/__init__.py', '/p/core/tasks/mail.py', '/p/shop/tasks.py'];
  const known = (await usageOf(files, all)).usage;
  assert.equal(known.moduleStatus('core.tasks'), 'package');
  assert.equal(known.moduleStatus('core.tasks.mail'), 'module');
  assert.equal(known.moduleStatus('shop'), 'package'); // a directory of modules, __init__.py or not
  assert.equal(known.moduleStatus('shop.tasks'), 'module');
  assert.equal(known.moduleStatus('core.jobs'), 'missing');
  assert.equal(known.moduleStatus('django_celery_results'), 'unknown');
  const linted = (await usageOf(files)).usage;
  assert.equal(linted.moduleStatus('proj.celery'), 'module');
  assert.equal(linted.moduleStatus('proj.jobs'), 'unknown');
});

test('djangoSetting: through star imports and settings classes, Django defaults, unknown past an unread module', async () => {
  const lookup = async (files: Record<string, string>, name: string, which = 0): Promise<DjangoSettingLookup | undefined> =>
    (await usageOf(files)).contexts[which]!.djangoSetting(name);
  const base = "SECRET_KEY = 'x'\nTIME_ZONE = 'Europe/Paris'\nINSTALLED_APPS = ['django_celery_results']\n";
  const prod = { '/p/proj/settings/base.py': base, '/p/proj/settings/prod.py': "from .base import *\nCELERY_BROKER_URL = 'redis://'\n" };
  const tz = await lookup(prod, 'TIME_ZONE');
  assert.equal(tz?.value.kind === 'str' && tz.value.value, 'Europe/Paris');
  assert.equal(tz?.binding?.keySpan.file, '/p/proj/settings/base.py');
  const unset = await lookup({ '/p/proj/settings.py': "SECRET_KEY = 'x'\nCELERY_BROKER_URL = 'redis://'\n" }, 'TIME_ZONE');
  assert.deepEqual([unset?.isDefault, unset?.value.kind === 'str' && unset.value.value], [true, 'America/Chicago']);
  const useTz = await lookup({ '/p/proj/settings.py': "SECRET_KEY = 'x'\nCELERY_BROKER_URL = 'redis://'\n" }, 'USE_TZ');
  assert.equal(useTz?.value.kind, 'unknown', "USE_TZ's default changed in Django 5.0");
  const unread = await lookup({ '/p/proj/settings.py': "from .secret import *\nCELERY_BROKER_URL = 'redis://'\n" }, 'TIME_ZONE');
  assert.equal(unread?.value.kind, 'unknown');
  const none = await lookup({ '/p/celeryconfig.py': "broker_url = 'redis://'\n", '/p/x.py': 'import os\n' }, 'TIME_ZONE');
  assert.equal(none, undefined, 'a celeryconfig reads no Django settings');
});
