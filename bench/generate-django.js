'use strict';
// Writes one large Django project, the shape a pre-commit hook runs in: a
// `config` package (settings base/local/production/test, celery_app.py,
// urls, wsgi, asgi), manage.py, and many apps of about twenty files each
// (models, views that queue tasks, tasks.py with @shared_task, services with
// local `task_id =` variables, migrations, tests). The beat schedule names
// tasks of many apps, one of them misspelt, so beat-task-unknown has work
// across the whole project. Deterministic, so runs are comparable.
const fs = require('node:fs');
const path = require('node:path');

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const WORDS = ['order', 'invoice', 'customer', 'shipment', 'payment', 'report', 'ticket', 'message', 'profile', 'product', 'coupon', 'review'];

function appName(a) {
  return `${WORDS[a % WORDS.length]}s${Math.floor(a / WORDS.length) || ''}`;
}

function models(app, random) {
  const lines = ['from django.db import models', 'from django.utils import timezone', ''];
  const count = 3 + Math.floor(random() * 5);
  for (let m = 0; m < count; m++) {
    lines.push(
      `class ${app[0].toUpperCase()}${app.slice(1)}Item${m}(models.Model):`,
      `    """A ${app} record — 기록 ${m}."""`,
      '    name = models.CharField(max_length=200)',
      '    created = models.DateTimeField(default=timezone.now)',
      "    status = models.CharField(max_length=20, default='new')",
      `    amount = models.DecimalField(max_digits=10, decimal_places=2, default=${m})`,
      '',
      '    class Meta:',
      "        ordering = ['-created']",
      '',
      '    def __str__(self):',
      '        return self.name',
      '',
    );
  }
  return lines.join('\n');
}

function tasks(app, a) {
  const lines = ['import logging', '', 'from celery import shared_task', '', 'logger = logging.getLogger(__name__)', ''];
  for (let t = 0; t < 4; t++) {
    lines.push(t === 3 && a % 3 === 0 ? `@shared_task(name='${app}.sync_all')` : '@shared_task(bind=True, max_retries=3)', `def process_${t}(self${t === 3 && a % 3 === 0 ? '=None' : ''}, item_id=None):`, `    logger.info('processing %s', item_id)`, `    return item_id`, '');
  }
  return lines.join('\n');
}

function views(app, a) {
  const lines = ['from django.http import JsonResponse', 'from django.views import View', '', `from .models import ${app[0].toUpperCase()}${app.slice(1)}Item0`];
  if (a % 2 === 0) lines.push('from .tasks import process_0');
  lines.push('');
  for (let v = 0; v < 4; v++) {
    lines.push(`class Item${v}View(View):`, '    def post(self, request, pk):', `        item = ${app[0].toUpperCase()}${app.slice(1)}Item0.objects.get(pk=pk)`);
    if (a % 2 === 0 && v === 0) lines.push('        process_0.delay(item.pk)');
    lines.push("        return JsonResponse({'id': item.pk, 'name': item.name})", '');
  }
  return lines.join('\n');
}

function services(app) {
  return [
    'import hashlib',
    '',
    'from django.core.cache import cache',
    '',
    '',
    `def cached_${app}(item_id):`,
    `    cache_key = hashlib.sha1(f'${app}:{item_id}'.encode()).hexdigest()`,
    '    value = cache.get(cache_key)',
    '    if value is None:',
    "        value = {'id': item_id}",
    '        cache.set(cache_key, value, 300)',
    '    return value',
    '',
    '',
    'def remember_task(result):',
    '    task_id = result.id',
    '    return task_id',
    '',
  ].join('\n');
}

function plain(kind, app, random) {
  const lines = [`"""${kind} for ${app}."""`, 'from django import forms', ''];
  const n = 2 + Math.floor(random() * 6);
  for (let i = 0; i < n; i++) {
    lines.push(`def ${kind}_${i}(value, *, strict=False):`, `    if strict and not value:`, `        raise ValueError('${kind} ${i}')`, `    return [v for v in value or [] if v]  # ${i}`, '');
  }
  return lines.join('\n');
}

function migration(app, n) {
  return [
    'from django.db import migrations, models',
    '',
    '',
    'class Migration(migrations.Migration):',
    n === 1 ? '    initial = True' : '    initial = False',
    `    dependencies = [${n > 1 ? `('${app}', '000${n - 1}_auto')` : ''}]`,
    '    operations = [',
    `        migrations.AddField(model_name='${app}item0', name='field_${n}', field=models.IntegerField(default=0)),`,
    '    ]',
    '',
  ].join('\n');
}

function settingsBase(apps) {
  const lines = [
    '"""Base settings — 공통 설정."""',
    'from pathlib import Path',
    '',
    'import environ',
    'from celery.schedules import crontab',
    '',
    'BASE_DIR = Path(__file__).resolve().parent.parent.parent',
    'env = environ.Env()',
    "SECRET_KEY = env('DJANGO_SECRET_KEY', default='dev')",
    "TIME_ZONE = 'UTC'",
    'USE_TZ = True',
    'INSTALLED_APPS = [',
    "    'django.contrib.admin',",
    "    'django.contrib.auth',",
    "    'django_celery_beat',",
    ...apps.map((app) => `    'apps.${app}',`),
    ']',
    "CELERY_BROKER_URL = env('CELERY_BROKER_URL', default='redis://localhost:6379/0')",
    "CELERY_RESULT_BACKEND = env('CELERY_RESULT_BACKEND', default='redis://localhost:6379/1')",
    "CELERY_ACCEPT_CONTENT = ['json']",
    "CELERY_TASK_SERIALIZER = 'json'",
    'CELERY_TIMEZONE = TIME_ZONE',
    'CELERY_BEAT_SCHEDULE = {',
  ];
  apps.forEach((app, a) => {
    if (a % 5 !== 0) return;
    // One entry misspelt: beat-task-unknown must see every app's tasks to say so.
    const task = a === 5 ? `apps.${app}.tasks.proces_1` : a % 3 === 0 ? `${app}.sync_all` : `apps.${app}.tasks.process_1`;
    lines.push(`    '${app}-nightly': {'task': '${task}', 'schedule': crontab(minute=0, hour=${a % 24})},`);
  });
  lines.push('}', '');
  return lines.join('\n');
}

/** Writes the project; returns its file count, byte count and the production settings file. */
function generateDjango(root, { files = 4000 } = {}) {
  fs.rmSync(root, { recursive: true, force: true });
  const random = rng(7);
  let written = 0;
  let bytes = 0;
  const write = (file, text) => {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    written++;
    bytes += Buffer.byteLength(text);
  };
  const perApp = 20;
  const apps = Array.from({ length: Math.max(1, Math.round((files - 14) / perApp)) }, (_, a) => appName(a));
  write('pyproject.toml', '[project]\nname = "bigsite"\nversion = "1.0"\n');
  write('manage.py', "import os\nimport sys\n\nif __name__ == '__main__':\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.local')\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n");
  write('config/__init__.py', "from .celery_app import app as celery_app\n\n__all__ = ('celery_app',)\n");
  write('config/settings/__init__.py', '');
  write('config/settings/base.py', settingsBase(apps));
  write('config/settings/local.py', "from .base import *  # noqa\n\nDEBUG = True\nCELERY_TASK_ALWAYS_EAGER = True\n");
  write('config/settings/test.py', "from .base import *  # noqa\n\nCELERY_TASK_ALWAYS_EAGER = True\nCELERY_BROKER_URL = 'memory://'\n");
  write(
    'config/settings/production.py',
    "from .base import *  # noqa\n\nDEBUG = False\nCELERY_BROKER_URL = env('CELERY_BROKER_URL')\nCELERY_RESULT_BACKEND = 'amqp://guest@rabbit//'\nCELERY_RESULT_SERIALIZER = 'pickle'\nCELERY_WORKER_PREFETCH_MULTIPLIER = 0\n",
  );
  write(
    'config/celery_app.py',
    "import os\n\nfrom celery import Celery\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n\napp = Celery('bigsite')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.autodiscover_tasks()\n",
  );
  write('config/urls.py', "from django.urls import include, path\n\nurlpatterns = [\n" + apps.map((app) => `    path('${app}/', include('apps.${app}.urls')),`).join('\n') + '\n]\n');
  write('config/wsgi.py', "import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\napplication = get_wsgi_application()\n");
  write('config/asgi.py', "import os\n\nfrom django.core.asgi import get_asgi_application\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\napplication = get_asgi_application()\n");
  write('apps/__init__.py', '');
  apps.forEach((app, a) => {
    const dir = `apps/${app}`;
    const cls = `${app[0].toUpperCase()}${app.slice(1)}`;
    write(`${dir}/__init__.py`, '');
    write(`${dir}/apps.py`, `from django.apps import AppConfig\n\n\nclass ${cls}Config(AppConfig):\n    name = 'apps.${app}'\n    default_auto_field = 'django.db.models.BigAutoField'\n`);
    write(`${dir}/models.py`, models(app, random));
    write(`${dir}/views.py`, views(app, a));
    write(`${dir}/tasks.py`, tasks(app, a));
    write(`${dir}/services.py`, services(app));
    write(`${dir}/urls.py`, `from django.urls import path\n\nfrom . import views\n\nurlpatterns = [path('<int:pk>/', views.Item0View.as_view())]\n`);
    write(`${dir}/admin.py`, `from django.contrib import admin\n\nfrom .models import ${cls}Item0\n\nadmin.site.register(${cls}Item0)\n`);
    for (const kind of ['forms', 'serializers', 'selectors', 'utils', 'signals', 'filters']) write(`${dir}/${kind}.py`, plain(kind, app, random));
    write(`${dir}/migrations/__init__.py`, '');
    for (let n = 1; n <= 3; n++) write(`${dir}/migrations/000${n}_auto.py`, migration(app, n));
    write(`${dir}/tests/__init__.py`, '');
    write(`${dir}/tests/test_views.py`, `from django.test import TestCase\n\n\nclass ViewTests(TestCase):\n    def test_get(self):\n        self.assertEqual(self.client.get('/${app}/1/').status_code, 404)\n`);
  });
  return { files: written, bytes, apps: apps.length, settings: path.join(root, 'config', 'settings', 'production.py') };
}

module.exports = { generateDjango };
