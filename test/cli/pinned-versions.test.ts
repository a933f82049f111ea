// The target Celery and Django versions from the project's pins, through the
// real CLI: every metadata format, the floor of a range, the nearest project
// root in a monorepo, what print-config and --verbose say decided it, and a
// project pinned below what celery-lint models getting one note instead of
// findings written for another release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { findings, runCli, tempProject } from './run-cli';

const APP = "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n";
// Old names: current in Celery 3.1, deprecated from 4.0.
const OLD_NAMES = "BROKER_URL = 'redis://localhost'\nCELERY_RESULT_BACKEND = 'redis://'\nCELERYD_CONCURRENCY = 4\n";

/** A checkout (its root holds .git, where the search for pins stops) with the app and its config module. */
function checkout(files: Record<string, string>): string {
  return tempProject({ '.git/HEAD': 'ref: refs/heads/main\n', 'app.py': APP, 'celeryconfig.py': OLD_NAMES, ...files });
}

interface PrintedVersion {
  version: string;
  from: string;
  pin?: { file: string; line: number; text: string };
}

function printed(root: string, args: string[] = []): Array<{ name: string; file: string; celery: PrintedVersion; django: PrintedVersion }> {
  const out = runCli(['print-config', '--format', 'json', ...args, '.'], { cwd: root });
  assert.equal(out.code, 0, out.stderr);
  return JSON.parse(out.stdout);
}

function celeryOf(root: string, args: string[] = []): PrintedVersion {
  const app = printed(root, args).find((c) => c.name === 'app');
  assert.ok(app, 'no app configuration');
  return app.celery;
}

test('each metadata format gives the floor of its pin, with the file and line that state it', () => {
  const cases: Array<[Record<string, string>, string, string, number]> = [
    [{ 'requirements.txt': '# deps\nredis==4.5.1\ncelery[redis]~=5.3\n' }, '5.3', 'requirements.txt', 3],
    [{ 'requirements/base.txt': 'celery>=4.4,<5\n' }, '4.4', 'requirements/base.txt', 1],
    [{ 'requirements.in': 'celery==5.2.*\n' }, '5.2', 'requirements.in', 1],
    [{ 'requirements.txt': '-r deps/common.txt\n', 'deps/common.txt': 'django\ncelery ==5.2.7 \\\n    --hash=sha256:abc\n' }, '5.2.7', 'deps/common.txt', 2],
    [{ 'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n  "django>=4.2",\n  "celery[sqs]>=5.3.6,<6",\n]\n' }, '5.3.6', 'pyproject.toml', 5],
    [{ 'pyproject.toml': '[project]\nname = "x"\n[project.optional-dependencies]\nworker = ["celery~=5.4"]\n' }, '5.4', 'pyproject.toml', 4],
    [{ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.10"\ncelery = { version = "^5.3.6", extras = ["redis"] }\n' }, '5.3.6', 'pyproject.toml', 3],
    [{ 'pyproject.toml': '[tool.poetry.group.worker.dependencies]\nCelery = "~5.2"\n' }, '5.2', 'pyproject.toml', 2],
    [{ 'pyproject.toml': '[dependency-groups]\nworker = ["celery>=5.5"]\n' }, '5.5', 'pyproject.toml', 2],
    [{ 'pyproject.toml': '[tool.pdm.dev-dependencies]\nworker = ["celery>=5.1"]\n' }, '5.1', 'pyproject.toml', 2],
    [{ 'setup.cfg': '[metadata]\nname = x\n[options]\ninstall_requires =\n    django>=3.2\n    celery>=5.2.3\n' }, '5.2.3', 'setup.cfg', 6],
    [{ 'setup.py': "from setuptools import setup\nsetup(\n    install_requires=[\n        'celery[redis]>=5.0.5',\n    ],\n)\n" }, '5.0.5', 'setup.py', 4],
    [{ Pipfile: '[packages]\ncelery = "==5.2.2"\n' }, '5.2.2', 'Pipfile', 2],
    [{ 'Pipfile.lock': JSON.stringify({ default: { celery: { version: '==5.1.2' } } }, null, 4) }, '5.1.2', 'Pipfile.lock', 3],
    [{ 'poetry.lock': '[[package]]\nname = "amqp"\nversion = "5.2.0"\n\n[[package]]\nname = "celery"\nversion = "5.3.4"\n' }, '5.3.4', 'poetry.lock', 7],
    [{ 'uv.lock': 'version = 1\n\n[[package]]\nname = "celery"\nversion = "5.4.0"\nsource = { registry = "https://pypi.org/simple" }\n' }, '5.4.0', 'uv.lock', 5],
  ];
  for (const [files, version, file, line] of cases) {
    const root = checkout(files);
    const celery = celeryOf(root);
    assert.equal(celery.version, version, JSON.stringify(files));
    assert.equal(celery.pin?.file, path.join(root, file), JSON.stringify(files));
    assert.equal(celery.pin?.line, line, JSON.stringify(files));
    assert.match(celery.from, new RegExp(` in ${file.replace(/[.[\]]/g, '\\$&')}:${line}$`));
  }
});

test('a lock file beats an exact pin, which beats a range; a pin without a version decides nothing', () => {
  assert.equal(celeryOf(checkout({ 'pyproject.toml': '[project]\nname="x"\ndependencies = ["celery>=5.0"]\n', 'poetry.lock': '[[package]]\nname = "celery"\nversion = "5.3.6"\n' })).version, '5.3.6');
  assert.equal(celeryOf(checkout({ 'requirements.in': 'celery>=5.0\n', 'requirements.txt': 'celery==5.2.7\n' })).version, '5.2.7');
  const unversioned = celeryOf(checkout({ 'requirements.txt': 'celery\ncelery @ git+https://github.com/celery/celery\n' }));
  assert.equal(unversioned.from, 'default: the newest release celery-lint knows');
  assert.equal(unversioned.pin, undefined);
});

test('configuration beats the pin: --celery-version, then celery-version in pyproject.toml', () => {
  const root = checkout({ 'requirements.txt': 'celery==5.2.7\n', 'pyproject.toml': '[tool.celery-lint]\ncelery-version = "5.4"\n' });
  assert.deepEqual(celeryOf(root), { version: '5.4', from: `celery-version in ${path.join(root, 'pyproject.toml')}` });
  assert.deepEqual(celeryOf(root, ['--celery-version', '5.3']), { version: '5.3', from: '--celery-version' });
});

test('in a monorepo the nearest project root above the config module wins, and nothing above the checkout counts', () => {
  const root = tempProject({
    'requirements.txt': 'celery==9.9.9\n',
    'repo/.git/HEAD': '',
    'repo/requirements.txt': 'celery==5.2.7\n',
    'repo/legacy/requirements.txt': 'celery==4.4.7\n',
    'repo/legacy/app.py': APP,
    'repo/legacy/celeryconfig.py': OLD_NAMES,
    'repo/modern/app.py': APP.replace("'proj'", "'modern'").replace("'celeryconfig'", "'modern.settings'"),
    'repo/modern/__init__.py': '',
    'repo/modern/settings.py': "broker_url = 'redis://localhost'\n",
  });
  const configs = printed(path.join(root, 'repo'));
  const byFile = new Map(configs.map((c) => [path.relative(root, c.file), c.celery]));
  assert.equal(byFile.get('repo/legacy/app.py')?.version, '4.4.7');
  assert.equal(byFile.get('repo/legacy/app.py')?.pin?.file, path.join(root, 'repo/legacy/requirements.txt'));
  assert.equal(byFile.get('repo/modern/app.py')?.version, '5.2.7');
  // The Celery 4.4.7 project is told what 4.4 does: no "Celery 5.x still honours it".
  const text = runCli(['repo/legacy'], { cwd: root }).stdout;
  assert.match(text, /BROKER_URL is the pre-4\.0 name of broker_url\. Celery 4\.4\.7 still honours it/);
  const outside = tempProject({ 'requirements.txt': 'celery==5.2.7\n', 'repo/.git/HEAD': '', 'repo/app.py': APP, 'repo/celeryconfig.py': OLD_NAMES });
  assert.equal(celeryOf(path.join(outside, 'repo')).from, 'default: the newest release celery-lint knows');
});

test('print-config text and --verbose say which versions were used and where they came from', () => {
  const root = checkout({ 'requirements.txt': 'Django>=4.2,<5.0\ncelery[redis]~=5.3\n' });
  const text = runCli(['print-config', '.'], { cwd: root }).stdout;
  assert.match(text, /^ {2}what Celery 5\.3 uses \(celery\[redis\]~=5\.3 in requirements\.txt:2\):$/m);
  assert.match(text, /^ {2}Django 4\.2 for the django\/ rules \(Django>=4\.2,<5\.0 in requirements\.txt:1\)$/m);
  const [app] = printed(root);
  assert.deepEqual(app!.django, { version: '4.2', from: 'Django>=4.2,<5.0 in requirements.txt:1', pin: { file: path.join(root, 'requirements.txt'), line: 1, text: 'Django>=4.2,<5.0' } });
  const verbose = runCli(['--verbose', '.'], { cwd: root });
  assert.match(verbose.stderr, /^celery-lint: judged for Celery 5\.3 \(celery\[redis\]~=5\.3 in requirements\.txt:2\) and Django 4\.2 \(Django>=4\.2,<5\.0 in requirements\.txt:1\)$/m);
});

test('Celery 4.0 to 4.3 read as 4.4.0, the oldest release modeled, and print-config says so', () => {
  const celery = celeryOf(checkout({ 'requirements.txt': 'celery==4.1.1\n' }));
  assert.equal(celery.version, '4.4.0');
  assert.equal(celery.from, 'celery==4.1.1 in requirements.txt:1, read as 4.4.0, the oldest release celery-lint models');
});

test('a project pinned to Celery 3.1 gets one note instead of findings written for Celery 4.4 and later, and keeps the ones true in every release', () => {
  const old = checkout({ 'requirements.txt': 'celery>=3.1.25,<4\n' });
  const out = runCli(['--format', 'json', '.'], { cwd: old });
  assert.equal(out.code, 0, out.stdout);
  assert.deepEqual(findings(out.stdout, old), []);
  const pickled = checkout({ 'requirements.txt': 'celery==3.1.25\n', 'celeryconfig.py': `${OLD_NAMES}CELERY_TASK_SERIALIZER = 'pickle'\n` });
  assert.deepEqual(findings(runCli(['--format', 'json', '.'], { cwd: pickled }).stdout, pickled), ['celeryconfig.py:4:26 celery/pickle-serializer']);
  const notes = out.stderr.trim().split('\n');
  assert.deepEqual(notes, [
    'celery-lint: warning: the project pins Celery 3.1.25 (celery>=3.1.25,<4 in requirements.txt:1), older than 4.4.0, the oldest release celery-lint models: its Celery findings are left out (advice for Celery 4.4 and later would be wrong for it) except a configured pickle serializer, root workers and credentials, which hold in every release; set celery-version to check it as 4.4.0 anyway',
  ]);
  // The same files under Celery 5 are full of old names.
  const current = checkout({ 'requirements.txt': 'celery==5.2.7\n' });
  assert.ok(findings(runCli(['--format', 'json', '.'], { cwd: current }).stdout, current).filter((f) => f.endsWith('celery/deprecated-setting-name')).length >= 3);
  // Configured explicitly, the old project is checked as the oldest release modeled.
  assert.ok(findings(runCli(['--format', 'json', '--celery-version', '4.4', '.'], { cwd: old }).stdout, old).length > 0);
});

test('an upper bound alone (Django<2.0) targets the newest release line below it, and says so; a floor elsewhere still beats it', () => {
  const settings = "SECRET_KEY = 'x'\nDEBUG = False\nALLOWED_HOSTS = ['example.org']\nINSTALLED_APPS = ['django.contrib.admin']\nUSE_L10N = True\n";
  const files = { 'proj/__init__.py': '', 'proj/settings.py': settings, 'proj/wsgi.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n" };
  const capped = checkout({ ...files, 'requirements.txt': 'Django<2.0\ncelery<4.0\n' });
  const config = printed(capped)[0]!;
  assert.equal(config.django.version, '1.11');
  assert.match(config.django.from, /^Django<2\.0 in requirements\.txt:1, read as 1\.11, the newest release line below the bound$/);
  // Celery went from 3.1 to 4.0: celery<4.0 is Celery 3.1, below what celery-lint models.
  assert.match(printed(capped).find((c) => c.name === 'app')!.celery.from, /^celery<4\.0 in requirements\.txt:2, read as 3\.1, the newest release line below the bound, older than /);
  // Django 1.11 reads USE_L10N (removed in 5.0): nothing to say of it.
  assert.deepEqual(findings(runCli(['.', '--format', 'json'], { cwd: capped }).stdout, capped).filter((f) => f.includes('django/removed-setting')), []);
  const floored = checkout({ ...files, 'requirements.txt': 'Django<2.0\n', 'requirements/base.txt': 'Django>=1.8\n' });
  assert.equal(printed(floored)[0]!.django.version, '1.8');
});
