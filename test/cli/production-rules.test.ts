// The production rules of issue 21 by their public ids: through the engine
// for what depends on the target version, and through the real CLI for what
// depends on the files it finds (modules that exist, views that call tasks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, lint, syntaxErrorCount, type Diagnostic } from '@celery-lint/core';
import { allRules, rulesById } from '@celery-lint/rules';
import { runCli, tempProject, type JsonResult } from './run-cli';

const IDS = [
  'celery/timezone-mismatch',
  'celery/visibility-timeout-too-short',
  'celery/prefetch-unlimited',
  'celery/autodiscover-missing-module',
  'celery/result-backend-missing',
  'celery/acks-late-connection-loss',
  'celery/django-results-misconfigured',
  'celery/quorum-without-confirm-publish',
  'celery/beat-schedule-overwrites-database',
  'celery/eager-in-production',
  'celery/crontab-every-minute',
  'celery/unserializable-task-argument',
];

async function run(files: Record<string, string>, celeryVersion?: string): Promise<Diagnostic[]> {
  await initParser();
  const sources = Object.entries(files).map(([path, text]) => ({ path, text }));
  const out = lint(sources, { rules: allRules, projectFiles: sources.map((s) => s.path), ...(celeryVersion ? { celeryVersion } : {}) });
  assert.ok(!out.diagnostics.some((d) => d.ruleId.startsWith('celery-lint/')), JSON.stringify(out.diagnostics.filter((d) => d.ruleId.startsWith('celery-lint/'))));
  return out.diagnostics;
}

test('each rule is in the pack once, under its public id, with the fix it declares', () => {
  for (const id of IDS) {
    assert.equal(allRules.filter((r) => r.meta.id === id).length, 1, id);
    assert.equal(rulesById.get(id)?.meta.id, id);
  }
  assert.deepEqual(
    IDS.filter((id) => rulesById.get(id)!.meta.fix),
    ['celery/crontab-every-minute'],
  );
  assert.equal(rulesById.get('celery/crontab-every-minute')!.meta.fix?.safety, 'unsafe');
});

const DJANGO = {
  '/p/proj/celery.py':
    "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  '/p/proj/settings.py': "SECRET_KEY = 'x'\nINSTALLED_APPS = ['shop']\nTIME_ZONE = 'Asia/Seoul'\nCELERY_BROKER_URL = 'redis://localhost:6379/0'\n",
};

test('timezone-mismatch follows the target: 4.4 to 5.2 ignore TIME_ZONE, 5.3+ read it', async () => {
  const messages = async (version: string) => (await run(DJANGO, version)).filter((d) => d.ruleId === 'celery/timezone-mismatch').map((d) => d.message);
  for (const version of ['4.4', '5.0', '5.2.6']) {
    const [message] = await messages(version);
    assert.match(message ?? '', new RegExp(`TIME_ZONE is 'Asia/Seoul', but Celery ${version.replace(/\./g, '\\.')} does not read Django's TIME_ZONE`), version);
  }
  for (const version of ['5.3', '5.6', 'main']) assert.deepEqual(await messages(version), [], version);
});

test('acks-late-connection-loss starts with 5.1; unserializable bytes stop at 5.3', async () => {
  const acks = { '/p/celeryconfig.py': "broker_url = 'amqp://'\ntask_acks_late = True\n" };
  const ids = async (files: Record<string, string>, version: string) => (await run(files, version)).map((d) => d.ruleId);
  assert.ok(!(await ids(acks, '5.0')).includes('celery/acks-late-connection-loss'));
  assert.ok((await ids(acks, '5.1')).includes('celery/acks-late-connection-loss'));
  const bytes = {
    '/p/proj/app.py': "from celery import Celery\napp = Celery('p', broker='redis://')\n\n@app.task\ndef store(blob):\n    return 1\n\ndef upload():\n    store.delay(b'x')\n",
  };
  assert.ok((await ids(bytes, '5.2')).includes('celery/unserializable-task-argument'));
  assert.ok(!(await ids(bytes, '5.3')).includes('celery/unserializable-task-argument'));
});

test('result-backend-missing points at the setting that drops the backend', async () => {
  const files = {
    '/p/proj/celery.py': DJANGO['/p/proj/celery.py'].replace("'proj.settings'", "'proj.settings.prod'"),
    '/p/proj/settings/base.py': "SECRET_KEY = 'x'\nINSTALLED_APPS = ['shop']\nTIME_ZONE = 'UTC'\nCELERY_RESULT_BACKEND = 'redis://h/1'\n",
    '/p/proj/settings/prod.py': 'from .base import *\nCELERY_RESULT_BACKEND = None\n',
    '/p/shop/tasks.py': "from celery import shared_task\n\n@shared_task\ndef quote(n):\n    return n\n",
    '/p/shop/views.py': 'from .tasks import quote\n\ndef view(request):\n    return quote.delay(1).get(timeout=3)\n',
  };
  const [finding] = (await run(files)).filter((d) => d.ruleId === 'celery/result-backend-missing');
  assert.equal(finding?.file, '/p/shop/views.py');
  assert.deepEqual(finding.configurations, ['app']);
  assert.deepEqual(finding.related?.map((r) => [r.span.file, r.message]), [['/p/proj/settings/prod.py', 'result_backend is set here']]);
});

test('crontab-every-minute: the unsafe fix puts minute=0 first and the file still parses', async () => {
  const text = "from celery.schedules import crontab\nbeat_schedule = {'r': {'task': 't', 'schedule': crontab(hour='0,12')}}\n";
  const [finding] = (await run({ '/p/celeryconfig.py': text })).filter((d) => d.ruleId === 'celery/crontab-every-minute');
  assert.equal(finding?.fix?.safety, 'unsafe');
  const edit = finding.fix.edits[0]!;
  const fixed = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  assert.match(fixed, /crontab\(minute=0, hour='0,12'\)/);
  assert.equal(syntaxErrorCount(fixed), 0);
});

test('through the CLI: views that call tasks are linted, and every project file tells which modules exist', () => {
  const dir = tempProject({
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    'proj/__init__.py': '',
    'proj/settings.py': "SECRET_KEY = 'x'\nINSTALLED_APPS = ['billing']\nTIME_ZONE = 'UTC'\nCELERY_BROKER_URL = 'redis://localhost:6379/0'\n",
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.autodiscover_tasks(['billing.tasks'])\n",
    // Empty __init__.py files: the pre-filter turns them down, and the rule may rely on that.
    'billing/__init__.py': '',
    'billing/tasks/__init__.py': '',
    'billing/tasks/invoices.py': 'from celery import shared_task\n\n@shared_task\ndef send_invoice(invoice_id):\n    return invoice_id\n',
    // No Celery word here: linted because it calls a task.
    'billing/views.py': 'from .tasks.invoices import send_invoice\nfrom .models import Invoice\n\ndef pay(request, pk):\n    invoice = Invoice.objects.get(pk=pk)\n    send_invoice.delay(invoice)\n',
  });
  const { stdout } = runCli(['.', '--format', 'json'], { cwd: dir });
  const results = JSON.parse(stdout) as JsonResult[];
  const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line} ${m.ruleId}`)).sort();
  // The views module imports invoices.py, so its task is registered after all: only the argument is wrong.
  assert.deepEqual(found, ['billing/views.py:6 celery/unserializable-task-argument']);

  const unimported = tempProject({
    'pyproject.toml': '[project]\nname = "proj"\n',
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\napp = Celery('proj', broker='redis://')\napp.autodiscover_tasks(['billing.tasks'])\n",
    'billing/__init__.py': '',
    'billing/tasks/__init__.py': '',
    'billing/tasks/invoices.py': 'from celery import shared_task\n\n@shared_task\ndef send_invoice(invoice_id):\n    return invoice_id\n',
  });
  const again = JSON.parse(runCli(['.', '--format', 'json'], { cwd: unimported }).stdout) as JsonResult[];
  const messages = again.flatMap((r) => r.messages);
  assert.deepEqual(messages.map((m) => m.ruleId), ['celery/autodiscover-missing-module']);
  assert.match(messages[0]!.message, /looks for billing\.tasks\.tasks, which does not exist/);
  // Named alone (as pre-commit does), the file is judged with the rest of its project.
  const named = JSON.parse(runCli(['proj/celery.py', '--format', 'json'], { cwd: unimported }).stdout) as JsonResult[];
  assert.deepEqual(named.flatMap((r) => r.messages.map((m) => m.ruleId)), ['celery/autodiscover-missing-module']);
});
