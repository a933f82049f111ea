// print-config says when loading a configuration may raise, depending on the
// deployment: Django checks TIME_ZONE as it loads the settings (at Celery's
// first read), so a TIME_ZONE from the environment may be refused. Celery's
// own timezone is not checked at that read. Both checked with Celery 5.2.6 and
// 5.5.2 and Django 3.2 (test/differential compares them on every run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempProject } from './run-cli';

interface Configuration {
  readonly kind: string;
  readonly refused: unknown;
  readonly mayRefuse: { readonly type: string; readonly message: string; readonly when: string; readonly line: number; readonly column: number } | null;
}

const APP = "import os\nfrom celery import Celery\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n";

function configurations(dir: string): Configuration[] {
  const out = runCli(['print-config', '--format', 'json', '.'], { cwd: dir });
  assert.equal(out.stderr, '');
  return JSON.parse(out.stdout) as Configuration[];
}

test("Django settings whose TIME_ZONE comes from the environment may be refused at the first read, and print-config says so", () => {
  const settings = "import os\n\nSECRET_KEY = 'x'\nTIME_ZONE = os.environ.get('APP_TZ', 'Europe/Berlin')\nCELERY_TASK_SERIALIZER = 'json'\n";
  const dir = tempProject({ 'app.py': APP, 'settings.py': settings });
  const [config] = configurations(dir);
  assert.equal(config!.refused, null);
  assert.equal(config!.mayRefuse?.type, 'ValueError');
  assert.equal(config!.mayRefuse?.message, 'Incorrect timezone setting: <TIME_ZONE from $APP_TZ>');
  assert.deepEqual([config!.mayRefuse?.line, config!.mayRefuse?.column], [4, 13]);
  const text = runCli(['print-config', '.'], { cwd: dir }).stdout.split('\n');
  assert.equal(
    text[1],
    "  ? loading this configuration may raise ValueError (Incorrect timezone setting: <TIME_ZONE from $APP_TZ>) when the deployment's $APP_TZ makes TIME_ZONE a name the system's time zone database does not have: Django raises it as it loads the settings, at the configuration's first read  [settings.py:4]",
  );
});

test("a literal TIME_ZONE, and Celery's own timezone from the environment, are no such refusal", () => {
  const cases = [
    "SECRET_KEY = 'x'\nTIME_ZONE = 'Asia/Tokyo'\n",
    "import os\n\nSECRET_KEY = 'x'\nCELERY_TIMEZONE = os.environ.get('APP_TZ', 'Europe/Berlin')\n",
  ];
  for (const settings of cases) {
    const [config] = configurations(tempProject({ 'app.py': APP, 'settings.py': settings }));
    assert.equal(config!.mayRefuse, null, settings);
  }
});
