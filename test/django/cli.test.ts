// The django/ rules through the real CLI: which settings modules they judge
// (deployment ones only), where findings land (the line that sets a value,
// in the module that sets it), the target Django version from the flag or
// pyproject.toml, the `django` prefix in --select, and `rules --format json`
// naming the Django checks each rule mirrors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knowledge } from '@celery-lint/core';
import { findings, runCli, tempProject } from '../cli/run-cli';

const SPLIT = {
  'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.dev')\n",
  'proj/__init__.py': '',
  'proj/wsgi.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.production')\n",
  'proj/settings/__init__.py': '',
  'proj/settings/base.py': [
    "SECRET_KEY = 'django-insecure-' + 'x' * 50",
    'DEBUG = True',
    "ALLOWED_HOSTS = ['example.com']",
    'MIDDLEWARE = [',
    "    'django.middleware.security.SecurityMiddleware',",
    "    'django.middleware.csrf.CsrfViewMiddleware',",
    "    'django.middleware.clickjacking.XFrameOptionsMiddleware',",
    ']',
    'SECURE_HSTS_SECONDS = 3600',
    'SECURE_HSTS_INCLUDE_SUBDOMAINS = True',
    'SECURE_HSTS_PRELOAD = True',
    'SECURE_SSL_REDIRECT = True',
    'CSRF_COOKIE_SECURE = True',
    "DEFAULT_HASHING_ALGORITHM = 'md5'",
    '',
  ].join('\n'),
  'proj/settings/dev.py': 'from .base import *\nDEBUG = True\nSECURE_SSL_REDIRECT = False\n',
  'proj/settings/production.py': "import os\nfrom .base import *\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n",
};

test('only the module the project deploys with is judged, and a finding lands where its value is written', () => {
  const root = tempProject(SPLIT);
  const out = runCli(['--select', 'django', '--format', 'json', root]);
  assert.equal(out.code, 1, out.stderr);
  // DEBUG = True comes from base.py through production.py's star import; dev.py (manage.py's) is never judged.
  // DEFAULT_HASHING_ALGORITHM is gone from the newest Django: reported where base.py writes it.
  assert.deepEqual(findings(out.stdout, root), ['proj/settings/base.py:14:1 django/removed-setting', 'proj/settings/base.py:2:9 django/debug-in-deployment']);
  const text = runCli(['--select', 'django', root]).stdout;
  assert.match(text, /DEBUG is True in proj\.settings\.production, which the project deploys with \(wsgi\.py sets DJANGO_SETTINGS_MODULE to 'proj\.settings\.production'\)/);
});

test('the target Django version comes from --django-version, else pyproject.toml', () => {
  const root = tempProject({ ...SPLIT, 'pyproject.toml': '[tool.celery-lint]\ndjango-version = "3.2"\n' });
  const ids = (args: string[]) => findings(runCli(['--select', 'django', '--format', 'json', ...args, root]).stdout, root);
  // DEFAULT_HASHING_ALGORITHM exists in Django 3.1 and 3.2 only (security.E100).
  assert.deepEqual(ids([]), ['proj/settings/base.py:14:29 django/hashing-algorithm-invalid', 'proj/settings/base.py:2:9 django/debug-in-deployment']);
  assert.deepEqual(ids(['--django-version', '5.2']), ['proj/settings/base.py:14:1 django/removed-setting', 'proj/settings/base.py:2:9 django/debug-in-deployment']);
  const bad = runCli(['--django-version', 'five', root]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), "celery-lint: --django-version 'five' is not a Django release (use e.g. 3.2, 4.2 or 5.2.1)");
  const badFile = tempProject({ ...SPLIT, 'pyproject.toml': '[tool.celery-lint]\ndjango-version = 4.2\n' });
  const fromFile = runCli([badFile]);
  assert.equal(fromFile.code, 2);
  assert.match(fromFile.stderr, /'django-version' in \[tool\.celery-lint\] of .*pyproject\.toml must be a string such as "4\.2"/);
});

test("without configuration the target Django version is the project's pin: the floor of its range, the nearest project root's", () => {
  const ids = (root: string, args: string[] = []) => findings(runCli(['--select', 'django', '--format', 'json', ...args, root]).stdout, root);
  // DEFAULT_HASHING_ALGORITHM exists in Django 3.1 and 3.2 only: a 3.2 project is told its value is invalid, a 5.x one that the setting is gone.
  const pinned = tempProject({ ...SPLIT, '.git/HEAD': '', 'requirements/production.txt': 'django>=3.2,<4.0\ncelery==5.2.7\n' });
  assert.deepEqual(ids(pinned), ['proj/settings/base.py:14:29 django/hashing-algorithm-invalid', 'proj/settings/base.py:2:9 django/debug-in-deployment']);
  assert.deepEqual(ids(pinned, ['--django-version', '5.2']), ['proj/settings/base.py:14:1 django/removed-setting', 'proj/settings/base.py:2:9 django/debug-in-deployment']);
  const locked = tempProject({ ...SPLIT, '.git/HEAD': '', 'poetry.lock': '[[package]]\nname = "Django"\nversion = "5.0.14"\n' });
  assert.deepEqual(ids(locked), ['proj/settings/base.py:14:1 django/removed-setting', 'proj/settings/base.py:2:9 django/debug-in-deployment']);
  const verbose = runCli(['--verbose', '--select', 'django', pinned]);
  assert.match(verbose.stderr, /and Django 3\.2 \(django>=3\.2,<4\.0 in .*requirements\/production\.txt:1\)$/m);
});

test('--select celery and --select django split the packs; a project without Django settings gets no Django finding', () => {
  const root = tempProject(SPLIT);
  assert.deepEqual(findings(runCli(['--select', 'celery', '--format', 'json', root]).stdout, root), []);
  assert.ok(findings(runCli(['--format', 'json', root]).stdout, root).some((f) => f.endsWith('django/debug-in-deployment')));
  const flask = tempProject({
    'app.py': "from flask import Flask\napp = Flask(__name__)\napp.config['DEBUG'] = True\nDEBUG = True\nSECRET_KEY = 'x'\n",
    'production.py': "DEBUG = True\nSECRET_KEY = 'short'\nALLOWED_HOSTS = []\nCELERY_BROKER_URL = 'redis://redis:6379/0'\n",
    'wsgi.py': 'from app import app\n',
  });
  const out = runCli(['--format', 'json', flask]);
  assert.deepEqual(findings(out.stdout, flask).filter((f) => / django\//.test(f)), []);
});

test('a project whose entry points name only development settings gets no deploy finding', () => {
  const { 'proj/settings/production.py': _production, ...withoutProduction } = SPLIT;
  const root = tempProject({ ...withoutProduction, 'proj/wsgi.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.dev')\n" });
  assert.deepEqual(findings(runCli(['--select', 'django', '--format', 'json', root]).stdout, root), []);
});

test('`rules --format json` names the Django checks each django/ rule mirrors, covering every deploy check Django defines', () => {
  const rules = (JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { rules: Array<{ id: string; djangoChecks?: string[] }> }).rules;
  const django = rules.filter((r) => r.id.startsWith('django/'));
  assert.ok(django.length >= 20, `${django.length} django/ rules`);
  assert.ok(rules.filter((r) => r.id.startsWith('celery/')).every((r) => r.djangoChecks === undefined));
  const mirrored = new Set(django.flatMap((r) => r.djangoChecks ?? []));
  // Every security check id each scanned Django release defines (read from its source); E101/E102 import the project's CSRF view, so they stay runtime-only.
  for (const version of ['3.2', '4.2', '5.2']) {
    const { deploy, always } = knowledge.djangoReleaseFor(version).securityChecks;
    const missing = [...deploy, ...always].filter((id) => !mirrored.has(id) && id !== 'security.E101' && id !== 'security.E102');
    assert.deepEqual(missing, [], `Django ${version}: checks no rule mirrors`);
  }
});

test('a settings module without Celery or INSTALLED_APPS is read, and naming it alone (pre-commit) gives the whole-project findings', () => {
  const root = tempProject({
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    'proj/__init__.py': '',
    'proj/wsgi.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    'proj/settings.py': "ROOT_URLCONF = 'proj.urls'\nDEBUG = True\nALLOWED_HOSTS = ['*']\n",
    'shop/views.py': 'def index(request):\n    return None\n',
  });
  const whole = findings(runCli(['--select', 'django', '--format', 'json', root]).stdout, root);
  assert.ok(whole.includes('proj/settings.py:2:9 django/debug-in-deployment'), whole.join('\n'));
  assert.ok(whole.includes('proj/settings.py:3:17 django/allowed-hosts-wildcard'), whole.join('\n'));
  const named = findings(runCli(['--select', 'django', '--format', 'json', 'proj/settings.py'], { cwd: root }).stdout, root);
  assert.deepEqual(named, whole);
});
