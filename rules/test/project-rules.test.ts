import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fix, initParser, lint, type Rule } from '@celery-lint/core';
import { beatTaskUnknown } from '../src/beat-task-unknown';
import { lowercaseInDjangoSettings } from '../src/lowercase-in-django-settings';
import { namespaceMissing } from '../src/namespace-missing';

async function run(files: Record<string, string>, rules: Rule[]) {
  await initParser();
  const out = lint(Object.entries(files).map(([path, text]) => ({ path, text })), { rules });
  return out.diagnostics.filter((d) => !d.ruleId.startsWith('celery-lint/'));
}

const celeryPy = (namespace: string) =>
  `import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings'${namespace})\n`;
const settings = "SECRET_KEY = 'x'\nCELERY_BROKER_URL = 'redis://'\nCELERY_RESULT_BACKEND = 'rpc://'\nCELERY_TASK_ALWAYS_EAGER = True\n";

test('namespace-missing reports CELERY_ names an app without namespace ignores, not the ones that are old names', async () => {
  const found = await run({ '/p/proj/settings.py': settings, '/p/proj/celery.py': celeryPy('') }, [namespaceMissing]);
  assert.deepEqual(
    found.map((d) => [d.file, d.range.start.line, d.message.split(':')[0]]),
    [
      ['/p/proj/settings.py', 1, 'CELERY_BROKER_URL is ignored'],
      ['/p/proj/settings.py', 3, 'CELERY_TASK_ALWAYS_EAGER is ignored'],
    ],
  );
  assert.equal(found[0]!.related?.[0]?.span.file, '/p/proj/celery.py');
  const suggestion = found[0]!.suggestions?.[0];
  assert.equal(suggestion?.message, "Add namespace='CELERY' to config_from_object()");
  const text = celeryPy('');
  const edit = suggestion!.fix.edits[0]!;
  assert.match(text.slice(0, edit.start) + edit.text + text.slice(edit.end), /config_from_object\('django\.conf:settings', namespace='CELERY'\)/);
  const withNamespace = await run({ '/p/proj/settings.py': settings, '/p/proj/celery.py': celeryPy(", namespace='CELERY'") }, [namespaceMissing]);
  assert.deepEqual(withNamespace, []);
});

test('lowercase-in-django-settings flags Celery names Django never exposes, not helper variables', async () => {
  const source = "SECRET_KEY = 'x'\nbroker_url = 'redis://'\ntask_serializer = 'json'\nresult_backend = 'rpc://'\nCELERY_RESULT_BACKEND = result_backend\n";
  const found = await run({ '/p/proj/settings.py': source }, [lowercaseInDjangoSettings]);
  assert.deepEqual(found.map((d) => d.message), [
    "'broker_url' is never seen by Celery: Django settings only expose UPPERCASE names. Use CELERY_BROKER_URL.",
    "'task_serializer' is never seen by Celery: Django settings only expose UPPERCASE names. Use CELERY_TASK_SERIALIZER.",
  ]);
  assert.equal(found[0]!.fix?.safety, 'unsafe');
  const fixed = fix({ path: '/p/proj/settings.py', text: source }, [], { rules: [lowercaseInDjangoSettings], unsafe: true });
  assert.equal(fixed.text, "SECRET_KEY = 'x'\nCELERY_BROKER_URL = 'redis://'\nCELERY_TASK_SERIALIZER = 'json'\nresult_backend = 'rpc://'\nCELERY_RESULT_BACKEND = result_backend\n");
  assert.deepEqual(fixed.remaining, []);
});

test('beat-task-unknown checks entries against the modules the project defines, with a did-you-mean', async () => {
  const files = {
    '/p/proj/tasks.py': "from celery import shared_task\n@shared_task\ndef add(x, y):\n    return x + y\n@shared_task(name='reports.daily')\ndef daily():\n    pass\n",
    '/p/proj/settings.py':
      "from celery.schedules import crontab\nSECRET_KEY = 'x'\nCELERY_BEAT_SCHEDULE = {\n    'a': {'task': 'proj.tasks.add', 'schedule': 30},\n    'b': {'task': 'proj.tasks.ad', 'schedule': 30},\n    'c': {'task': 'reports.daily', 'schedule': crontab()},\n    'd': {'task': 'celery.backend_cleanup', 'schedule': 60},\n    'e': {'task': 'other.thing', 'schedule': 60},\n    'f': {'task': 'proj.jobs.sweep', 'schedule': 60},\n}\n",
  };
  const found = await run(files, [beatTaskUnknown]);
  assert.deepEqual(
    found.map((d) => [d.range.start.line, d.message]),
    [
      [4, "beat_schedule runs task 'proj.tasks.ad', but proj.tasks defines no 'ad' (did you mean 'proj.tasks.add'?), so beat sends a task no worker has."],
      // 'other.thing' is no module of the project (an installed package's task, say), and without the
      // project's whole file list proj.jobs may be a module outside the linted files: nothing to say.
    ],
  );
  const onlySettings = await run({ '/p/proj/settings.py': files['/p/proj/settings.py'] }, [beatTaskUnknown]);
  assert.deepEqual(onlySettings, [], 'no task modules in view: no guesses');
});

test('a finding in a file the caller does not show is not worked out (pre-commit staged only the tasks module)', async () => {
  await initParser();
  const files = [
    { path: '/p/proj/tasks.py', text: "from celery import shared_task\n@shared_task\ndef add(x, y):\n    return x + y\n" },
    { path: '/p/proj/settings.py', text: "SECRET_KEY = 'x'\nCELERY_BEAT_SCHEDULE = {'b': {'task': 'proj.tasks.ad', 'schedule': 30}}\n" },
  ];
  const asked: string[] = [];
  const mentionedOutside = (name: string) => {
    asked.push(name);
    return false;
  };
  const every = lint(files, { rules: [beatTaskUnknown], mentionedOutside }).diagnostics.filter((d) => d.ruleId === 'celery/beat-task-unknown');
  assert.deepEqual(every.map((d) => [d.file, d.range.start.line]), [['/p/proj/settings.py', 1]]);
  assert.ok(asked.includes('ad'), 'shown: the rest of the project is asked whether it names the function');
  asked.length = 0;
  const shown = lint(files, { rules: [beatTaskUnknown], mentionedOutside, reports: (file) => file === '/p/proj/tasks.py' });
  assert.deepEqual(shown.diagnostics.filter((d) => d.file === '/p/proj/settings.py'), [], 'nothing in a file not shown');
  assert.ok(!asked.includes('ad'), `not shown: nobody searches the project for it (asked: ${asked.join(', ')})`);
  const showingSettings = lint(files, { rules: [beatTaskUnknown], mentionedOutside, reports: (file) => file === '/p/proj/settings.py' });
  assert.deepEqual(showingSettings.diagnostics, lint(files, { rules: [beatTaskUnknown], mentionedOutside }).diagnostics, 'a shown file gets every finding it had');
});
