// Configuration shapes real projects use (issue 14 item 6), through the real
// CLI. What Celery receives was checked with Debian's Celery 5.2.6
// (/usr/bin/python3) and a plain dict standing in for Flask's app.config (Flask
// is not installed; its from_object() copies a class's UPPERCASE attributes,
// which the stand-in does by hand): a prefix-filter comprehension hands Celery
// the rewritten keys with their values, through conf.update(), dict(...) and
// Celery(**...) alike; config_source picked by an `if` is one of its branches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, runCli, tempProject } from './run-cli';

interface Binding {
  readonly key: string;
  readonly status: string;
  readonly origin: string;
  readonly value?: unknown;
  readonly file: string;
  readonly line: number;
}
interface Configuration {
  readonly kind: string;
  readonly name: string;
  readonly bindings: Binding[];
  readonly opaqueSources: Array<{ reason: string }>;
}

function appConfiguration(dir: string, name: string): Configuration {
  const out = runCli(['print-config', '--format', 'json', '.'], { cwd: dir });
  assert.equal(out.stderr, '');
  const app = (JSON.parse(out.stdout) as Configuration[]).find((c) => c.kind === 'app' && c.name === name);
  assert.ok(app, `no configuration for app ${name}`);
  return app;
}

const keys = (config: Configuration) => config.bindings.map((b) => `${b.key}@${b.file.split('/').pop()}:${b.line}`).sort();

const FLASK_CONFIG = [
  'class Config(object):',
  "    SECRET_KEY = 'x'",
  "    CELERY_BROKER_URL = 'redis://localhost:6379/0'",
  "    CELERY_TASK_SERIALIZER = 'pickle'",
  '    CELERY_TASK_IGNOR_RESULT = True',
  '    lowercase_thing = 1',
  '',
].join('\n');

test('a Flask config class loaded with from_object and passed through a prefix filter gives Celery its CELERY_ keys, rewritten', () => {
  const dir = tempProject({
    'proj/__init__.py': '',
    'proj/config.py': FLASK_CONFIG,
    'proj/app.py': [
      'from flask import Flask',
      'from celery import Celery',
      'from proj.config import Config',
      '',
      'app = Flask(__name__)',
      'app.config.from_object(Config)',
      "app.config['CELERY_WORKER_PREFETCH_MULTIPLIER'] = 0",
      '',
      'celery = Celery(app.import_name)',
      "celery.conf.update({k[7:].lower(): v for k, v in app.config.items() if k.startswith('CELERY_')})",
      '',
    ].join('\n'),
  });
  const config = appConfiguration(dir, 'celery');
  assert.deepEqual(keys(config), ['broker_url@config.py:3', 'task_ignor_result@config.py:5', 'task_serializer@config.py:4', 'worker_prefetch_multiplier@app.py:7']);
  assert.deepEqual(config.opaqueSources, []);
  assert.equal(config.bindings.find((b) => b.key === 'task_serializer')?.value, 'pickle');
  const out = runCli(['--format', 'json', '.'], { cwd: dir });
  assert.deepEqual(findings(out.stdout, dir), [
    'proj/app.py:7:51 celery/prefetch-unlimited',
    'proj/config.py:4:30 celery/accept-content-mismatch',
    'proj/config.py:4:30 celery/pickle-serializer',
    'proj/config.py:5:5 celery/unknown-setting',
  ]);
});

test('dict(generator), replace() with a count and Celery(**...) fold the same way; a write celery-lint cannot read leaves "may"', () => {
  const dir = tempProject({
    'proj/__init__.py': '',
    'proj/app.py': [
      'from flask import Flask',
      'from celery import Celery',
      '',
      'app = Flask(__name__)',
      "app.config.update(CELERY_BROKER_URL='redis://r:6379/0', CELERY_TASK_SERIALIZER='pickle')",
      "app.config.from_pyfile('settings.cfg')",
      '',
      "config = {'CELERY_RESULT_SERIALIZER': 'pickle', 'OTHER': 1}",
      "celery = Celery(app.import_name, **{k[7:].lower(): v for k, v in app.config.items() if k.startswith('CELERY_')})",
      "celery.conf.update(dict((k.replace('CELERY_', '', 1).lower(), v) for k, v in config.items() if k.startswith('CELERY_')))",
      '',
    ].join('\n'),
  });
  const config = appConfiguration(dir, 'celery');
  assert.deepEqual(keys(config), ['broker_url@app.py:5', 'result_serializer@app.py:8', 'task_serializer@app.py:5']);
  // from_pyfile() may add CELERY_ keys celery-lint does not see: said, not guessed.
  assert.deepEqual(config.opaqueSources.map((o) => o.reason), ['Celery(**…) with keyword arguments celery-lint cannot read']);
  const out = runCli(['--format', 'json', '.'], { cwd: dir });
  assert.deepEqual(findings(out.stdout, dir), ['proj/app.py:5:80 celery/pickle-serializer', 'proj/app.py:8:39 celery/pickle-serializer']);
});

test('a comprehension over a mapping celery-lint cannot read stays opaque and invents no key', () => {
  const dir = tempProject({
    'proj/__init__.py': '',
    'proj/app.py': [
      'from celery import Celery',
      'from somewhere import settings',
      '',
      "celery = Celery('proj')",
      "celery.conf.update({k[7:].lower(): v for k, v in settings.items() if k.startswith('CELERY_')})",
      '',
    ].join('\n'),
  });
  const config = appConfiguration(dir, 'celery');
  assert.deepEqual(config.bindings, []);
  assert.deepEqual(config.opaqueSources.map((o) => o.reason), ['configuration from a mapping celery-lint cannot read']);
});

test('config_source chosen by an if between a dict of the module and an imported module reads both, as "may be"', () => {
  const dir = tempProject({
    'proj/__init__.py': '',
    'proj/celeryconfig.py': "broker_url = 'amqp://guest@rabbit//'\ntask_serializer = 'pickle'\n",
    'proj/app.py': [
      'import os',
      'from celery import Celery',
      'from proj import celeryconfig',
      '',
      "DEBUG = os.environ.get('DEBUG') == '1'",
      "LOCAL = {'broker_url': 'memory://', 'task_always_eager': True}",
      '',
      'src = LOCAL if DEBUG else celeryconfig',
      "app = Celery('proj', config_source=src)",
      '',
    ].join('\n'),
    'proj/app2.py': [
      'import os',
      'from celery import Celery',
      'import proj.celeryconfig as celeryconfig',
      '',
      "LOCAL = {'broker_url': 'memory://', 'result_serializer': 'pickle'}",
      "if os.environ.get('DEBUG'):",
      '    source = LOCAL',
      'else:',
      '    source = celeryconfig',
      "app2 = Celery('proj2', config_source=source)",
      '',
    ].join('\n'),
  });
  const first = appConfiguration(dir, 'app');
  assert.deepEqual(keys(first), ['broker_url@app.py:6', 'broker_url@celeryconfig.py:1', 'task_always_eager@app.py:6', 'task_serializer@celeryconfig.py:2']);
  const second = appConfiguration(dir, 'app2');
  assert.deepEqual(keys(second), ['broker_url@app2.py:5', 'broker_url@celeryconfig.py:1', 'result_serializer@app2.py:5', 'task_serializer@celeryconfig.py:2']);
  const text = runCli(['--format', 'json', '.'], { cwd: dir });
  const messages = (JSON.parse(text.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; message: string; line: number }> }>)
    .flatMap((r) => r.messages.filter((m) => m.ruleId === 'celery/pickle-serializer').map((m) => `${r.filePath.split('/').pop()}:${m.line} ${m.message.split(':')[0]}`))
    .sort();
  // The module is read by an app, not linted alone: its pickle is a "may be", once.
  assert.deepEqual(messages, ['app2.py:5 result_serializer may be pickle', 'celeryconfig.py:2 task_serializer may be pickle']);
});

test('from_object() given a dotted path to a class (with its bases) or to a module, and conf.update(**comprehension), fold the same way', () => {
  const dir = tempProject({
    'proj/__init__.py': '',
    'proj/config.py': "class Base:\n    CELERY_BROKER_URL = 'redis://localhost:6379/0'\n\n\nclass Prod(Base):\n    CELERY_RESULT_SERIALIZER = 'pickle'\n",
    'proj/flasksettings.py': "CELERY_TASK_SERIALIZER = 'pickle'\nCELERY_TIMEZONE = 'UTC'\nnot_upper = 1\n",
    'proj/app.py': [
      'from flask import Flask',
      'from celery import Celery',
      '',
      'app = Flask(__name__)',
      "app.config.from_object('proj.config.Prod')",
      'celery = Celery(app.import_name)',
      "celery.conf.update(**{k[7:].lower(): v for k, v in app.config.items() if k.startswith('CELERY_')})",
      '',
    ].join('\n'),
    'proj/app2.py': [
      'import flask',
      'from celery import Celery',
      '',
      'web = flask.Flask(__name__)',
      "web.config.from_object('proj.flasksettings')",
      'worker = Celery(web.import_name)',
      "worker.conf.update({k.lower().removeprefix('celery_'): v for k, v in web.config.items() if k.startswith('CELERY_')})",
      '',
    ].join('\n'),
  });
  assert.deepEqual(keys(appConfiguration(dir, 'celery')), ['broker_url@config.py:2', 'result_serializer@config.py:6']);
  assert.deepEqual(keys(appConfiguration(dir, 'worker')), ['task_serializer@flasksettings.py:1', 'timezone@flasksettings.py:2']);
});

// Airflow's DEFAULT_CELERY_CONFIG (read in apache/airflow's default_celery.py): every key is a lowercase
// Celery setting, and the CeleryExecutor gives the dict celery_config_options names to config_from_object().
test('a dict made from Airflow\'s DEFAULT_CELERY_CONFIG is a Celery configuration; Airflow\'s own entries stay unknown', () => {
  const dir = tempProject({
    'dags/__init__.py': '',
    'dags/celery_overrides.py': [
      'from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG',
      '',
      'CUSTOM_CELERY = {',
      '    **DEFAULT_CELERY_CONFIG,',
      "    'task_serializer': 'pickle',",
      "    'task_acks_lat': True,",
      '}',
      '',
    ].join('\n'),
  });
  const out = runCli(['print-config', '--format', 'json', '.'], { cwd: dir });
  const configs = (JSON.parse(out.stdout) as Configuration[]).filter((c) => c.bindings.some((b) => b.key === 'task_serializer'));
  assert.equal(configs.length, 1);
  assert.deepEqual(keys(configs[0]!), ['task_acks_lat@celery_overrides.py:6', 'task_serializer@celery_overrides.py:5']);
  assert.deepEqual(configs[0]!.opaqueSources.map((o) => o.reason), ["the rest comes from Airflow's DEFAULT_CELERY_CONFIG, whose values airflow.cfg's [celery] section decides"]);
  assert.deepEqual(findings(runCli(['--format', 'json', '.'], { cwd: dir }).stdout, dir), [
    'dags/celery_overrides.py:5:24 celery/pickle-serializer',
    'dags/celery_overrides.py:6:5 celery/unknown-setting',
  ]);
});
