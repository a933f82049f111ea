import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, runCli, tempProject } from './run-cli';

const SETTINGS = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\nCELERY_TASK_SERIALIZER = 'pickle'\nCELERY_ACCEPT_CONTENT = ['json', 'pickle']\n";

test('[tool.celery-lint] selects, ignores, sets severities and per-file ignores; the CLI overrides it', () => {
  const dir = tempProject({
    'pyproject.toml': [
      '[project]',
      'name = "shop"',
      '[tool.celery-lint]',
      'ignore = ["celery/accept-content-mismatch"]',
      'severity = { "celery/pickle-serializer" = "warning" }',
      '[tool.celery-lint.per-file-ignores]',
      '"legacy/*.py" = ["security"]',
      '',
    ].join('\n'),
    'app/settings.py': SETTINGS,
    'legacy/settings.py': SETTINGS,
  });
  const out = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.deepEqual(findings(out.stdout, dir), [
    'app/settings.py:2:25 celery/no-amqp-result-backend',
    'app/settings.py:3:26 celery/pickle-serializer',
    'app/settings.py:4:34 celery/pickle-serializer',
    'legacy/settings.py:2:25 celery/no-amqp-result-backend',
  ]);
  const severities = (JSON.parse(out.stdout) as Array<{ messages: Array<{ ruleId: string; severity: number }> }>)[0]!.messages.map((m) => `${m.ruleId}:${m.severity}`);
  assert.deepEqual(severities, ['celery/no-amqp-result-backend:2', 'celery/pickle-serializer:1', 'celery/pickle-serializer:1']);
  // Flags win over the file.
  assert.deepEqual(findings(runCli(['app', '--format', 'json', '--select', 'celery/accept-content-mismatch'], { cwd: dir }).stdout, dir), []);
  assert.deepEqual(findings(runCli(['app', '--format', 'json', '--ignore', 'correctness'], { cwd: dir }).stdout, dir), [
    'app/settings.py:3:26 celery/pickle-serializer',
    'app/settings.py:4:34 celery/pickle-serializer',
  ]);
});

test('the closest pyproject.toml with our table wins; ones without it are skipped; extend pulls another file in', () => {
  const dir = tempProject({
    'pyproject.toml': '[tool.celery-lint]\nselect = ["celery/no-amqp-result-backend"]\n',
    'shared.toml': '[tool.celery-lint]\nselect = ["celery/pickle-serializer"]\n',
    'a/pyproject.toml': '[project]\nname = "a"\n',
    'a/settings.py': SETTINGS,
    'b/pyproject.toml': '[tool.celery-lint]\nextend = "../shared.toml"\nexclude = ["generated/"]\n',
    'b/settings.py': SETTINGS,
    'b/generated/settings.py': SETTINGS,
  });
  assert.deepEqual(findings(runCli(['.', '--format', 'json'], { cwd: dir }).stdout, dir), [
    'a/settings.py:2:25 celery/no-amqp-result-backend',
    'b/settings.py:3:26 celery/pickle-serializer',
    'b/settings.py:4:34 celery/pickle-serializer',
  ]);
  // Excluded files stay excluded when named explicitly (as pre-commit names every changed file).
  assert.deepEqual(findings(runCli(['b/generated/settings.py', '--format', 'json'], { cwd: dir }).stdout, dir), []);
});

test("each project's include, exclude and per-file-ignores patterns are its own, in one run and in a run over named files", () => {
  // Two projects whose patterns would each exclude or ignore the other's kept files: their matchers must never mix.
  const dir = tempProject({
    'a/pyproject.toml': '[tool.celery-lint]\nexclude = ["gen/"]\n[tool.celery-lint.per-file-ignores]\n"old/*.py" = ["security"]\n',
    'a/gen/settings.py': SETTINGS,
    'a/legacy.py': SETTINGS,
    'a/old/settings.py': SETTINGS,
    'b/pyproject.toml': '[tool.celery-lint]\ninclude = ["gen/", "old/"]\nexclude = ["legacy.py"]\n',
    'b/gen/settings.py': SETTINGS,
    'b/legacy.py': SETTINGS,
    'b/old/settings.py': SETTINGS,
    'b/other/settings.py': SETTINGS,
  });
  const everything = findings(runCli(['.', '--format', 'json', '--select', 'celery/no-amqp-result-backend,celery/pickle-serializer'], { cwd: dir }).stdout, dir);
  assert.deepEqual(everything, [
    'a/legacy.py:2:25 celery/no-amqp-result-backend',
    'a/legacy.py:3:26 celery/pickle-serializer',
    'a/legacy.py:4:34 celery/pickle-serializer',
    'a/old/settings.py:2:25 celery/no-amqp-result-backend',
    'b/gen/settings.py:2:25 celery/no-amqp-result-backend',
    'b/gen/settings.py:3:26 celery/pickle-serializer',
    'b/gen/settings.py:4:34 celery/pickle-serializer',
    'b/old/settings.py:2:25 celery/no-amqp-result-backend',
    'b/old/settings.py:3:26 celery/pickle-serializer',
    'b/old/settings.py:4:34 celery/pickle-serializer',
  ]);
  // Named as pre-commit names them: the same answers, file by file.
  const named = ['a/gen/settings.py', 'a/legacy.py', 'a/old/settings.py', 'b/gen/settings.py', 'b/legacy.py', 'b/old/settings.py', 'b/other/settings.py'];
  const out = runCli([...named, '--format', 'json', '--select', 'celery/no-amqp-result-backend,celery/pickle-serializer'], { cwd: dir });
  assert.deepEqual(findings(out.stdout, dir), everything);
});

test('unknown keys and bad values are errors that name the key and the file', () => {
  const unknown = tempProject({ 'pyproject.toml': '[tool.celery-lint]\nselcet = ["security"]\n', 's/settings.py': SETTINGS });
  const a = runCli(['.'], { cwd: unknown });
  assert.equal(a.code, 2);
  assert.match(a.stderr, /^celery-lint: unknown key 'selcet' in \[tool\.celery-lint\] of .*pyproject\.toml/);
  const bad = tempProject({ 'pyproject.toml': '[tool.celery-lint]\nseverity = { "celery/pickle-serializer" = "loud" }\n', 's/settings.py': SETTINGS });
  const b = runCli(['.'], { cwd: bad });
  assert.equal(b.code, 2);
  assert.match(b.stderr, /severity of 'celery\/pickle-serializer' in \[tool\.celery-lint\] of .*pyproject\.toml must be "error", "warning" or "off"/);
  const rule = tempProject({ 'pyproject.toml': '[tool.celery-lint]\nignore = ["celery/nope"]\n', 's/settings.py': SETTINGS });
  const c = runCli(['.'], { cwd: rule });
  assert.equal(c.code, 2);
  assert.match(c.stderr, /'celery\/nope' is neither a rule id nor a category .* \(from .*pyproject\.toml\)/);
});

test('known-serializers declares names packages register through kombu entry points', () => {
  const settings = "SECRET_KEY = 'x'\nCELERY_TASK_SERIALIZER = 'fernet_json'\nCELERY_ACCEPT_CONTENT = ['fernet_json', 'protobuf']\n";
  const bare = tempProject({ 'proj/settings.py': settings });
  assert.deepEqual(findings(runCli(['.', '--format', 'json', '--select', 'celery/unknown-serializer'], { cwd: bare }).stdout, bare), [
    'proj/settings.py:2:26 celery/unknown-serializer',
    'proj/settings.py:3:26 celery/unknown-serializer',
    'proj/settings.py:3:41 celery/unknown-serializer',
  ]);
  const declared = tempProject({ 'pyproject.toml': '[tool.celery-lint]\nknown-serializers = ["fernet_json"]\n', 'proj/settings.py': settings });
  assert.deepEqual(findings(runCli(['.', '--format', 'json', '--select', 'celery/unknown-serializer'], { cwd: declared }).stdout, declared), [
    'proj/settings.py:3:41 celery/unknown-serializer',
  ]);
  const bad = tempProject({ 'pyproject.toml': '[tool.celery-lint]\nknown-serializers = "fernet_json"\n', 'proj/settings.py': settings });
  const out = runCli(['.'], { cwd: bad });
  assert.equal(out.code, 2);
  assert.match(out.stderr, /'known-serializers' in \[tool.celery-lint\] of .*pyproject\.toml must be a list of strings/);
});
