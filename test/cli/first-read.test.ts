// Where importing the app module first reads its configuration, through the
// real CLI: a read in a function its top level calls, or in a project module
// it imports, finalizes the configuration there, as Celery 5.2.6 and 5.5.2 do
// (checked by importing each project with them; test/differential compares
// the same shapes with real Celery on every run). A function only defined, or
// a module imported only inside one, reads nothing on import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempProject } from './run-cli';

interface Configuration {
  readonly kind: string;
  readonly name: string;
  readonly file: string;
  readonly refused: { readonly type: string } | null;
  readonly firstRead: { readonly file: string; readonly line: number; readonly how: string; readonly reader?: string } | null;
  readonly bindings: Array<{ key: string; status: string; code?: string; reason?: string }>;
}

function appConfiguration(dir: string): Configuration {
  const out = runCli(['print-config', '--format', 'json', '.'], { cwd: dir });
  assert.equal(out.stderr, '');
  const apps = (JSON.parse(out.stdout) as Configuration[]).filter((c) => c.kind === 'app' && !c.file.endsWith('tasks.py') && !c.file.endsWith('signals.py'));
  assert.equal(apps.length, 1);
  return apps[0]!;
}

const statusOf = (config: Configuration, key: string) => config.bindings.find((b) => b.key === key)?.status;

const APP_HEAD = "from celery import Celery\n\napp = Celery('proj')\napp.conf.update(task_serializer='json')\n";
/** An old name written below the read: after a first read it is stored as written and not counted; before it, Celery refuses the mix. */
const OLD_NAME_BELOW = 'app.conf.update(CELERY_ALWAYS_EAGER=True)\n';

test('a module-level function that reads the configuration, called at import time, is the first read', () => {
  const dir = tempProject({
    'app.py': `${APP_HEAD}\n\ndef warm_up():\n    return app.conf.task_serializer\n\n\ndef setup():\n    warm_up()\n\n\nsetup()\n${OLD_NAME_BELOW}`,
  });
  const config = appConfiguration(dir);
  assert.equal(config.refused, null);
  assert.equal(config.firstRead?.line, 15);
  assert.equal(config.firstRead?.how, 'a call of a function that reads app.conf');
  assert.equal(statusOf(config, 'CELERY_ALWAYS_EAGER'), 'ignored');
  const text = runCli(['print-config', '.'], { cwd: dir }).stdout.split('\n');
  assert.equal(text[1], '  first read at app.py:15 (a call of a function that reads app.conf): later writes are stored as written, not checked for mixed names');
  assert.ok(text.includes('      ignored: written after the configuration was first read: Celery stores it under this old name, which it never reads  [conf-update, app.py:16]'));
});

test('a read through a parameter is of the app the top-level call passes', () => {
  const dir = tempProject({ 'app.py': `${APP_HEAD}\n\ndef check(celery_app):\n    return celery_app.conf['task_serializer']\n\n\ncheck(app)\n${OLD_NAME_BELOW}` });
  const config = appConfiguration(dir);
  assert.equal(config.refused, null);
  assert.equal(config.firstRead?.line, 11);
});

test('a function only defined, called only from one nothing calls, or run only as a script reads nothing on import', () => {
  const bodies = [
    '\ndef warm_up():\n    return app.conf.task_serializer\n',
    '\ndef warm_up():\n    return app.conf.task_serializer\n\n\ndef setup():\n    warm_up()\n',
    "\nif __name__ == '__main__':\n    print(app.conf.task_serializer)\n",
    '\nWARM_UP = lambda: app.conf.task_serializer\n',
  ];
  for (const body of bodies) {
    const config = appConfiguration(tempProject({ 'app.py': `${APP_HEAD}${body}${OLD_NAME_BELOW}` }));
    assert.equal(config.refused?.type, 'ImproperlyConfigured', body);
    assert.equal(config.firstRead, null, body);
    assert.equal(statusOf(config, 'CELERY_ALWAYS_EAGER'), 'used', body);
  }
});

test('a project module the app module imports at import time, whose import reads the configuration, is the first read', () => {
  const dir = tempProject({
    'proj/__init__.py': 'from .celery import app as celery_app\n',
    'proj/celery.py': `${APP_HEAD}from . import tasks  # noqa: E402\n${OLD_NAME_BELOW}`,
    'proj/tasks.py': 'from .celery import app\n\nQUEUE = app.conf.task_default_queue\n\n\n@app.task\ndef add(x, y):\n    return x + y\n',
  });
  const config = appConfiguration(dir);
  assert.equal(config.refused, null);
  assert.equal(config.firstRead?.line, 5);
  assert.match(config.firstRead!.reader!, /proj[\\/]tasks\.py$/);
  assert.equal(statusOf(config, 'CELERY_ALWAYS_EAGER'), 'ignored');
  const text = runCli(['print-config', '.'], { cwd: dir }).stdout.split('\n');
  assert.equal(text[1], '  first read at proj/celery.py:5 (an import that runs proj/tasks.py, which reads app.conf): later writes are stored as written, not checked for mixed names');
});

test('a module between them with no Celery word, an absolute import of the app, current_app and a re-exported app count too', () => {
  const chains: Array<Record<string, string>> = [
    {
      'proj/celery.py': `${APP_HEAD}import proj.signals  # noqa: E402\n${OLD_NAME_BELOW}`,
      'proj/signals.py': 'from proj import handlers  # noqa: F401\n',
      'proj/handlers.py': 'from proj.celery import app\n\nBROKER = app.conf.broker_url\n',
    },
    {
      'proj/celery.py': `${APP_HEAD}from proj import signals  # noqa: E402\n${OLD_NAME_BELOW}`,
      'proj/signals.py': 'from celery import current_app\n\nBROKER = current_app.conf.broker_url\n',
    },
    {
      // Another module re-exports the app under another name (the package's __init__.py could not: it is mid-import then).
      'proj/celery.py': `${APP_HEAD}from . import signals  # noqa: E402\n${OLD_NAME_BELOW}`,
      'proj/worker.py': 'from proj.celery import app as celery_app  # noqa: F401\n',
      'proj/signals.py': 'from proj.worker import celery_app\n\nBROKER = celery_app.conf.broker_url\n',
    },
  ];
  for (const files of chains) {
    const config = appConfiguration(tempProject({ 'proj/__init__.py': '', ...files }));
    assert.equal(config.refused, null, Object.keys(files).join());
    assert.equal(config.firstRead?.line, 5);
  }
});

test('a module imported only inside a function, or one that reads only in a function, does not read the configuration on import', () => {
  const reading = 'from .celery import app\n\nQUEUE = app.conf.task_default_queue\n';
  const layouts: Array<Record<string, string>> = [
    { 'proj/celery.py': `${APP_HEAD}\n\ndef load():\n    from . import tasks  # noqa: F401\n\n\n${OLD_NAME_BELOW}`, 'proj/tasks.py': reading },
    { 'proj/celery.py': `${APP_HEAD}from . import tasks  # noqa: E402,F401\n${OLD_NAME_BELOW}`, 'proj/tasks.py': 'from .celery import app\n\n\ndef queue():\n    return app.conf.task_default_queue\n' },
  ];
  for (const files of layouts) {
    const config = appConfiguration(tempProject({ 'proj/__init__.py': '', ...files }));
    assert.equal(config.refused?.type, 'ImproperlyConfigured');
    assert.equal(config.firstRead, null);
  }
});

test("a module the app module imports at import time writes the app's configuration there, before or after the first read as it orders them", () => {
  const dir = tempProject({
    'proj/__init__.py': '',
    'proj/celery.py': `${APP_HEAD}from . import extra  # noqa: E402,F401\n`,
    'proj/extra.py': "from .celery import app\n\napp.conf.update(result_serializer='pickle')\nQUEUE = app.conf.task_default_queue\napp.conf.update(CELERY_ALWAYS_EAGER=True)\n",
  });
  const out = runCli(['print-config', '--format', 'json', '.'], { cwd: dir });
  const config = (JSON.parse(out.stdout) as Array<Configuration & { settings: Record<string, { value: unknown }> }>).find((c) => c.kind === 'app' && c.file.endsWith('celery.py'))!;
  // Celery 5.2.6 and 5.5.2: result_serializer is 'pickle', CELERY_ALWAYS_EAGER is stored as written, and the mix is not refused.
  assert.equal(config.refused, null);
  assert.equal(config.settings.result_serializer?.value, 'pickle');
  assert.equal(statusOf(config, 'result_serializer'), 'used');
  assert.equal(statusOf(config, 'CELERY_ALWAYS_EAGER'), 'ignored');
  assert.equal(config.firstRead?.line, 5);
});
