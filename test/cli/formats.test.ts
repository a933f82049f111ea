// Machine-readable output (issue 16, item 5): JSON fix applicability,
// `rules --format json`, GitLab categories and fingerprints, JUnit totals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runCli, tempProject } from './run-cli';

const TWIN_LINES =
  "import os\nSECRET_KEY = 'x'\nCELERY_TASK_SERIALIZER = 'pickle'\nCELERY_ACCEPT_CONTENT = ['json', 'pickle']\nif os.environ.get('X'):\n    DEBUG = True  # noqa: celery/pickle-serializer\nelse:\n    DEBUG = True  # noqa: celery/pickle-serializer\n";

test('JSON marks each fix safe or unsafe and counts as fixable only the fixes the run would apply', () => {
  const dir = tempProject({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_WORKER_CONCURRENCY = '4'\nCELERY_RESULT_BACKEND = 'amqp://'\n" });
  const read = (...flags: string[]) => (JSON.parse(runCli(['.', '--format', 'json', ...flags], { cwd: dir }).stdout) as Array<{ fixableErrorCount: number; messages: Array<{ ruleId: string; fix?: { applicability: string } }> }>)[0]!;
  const plain = read();
  assert.deepEqual(plain.messages.map((m) => [m.ruleId, m.fix?.applicability]), [
    ['celery/invalid-setting-type', 'safe'],
    ['celery/no-amqp-result-backend', 'unsafe'],
  ]);
  assert.equal(plain.fixableErrorCount, 1);
  assert.equal(read('--unsafe-fixes').fixableErrorCount, 2);
});

test('`rules --format json` lists every rule with id, category, default severity, fix availability and safety, and docs URL', () => {
  const out = runCli(['rules', '--format', 'json']);
  assert.equal(out.code, 0);
  const listing = JSON.parse(out.stdout) as { tool: string; version: string; rules: Array<Record<string, unknown>> };
  assert.equal(listing.version, (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
  const docs = fs.readdirSync(path.join(REPO, 'rules', 'docs')).filter((f) => f.endsWith('.md'));
  assert.equal(listing.rules.length, docs.length, 'one entry per rule doc page');
  const byId = new Map(listing.rules.map((r) => [r.id, r]));
  assert.deepEqual(byId.get('celery/no-amqp-result-backend'), {
    id: 'celery/no-amqp-result-backend',
    name: 'no-amqp-result-backend',
    description: 'The AMQP result backend was removed in Celery 5; the worker fails when it starts',
    category: 'correctness',
    defaultSeverity: 'error',
    fix: { available: true, safety: 'unsafe' },
    suggestions: false,
    docsUrl: 'https://github.com/celery-lint/celery-lint/blob/main/rules/docs/no-amqp-result-backend.md',
  });
  assert.deepEqual(byId.get('celery/mixed-setting-names')!.fix, { available: false, safety: null });
  assert.deepEqual((byId.get('celery-lint/unused-suppression')!.fix as { safety: string }).safety, 'safe');
  for (const rule of listing.rules) {
    assert.ok(['correctness', 'security', 'deprecation', 'style'].includes(rule.category as string), `${rule.id}`);
    assert.ok(['error', 'warning'].includes(rule.defaultSeverity as string), `${rule.id}`);
  }
});

test('GitLab: security rules are "Security", and every finding has its own fingerprint, stable when lines above change', () => {
  const dir = tempProject({ 'settings.py': TWIN_LINES });
  type Issue = { check_name: string; categories: string[]; fingerprint: string; location: { lines: { begin: number } } };
  const read = () => JSON.parse(runCli(['.', '--format', 'gitlab'], { cwd: dir }).stdout) as Issue[];
  const issues = read();
  assert.deepEqual(issues.map((i) => [i.check_name, i.categories, i.location.lines.begin]), [
    ['celery/pickle-serializer', ['Security'], 3],
    ['celery/pickle-serializer', ['Security'], 4],
    ['celery-lint/unused-suppression', ['Style'], 6],
    ['celery-lint/unused-suppression', ['Style'], 8],
  ]);
  assert.equal(new Set(issues.map((i) => i.fingerprint)).size, 4, 'the two identical suppression lines are two findings');
  fs.writeFileSync(path.join(dir, 'settings.py'), `# a comment added above\n\n${TWIN_LINES}`);
  assert.deepEqual(read().map((i) => i.fingerprint), issues.map((i) => i.fingerprint));
});

test('JUnit carries totals on the root element', () => {
  const dir = tempProject({ 'a/settings.py': TWIN_LINES, 'b/util.py': 'x = 1\n' });
  const out = runCli(['.', '--format', 'junit'], { cwd: dir });
  assert.match(out.stdout, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<testsuites name="celery-lint" tests="5" failures="4" errors="0">\n/);
  assert.match(out.stdout, /<testsuite name="b\/util\.py" tests="1" failures="0" errors="0">/);
});

test('a JSON report too large for one piece is written in pieces that make the same report, to standard output and to --output-file', () => {
  // Past 1 MiB the report is made and written piece by piece (formatters/json.ts): each file's entry whole, commas between.
  const files: Record<string, string> = { 'settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\n" };
  const deep = 'a_package_with_a_rather_long_name/another_fairly_long_package_name/and_a_third_one_to_make_paths_long';
  for (let i = 0; i < 4000; i++) files[`${deep}/module_${i}.py`] = 'x = 1\n';
  const dir = tempProject(files);
  const stdout = runCli(['.', '--format', 'json'], { cwd: dir }).stdout;
  assert.ok(stdout.length > 1024 * 1024, `${stdout.length} characters: one piece`);
  runCli(['.', '--format', 'json', '--output-file', 'report.json'], { cwd: dir });
  assert.equal(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'), stdout);
  assert.ok(stdout.endsWith(']\n'));
  const report = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>;
  assert.equal(report.length, 4001);
  assert.deepEqual(new Set(report.map((r) => path.relative(dir, r.filePath))), new Set(Object.keys(files)));
  assert.deepEqual(report.find((r) => r.filePath.endsWith('settings.py'))!.messages.map((m) => m.ruleId), ['celery/no-amqp-result-backend']);
  assert.ok(report.every((r) => r.filePath.endsWith('settings.py') || r.messages.length === 0));
});
