// What fixtures cannot show for the catalogue rules: the suggestions a
// finding offers and what applying them writes, and that the
// deprecated-setting-name fix is one fix shared by a file's findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, lint, syntaxErrorCount, type Diagnostic, type Rule, type TextEdit } from '@celery-lint/core';
import { deprecatedSettingName } from '../src/deprecated-setting-name';
import { invalidResultBackend } from '../src/invalid-result-backend';
import { redissSslCertReqs } from '../src/rediss-ssl-cert-reqs';
import { unknownBrokerTransport } from '../src/unknown-broker-transport';
import { unknownSerializer } from '../src/unknown-serializer';
import { unknownSetting } from '../src/unknown-setting';

async function findings(text: string, rule: Rule, file = '/p/celeryconfig.py'): Promise<Diagnostic[]> {
  await initParser();
  return lint([{ path: file, text }], { rules: [rule] }).diagnostics.filter((d) => d.ruleId === rule.meta.id);
}

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

/** Applies the one suggestion of the one finding, checks the result parses and no longer has the finding. */
async function suggested(text: string, rule: Rule, message: string): Promise<string> {
  const [finding, ...rest] = await findings(text, rule);
  assert.ok(finding && rest.length === 0, `expected one finding, got ${JSON.stringify([finding, ...rest].map((d) => d?.message))}`);
  assert.equal(finding.fix, undefined, 'suggestions only, never a fix');
  assert.deepEqual(finding.suggestions?.map((s) => s.message), [message]);
  const out = apply(text, finding.suggestions![0]!.fix.edits);
  assert.equal(syntaxErrorCount(out), 0);
  assert.deepEqual(await findings(out, rule), [], 'the suggestion resolves the finding');
  return out;
}

test('unknown-serializer suggests the name a typo resembles, in the quotes it was written with', async () => {
  assert.equal(
    await suggested('task_serializer = "jsno"\n', unknownSerializer, "Replace with 'json'"),
    'task_serializer = "json"\n',
  );
  assert.equal(
    await suggested("accept_content = ['json', 'application/jsno']\n", unknownSerializer, "Replace with 'application/json'"),
    "accept_content = ['json', 'application/json']\n",
  );
});

test('invalid-result-backend and unknown-broker-transport replace only the scheme', async () => {
  assert.equal(
    await suggested("result_backend = 'redsi://:pw@redis:6379/0'\n", invalidResultBackend, "Replace with 'redis://:pw@redis:6379/0'"),
    "result_backend = 'redis://:pw@redis:6379/0'\n",
  );
  assert.equal(
    await suggested("broker_url = 'redis://a:6379/0;reids://b:6379/0'\n", unknownBrokerTransport, "Replace with 'redis://a:6379/0;redis://b:6379/0'"),
    "broker_url = 'redis://a:6379/0;redis://b:6379/0'\n",
  );
});

test('rediss-ssl-cert-reqs suggests appending ssl_cert_reqs, with ? or & as the URL needs', async () => {
  assert.equal(
    await suggested("result_backend = 'rediss://redis:6380/0'\n", redissSslCertReqs, 'Add ssl_cert_reqs=CERT_REQUIRED to the URL'),
    "result_backend = 'rediss://redis:6380/0?ssl_cert_reqs=CERT_REQUIRED'\n",
  );
  assert.equal(
    await suggested("broker_url = 'rediss://redis:6380/0?socket_timeout=5'\n", redissSslCertReqs, 'Add ssl_cert_reqs=CERT_REQUIRED to the URL'),
    "broker_url = 'rediss://redis:6380/0?socket_timeout=5&ssl_cert_reqs=CERT_REQUIRED'\n",
  );
});

test('deprecated-setting-name gives every finding of a file the same fix, renaming the whole configuration', async () => {
  const text = "BROKER_URL = 'redis://'\nCELERY_ALWAYS_EAGER = True\n";
  const found = await findings(text, deprecatedSettingName);
  assert.equal(found.length, 2);
  assert.deepEqual(found[0]!.fix, found[1]!.fix);
  assert.equal(found[0]!.fix?.safety, 'unsafe');
  assert.equal(apply(text, found[0]!.fix!.edits), "broker_url = 'redis://'\ntask_always_eager = True\n");
  // Renaming half of it would leave a mix that Celery refuses: with a name read elsewhere, no fix at all.
  const blocked = await findings("BROKER_URL = 'redis://'\nCELERY_RESULT_BACKEND = BROKER_URL\n", deprecatedSettingName);
  assert.equal(blocked.length, 2);
  assert.ok(blocked.every((d) => d.fix === undefined));
});

test('unknown-setting offers the setting a typo resembles as a rename, in every spelling a key is written', async () => {
  assert.equal(await suggested("task_always_eagr = True\n", unknownSetting, 'Rename to task_always_eager'), 'task_always_eager = True\n');
  assert.equal(
    await suggested("from celery import Celery\napp = Celery()\napp.conf.update({'result_backnd': 'rpc://'})\n", unknownSetting, 'Rename to result_backend'),
    "from celery import Celery\napp = Celery()\napp.conf.update({'result_backend': 'rpc://'})\n",
  );
  // A key the code also mentions is not renamed: a read of it would break.
  const [read] = await findings(
    "from celery import Celery\napp = Celery()\napp.conf.update({'task_always_eagr': True})\nEAGER_KEY = 'task_always_eagr'\n",
    unknownSetting,
    '/p/worker.py',
  );
  assert.ok(read, 'still reported');
  assert.equal(read.suggestions?.length ?? 0, 0);
});

test('deprecated-setting-name withholds its fix when code reads the old name, and only then', async () => {
  const fixed = async (text: string) => (await findings(text, deprecatedSettingName)).map((d) => d.fix !== undefined);
  // Mentions in comments and strings are not reads: the rename is still offered.
  assert.deepEqual(await fixed("CELERY_ALWAYS_EAGER = True  # CELERY_ALWAYS_EAGER\nNOTE = 'CELERY_ALWAYS_EAGER'\n"), [true]);
  assert.deepEqual(await fixed('CELERY_ALWAYS_EAGER = True\nDOC = """\nCELERY_ALWAYS_EAGER = False\n"""\n'), [true]);
  // A read inside an f-string hole is a read.
  assert.deepEqual(await fixed('CELERY_ALWAYS_EAGER = True\nLABEL = f"eager={CELERY_ALWAYS_EAGER}"\n'), [false]);
  assert.deepEqual(await fixed('CELERY_ALWAYS_EAGER = True\nif CELERY_ALWAYS_EAGER:\n    pass\n'), [false]);
});

test("unknown-serializer counts setup_security() only where code calls it", async () => {
  const auth = async (tail: string) =>
    (await findings(`from celery import Celery\napp = Celery('proj')\napp.conf.task_serializer = 'auth'\n${tail}`, unknownSerializer, '/p/proj/celery.py')).map(
      (d) => d.messageId,
    );
  assert.deepEqual(await auth('app.setup_security()\n'), []);
  assert.deepEqual(await auth("app.setup_security(allowed_serializers=['json'])\n"), []);
  assert.deepEqual(await auth('# app.setup_security()\n'), ['authWithoutSetup']);
  assert.deepEqual(await auth("HINT = 'call app.setup_security() first'\n"), ['authWithoutSetup']);
  assert.deepEqual(await auth('def setup_security():\n    pass\n'), ['authWithoutSetup']);
});
