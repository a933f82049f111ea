// The pre-filter never drops a module the app names as configuration
// (issue 13, item 9): config_from_object('proj.conf'), a config class imported
// by name, Celery(config_source=...), config_from_envvar() of a variable the
// project sets. Each module here holds only namespaced names no Celery word
// or setting prefix gives away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempProject, type JsonResult } from './run-cli';

function printConfig(files: Record<string, string>): string {
  const dir = tempProject(files);
  return runCli(['print-config', '.'], { cwd: dir }).stdout;
}

const CONF = "MYAPP_BROKER_URL = 'redis://queue/0'\n";

test('a module named by config_from_object() is read whatever its text', () => {
  const out = printConfig({
    'proj/__init__.py': '',
    'proj/conf.py': CONF,
    'proj/worker.py': "from celery import Celery\napp = Celery('proj', namespace='MYAPP')\napp.config_from_object('proj.conf')\n",
  });
  assert.match(out, /MYAPP_BROKER_URL = 'redis:\/\/queue\/0'\n {6}used as broker_url/);
  assert.doesNotMatch(out, /not among the linted files/);
});

test('a module named by Celery(config_source=...), by an imported config class, or by a variable config_from_envvar() reads is read too', () => {
  const out = printConfig({
    'proj/__init__.py': '',
    'proj/conf.py': CONF,
    'proj/classes.py': "class Config:\n    MYAPP_RESULT_BACKEND = 'rpc://'\n",
    'proj/envconf.py': "MYAPP_TASK_SERIALIZER = 'yaml'\n",
    'proj/a.py': "from celery import Celery\napp = Celery('a', namespace='MYAPP', config_source='proj.conf')\n",
    'proj/b.py': "from celery import Celery\nfrom proj.classes import Config\napp = Celery('b', namespace='MYAPP')\napp.config_from_object(Config)\n",
    'proj/c.py': "import os\nfrom celery import Celery\nos.environ['PROJ_CONF'] = 'proj.envconf'\napp = Celery('c', namespace='MYAPP')\napp.config_from_envvar('PROJ_CONF')\n",
  });
  assert.match(out, /MYAPP_BROKER_URL = 'redis:\/\/queue\/0'\n {6}used as broker_url/);
  assert.match(out, /MYAPP_RESULT_BACKEND = 'rpc:\/\/'\n {6}used as result_backend/);
  assert.match(out, /MYAPP_TASK_SERIALIZER = 'yaml'\n {6}used as task_serializer/);
  assert.doesNotMatch(out, /not among the linted files|cannot read/);
});

test('the constants a named module imports are read, whatever its settings are called', () => {
  // Real Celery 5.2.6 and 5.5.2 give cassandra_servers ('h1', 'h2') and cassandra_keyspace 'ks' here
  // (test/differential directed case f-named-module-constant); neither name matches a pre-filter pattern.
  const out = printConfig({
    'proj/__init__.py': '',
    'proj/consts.py': "HOSTS = ('h1', 'h2')\nSPACE = 'ks'\n",
    'proj/conf.py': "from proj.consts import HOSTS, SPACE\ncassandra_servers = HOSTS\ncassandra_keyspace = SPACE\n",
    'proj/worker.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.conf')\n",
  });
  assert.match(out, /cassandra_servers = \('h1', 'h2'\)\n {6}used as cassandra_servers/);
  assert.match(out, /cassandra_keyspace = 'ks'\n {6}used as cassandra_keyspace/);
  assert.doesNotMatch(out, /unknown/);
});

test('pre-commit on a config module the pre-filter turns down (broken, no Celery word) reports it, as a whole-project run does', () => {
  const dir = tempProject({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
    'proj/celeryconfig.py': 'def f(:\n    pass\n',
  });
  const named = runCli(['proj/celeryconfig.py'], { cwd: dir });
  assert.equal(named.code, 1, named.stderr);
  assert.match(named.stdout, /proj\/celeryconfig\.py\n {2}1:7 {2}error {2}Syntax error/);
  assert.equal(runCli(['.'], { cwd: dir }).stdout, named.stdout);
});

test('each project of a monorepo pulls in only its own modules: a config module another project names the same way is read, reported and fixed once', () => {
  const service = (config: boolean): Record<string, string> => ({
    'pyproject.toml': '[tool.celery-lint]\n',
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
    ...(config ? { 'proj/celeryconfig.py': "BROKER_URL = 'redis://'\n" } : {}),
  });
  const files: Record<string, string> = { '.git/HEAD': 'ref: refs/heads/main\n' };
  for (const [rel, text] of Object.entries(service(true))) files[`svc-a/${rel}`] = text;
  for (const [rel, text] of Object.entries(service(false))) files[`svc-b/${rel}`] = text;
  const dir = tempProject(files);
  const report = JSON.parse(runCli(['--format', 'json', '.'], { cwd: dir }).stdout) as JsonResult[];
  const config = report.find((r) => r.filePath.endsWith('svc-a/proj/celeryconfig.py'))!;
  assert.deepEqual(config.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`), ['1:1 celery/deprecated-setting-name']);
  // svc-b's app names a module its project does not have: that is said, not filled from svc-a.
  const other = runCli(['print-config', '.'], { cwd: dir }).stdout.split(/\n(?=app )/).find((part) => part.includes('svc-b/proj/celery.py'))!;
  assert.match(other, /\? configuration is loaded from proj\.celeryconfig, which is not among the linted files/);
  assert.doesNotMatch(other, /'redis:\/\/'/);
  const fixed = runCli(['--fix', '--unsafe-fixes', '.'], { cwd: dir });
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.equal(fs.readFileSync(path.join(dir, 'svc-a', 'proj', 'celeryconfig.py'), 'utf8'), "broker_url = 'redis://'\n");
});

test("a run over named files does not report the broken pyproject.toml of a project their closure does not touch (its files are only context)", () => {
  const dir = tempProject({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'proj/__init__.py': '',
    'proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n",
    'proj/celeryconfig.py': "result_serializer = 'pickle'\n",
    'tools/pyproject.toml': '[tool.celery-lint]\nselect = 5\n',
    'tools/helpers.py': 'X = 1\n',
  });
  const named = runCli(['proj/celeryconfig.py'], { cwd: dir });
  assert.equal(named.code, 1, named.stderr);
  assert.doesNotMatch(named.stderr, /tools\/pyproject\.toml/);
  // Linting that project is what reports it.
  const whole = runCli(['.'], { cwd: dir });
  assert.equal(whole.code, 2);
  assert.match(whole.stderr, /'select' in \[tool\.celery-lint\] of .*tools\/pyproject\.toml must be a list of strings/);
});
