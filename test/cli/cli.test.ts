import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findings, runCli, tempProject, type JsonResult } from './run-cli';

const AMQP_SETTINGS = "# 설정 😀 주석\nSECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://호스트'  # 한국어 🚀\n";

test('exit 0 on a clean project, saying how many files were checked', () => {
  const dir = tempProject({ 'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\n", 'proj/util.py': 'def f():\n    return 1\n' });
  const { code, stdout, stderr } = runCli(['.'], { cwd: dir });
  assert.equal(stderr, '');
  assert.equal(stdout, 'All checks passed! (2 files checked)\n');
  assert.equal(code, 0);
  assert.equal(runCli(['.', '--quiet'], { cwd: dir }).stdout, '');
});

test('stylish shows position, message, rule, the source line with a caret, and a summary', () => {
  const dir = tempProject({ 'settings.py': AMQP_SETTINGS });
  const { code, stdout } = runCli(['settings.py'], { cwd: dir });
  assert.equal(code, 1);
  const lines = stdout.split('\n');
  assert.equal(lines[1], 'settings.py');
  assert.match(lines[2]!, /^ {2}3:25 {2}error {2}result_backend is 'amqp:\/\/호스트': .* {2}celery\/no-amqp-result-backend$/);
  assert.equal(lines[3], "    3 | CELERY_RESULT_BACKEND = 'amqp://호스트'  # 한국어 🚀");
  // The caret sits under the literal; the Korean characters are two columns wide each.
  assert.equal(lines[4], `      | ${' '.repeat(24)}${'^'.repeat(9 + 6)}`);
  assert.match(stdout, /✖ 1 problem \(1 error, 0 warnings\)/);
  assert.match(stdout, /1 more problem fixable with `--fix --unsafe-fixes`/);
});

test('colours follow NO_COLOR and FORCE_COLOR', () => {
  const dir = tempProject({ 'settings.py': AMQP_SETTINGS });
  assert.ok(!runCli(['settings.py'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout.includes('\u001b['));
  assert.ok(runCli(['settings.py'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout.includes('\u001b[31m'));
  assert.ok(!runCli(['settings.py'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } }).stdout.includes('\u001b['), 'no colour when not a TTY');
});

test('json is ESLint-shaped, 1-based, with UTF-16 columns after Korean and emoji', () => {
  const dir = tempProject({ 'settings.py': AMQP_SETTINGS });
  const { code, stdout } = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.equal(code, 1);
  const [result] = JSON.parse(stdout) as JsonResult[];
  assert.equal(result!.filePath, fs.realpathSync(path.join(dir, 'settings.py')).replace(fs.realpathSync(dir), dir));
  assert.equal(result!.errorCount, 1);
  assert.equal(result!.warningCount, 0);
  // The only fix is unsafe: not fixable unless --unsafe-fixes says so.
  assert.equal(result!.fixableErrorCount, 0);
  assert.equal((JSON.parse(runCli(['.', '--format', 'json', '--unsafe-fixes'], { cwd: dir }).stdout) as JsonResult[])[0]!.fixableErrorCount, 1);
  const [message] = result!.messages;
  assert.deepEqual(
    { ruleId: message!.ruleId, severity: message!.severity, line: message!.line, column: message!.column, endLine: message!.endLine, endColumn: message!.endColumn },
    { ruleId: 'celery/no-amqp-result-backend', severity: 2, line: 3, column: 25, endLine: 3, endColumn: 37 },
  );
  // The fix range is in UTF-16 code units of the file's text, as ESLint's are.
  const text = AMQP_SETTINGS;
  assert.equal(text.slice(message!.fix!.range[0], message!.fix!.range[1]), "'amqp://호스트'");
  assert.equal(message!.fix!.text, "'rpc://'");
  assert.equal((message!.fix as { applicability?: string }).applicability, 'unsafe');
});

test('--fix applies only safe fixes; --fix --unsafe-fixes applies unsafe ones and rewrites the file', () => {
  const dir = tempProject({ 'settings.py': AMQP_SETTINGS });
  const file = path.join(dir, 'settings.py');
  assert.equal(runCli(['settings.py', '--fix'], { cwd: dir }).code, 1);
  assert.equal(fs.readFileSync(file, 'utf8'), AMQP_SETTINGS, 'the only fix is unsafe, so --fix leaves the file alone');
  assert.equal(runCli(['settings.py', '--unsafe-fixes'], { cwd: dir }).code, 1);
  assert.equal(fs.readFileSync(file, 'utf8'), AMQP_SETTINGS, '--unsafe-fixes alone only shows unsafe fixes as available, as in Ruff');
  const { code } = runCli(['settings.py', '--fix', '--unsafe-fixes'], { cwd: dir });
  assert.equal(code, 0);
  assert.equal(fs.readFileSync(file, 'utf8'), AMQP_SETTINGS.replace("'amqp://호스트'", "'rpc://'"));
  assert.deepEqual(fs.readdirSync(dir), ['settings.py'], 'no temporary file is left behind');
});

test('--diff shows what fixing would change and writes nothing', () => {
  const dir = tempProject({ 'settings.py': AMQP_SETTINGS });
  const { stdout } = runCli(['settings.py', '--diff', '--unsafe-fixes'], { cwd: dir });
  assert.equal(
    stdout,
    "--- a/settings.py\n+++ b/settings.py\n@@ -1,3 +1,3 @@\n # 설정 😀 주석\n SECRET_KEY = 'x'\n-CELERY_RESULT_BACKEND = 'amqp://호스트'  # 한국어 🚀\n+CELERY_RESULT_BACKEND = 'rpc://'  # 한국어 🚀\n",
  );
  assert.equal(fs.readFileSync(path.join(dir, 'settings.py'), 'utf8'), AMQP_SETTINGS);
});

test('--stdin lints text from standard input under the given file name', () => {
  const dir = tempProject({});
  const { code, stdout } = runCli(['--stdin', '--stdin-filename', 'proj/settings.py', '--format', 'json'], { cwd: dir, input: AMQP_SETTINGS });
  assert.equal(code, 1);
  const [result] = JSON.parse(stdout) as JsonResult[];
  assert.equal(result!.filePath, path.join(dir, 'proj', 'settings.py'));
  assert.equal(result!.messages[0]!.ruleId, 'celery/no-amqp-result-backend');
});

test('usage errors exit 2 with one line naming what to fix', () => {
  const unknownOption = runCli(['--no-such-option']);
  assert.equal(unknownOption.code, 2);
  assert.match(unknownOption.stderr, /^celery-lint: unknown option '--no-such-option'/);
  const badSeverity = runCli(['--severity', 'celery/nope=error', 'examples']);
  assert.equal(badSeverity.code, 2);
  assert.equal(badSeverity.stderr, "celery-lint: --severity names an unknown rule 'celery/nope' (see `celery-lint rules`)\n");
  const missing = runCli(['does/not/exist']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or directory: does\/not\/exist/);
  const stdinWithoutName = runCli(['--stdin']);
  assert.equal(stdinWithoutName.code, 2);
});

test('--select, --ignore, --severity, --quiet, --max-warnings and --exit-zero shape the run', () => {
  const dir = tempProject({
    'settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\nCELERY_TASK_SERIALIZER = 'pickle'\nCELERY_ACCEPT_CONTENT = ['json', 'pickle']\n",
  });
  const only = (args: string[]) => findings(runCli(['.', '--format', 'json', ...args], { cwd: dir }).stdout, dir);
  assert.deepEqual(only(['--select', 'security']), ['settings.py:3:26 celery/pickle-serializer', 'settings.py:4:34 celery/pickle-serializer']);
  assert.deepEqual(only(['--ignore', 'celery/pickle-serializer']), ['settings.py:2:25 celery/no-amqp-result-backend']);
  const warned = JSON.parse(runCli(['.', '--format', 'json', '--severity', 'celery/no-amqp-result-backend=warning', '--select', 'celery/no-amqp-result-backend'], { cwd: dir }).stdout) as JsonResult[];
  assert.equal(warned[0]!.messages[0]!.severity, 1);
  const warningsOnly = ['.', '--select', 'celery/no-amqp-result-backend', '--severity', 'celery/no-amqp-result-backend=warning'];
  assert.equal(runCli([...warningsOnly, '--max-warnings', '1'], { cwd: dir }).code, 0);
  assert.equal(runCli([...warningsOnly, '--max-warnings', '0'], { cwd: dir }).code, 1);
  assert.equal(runCli([...warningsOnly, '--quiet'], { cwd: dir }).stdout, '');
  assert.equal(runCli(['.', '--exit-zero'], { cwd: dir }).code, 0);
});

test('a non-UTF-8 file gets a clear error and the other files are still linted', () => {
  const dir = tempProject({ 'bad/settings.py': Buffer.from([0x43, 0x45, 0x4c, 0x45, 0x52, 0x59, 0x5f, 0x58, 0x20, 0x3d, 0x20, 0x27, 0xff, 0xfe, 0x27, 0x0a]), 'good/settings.py': AMQP_SETTINGS });
  const { code, stdout } = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.equal(code, 1);
  const results = JSON.parse(stdout) as JsonResult[];
  const bad = results.find((r) => r.filePath.endsWith(path.join('bad', 'settings.py')))!;
  assert.equal(bad.messages[0]!.ruleId, 'celery-lint/file-error');
  assert.equal(bad.messages[0]!.fatal, true);
  assert.match(bad.messages[0]!.message, /not valid UTF-8 \(first bad byte at offset 12\)/);
  assert.deepEqual(findings(stdout, dir).filter((f) => f.startsWith('good')), ['good/settings.py:3:25 celery/no-amqp-result-backend']);
});

test('a syntax error is reported and what still parses is linted', () => {
  const dir = tempProject({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_BROKER_URL = (\nCELERY_RESULT_BACKEND = 'amqp://'\n\ndef f(:\n    pass\nCELERY_TASK_SERIALIZER = 'pickle'\n" });
  const { stdout } = runCli(['.', '--format', 'json'], { cwd: dir });
  const ids = findings(stdout, dir).map((f) => f.split(' ')[1]);
  assert.ok(ids.includes('celery-lint/syntax-error'));
  assert.ok(ids.includes('celery/pickle-serializer'), `${ids}`);
});

test('.gitignore, virtualenvs and node_modules are skipped; files that cannot configure Celery are not parsed', () => {
  const dir = tempProject({
    '.gitignore': 'ignored/\n*.generated.py\n',
    'ignored/settings.py': AMQP_SETTINGS,
    'x.generated.py': AMQP_SETTINGS,
    '.venv/pyvenv.cfg': 'home = /usr\n',
    '.venv/lib/settings.py': AMQP_SETTINGS,
    'node_modules/pkg/settings.py': AMQP_SETTINGS,
    // Broken Python that mentions nothing Celery-like: the pre-filter skips it, so no syntax error is reported.
    'broken_unrelated.py': 'def (((:\n',
    'kept/settings.py': AMQP_SETTINGS,
  });
  const { stdout } = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.deepEqual(findings(stdout, dir), ['kept/settings.py:3:25 celery/no-amqp-result-backend']);
  // A file named explicitly is linted even when .gitignore covers it.
  assert.deepEqual(findings(runCli(['ignored/settings.py', '--format', 'json'], { cwd: dir }).stdout, dir), ['ignored/settings.py:3:25 celery/no-amqp-result-backend']);
});

test('empty files, a huge file and thousands of unrelated files do not crash the run', () => {
  const files: Record<string, string> = { 'empty.py': '', 'settings.py': AMQP_SETTINGS };
  for (let i = 0; i < 2000; i++) files[`pkg${i % 20}/mod${i}.py`] = `def f${i}(x):\n    return x * ${i}\n`;
  files['huge.py'] = `# celery settings\n${'X = 1\n'.repeat(2_000_000)}`;
  const dir = tempProject(files);
  const { code, stdout } = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.equal(code, 1);
  const results = JSON.parse(stdout) as JsonResult[];
  assert.equal(results.length, 2003);
  const huge = results.find((r) => r.filePath.endsWith('huge.py'))!;
  assert.match(huge.messages[0]!.message, /larger than the 10 MB celery-lint reads/);
  assert.deepEqual(findings(stdout, dir).filter((f) => !f.startsWith('huge')), ['settings.py:3:25 celery/no-amqp-result-backend']);
});

test('`rules` lists every rule and `rule <id>` prints its doc page', () => {
  const rules = runCli(['rules']);
  assert.equal(rules.code, 0);
  assert.match(rules.stdout, /^celery\/no-amqp-result-backend +correctness +error +unsafe fix +The AMQP result backend/m);
  const page = runCli(['rule', 'celery/pickle-serializer']);
  assert.equal(page.code, 0);
  assert.match(page.stdout, /^# celery\/pickle-serializer\n/);
  assert.match(page.stdout, /## Fix safety/);
  assert.equal(runCli(['rule', 'celery/nope']).code, 2);
});

test('--celery-version picks the target release and rejects unknown ones', () => {
  const dir = tempProject({ 'celeryconfig.py': "broker_connection_retry_on_startup = True\nbroker_url = 'redis://'\n" });
  const status = (version: string) => {
    const out = runCli(['print-config', '.', '--format', 'json', '--celery-version', version], { cwd: dir });
    return (JSON.parse(out.stdout) as Array<{ bindings: Array<{ key: string; status: string }> }>)[0]!.bindings[0]!.status;
  };
  assert.equal(status('5.2'), 'ignored');
  assert.equal(status('5.6'), 'used');
  const bad = runCli(['.', '--celery-version', '9.9'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--celery-version '9\.9' is not a Celery release celery-lint knows/);
});

test('suppression comments silence findings on their line or file, and unused ones are reported and removed by --fix', () => {
  const source =
    "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'  # noqa: celery/no-amqp-result-backend\nCELERY_TASK_SERIALIZER = 'json'  # celery-lint: disable=celery/pickle-serializer -- stale\n";
  const dir = tempProject({ 'settings.py': source });
  const before = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.deepEqual(findings(before.stdout, dir), ['settings.py:3:34 celery-lint/unused-suppression']);
  assert.equal(runCli(['.', '--fix'], { cwd: dir }).code, 0);
  assert.equal(
    fs.readFileSync(path.join(dir, 'settings.py'), 'utf8'),
    "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'  # noqa: celery/no-amqp-result-backend\nCELERY_TASK_SERIALIZER = 'json'\n",
  );
  // Deselecting the rule a directive names does not make the directive "unused".
  assert.equal(runCli(['.', '--ignore', 'celery/no-amqp-result-backend'], { cwd: dir }).code, 0);
});

test('github format emits one workflow annotation per finding', () => {
  const dir = tempProject({ 'proj/settings.py': AMQP_SETTINGS });
  const { code, stdout } = runCli(['.', '--format', 'github'], { cwd: dir });
  assert.equal(code, 1);
  assert.match(
    stdout,
    /^::error file=proj\/settings\.py,line=3,col=25,endLine=3,endColumn=37,title=celery\/no-amqp-result-backend::result_backend is 'amqp:\/\/호스트': the AMQP result backend/,
  );
  assert.equal(stdout.trim().split('\n').length, 1);
});

test('a file named alone is judged with its project in view, and only it is reported', () => {
  const dir = tempProject({
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.production')\n",
    'proj/__init__.py': '',
    'proj/settings/__init__.py': '',
    'proj/settings/base.py': "import os\nSECRET_KEY = 'x'\nRABBITMQ_URL = 'amqp://{}@rabbit//'.format(os.getenv('U'))\nCELERY_RESULT_BACKEND = 'amqp://old'\n",
    'proj/settings/production.py': 'from .base import *\nCELERY_RESULT_BACKEND = RABBITMQ_URL\n',
    'proj/other/settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\n",
  });
  const { code, stdout } = runCli(['proj/settings/production.py', '--format', 'json'], { cwd: dir });
  assert.equal(code, 1);
  // RABBITMQ_URL comes from base.py, which was read but is not reported; other/settings.py is not reported either.
  assert.deepEqual(findings(stdout, dir), ['proj/settings/production.py:2:25 celery/no-amqp-result-backend']);
});

test('junit, gitlab and --statistics report the same findings in their own shapes', () => {
  const dir = tempProject({ 'settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\nCELERY_ACCEPT_CONTENT = ['json', 'pickle']\nCELERY_EVENT_SERIALIZER = 'pickle'\n" });
  const junit = runCli(['.', '--format', 'junit'], { cwd: dir });
  assert.equal(junit.code, 1);
  assert.match(junit.stdout, /<testsuite name="settings\.py" tests="3" failures="3" errors="0">/);
  assert.match(junit.stdout, /<testcase classname="settings\.py" name="celery\/no-amqp-result-backend at 2:25">\n\s+<failure type="celery\/no-amqp-result-backend" message="result_backend is &apos;amqp:\/\/&apos;/);
  const gitlab = JSON.parse(runCli(['.', '--format', 'gitlab'], { cwd: dir }).stdout) as Array<{ check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }>;
  assert.deepEqual(gitlab.map((i) => [i.check_name, i.location.path, i.location.lines.begin, i.severity]), [
    ['celery/no-amqp-result-backend', 'settings.py', 2, 'major'],
    ['celery/pickle-serializer', 'settings.py', 3, 'major'],
    ['celery/pickle-serializer', 'settings.py', 4, 'major'],
  ]);
  assert.equal(new Set(gitlab.map((i) => i.fingerprint)).size, 3);
  // Only fixes this run would apply count as fixable: the amqp one is unsafe.
  assert.equal(runCli(['.', '--statistics'], { cwd: dir }).stdout, '    2  celery/pickle-serializer\n    1  celery/no-amqp-result-backend\n');
  assert.equal(runCli(['.', '--statistics', '--unsafe-fixes'], { cwd: dir }).stdout, '    2  celery/pickle-serializer\n    1  celery/no-amqp-result-backend  (1 fixable)\n');
});

test('tasks in a module that never says "celery" (@app.task with the app imported from elsewhere) are seen by beat-task-unknown', () => {
  const dir = tempProject({
    'pyproject.toml': '[project]\nname = "w"\n',
    'worker/__init__.py': '',
    'worker/app.py': "from celery import Celery\napp = Celery('worker')\napp.config_from_object('worker.celeryconfig')\n",
    'worker/jobs.py': 'from worker.app import app\n\n\n@app.task(bind=True)\ndef sync(self):\n    return 1\n',
    'worker/celeryconfig.py': "broker_url = 'redis://'\nbeat_schedule = {'a': {'task': 'worker.jobs.sync', 'schedule': 30.0}, 'b': {'task': 'worker.jobs.synk', 'schedule': 30.0}}\n",
  });
  const out = runCli(['.', '--format', 'json', '--select', 'celery/beat-task-unknown'], { cwd: dir });
  assert.deepEqual(findings(out.stdout, dir), ['worker/celeryconfig.py:2:85 celery/beat-task-unknown']);
  assert.match(out.stdout, /did you mean 'worker\.jobs\.sync'\?/);
});
