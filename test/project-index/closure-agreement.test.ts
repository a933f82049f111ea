// The workspace index's promise, checked against the engine itself: linting
// only the closure of a file gives that file exactly the findings (and the
// configurations) a whole-project run gives it. Run over the example
// project, every multi-file fixture, generated projects shaped like the
// benchmark's, and hand-made projects for each project-wide input the
// engine has (DJANGO_SETTINGS_MODULE named elsewhere, app namespaces, tasks).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addPulledInModules, discover, initParser, launchFileKind, lint, mayLaunchCelery, mentionChecker, mightConfigureCelery, ProjectIndex, readSource, type Diagnostic, type LintOptions, type LintOutput } from '@celery-lint/core';
import { allRules } from '@celery-lint/rules';

const REPO = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate } = require(path.join(REPO, 'bench', 'generate-tree.js')) as { generate(root: string, options: Record<string, number>): unknown };

before(async () => {
  await initParser();
});

function readText(file: string): string | undefined {
  const read = readSource(file);
  return read.ok ? read.text : undefined;
}

/** What the CLI reads in a whole-project run: candidates, and the modules they star-import. */
function cliLintSet(files: readonly string[]): string[] {
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = readText(file);
    if (text === undefined) continue;
    // Launch files are linted when they name celery; Python files when the pre-filter lets them through.
    const kind = launchFileKind(file, text);
    if (kind ? mayLaunchCelery(kind, text) : mightConfigureCelery(text, file)) texts.set(file, text);
  }
  addPulledInModules(texts, files, readText);
  return [...texts.keys()].sort();
}

/** A run as the CLI makes it: `rest` is what a run over named files adds from the files its closure leaves out. */
function lintFiles(files: readonly string[], projectFiles: readonly string[], rest: Partial<Pick<LintOptions, 'projectTasks' | 'mentionedOutside'>> = {}): LintOutput {
  return lint(
    files.map((file) => ({ path: file, text: readText(file)! })),
    { rules: allRules, readFile: readText, projectFiles, ...rest },
  );
}

/** The closure's run: the rest of the project gives its tasks' names and the names it mentions, read from text. */
function lintClosure(index: ProjectIndex, closure: readonly string[], members: readonly string[], projectFiles: readonly string[]): LintOutput {
  const inside = new Set(closure);
  // The CLI's own checker: a mention anywhere, or (for the old-name rules) a read by code.
  return lintFiles(closure, projectFiles, {
    projectTasks: index.textTasks(closure),
    mentionedOutside: mentionChecker(members.filter((file) => !inside.has(file)), readText),
  });
}

function summary(diagnostics: readonly Diagnostic[], file: string): string[] {
  return diagnostics
    .filter((d) => d.file === file)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.ruleId} ${d.message} [${(d.configurations ?? []).join(',')}]`);
}

function configurationsOf(output: LintOutput, file: string): string[] {
  return output.configurations
    .filter((c) => c.file === file || c.bindings.some((b) => b.keySpan.file === file))
    .map((c) => JSON.stringify({ id: c.id, namespace: c.namespace, bindings: c.bindings.map((b) => [b.id, b.setting, b.status]), opaque: c.opaqueSources.map((o) => o.reason) }))
    .sort();
}

/** Checks every `step`th file of a project; returns how many it checked and how many had a closure smaller than the project. */
function checkProject(root: string, step = 1): { files: number; smaller: number } {
  const { files } = discover([root], root);
  const index = ProjectIndex.build(files, readText);
  const members = index.members();
  assert.deepEqual(members, cliLintSet(files), `${root}: the index's members are the CLI's lint set`);
  if (members.length === 0) return { files: 0, smaller: 0 };
  const whole = lintFiles(members, files);
  let smaller = 0;
  let checked = 0;
  for (const file of members.filter((_, i) => i % step === 0)) {
    checked++;
    const closure = index.closure([file]);
    assert.ok(closure.includes(file));
    if (closure.length < members.length) smaller++;
    const part = lintClosure(index, closure, members, files);
    const where = `${path.relative(root, file)} (closure: ${closure.map((f) => path.relative(root, f)).join(', ')})`;
    assert.deepEqual(summary(part.diagnostics, file), summary(whole.diagnostics, file), `findings of ${where}`);
    assert.deepEqual(configurationsOf(part, file), configurationsOf(whole, file), `configurations of ${where}`);
  }
  return { files: checked, smaller };
}

function tempProject(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-index-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('the example project: each file judged with its closure alone is judged as in the whole project', () => {
  const { files } = checkProject(path.join(REPO, 'examples', 'djproject'));
  assert.ok(files >= 5);
});

test('every multi-file fixture agrees file by file', () => {
  const fixtures = path.join(REPO, 'fixtures');
  let checked = 0;
  for (const rule of fs.readdirSync(fixtures)) {
    for (const entry of fs.readdirSync(path.join(fixtures, rule), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      checked += checkProject(path.join(fixtures, rule, entry.name)).files;
    }
  }
  assert.ok(checked > 20, `${checked} files checked`);
});

test('generated projects (settings chains, celery.py, celeryconfig by name, tasks) agree, and unrelated settings modules stay out', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-index-tree-'));
  try {
    generate(dir, { files: 40, settings: 8, big: 0, projects: 8 });
    // Each project on its own, as the editor and a pre-commit run take the nearest project root.
    const projects = path.join(dir, 'projects');
    for (const name of fs.readdirSync(projects)) assert.ok(checkProject(path.join(projects, name)).files >= 3, name);
    // The whole tree as one root (a repository opened at its top), sampled.
    const { files, smaller } = checkProject(dir, 5);
    assert.ok(files > 10, `${files} files`);
    assert.ok(smaller > 0, `${smaller} of ${files} closures are smaller than the tree`);
    const index = ProjectIndex.build(discover([dir], dir).files, readText);
    const settings = index.members().filter((f) => /settings_\d+\.py$/.test(f));
    assert.ok(settings.length >= 4);
    assert.deepEqual(index.closure([settings[0]!]).filter((f) => settings.includes(f)), [settings[0]], 'no other unrelated settings module');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('project-wide inputs: a settings module named only in manage.py, app namespaces, tasks in another package', () => {
  const root = tempProject({
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    'proj/__init__.py': '',
    // The app does not say which settings it reads: the engine takes manage.py's.
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
    'proj/settings.py': "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nCELERY_RESULT_BACKEND = 'amqp://h'\nCELERY_BEAT_SCHEDULE = {'a': {'task': 'shop.tasks.add', 'schedule': 5}, 'b': {'task': 'shop.tasks.ad', 'schedule': 5}}\n",
    // Read by no app: its namespace comes from how the project's apps read Django settings.
    'legacy/old_settings.py': "SECRET_KEY = 'y'\nINSTALLED_APPS = []\nCELERY_TASK_SERIALIZER = 'pickle'\nBROKER_URL = 'redis://'\n",
    'shop/__init__.py': '',
    'shop/tasks.py': 'from celery import shared_task\n\n@shared_task\ndef add(x, y):\n    return x + y\n',
    'worker/celeryconfig.py': "broker_url = 'redis://'\nresult_backend = 'amqp://'\n",
    'worker/app.py': "from celery import Celery\nCONFIG = 'worker.celeryconfig'\napp = Celery('w')\napp.config_from_object(CONFIG)\n",
    // A one-word name counts where a module is loaded by name, and only there.
    'beat/runner.py': "import celery\nbeat = celery.Celery('b')\nbeat.config_from_object('beatconfig')\n",
    'beat/beatconfig.py': "beat_schedule = {}\nresult_backend = 'amqp://'\ntask_serializer = 'json'\n",
    'beat/json.py': "broker_url = 'redis://'\n",
  });
  try {
    checkProject(root);
    const index = ProjectIndex.build(discover([root], root).files, readText);
    const closure = (file: string) => index.closure([path.join(root, file)]).map((f) => path.relative(root, f));
    // The old settings module is read by no app: it needs the apps (alone) and manage.py's settings and what
    // they reach one way (the tasks module its schedule names, the celery.py that module imports from).
    assert.deepEqual(closure('legacy/old_settings.py'), ['beat/runner.py', 'legacy/old_settings.py', 'manage.py', 'proj/celery.py', 'proj/settings.py', 'shop/tasks.py', 'worker/app.py']);
    // The beat schedule's 'shop.tasks.add' names a task, not a module the engine reads (no module that loads
    // modules by name reaches settings.py's strings): the apps and the tasks module come alone, not the other
    // apps' config modules.
    assert.deepEqual(closure('proj/settings.py'), ['beat/runner.py', 'manage.py', 'proj/celery.py', 'proj/settings.py', 'shop/tasks.py', 'worker/app.py']);
    assert.ok(closure('beat/beatconfig.py').includes('beat/runner.py'));
    assert.ok(!closure('beat/beatconfig.py').includes('beat/json.py'), "task_serializer = 'json' names no module");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('modules a run reads whatever their text are members: config modules named by config_from_object, config_source and config_from_envvar, and the constants a configuring module imports', () => {
  const root = tempProject({
    'proj/__init__.py': '',
    // Broken, and without a Celery word: the pre-filter turns it down, config_from_object brings it in.
    'proj/celery.py': "from celery import Celery\nfrom proj.consts import BROKER\napp = Celery('proj', broker=BROKER)\napp.config_from_object('proj.celeryconfig')\n",
    'proj/celeryconfig.py': "def f(:\n    pass\nSERIAL = 'pickle'\n",
    'proj/consts.py': "BROKER = 'redis://localhost'\n",
    'side/__init__.py': '',
    'side/app.py': "from celery import Celery\napp = Celery('side', config_source='side.conf')\n",
    // A config module's own imports count: its globals are settings, so an imported constant may be one.
    'side/conf.py': "from side.values import SERIALIZER\nresult_serializer = SERIALIZER\n",
    'side/values.py': "SERIALIZER = 'pickle'\n",
    'env/__init__.py': '',
    'env/app.py': "import os\nfrom celery import Celery\nos.environ['ENV_CONFIG'] = 'env.conf'\napp = Celery('env')\napp.config_from_envvar('ENV_CONFIG')\n",
    'env/conf.py': "visibility = 3600\n",
    // Imported by nothing that configures Celery: no member.
    'side/unrelated.py': "X = 1\n",
  });
  try {
    checkProject(root);
    const members = ProjectIndex.build(discover([root], root).files, readText)
      .members()
      .map((f) => path.relative(root, f));
    for (const file of ['proj/celeryconfig.py', 'proj/consts.py', 'side/conf.py', 'side/values.py', 'env/conf.py']) assert.ok(members.includes(file), `${file} is a member`);
    assert.ok(!members.includes('side/unrelated.py'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
