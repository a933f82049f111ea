'use strict';
// Writes a synthetic project tree for the benchmark: mostly ordinary Python
// modules that cannot configure Celery, plus settings-like modules, a few of
// them several thousand lines long, plus realistic Django and Celery projects
// (settings packages, star-import chains, celery.py, celeryconfig modules).
// Deterministic, so runs are comparable.
const fs = require('node:fs');
const path = require('node:path');

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function ordinaryModule(i, random) {
  const lines = [`"""Module ${i}: business logic."""`, 'import json', 'from dataclasses import dataclass', ''];
  const functions = 5 + Math.floor(random() * 20);
  for (let f = 0; f < functions; f++) {
    lines.push(
      `def handler_${f}(payload, retries=3):`,
      `    """Handle event ${f}."""`,
      `    data = json.loads(payload)  # 한국어 주석 ${f}`,
      `    if data.get("kind") == "k${f}":`,
      `        return [x * ${f} for x in data.get("items", [])]`,
      `    return {"status": "ok", "n": ${f}, "text": f"item {data!r}"}`,
      '',
    );
  }
  lines.push('@dataclass', `class Record${i}:`, '    name: str', '    value: int = 0', '');
  return lines.join('\n');
}

function settingsModule(i, size) {
  const lines = [
    `# Settings ${i} — 설정 파일 🚀`,
    'import os',
    'from celery.schedules import crontab',
    "INSTALLED_APPS = ['django.contrib.admin', 'django_celery_results']",
    "SECRET_KEY = os.environ.get('SECRET_KEY', 'dev')",
    "RABBITMQ_URL = 'amqp://{user}:{pw}@{host}:5672//'.format(user=os.getenv('U'), pw=os.getenv('P'), host='rabbit')",
    'CELERY_BROKER_URL = RABBITMQ_URL',
    i % 3 === 0 ? "CELERY_RESULT_BACKEND = 'amqp://localhost'" : "CELERY_RESULT_BACKEND = os.environ.get('RB', 'redis://localhost/0')",
    "CELERY_ACCEPT_CONTENT = ['json']",
    "CELERY_TASK_SERIALIZER = 'json'",
    i % 5 === 0 ? "CELERY_RESULT_SERIALIZER = 'pickle'" : "CELERY_RESULT_SERIALIZER = 'json'",
    "CELERY_TIMEZONE = 'Asia/Seoul'",
    'CELERY_BEAT_SCHEDULE = {',
  ];
  for (let t = 0; t < 20; t++) lines.push(`    'task-${t}': {'task': 'app.tasks.t${t}', 'schedule': crontab(minute='*/${(t % 10) + 1}')},`);
  lines.push('}');
  let n = 0;
  while (lines.length < size) {
    lines.push(
      `FEATURE_FLAG_${n} = os.environ.get('FLAG_${n}', 'off') == 'on'`,
      `LIMITS_${n} = {'rate': '${n}/m', 'burst': ${n * 2}, 'name': "한도 ${n}"}`,
      `if LIMITS_${n}['burst'] > 10:`,
      `    CACHE_TTL_${n} = ${n} * 60`,
      'else:',
      `    CACHE_TTL_${n} = 30`,
    );
    n++;
  }
  return lines.join('\n') + '\n';
}

// --- Realistic projects (issue 4 §5): settings packages with star-import
// chains, django-environ values, celery.py apps that name their settings
// through DJANGO_SETTINGS_MODULE, and celeryconfig modules named by string.

const APPS = ['shop', 'billing', 'accounts', 'reports', 'notifications', 'search'];

function djangoBase(pkg, app, p, random) {
  const lines = [
    `"""Base settings for ${pkg} (project ${p}) — 공통 설정."""`,
    'import os',
    'from pathlib import Path',
    '',
    'import environ',
    'from celery.schedules import crontab',
    '',
    'BASE_DIR = Path(__file__).resolve().parent.parent.parent',
    "env = environ.Env(DEBUG=(bool, False), CELERY_TASK_ALWAYS_EAGER=(bool, False))",
    "environ.Env.read_env(os.path.join(BASE_DIR, '.env'))",
    '',
    "DEBUG = env('DEBUG')",
    "SECRET_KEY = env('DJANGO_SECRET_KEY', default='unsafe-dev-key')",
    "ALLOWED_HOSTS = env.list('DJANGO_ALLOWED_HOSTS', default=['localhost'])",
    `DATABASES = {'default': env.db('DATABASE_URL', default='postgres:///${pkg}_${p}')}`,
    "TIME_ZONE = 'Asia/Seoul'",
    'USE_TZ = True',
    'INSTALLED_APPS = [',
    "    'django.contrib.admin',",
    "    'django.contrib.auth',",
    "    'django.contrib.contenttypes',",
    "    'django_celery_beat',",
    `    '${app}',`,
    ']',
    'MIDDLEWARE = [',
    "    'django.middleware.security.SecurityMiddleware',",
    "    'django.contrib.sessions.middleware.SessionMiddleware',",
    ']',
    '',
    "REDIS_URL = env('REDIS_URL', default='redis://localhost:6379/0')",
    "RABBITMQ_URL = 'amqp://{user}:{password}@{host}:5672//'.format(",
    "    user=env('RABBITMQ_USER', default='guest'),",
    "    password=env('RABBITMQ_PASSWORD', default='guest'),",
    "    host=env('RABBITMQ_HOST', default='localhost'),",
    ')',
    p % 2 === 0 ? "CELERY_BROKER_URL = env('CELERY_BROKER_URL', default=RABBITMQ_URL)" : 'CELERY_BROKER_URL = REDIS_URL',
    // Every fourth project keeps the removed AMQP result backend: a finding across files.
    p % 4 === 0 ? 'CELERY_RESULT_BACKEND = RABBITMQ_URL' : "CELERY_RESULT_BACKEND = env('CELERY_RESULT_BACKEND', default=REDIS_URL)",
    "CELERY_ACCEPT_CONTENT = ['json']",
    "CELERY_TASK_SERIALIZER = 'json'",
    "CELERY_RESULT_SERIALIZER = 'json'",
    'CELERY_TIMEZONE = TIME_ZONE',
    "CELERY_TASK_ALWAYS_EAGER = env('CELERY_TASK_ALWAYS_EAGER')",
    "CELERY_TASK_TIME_LIMIT = env.int('CELERY_TASK_TIME_LIMIT', default=5 * 60)",
    'CELERY_TASK_SOFT_TIME_LIMIT = 60',
    "CELERY_WORKER_PREFETCH_MULTIPLIER = env.int('CELERY_WORKER_PREFETCH_MULTIPLIER', default=4)",
    'CELERY_BEAT_SCHEDULE = {',
  ];
  for (let t = 0; t < 8; t++) {
    // Projects 2, 6, 10, ... have a typo in one task name.
    const task = t === 5 && p % 4 === 2 ? `${app}.tasks.task_${t}x` : `${app}.tasks.task_${t}`;
    lines.push(`    '${app}-job-${t}': {'task': '${task}', 'schedule': crontab(minute='*/${t + 2}')},`);
  }
  lines.push('}', '', 'LOGGING = {', "    'version': 1,", "    'handlers': {'console': {'class': 'logging.StreamHandler'}},", "    'loggers': {'celery': {'handlers': ['console'], 'level': env('CELERY_LOG_LEVEL', default='INFO')}},", '}');
  const extra = 100 + Math.floor(random() * 300);
  for (let n = 0; lines.length < extra; n++) {
    lines.push(
      `FEATURE_${n} = env.bool('FEATURE_${n}', default=${n % 2 ? 'True' : 'False'})`,
      `${app.toUpperCase()}_LIMIT_${n} = env.int('${app.toUpperCase()}_LIMIT_${n}', default=${n * 10})`,
      `if FEATURE_${n}:`,
      `    INSTALLED_APPS += ['feature_${n}']`,
    );
  }
  return lines.join('\n') + '\n';
}

/** One settings module of a chain: star-imports the previous one and overrides a few names. */
function djangoLayer(previous, name, p, level) {
  const lines = [`"""${name} settings."""`, `from .${previous} import *  # noqa: F401,F403`, ''];
  if (name === 'production' || name === 'prod') {
    lines.push(
      'DEBUG = False',
      "ALLOWED_HOSTS = env.list('DJANGO_ALLOWED_HOSTS')",
      "CELERY_BROKER_URL = env('CELERY_BROKER_URL')",
      "CELERY_WORKER_CONCURRENCY = env.int('CELERY_WORKER_CONCURRENCY', default=8)",
    );
    if (p % 5 === 1) lines.push("CELERY_RESULT_SERIALIZER = 'pickle'  # a production-only 'fix' for EncodeError");
    if (p % 6 === 2) lines.push('worker_max_tasks_per_child = 100  # never seen: Django exposes UPPERCASE names only');
  } else {
    lines.push(
      'DEBUG = True',
      `INSTALLED_APPS += ['debug_toolbar_${level}']`,
      `CELERY_TASK_ALWAYS_EAGER = ${level % 2 ? 'True' : 'False'}`,
      `CELERY_BROKER_URL = env('DEV_BROKER_URL', default='redis://localhost:6379/${level}')`,
      `CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache', 'LOCATION': '${name}'}}`,
    );
  }
  return lines.join('\n') + '\n';
}

function tasksModule(app, appRef) {
  const lines = [appRef ? `from ${appRef} import app` : 'from celery import shared_task', ''];
  for (let t = 0; t < 8; t++) {
    lines.push(appRef ? '@app.task(bind=True)' : '@shared_task(bind=True, max_retries=3)', `def task_${t}(self, item_id):`, `    return item_id * ${t}`, '');
  }
  lines.push(appRef ? `@app.task(name='${app}.cleanup')` : `@shared_task(name='${app}.cleanup')`, 'def cleanup():', '    return None', '');
  return lines.join('\n');
}

/**
 * A Django project: manage.py, a settings package whose modules star-import
 * each other 3-5 deep, and a celery.py that loads the chosen one. Half use
 * cookiecutter-django's names (`config`, celery_app.py, local/production), so
 * several projects of the tree hold `config/settings/base.py`.
 */
function djangoProject(dir, p, random, write) {
  const cookiecutter = p % 2 === 1;
  const pkg = cookiecutter ? 'config' : `site${p}`;
  const app = APPS[p % APPS.length];
  const depth = 3 + (p % 3); // modules in the longest star-import chain: 3-5
  const chain = (cookiecutter ? ['base', 'common', 'local', 'test', 'ci'] : ['base', 'components', 'dev', 'local', 'test']).slice(0, depth);
  const prod = cookiecutter ? 'production' : 'prod';
  const target = p % 3 === 0 ? chain[chain.length - 1] : prod;
  write(`${dir}/manage.py`, ['#!/usr/bin/env python', 'import os', 'import sys', '', "if __name__ == '__main__':", `    os.environ.setdefault('DJANGO_SETTINGS_MODULE', '${pkg}.settings.${chain[2]}')`, '    from django.core.management import execute_from_command_line', '', '    execute_from_command_line(sys.argv)', ''].join('\n'));
  write(`${dir}/${pkg}/__init__.py`, cookiecutter ? '' : "from .celery import app as celery_app\n\n__all__ = ('celery_app',)\n");
  write(`${dir}/${pkg}/settings/__init__.py`, p % 4 === 1 ? '' : '"""Settings package."""\n');
  write(`${dir}/${pkg}/settings/base.py`, djangoBase(pkg, app, p, random));
  for (let i = 1; i < chain.length; i++) write(`${dir}/${pkg}/settings/${chain[i]}.py`, djangoLayer(chain[i - 1], chain[i], p, i));
  write(`${dir}/${pkg}/settings/${prod}.py`, djangoLayer('base', prod, p, 0));
  write(`${dir}/${pkg}/${cookiecutter ? 'celery_app' : 'celery'}.py`, [
    'import os',
    '',
    'from celery import Celery',
    '',
    `os.environ.setdefault('DJANGO_SETTINGS_MODULE', '${pkg}.settings.${target}')`,
    '',
    `app = Celery('${pkg}')`,
    "app.config_from_object('django.conf:settings', namespace='CELERY')",
    'app.autodiscover_tasks()',
    '',
    '',
    '@app.task(bind=True, ignore_result=True)',
    'def debug_task(self):',
    "    print(f'Request: {self.request!r}')",
    '',
  ].join('\n'));
  write(`${dir}/${app}/__init__.py`, '');
  write(`${dir}/${app}/tasks.py`, tasksModule(app));
  for (const name of ['models', 'views', 'serializers', 'admin']) write(`${dir}/${app}/${name}.py`, ordinaryModule(p * 10 + name.length, random));
}

/** A plain Celery project: an app that loads `<pkg>.celeryconfig` by name, which star-imports shared defaults. */
function celeryconfigProject(dir, p, random, write) {
  const pkg = `worker${p}`;
  write(`${dir}/pyproject.toml`, `[project]\nname = "${pkg}"\nversion = "1.0"\n`);
  write(`${dir}/${pkg}/__init__.py`, '');
  write(`${dir}/${pkg}/defaults.py`, [
    'import os',
    '',
    "broker_url = os.environ.get('BROKER_URL', 'redis://localhost:6379/0')",
    "result_backend = os.environ.get('RESULT_BACKEND', 'redis://localhost:6379/1')",
    "task_serializer = 'json'",
    "accept_content = ['json']",
    'result_expires = 3600',
    "timezone = 'UTC'",
    '',
  ].join('\n'));
  write(`${dir}/${pkg}/celeryconfig.py`, [
    `from ${pkg}.defaults import *  # noqa: F401,F403`,
    '',
    `imports = ('${pkg}.tasks',)`,
    `task_routes = {'${pkg}.tasks.task_*': {'queue': 'q${p}'}}`,
    p % 3 === 0 ? "result_serializer = 'pickle'" : "result_serializer = 'json'",
    'worker_prefetch_multiplier = 1',
    'task_acks_late = True',
    "beat_schedule = {'tick': {'task': '" + pkg + ".tasks.task_1', 'schedule': 30.0}}",
    '',
  ].join('\n'));
  write(`${dir}/${pkg}/worker.py`, ['from celery import Celery', '', `app = Celery('${pkg}')`, `app.config_from_object('${pkg}.celeryconfig')`, ''].join('\n'));
  write(`${dir}/${pkg}/tasks.py`, tasksModule(pkg, `${pkg}.worker`));
  write(`${dir}/${pkg}/util.py`, ordinaryModule(p * 10 + 7, random));
}

function generate(root, { files = 5000, settings = 100, big = 4, bigLines = 4000, projects = 24 } = {}) {
  fs.rmSync(root, { recursive: true, force: true });
  const random = rng(42);
  let written = 0;
  let bytes = 0;
  const write = (file, text) => {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    written++;
    bytes += Buffer.byteLength(text);
  };
  for (let i = 0; i < files; i++) {
    const dir = path.join(`pkg${i % 50}`, `sub${i % 7}`);
    if (i < settings) {
      const size = i < big ? bigLines : 60 + Math.floor(random() * 200);
      write(path.join(dir, i % 2 === 0 ? `settings_${i}.py` : `celeryconfig_${i}.py`), settingsModule(i, size));
    } else {
      write(path.join(dir, `module_${i}.py`), ordinaryModule(i, random));
    }
  }
  for (let p = 0; p < projects; p++) {
    const dir = path.join('projects', `project${p}`);
    if (p % 4 === 3) celeryconfigProject(dir, p, random, write);
    else djangoProject(dir, p, random, write);
  }
  return { files: written, bytes, projects };
}

module.exports = { generate };
