// The command line as Ruff and ESLint users expect it (issue 16, items 1, 2
// and 7): a rejected line does nothing, options never swallow paths, and
// rule names are accepted short or long wherever ids are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findings, REPO, runCli, tempProject } from './run-cli';

const SETTINGS = "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://'\nCELERY_TASK_SERIALIZER = 'pickle'\nCELERY_ACCEPT_CONTENT = ['json', 'pickle']  # noqa: celery/no-amqp-result-backend\n";
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** A project whose files must come out of every rejected command line byte for byte. */
function untouched(): { dir: string; check(): void } {
  const dir = tempProject({ 'settings.py': SETTINGS });
  return { dir, check: () => assert.deepEqual([fs.readFileSync(path.join(dir, 'settings.py'), 'utf8'), fs.readdirSync(dir)], [SETTINGS, ['settings.py']]) };
}

test('a rejected command line prints one line, exits 2 and lints and writes nothing', () => {
  const project = untouched();
  const cases: Array<[string[], RegExp]> = [
    [['--unsafe-fix', '.'], /^celery-lint: unknown option '--unsafe-fix' \(did you mean '--unsafe-fixes'\?\); see 'celery-lint --help'\n$/],
    [['--fix', '--bogus', '.'], /^celery-lint: unknown option '--bogus'; see 'celery-lint --help'\n$/],
    [['--fix', '--format', 'jsno', '.'], /^celery-lint: --format must be one of stylish, json, sarif, github, gitlab, junit; got 'jsno' \(did you mean 'json'\?\)\n$/],
    [['--fix', '.', '--format'], /^celery-lint: --format needs a value \(FORMAT\)\n$/],
    [['--fix', '--max-warnings', 'abc', '.'], /^celery-lint: --max-warnings takes a whole number of 0 or more; got 'abc'\n$/],
    [['--fix=yes', '.'], /^celery-lint: --fix takes no value; got 'yes'\n$/],
    [['--fix', '-x', '.'], /^celery-lint: unknown option '-x'; see 'celery-lint --help'\n$/],
    [['--fix', '--select', 'securty', '.'], /^celery-lint: 'securty' is neither a rule id nor a category \(see `celery-lint rules`\)\n$/],
    [['rules', '--fix'], /^celery-lint: --fix is not an option for 'rules' \(it belongs to 'celery-lint \[PATH\.\.\.\]'\)\n$/],
    [['rule'], /^celery-lint: 'rule' needs a rule id: celery-lint rule ID \(see 'celery-lint rules'\)\n$/],
    [['rule', 'a', 'b'], /^celery-lint: 'rule' takes one ID; got also 'b'\n$/],
    [['rules', 'extra'], /^celery-lint: 'rules' takes no arguments; got 'extra'\n$/],
    [['print-config'], /^celery-lint: 'print-config' needs at least one PATH: celery-lint print-config \[OPTIONS\] PATH\.\.\.\n$/],
    [['--fix', ''], /^celery-lint: an empty path was given\n$/],
    [['--fix', '--stdin', '.'], /^celery-lint: --stdin needs --stdin-filename/],
  ];
  for (const [args, message] of cases) {
    const out = runCli(args, { cwd: project.dir });
    assert.equal(out.code, 2, `${args.join(' ')}: ${out.stderr}`);
    assert.match(out.stderr, message, args.join(' '));
    assert.equal(out.stdout, '', `${args.join(' ')} printed a report`);
    project.check();
  }
});

test('--version prints the version from package.json; -h and --help print the help, and win over the rest of the line', () => {
  const version = runCli(['--version', '--fix', '.']);
  assert.deepEqual([version.code, version.stdout, version.stderr], [0, `${VERSION}\n`, '']);
  const project = untouched();
  for (const flag of ['-h', '--help']) {
    const help = runCli(['--fix', flag, '--bogus'], { cwd: project.dir });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^celery-lint \S+: lint the Python code that configures Celery and Django\n\nUsage: celery-lint \[OPTIONS\] \[PATH\.\.\.\]\n/);
    assert.match(help.stdout, /^ {6}--fix {2,}apply safe fixes to the files$/m);
    project.check();
  }
  const sub = runCli(['print-config', '--help']);
  assert.match(sub.stdout, /^Usage: celery-lint print-config \[OPTIONS\] PATH\.\.\.\n/);
  assert.doesNotMatch(sub.stdout, /--fix/);
});

test('lists are one comma-separated value, so options never swallow paths; -- ends options and keeps the paths after it', () => {
  const dir = tempProject({ 'a/settings.py': SETTINGS, 'b/settings.py': SETTINGS });
  const run = (...args: string[]) => {
    const out = runCli(['--format', 'json', ...args], { cwd: dir });
    assert.equal(out.stderr, '', args.join(' '));
    return findings(out.stdout, dir);
  };
  // `--select security a` lints a with the security rules (it used to read `a` as a rule name).
  assert.deepEqual(run('--select', 'security', 'a'), ['a/settings.py:3:26 celery/pickle-serializer', 'a/settings.py:4:34 celery/pickle-serializer']);
  assert.deepEqual(run('--select=security,correctness', 'b'), run('b', '--select', 'security', '--select', 'correctness'));
  assert.deepEqual(run('--ignore', 'security,style', 'a', 'b'), ['a/settings.py:2:25 celery/no-amqp-result-backend', 'b/settings.py:2:25 celery/no-amqp-result-backend']);
  // Everything after `--` is a path, even when it looks like an option or a command; `-- a` lints a only.
  assert.deepEqual(run('--select', 'security', '--', 'a'), ['a/settings.py:3:26 celery/pickle-serializer', 'a/settings.py:4:34 celery/pickle-serializer']);
  fs.mkdirSync(path.join(dir, 'rules'));
  fs.writeFileSync(path.join(dir, 'rules', 'settings.py'), SETTINGS);
  assert.deepEqual(run('--select', 'correctness', '--', 'rules'), ['rules/settings.py:2:25 celery/no-amqp-result-backend']);
  // Short options take their value attached too.
  assert.deepEqual(run('-fjson', '--select', 'correctness', 'a'), ['a/settings.py:2:25 celery/no-amqp-result-backend']);
});

test('short rule names work wherever ids do: rule, --select, --ignore, --severity, pyproject.toml and per-file-ignores', () => {
  const page = runCli(['rule', 'unused-suppression']);
  assert.equal(page.code, 0, page.stderr);
  assert.match(page.stdout, /^# celery-lint\/unused-suppression\n/);
  const unknown = runCli(['rule', 'pickle-serialiser']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, "celery-lint: unknown rule 'pickle-serialiser' (did you mean 'pickle-serializer'?); see 'celery-lint rules'\n");

  const dir = tempProject({
    'pyproject.toml': '[tool.celery-lint]\nignore = ["unused-suppression"]\nseverity = { "pickle-serializer" = "warn" }\n[tool.celery-lint.per-file-ignores]\n"legacy/*" = ["no-amqp-result-backend"]\n',
    'app/settings.py': SETTINGS,
    'legacy/settings.py': SETTINGS,
  });
  const out = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.equal(out.stderr, '');
  const results = JSON.parse(out.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; severity: number; line: number }> }>;
  const seen = results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId} ${m.severity}`)).sort();
  assert.deepEqual(seen, [
    'app/settings.py:2 celery/no-amqp-result-backend 2',
    'app/settings.py:3 celery/pickle-serializer 1',
    'app/settings.py:4 celery/pickle-serializer 1',
    'legacy/settings.py:3 celery/pickle-serializer 1',
    'legacy/settings.py:4 celery/pickle-serializer 1',
  ]);
  assert.deepEqual(findings(runCli(['app', '--format', 'json', '--select', 'no-amqp-result-backend,pickle-serializer', '--ignore', 'pickle-serializer'], { cwd: dir }).stdout, dir), [
    'app/settings.py:2:25 celery/no-amqp-result-backend',
  ]);
  const severity = JSON.parse(runCli(['app', '--format', 'json', '--select', 'no-amqp-result-backend', '--severity', 'no-amqp-result-backend=warn'], { cwd: dir }).stdout) as Array<{ messages: Array<{ severity: number }> }>;
  assert.deepEqual(severity[0]!.messages.map((m) => m.severity), [1]);
});

test('`warn` means `warning` in pyproject.toml, and a TOML syntax error names the line and column', () => {
  const dir = tempProject({ 'pyproject.toml': '[tool.celery-lint]\nseverity = { "celery/pickle-serializer" = "warn" }\n', 'settings.py': SETTINGS });
  const warned = JSON.parse(runCli(['.', '--format', 'json', '--select', 'pickle-serializer'], { cwd: dir }).stdout) as Array<{ messages: Array<{ severity: number }> }>;
  assert.deepEqual(warned[0]!.messages.map((m) => m.severity), [1, 1]);
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.celery-lint]\nselect = ["security"\nignore = []\n');
  const broken = runCli(['.'], { cwd: dir });
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /^celery-lint: \/.*\/pyproject\.toml is not valid TOML \(line 3, column 1: .+\)\n$/);
});

test('print-config explains itself when it finds no configuration, and refuses a file that is not Python', () => {
  const dir = tempProject({ 'util.py': 'def f():\n    return 1\n', 'notes.md': '# notes\n', 'tool': '#!/usr/bin/env python3\nimport os\n' });
  const empty = runCli(['print-config', '.'], { cwd: dir });
  assert.equal(empty.code, 0);
  assert.match(empty.stdout, /^No Celery or Django configuration found in the 1 file checked\.\nA configuration is a Celery app/);
  const notPython = runCli(['print-config', 'notes.md'], { cwd: dir });
  assert.deepEqual([notPython.code, notPython.stdout, notPython.stderr], [2, '', 'celery-lint: notes.md is not a Python file; print-config reads Python modules (or a directory of them)\n']);
  // A script whose first line runs Python is Python, whatever its name.
  assert.equal(runCli(['print-config', 'tool'], { cwd: dir }).code, 0);
});
