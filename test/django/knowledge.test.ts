// The Django table against Django itself: regenerated from the installed
// sources (scripts/generate-django-settings.py --check), every literal
// default compared with what Django's global_settings holds when imported by
// /usr/bin/python3 (3.2 from Debian's python3-django; 4.2 and 5.2 unpacked by
// scripts/debian-python.sh), and the version model between scanned releases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { knowledge, type AbstractValue } from '@celery-lint/core';
import { djangoSites, envFor, PYTHON, ROOT } from './djangos';

test('the committed table is what scripts/generate-django-settings.py makes of these Djangos', () => {
  const args = djangoSites().flatMap(({ site }) => ['--django', site ?? '/usr/lib/python3/dist-packages']);
  const done = spawnSync(PYTHON, [resolve(ROOT, 'scripts', 'generate-django-settings.py'), '--check', ...args], { encoding: 'utf8' });
  assert.equal(done.status, 0, done.stderr);
});

/** Python's value of an abstract value the generator wrote (literals only). */
function plain(value: AbstractValue): unknown {
  switch (value.kind) {
    case 'str':
    case 'num':
    case 'bool':
      return value.value;
    case 'none':
      return null;
    case 'list':
    case 'tuple':
    case 'set':
      return value.items.map(plain);
    case 'dict':
      return Object.fromEntries(value.entries.map((e) => [String(plain(e.key)), plain(e.value)]));
    default:
      return undefined;
  }
}

const DUMP = `
import json
from django.conf import global_settings as g
import django
def plain(v):
    if isinstance(v, (list, tuple, set, frozenset)):
        return [plain(x) for x in (sorted(v, key=repr) if isinstance(v, (set, frozenset)) else v)]
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return {'__unknown__': type(v).__name__}
print(json.dumps({'version': django.get_version(), 'defaults': {k: plain(getattr(g, k)) for k in dir(g) if k.isupper()}}))
`;

test("every default in the table is the one Django's global_settings holds", () => {
  for (const site of djangoSites()) {
    const { label } = site;
    const env = envFor(site);
    const real = JSON.parse(execFileSync(PYTHON, ['-c', DUMP], { encoding: 'utf8', env })) as { version: string; defaults: Record<string, unknown> };
    const release = knowledge.djangoReleaseFor(real.version);
    assert.equal(release.version, real.version, `${label}: no table for Django ${real.version}`);
    assert.deepEqual(Object.keys(release.defaults).sort(), Object.keys(real.defaults).sort(), label);
    let compared = 0;
    for (const [name, value] of Object.entries(release.defaults)) {
      if (value.kind === 'unknown') continue;
      assert.deepEqual(plain(value), real.defaults[name], `${label} ${name}`);
      compared++;
    }
    assert.ok(compared > 130, `${label}: only ${compared} literal defaults`);
  }
});

test('targets between scanned releases take the exact lines of scripts/django-versions.json', () => {
  assert.equal(knowledge.djangoHasSetting('STORAGES', '4.1'), false);
  assert.equal(knowledge.djangoHasSetting('STORAGES', '4.2.3'), true);
  assert.equal(knowledge.djangoHasSetting('DEFAULT_FILE_STORAGE', '5.0'), true);
  assert.equal(knowledge.djangoHasSetting('DEFAULT_FILE_STORAGE', '5.1'), false);
  assert.equal(knowledge.djangoDefinesCheck('security.E024', '3.2'), false);
  assert.equal(knowledge.djangoDefinesCheck('security.E024', '4.0'), true);
  assert.equal(knowledge.djangoDefinesCheck('security.W025', '4.0'), false);
  assert.equal(knowledge.djangoDefinesCheck('security.W025', '4.1'), true);
  assert.equal(knowledge.djangoDefinesCheck('security.E100', '3.2'), true);
  assert.equal(knowledge.djangoDefinesCheck('security.E100', '4.0'), false);
  assert.equal(knowledge.djangoDefinesCheck('security.W018', undefined), true);
  // A setting new in an unscanned line takes its default from the first scanned release that has it.
  assert.deepEqual(knowledge.djangoDefaultIn('SECRET_KEY_FALLBACKS', '4.1'), { kind: 'list', items: [], partial: false });
  assert.equal(knowledge.djangoDefaultIn('SECRET_KEY_FALLBACKS', '4.0'), undefined);
  assert.deepEqual(knowledge.djangoDefaultIn('SECURE_REFERRER_POLICY', undefined), { kind: 'str', value: 'same-origin', literal: false });
  // USE_TZ's default changed in 5.0.
  assert.deepEqual(knowledge.djangoDefaultIn('USE_TZ', '4.2'), { kind: 'bool', value: false });
  assert.deepEqual(knowledge.djangoDefaultIn('USE_TZ', '5.1'), { kind: 'bool', value: true });
  assert.equal(knowledge.djangoReleaseFor('2.2').version, knowledge.djangoReleaseFor('3.2').version);
  assert.equal(knowledge.NEWEST_DJANGO_LINE, '5.2');
});

test('a default that changed between scanned releases follows the recorded line, or is unknown between them', () => {
  assert.deepEqual(knowledge.djangoDefaultIn('USE_L10N', '3.2'), { kind: 'bool', value: false });
  assert.deepEqual(knowledge.djangoDefaultIn('USE_L10N', '4.0'), { kind: 'bool', value: true });
  assert.equal(knowledge.djangoDefaultIn('USE_L10N', '5.0'), undefined);
  assert.equal(knowledge.djangoDefaultIn('LANGUAGES_BIDI', '4.1')?.kind, 'unknown');
  assert.equal(knowledge.djangoDefaultIn('LANGUAGES_BIDI', '4.2')?.kind, 'list');
});

test('check ids: literal, formatted from a table of codes, removed, newer, and third-party prefixes', () => {
  // 'admin.E%d' % code over (app, 401..406): known without running the admin.
  assert.equal(knowledge.djangoCheckStanding('admin.E405', '5.2').kind, 'defined');
  assert.equal(knowledge.djangoCheckStanding('security.W004', '3.2').kind, 'defined');
  // NullBooleanField's warning went away in 4.0; 3.2 still has it.
  assert.deepEqual(knowledge.djangoCheckStanding('fields.W903', '4.2'), { kind: 'removed', lastIn: '3.2' });
  assert.equal(knowledge.djangoCheckStanding('fields.W903', '3.2').kind, 'defined');
  // commands.E001 is 5.x only: a 4.2 project that silences it is preparing, not wrong.
  assert.equal(knowledge.djangoCheckStanding('commands.E001', '4.2').kind, 'newer');
  assert.deepEqual(knowledge.djangoCheckStanding('security.W999', '5.2'), { kind: 'never', djangoPrefix: true });
  assert.deepEqual(knowledge.djangoCheckStanding('debug_toolbar.W006', '5.2'), { kind: 'never', djangoPrefix: false });
  assert.ok(knowledge.isDjangoCheckPrefix('4_0'));
  assert.deepEqual([...knowledge.SCANNED_DJANGO_LINES], ['3.2', '4.2', '5.2']);
});
