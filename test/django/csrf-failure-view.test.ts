// django/csrf-failure-view against real Django: small projects whose
// CSRF_FAILURE_VIEW names views of every shape (missing module, missing
// function, wrong and right signatures, decorated, installed packages) run
// through Django's own checks (oracle.py) on Django 3.2, 4.2 and 5.2, and
// linted by celery-lint for the same version. Where celery-lint speaks,
// Django must say the same (E101, E102, or a check that dies with
// ViewDoesNotExist); where it stays quiet, the case says why the project
// cannot show the answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, lint } from '@celery-lint/core';
import { allRules } from '@celery-lint/rules';
import { djangoSites, runOracle } from './djangos';

const RULE = allRules.filter((r) => r.meta.id === 'django/csrf-failure-view');

const SETTINGS = "SECRET_KEY = 'k' * 60\nINSTALLED_APPS = []\nROOT_URLCONF = 'site{n}.urls'\nCSRF_FAILURE_VIEW = {value}\n";

interface ViewCase {
  readonly name: string;
  /** The settings value as written (Python source). */
  readonly value: string;
  /** site{n}/views.py, when the case has one. */
  readonly views?: string;
  /** What celery-lint must say: a message id, or quiet with the reason the project cannot show it. */
  readonly expect: 'security.E101' | 'security.E102' | 'viewDoesNotExist' | { readonly quiet: string };
}

const CASES: readonly ViewCase[] = [
  { name: 'a right signature', value: "'site{n}.views.fail'", views: "def fail(request, reason=''):\n    return None\n", expect: { quiet: 'nothing wrong' } },
  { name: 'request only', value: "'site{n}.views.fail'", views: 'def fail(request):\n    return None\n', expect: 'security.E101' },
  { name: 'no parameters', value: "'site{n}.views.fail'", views: 'def fail():\n    return None\n', expect: 'security.E101' },
  { name: 'reason first', value: "'site{n}.views.fail'", views: 'def fail(reason, request=None):\n    return None\n', expect: 'security.E101' },
  { name: 'a third required parameter', value: "'site{n}.views.fail'", views: "def fail(request, reason, template):\n    return None\n", expect: 'security.E101' },
  { name: 'keyword-only reason', value: "'site{n}.views.fail'", views: 'def fail(request, *, reason):\n    return None\n', expect: { quiet: 'nothing wrong' } },
  { name: 'kwargs', value: "'site{n}.views.fail'", views: 'def fail(request, **kwargs):\n    return None\n', expect: { quiet: 'nothing wrong' } },
  { name: 'star args', value: "'site{n}.views.fail'", views: 'def fail(*args, reason=None):\n    return None\n', expect: { quiet: 'nothing wrong' } },
  { name: 'positional-only reason with kwargs', value: "'site{n}.views.fail'", views: 'def fail(reason, /, **kwargs):\n    return None\n', expect: { quiet: 'nothing wrong' } },
  {
    name: 'requires_csrf_token keeps the signature',
    value: "'site{n}.views.fail'",
    views: 'from django.views.decorators.csrf import requires_csrf_token\n\n\n@requires_csrf_token\ndef fail(request):\n    return None\n',
    expect: 'security.E101',
  },
  {
    name: 'csrf_exempt with a right signature',
    value: "'site{n}.views.fail'",
    views: "from django.views.decorators.csrf import csrf_exempt\n\n\n@csrf_exempt\ndef fail(request, reason=''):\n    return None\n",
    expect: { quiet: 'nothing wrong' },
  },
  { name: 'a function the module lacks', value: "'site{n}.views.missing'", views: "def fail(request, reason=''):\n    return None\n", expect: 'viewDoesNotExist' },
  { name: 'a module the package lacks', value: "'site{n}.nomodule.fail'", expect: 'viewDoesNotExist' },
  { name: 'not a dotted path', value: "'fail'", expect: 'security.E102' },
  { name: "Django's default", value: "'django.views.csrf.csrf_failure'", expect: { quiet: 'nothing wrong' } },
  { name: 'an installed package', value: "'nosuchpackage{n}.views.fail'", expect: { quiet: 'a module outside the project: only importing it can tell' } },
  { name: 'bound by assignment', value: "'site{n}.views.fail'", views: 'fail = None\n', expect: { quiet: 'a name bound by assignment: its value is not read' } },
  { name: 'bound by a star import', value: "'site{n}.views.fail'", views: 'from os.path import *\n', expect: { quiet: 'a star import may bind any name' } },
  { name: 'another decorator', value: "'site{n}.views.fail'", views: 'import functools\n\n\n@functools.lru_cache\ndef fail(request):\n    return None\n', expect: { quiet: 'a decorator that may change the signature' } },
];

function files(c: ViewCase, n: number): Record<string, string> {
  const fill = (text: string) => text.replace(/\{n\}/g, String(n));
  return {
    [`site${n}/__init__.py`]: '',
    [`site${n}/settings.py`]: fill(SETTINGS.replace('{value}', c.value)),
    [`site${n}/wsgi.py`]: fill("import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site{n}.settings')\n"),
    ...(c.views ? { [`site${n}/views.py`]: fill(c.views) } : {}),
  };
}

/** What Django says of the view: its check ids for the view, or that the check died looking it up. */
function djangoSays(result: { ids?: readonly string[]; crash?: string; loadError?: string }): string {
  if (result.crash) return /ViewDoesNotExist/.test(result.crash) ? 'viewDoesNotExist' : `crash: ${result.crash}`;
  if (result.loadError) return `load error: ${result.loadError}`;
  const ids = (result.ids ?? []).filter((id) => id === 'security.E101' || id === 'security.E102');
  return ids.length === 0 ? 'nothing' : ids.join(',');
}

test('django/csrf-failure-view says what real Django 3.2, 4.2 and 5.2 say of the view, or nothing where the project cannot show it', { timeout: 5 * 60_000 }, async () => {
  await initParser();
  const projects = CASES.map((c, n) => ({ id: c.name, files: files(c, n), module: `site${n}.settings` }));
  for (const site of djangoSites()) {
    const oracle = runOracle(site, projects);
    const version = oracle.django.split('.').slice(0, 2).join('.');
    CASES.forEach((c, n) => {
      const project = projects[n]!;
      const sources = Object.entries(project.files).map(([rel, text]) => ({ path: `/case/${rel}`, text }));
      const out = lint(sources, { rules: RULE, projectFiles: sources.map((s) => s.path), djangoVersion: version });
      const said = out.diagnostics.map((d) => d.messageId);
      const django = djangoSays(oracle.results[n]!);
      const where = `Django ${oracle.django}, ${c.name}`;
      if (typeof c.expect === 'string') {
        assert.deepEqual(said, [c.expect], `${where}: celery-lint`);
        assert.equal(django, c.expect === 'viewDoesNotExist' ? 'viewDoesNotExist' : c.expect, `${where}: Django`);
      } else {
        assert.deepEqual(said, [], `${where}: celery-lint should be quiet (${c.expect.quiet})`);
        if (c.expect.quiet === 'nothing wrong') assert.equal(django, 'nothing', `${where}: Django`);
      }
    });
  }
});
