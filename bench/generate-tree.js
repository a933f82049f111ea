'use strict';
// Writes a synthetic project tree for the benchmark: mostly ordinary Python
// modules that cannot configure Celery, plus settings-like modules, a few of
// them several thousand lines long. Deterministic, so runs are comparable.
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

function generate(root, { files = 5000, settings = 100, big = 4, bigLines = 4000 } = {}) {
  fs.rmSync(root, { recursive: true, force: true });
  const random = rng(42);
  let written = 0;
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, `pkg${i % 50}`, `sub${i % 7}`);
    fs.mkdirSync(dir, { recursive: true });
    let text;
    let name;
    if (i < settings) {
      const size = i < big ? bigLines : 60 + Math.floor(random() * 200);
      text = settingsModule(i, size);
      name = i % 2 === 0 ? `settings_${i}.py` : `celeryconfig_${i}.py`;
    } else {
      text = ordinaryModule(i, random);
      name = `module_${i}.py`;
    }
    fs.writeFileSync(path.join(dir, name), text);
    written++;
    bytes += Buffer.byteLength(text);
  }
  return { files: written, bytes };
}

module.exports = { generate };
