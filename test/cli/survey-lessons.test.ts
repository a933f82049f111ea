// False-positive classes found by the precision survey of whole public
// checkouts (issue 14, test/survey/): each test is a small project of ours
// with the shape that misled a rule, linted through the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli, tempProject, type JsonResult } from './run-cli';

interface Finding {
  readonly where: string;
  readonly rule: string;
  readonly message: string;
}

function lint(files: Record<string, string>, args: string[] = ['.']): Finding[] {
  const dir = tempProject(files);
  const out = runCli([...args, '--format', 'json'], { cwd: dir }).stdout;
  const results = JSON.parse(out) as JsonResult[];
  return results.flatMap((r) => r.messages.map((m) => ({ where: `${path.relative(dir, r.filePath)}:${m.line}`, rule: m.ruleId, message: m.message })));
}

const only = (found: Finding[], rule: string) => found.filter((f) => f.rule === rule);

const SETTINGS_HEAD = "from celery.schedules import crontab\nSECRET_KEY = 'x'\nCELERY_BEAT_SCHEDULE = {\n";
const WORKER = "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.autodiscover_tasks()\n";

test("beat-task-unknown: tasks of installed packages (invenio_*, django_yubin) are not the project's to call missing", () => {
  const found = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py': WORKER,
    'proj/tasks.py': 'from celery import shared_task\n\n\n@shared_task\ndef clean():\n    pass\n',
    'proj/settings.py':
      SETTINGS_HEAD +
      "    'index': {'task': 'invenio_indexer.tasks.process_bulk_queue', 'schedule': 60},\n" +
      "    'mail': {'task': 'django_yubin.tasks.send_mail', 'schedule': 60},\n" +
      "    'clean': {'task': 'proj.tasks.clean', 'schedule': 60},\n" +
      "    'lost': {'task': 'proj.tasks.vacuum', 'schedule': 60},\n" +
      "    'moved': {'task': 'proj.maintenance.vacuum', 'schedule': 60},\n}\n",
  });
  assert.deepEqual(only(found, 'celery/beat-task-unknown'), [
    { where: 'proj/settings.py:7', rule: 'celery/beat-task-unknown', message: "beat_schedule runs task 'proj.tasks.vacuum', but proj.tasks defines no 'vacuum', so beat sends a task no worker has." },
    { where: 'proj/settings.py:8', rule: 'celery/beat-task-unknown', message: "beat_schedule runs task 'proj.maintenance.vacuum', but the project has no module proj.maintenance, so beat sends a task no worker has." },
  ]);
});

test("beat-task-unknown: a task made by the project's own decorator (rapidpro's @cron_task wraps shared_task) is not called missing", () => {
  const found = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py': WORKER,
    'proj/crons.py':
      'from functools import wraps\nfrom celery import shared_task\n\n\ndef cron_task(**options):\n    def decorate(func):\n        @wraps(func)\n        def wrapper(*a, **kw):\n            return func(*a, **kw)\n        return shared_task(**options)(wrapper)\n    return decorate\n',
    'proj/orgs/__init__.py': '',
    'proj/orgs/tasks.py': 'from celery import shared_task\nfrom proj.crons import cron_task\n\n\n@cron_task()\ndef expire_invitations():\n    pass\n\n\n@shared_task\ndef other():\n    pass\n',
    'proj/settings.py': SETTINGS_HEAD + "    'expire': {'task': 'proj.orgs.tasks.expire_invitations', 'schedule': crontab(minute=10)},\n}\n",
  });
  assert.deepEqual(only(found, 'celery/beat-task-unknown'), []);
});

test('beat-task-unknown: a Celery subclass naming tasks itself (gen_task_name) leaves beat entries to the project', () => {
  const found = lint({
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py':
      "import os\nimport celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n\n\nclass ProjCelery(celery.Celery):\n    def gen_task_name(self, name, module):\n        return name\n\n\napp = ProjCelery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
    'proj/tasks.py': 'from celery import shared_task\n\n\n@shared_task\ndef check_channels():\n    pass\n',
    'proj/settings.py': SETTINGS_HEAD + "    'check': {'task': 'check_channels', 'schedule': 300},\n    'dotted': {'task': 'proj.tasks.check_chanels', 'schedule': 300},\n}\n",
  });
  assert.deepEqual(only(found, 'celery/beat-task-unknown'), []);
});

test('beat-task-unknown: linting only the settings file does not call tasks missing that it cannot see', () => {
  const files = {
    'manage.py': '',
    'proj/__init__.py': '',
    'proj/celery.py': WORKER,
    'proj/tasks.py': 'from celery import shared_task\n\n\n@shared_task\ndef clean():\n    pass\n',
    'proj/jobs.py': 'def vacuum():\n    pass\n',
    'proj/settings.py': SETTINGS_HEAD + "    'clean': {'task': 'proj.tasks.clean', 'schedule': 60},\n    'vacuum': {'task': 'proj.jobs.vacuum', 'schedule': 60},\n}\n",
  };
  assert.deepEqual(only(lint(files, ['proj/settings.py']), 'celery/beat-task-unknown'), []);
});
