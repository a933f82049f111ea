// A run over named files (what pre-commit does with the staged ones) reads
// only their closure (project-index.ts), with the rest of the project's task
// names and mentions read from the text; its findings for the named files
// must be those of a whole-project run. Checked with the CLI's own run
// (runLint) file by file over the example project and every multi-file
// fixture, over a generated 4,000-file Django project, and with the real CLI
// process as pre-commit calls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover, initParser } from '@celery-lint/core';
import { namedFilesContext } from 'celery-lint/dist/src/named-files';
import { runLint, type RunResult } from 'celery-lint/dist/src/lint-run';
import { groupOptions } from 'celery-lint/dist/src/group-options';
import { runCli, type JsonResult } from '../cli/run-cli';

const REPO = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDjango } = require(path.join(REPO, 'bench', 'generate-django.js')) as {
  generateDjango(root: string, options: { files: number }): { files: number; settings: string };
};

const optionsFor = groupOptions({ select: [], ignore: [], severity: [], celeryVersion: undefined });

function tempProject(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-named-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

function run(paths: readonly string[], cwd: string): Promise<RunResult> {
  return runLint(paths, { cwd, optionsFor, fix: false, unsafe: false, write: false, configurationReport: true });
}

function findings(result: RunResult, file: string): string[] {
  return (result.results.find((r) => r.filePath === file)?.diagnostics ?? []).map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.ruleId} ${d.message} [${(d.configurations ?? []).join(',')}]${d.fix ? ` fix ${JSON.stringify(d.fix.edits)}` : ''}`,
  );
}

/** A copy of `dir` that is a project root of its own (a file named alone is judged with its project: the nearest root above it). */
function asProject(dir: string): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-named-')));
  fs.cpSync(dir, root, { recursive: true });
  fs.mkdirSync(path.join(root, '.git'), { recursive: true });
  return root;
}

/** Lints a copy of `dir` whole, then each linted file alone; returns how many files were compared. */
async function agree(dir: string): Promise<number> {
  const root = asProject(dir);
  try {
    return await agreeIn(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function agreeIn(root: string): Promise<number> {
  const whole = await run([root], root);
  const linted = whole.results.filter((r) => r.source !== undefined).map((r) => r.filePath);
  let compared = 0;
  for (const file of linted) {
    const alone = await run([file], root);
    assert.deepEqual(findings(alone, file), findings(whole, file), `${path.relative(root, file)} named alone`);
    assert.deepEqual(alone.problems, whole.problems, `${path.relative(root, file)}: problems`);
    compared++;
  }
  return compared;
}

test('the example project: each file named alone gets its whole-project findings', async () => {
  await initParser();
  assert.ok((await agree(path.join(REPO, 'examples', 'djproject'))) >= 5);
});

test('every multi-file fixture: each file named alone gets its whole-project findings', async () => {
  const fixtures = path.join(REPO, 'fixtures');
  let compared = 0;
  for (const rule of fs.readdirSync(fixtures)) {
    for (const entry of fs.readdirSync(path.join(fixtures, rule), { withFileTypes: true })) {
      if (entry.isDirectory()) compared += await agree(path.join(fixtures, rule, entry.name));
    }
  }
  assert.ok(compared > 20, `${compared} files compared`);
});

/** A project whose settings' findings hang on modules nothing connects to them; each case is checked to matter. */
const FAR_INPUTS: Record<string, string> = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
  'proj/__init__.py': '',
  'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
  'proj/settings.py': [
    "SECRET_KEY = 'x'",
    "TIME_ZONE = 'UTC'",
    'INSTALLED_APPS = []',
    'CELERY_JOBS_ENABLED = True',
    "CELERY_TASK_SERIALIZER = 'signed'",
    "CELERY_ACCEPT_CONTENT = ['json', 'signed']",
    'CELERY_BEAT_SCHEDULE = {',
    "    'a': {'task': 'shop.tasks.restock', 'schedule': 5},",
    "    'b': {'task': 'shop.tasks.named_by_constant', 'schedule': 5},",
    "    'c': {'task': 'billing.jobs.charge', 'schedule': 5},",
    "    'd': {'task': 'shop.tasks.restok', 'schedule': 5},",
    '}',
    '',
  ].join('\n'),
  // Reads the setting: unknown-setting keeps quiet about it.
  'reports/views.py': '# switches for celery jobs\nfrom django.conf import settings\n\n\ndef enabled():\n    return settings.CELERY_JOBS_ENABLED\n',
  // Registers the serializer the settings use.
  'codecs/register.py': "# the celery codec\nfrom kombu.serialization import register\n\nregister('signed', lambda o: o, lambda d: d, content_type='application/x-signed')\n",
  'shop/tasks.py': 'from celery import shared_task\n\n\n@shared_task\ndef restock():\n    pass\n',
  // Task names only a parse can tell: a constant, an import alias.
  'named/tasks.py': "from celery import shared_task\n\nNAME = 'shop.tasks.named_by_constant'\n\n\n@shared_task(name=NAME)\ndef job():\n    pass\n",
  'billing/__init__.py': '',
  'billing/jobs.py': 'from celery import shared_task as job\n\n\n@job\ndef charge():\n    pass\n',
  // Waits for a result; the backend comes from an environment write elsewhere.
  'reports/jobs_view.py': 'from shop.tasks import restock\n\n\ndef run():\n    return restock.delay().get()\n',
  'ops/env.py': "# celery env\nimport os\n\nos.environ['CELERY_RESULT_BACKEND'] = 'redis://r'\n",
};

test('findings that hang on far modules (a setting read elsewhere, a registered serializer, task names only a parse tells, an environment write) agree', async () => {
  const root = tempProject(FAR_INPUTS);
  try {
    assert.ok((await agreeIn(root)) >= 8);
    // Each far module matters: without it the whole-project findings change.
    const settings = path.join(root, 'proj', 'settings.py');
    const view = path.join(root, 'reports', 'jobs_view.py');
    const expectations: Array<[string, string, string]> = [
      ['reports/views.py', settings, 'celery/unknown-setting'],
      ['codecs/register.py', settings, 'celery/unknown-serializer'],
      ['named/tasks.py', settings, "'shop.tasks.named_by_constant'"],
      ['billing/jobs.py', settings, "'billing.jobs.charge'"],
      ['ops/env.py', view, 'celery/result-backend-missing'],
    ];
    const before = await run([root], root);
    for (const [far, file, finding] of expectations) {
      assert.ok(!findings(before, file).some((f) => f.includes(finding)), `${finding} with ${far}`);
      const text = fs.readFileSync(path.join(root, far));
      fs.rmSync(path.join(root, far));
      try {
        assert.ok(findings(await run([root], root), file).some((f) => f.includes(finding)), `${finding} without ${far}`);
      } finally {
        fs.writeFileSync(path.join(root, far), text);
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a named config module the pre-filter turns down is linted with the app that names it (pre-commit on a broken celeryconfig.py)', async () => {
  const root = tempProject({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
    'proj/celeryconfig.py': "def f(:\n    pass\n",
  });
  try {
    assert.ok((await agreeIn(root)) >= 2);
    const config = path.join(root, 'proj', 'celeryconfig.py');
    assert.deepEqual(
      findings(await run([config], root), config).map((f) => f.split(' ').slice(0, 2).join(' ')),
      ['1:7 celery-lint/syntax-error'],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a named file with no project marker above it is judged with what Python can import beside it', async () => {
  // No .git, pyproject.toml, setup.* or manage.py: the context is the top package's directory, not everything below it.
  const root = tempProject({
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
    'proj/celeryconfig.py': "result_serializer = 'pickle'\n",
    'worker.py': "from celery import Celery\napp = Celery('w')\napp.config_from_object('workerconfig')\n",
    'workerconfig.py': "task_serializer = 'json'\nresult_backend = 'amqp://'\n",
    // Not a package: Python cannot import it from the root, so it is no context.
    'notes/celery.py': "from celery import Celery\napp = Celery('notes')\napp.conf.result_serializer = 'json'\n",
  });
  try {
    const config = path.join(root, 'proj', 'celeryconfig.py');
    const named = await run([config], root);
    // Every app of the context comes (their namespaces decide how other modules are read); notes/ is no context.
    assert.deepEqual(named.configurations.map((c) => path.relative(root, c.file)).sort(), ['proj/celery.py', 'worker.py']);
    assert.ok(findings(named, config).some((f) => f.includes('celery/accept-content-mismatch')), 'judged under the app that loads it');
    const worker = path.join(root, 'worker.py');
    const opaque = (await run([worker], root)).configurations.flatMap((c) => c.opaqueSources.map((o) => o.reason));
    assert.deepEqual(opaque, [], 'workerconfig.py beside it is read');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a 4,000-file Django project: settings, celery app, tasks and views named alone agree, and a settings file reads a small part of it', async () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-named-')));
  try {
    const project = generateDjango(root, { files: 4000 });
    assert.ok(project.files >= 3900);
    const whole = await run([root], root);
    const named = [
      project.settings,
      path.join(root, 'config', 'settings', 'base.py'),
      path.join(root, 'config', 'celery_app.py'),
      path.join(root, 'apps', 'orders', 'tasks.py'),
      path.join(root, 'apps', 'orders', 'views.py'),
      path.join(root, 'apps', 'invoices', 'services.py'),
    ];
    // The misspelt beat entry is found by the whole run, and by the settings file named alone.
    assert.ok(findings(whole, named[1]!).some((f) => f.includes('celery/beat-task-unknown')));
    for (const file of named) {
      const alone = await run([file], root);
      assert.deepEqual(findings(alone, file), findings(whole, file), path.relative(root, file));
    }
    // The production settings need their chain, the app, what names the settings module and the tasks the beat schedule names, not the project.
    const context = namedFilesContext([project.settings], discover([root], root).files, (file) => fs.readFileSync(file, 'utf8'));
    assert.ok(context.closure.length < project.files / 8, `${context.closure.length} files in the closure`);
    assert.ok(context.tasks.length > 500, `${context.tasks.length} task names from the text`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the CLI as pre-commit runs it: staged settings files of a Django project get the whole-project findings', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-named-cli-')));
  try {
    generateDjango(root, { files: 400 });
    const staged = ['config/settings/production.py', 'config/settings/base.py', 'apps/orders/models.py'];
    const whole = runCli(['.', '--format', 'json'], { cwd: root });
    const part = runCli(['--format', 'json', '--', ...staged], { cwd: root });
    assert.equal(part.code, whole.code, part.stderr);
    const messages = (out: string, file: string) => (JSON.parse(out) as JsonResult[]).find((r) => r.filePath === path.join(root, file))?.messages ?? [];
    for (const file of staged) assert.deepEqual(messages(part.stdout, file), messages(whole.stdout, file), file);
    assert.ok(messages(part.stdout, 'config/settings/base.py').some((m) => m.ruleId === 'celery/beat-task-unknown'));
    assert.ok(messages(part.stdout, 'config/settings/production.py').length >= 3);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
