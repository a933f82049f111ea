// The three seed rules through the real engine: what fixtures cannot show
// (suggestions and their edits, related locations, which findings carry a fix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, lint, syntaxErrorCount, type Diagnostic, type TextEdit } from '@celery-lint/core';
import { acceptContentMismatch } from '../src/accept-content-mismatch';
import { allRules, rulesById } from '../src/index';
import { noAmqpResultBackend } from '../src/no-amqp-result-backend';
import { pickleSerializer } from '../src/pickle-serializer';

const SEED = [noAmqpResultBackend, pickleSerializer, acceptContentMismatch];

async function run(files: Record<string, string>, celeryVersion?: string): Promise<Diagnostic[]> {
  await initParser();
  const out = lint(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { rules: SEED, ...(celeryVersion ? { celeryVersion } : {}) },
  );
  return out.diagnostics.filter((d) => !d.ruleId.startsWith('celery-lint/'));
}

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

/** Applies a suggestion and checks the result is still Python. */
function applySuggestion(text: string, d: Diagnostic, message: string): string {
  const s = d.suggestions?.find((x) => x.message === message);
  assert.ok(s, `no suggestion '${message}' among ${JSON.stringify(d.suggestions?.map((x) => x.message))}`);
  const out = apply(text, s.fix.edits);
  assert.equal(syntaxErrorCount(out), 0, out);
  return out;
}

test('the pack lists each seed rule once under its public id', () => {
  for (const id of ['celery/no-amqp-result-backend', 'celery/pickle-serializer', 'celery/accept-content-mismatch']) {
    assert.equal(allRules.filter((r) => r.meta.id === id).length, 1, id);
    assert.equal(rulesById.get(id)?.meta.id, id);
  }
  assert.equal(noAmqpResultBackend.meta.fix?.safety, 'unsafe');
  assert.equal(pickleSerializer.meta.category, 'security');
  assert.equal(pickleSerializer.meta.fix, undefined);
  assert.equal(acceptContentMismatch.meta.fix, undefined);
});

test('no-amqp-result-backend: a fix only for literals written in the binding, with the quote style kept', async () => {
  const text = [
    'import os',
    'URL = "amqp://guest@rabbit//"',
    "direct = r'amqp://guest@rabbit//'",
    'result_backend = URL',
    'broker_url = URL',
    '',
  ].join('\n');
  const [finding] = await run({ '/p/celeryconfig.py': text });
  assert.equal(finding?.ruleId, 'celery/no-amqp-result-backend');
  assert.equal(finding.fix, undefined, 'the literal is shared with the broker: no fix');
  assert.deepEqual(finding.related?.map((r) => [r.range.start.line, r.message]), [[1, 'the value is built here']]);

  const [own] = await run({ '/p/celeryconfig.py': "result_backend = r'amqp://guest@rabbit//'\n" });
  assert.equal(own?.fix?.safety, 'unsafe');
  // The quote style stays; the raw prefix is dropped (core's stringLiteralLike), harmless for a value without backslashes.
  assert.equal(apply("result_backend = r'amqp://guest@rabbit//'\n", own.fix.edits), "result_backend = 'rpc://'\n");

  const [doubled] = await run({ '/p/celeryconfig.py': 'result_backend = """amqp://"""\n' });
  assert.equal(apply('result_backend = """amqp://"""\n', doubled!.fix!.edits), 'result_backend = """rpc://"""\n');
});

test('no-amqp-result-backend: every amqp branch is fixed when all branches are known', async () => {
  const text = "import os\nresult_backend = 'amqp://a' if os.environ.get('A') else ('amqp://b' if os.environ.get('B') else 'redis://')\n";
  const [finding] = await run({ '/p/celeryconfig.py': text });
  assert.match(finding!.message, /^result_backend may be 'amqp:\/\/a' \(it is 'amqp:\/\/a' or 'amqp:\/\/b' or 'redis:\/\/'\)/);
  assert.equal(apply(text, finding!.fix!.edits), "import os\nresult_backend = 'rpc://' if os.environ.get('A') else ('rpc://' if os.environ.get('B') else 'redis://')\n");
});

test('no-amqp-result-backend: the error named is the one the target Celery raises', async () => {
  const source = { '/p/celeryconfig.py': "result_backend = 'amqp://'\n" };
  assert.match((await run(source, '5.2.6'))[0]!.message, /Celery 5\.2\.6 worker fails at start-up \(ModuleNotFoundError: No module named 'celery\.backends\.amqp'\)/);
  assert.match((await run(source, '5.3'))[0]!.message, /Celery 5\.3 worker fails at start-up \(ImproperlyConfigured: Unknown result backend: 'amqp'\)/);
  for (const value of ["'amqps://h:5671//'", "'amqps'"]) {
    const [tls] = await run({ '/p/celeryconfig.py': `result_backend = ${value}\n` }, '5.3');
    assert.match(tls!.message, /\(ModuleNotFoundError: No module named 'amqps'\)/, value);
  }
});

test('no-amqp-result-backend: names that only resemble amqp are left alone', async () => {
  for (const value of ["'amqpx://h'", "'pyamqp'", "'redis://amqp:6379/0'", "'amqp+'", "f'{os.environ[\"S\"]}://h'", 'None']) {
    assert.deepEqual(await run({ '/p/celeryconfig.py': `import os\nresult_backend = ${value}\n` }), [], value);
  }
  // A scheme the evaluator can fold is known, though: this one is amqp.
  const folded = await run({ '/p/celeryconfig.py': "SCHEME = 'amqp'\nresult_backend = f'{SCHEME}://h'\n" });
  assert.deepEqual(folded.map((d) => d.message.split(':')[0]), ["result_backend is 'amqp"]);
});

test('pickle-serializer: suggestions replace the literal with json, keeping quotes and MIME style', async () => {
  const text = 'task_serializer = "pickle"\naccept_content = ["application/json", "application/x-python-serialize"]\n';
  const found = await run({ '/p/celeryconfig.py': text });
  const pickle = found.filter((d) => d.ruleId === 'celery/pickle-serializer');
  assert.equal(pickle.length, 2);
  assert.ok(pickle.every((d) => d.fix === undefined), 'pickle findings carry no automatic fix');
  assert.equal(applySuggestion(text, pickle[0]!, "Use 'json' instead"), 'task_serializer = "json"\naccept_content = ["application/json", "application/x-python-serialize"]\n');
  assert.equal(applySuggestion(text, pickle[1]!, "Use 'application/json' instead"), 'task_serializer = "pickle"\naccept_content = ["application/json", "application/json"]\n');
});

test('pickle-serializer: a value built elsewhere is reported at the setting, pointing at where it is built', async () => {
  const text = "SERIALIZER = 'pickle'\ntask_serializer = SERIALIZER\nresult_serializer = SERIALIZER\n";
  const found = (await run({ '/p/celeryconfig.py': text })).filter((d) => d.ruleId === 'celery/pickle-serializer');
  assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.message.split(':')[0], d.suggestions?.length ?? 0]), [
    [1, 18, 'task_serializer is pickle', 0],
    [2, 20, 'result_serializer is pickle', 0],
  ]);
  assert.deepEqual(found[0]!.related?.map((r) => r.range.start), [{ line: 0, character: 13 }]);
});

test('accept-content-mismatch: both suggestions, applied, give Python that no longer mismatches', async () => {
  const text = "task_serializer = 'msgpack'\naccept_content = [\n    'json',  # 기본값\n]\n";
  const [finding] = await run({ '/p/celeryconfig.py': text });
  assert.equal(finding?.ruleId, 'celery/accept-content-mismatch');
  assert.deepEqual(finding.related?.map((r) => [r.range.start.line, r.message]), [[1, 'accept_content is set here']]);
  const accepted = applySuggestion(text, finding, "Add 'msgpack' to accept_content");
  assert.equal(accepted, "task_serializer = 'msgpack'\naccept_content = [\n    'json', 'msgpack',  # 기본값\n]\n");
  assert.deepEqual(await run({ '/p/celeryconfig.py': accepted }), []);
  const switched = applySuggestion(text, finding, "Set task_serializer to 'json'");
  assert.deepEqual(await run({ '/p/celeryconfig.py': switched }), []);
});

test('accept-content-mismatch: an accept list of MIME types gets a MIME type; a serializer goes back to a name', async () => {
  const text = 'task_serializer = "yaml"\naccept_content = ("application/json",)\n';
  const [finding] = await run({ '/p/celeryconfig.py': text });
  assert.equal(applySuggestion(text, finding!, "Add 'application/x-yaml' to accept_content"), 'task_serializer = "yaml"\naccept_content = ("application/json", "application/x-yaml",)\n');
  assert.equal(applySuggestion(text, finding!, "Set task_serializer to 'json'"), 'task_serializer = "json"\naccept_content = ("application/json",)\n');
});

test('accept-content-mismatch: pickle is never added to an accept list', async () => {
  const text = "result_serializer = 'pickle'\nresult_accept_content = ['json']\n";
  const mismatch = (await run({ '/p/celeryconfig.py': text })).find((d) => d.ruleId === 'celery/accept-content-mismatch');
  assert.ok(mismatch);
  assert.deepEqual(mismatch.suggestions?.map((s) => s.message), ["Set result_serializer to 'json'"]);
  for (const s of mismatch.suggestions ?? []) for (const e of s.fix.edits) assert.doesNotMatch(e.text, /pickle|python-serialize/);
});

test('accept-content-mismatch: no guess past an unknown accept list or a custom serializer', async () => {
  const quiet = [
    "import os\ntask_serializer = 'msgpack'\naccept_content = os.environ['ACCEPT'].split(',')\n",
    "task_serializer = 'msgpack'\naccept_content = ['json'] + EXTRA\n",
    "task_serializer = 'msgpack'\naccept_content = ['json', 'from_a_plugin']\n",
    "import os\ntask_serializer = 'msgpack'\naccept_content = ['json', 'msgpack'] if os.environ.get('X') else ['json']\n",
    "from kombu.serialization import register\nregister('fast', None, None, content_type='application/x-fast')\ntask_serializer = 'fast'\n",
    "task_serializer = 'jsn'\n",
  ];
  for (const text of quiet) assert.deepEqual((await run({ '/p/celeryconfig.py': text })).map((d) => d.message), [], text);
});

test('accept-content-mismatch: an accept entry the project registers maps to its content type', async () => {
  const text = "from kombu.serialization import register\nregister('fast', None, None, content_type='application/x-fast')\ntask_serializer = 'msgpack'\naccept_content = ['fast']\n";
  const found = await run({ '/p/celeryconfig.py': text });
  assert.deepEqual(found.map((d) => d.message.split(':')[0]), [
    "task_serializer is 'msgpack' (application/x-msgpack), but accept_content accepts only 'fast'",
    "result_serializer is 'json' (its default, application/json), but accept_content accepts only 'fast', which also decides for results while result_accept_content is None",
  ]);
  // 'fast' is not a name the switch-back suggestion may offer: only kombu's own serializers.
  assert.deepEqual(found[0]!.suggestions?.map((s) => s.message), ["Add 'msgpack' to accept_content"]);
});
