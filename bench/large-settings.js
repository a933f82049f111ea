'use strict';
// The largest settings file celery-lint accepts: a Django settings module
// just under the 10 MB limit (read-source.ts), made of the lines real ones
// are made of (environment reads, dicts, branches, comments in Korean), with
// CELERY_RESULT_BACKEND = 'amqp://' as its last line. `npm run bench` times
// it against a bare parse; test/cli/fault-sizes.test.ts lints it.
// Deterministic, so runs are comparable.

/** Bytes the file is made up to: 9.5 MB, under the 10 MB limit. */
const LARGE_SETTINGS_BYTES = Math.floor(9.5 * 1024 * 1024);
const LAST_LINE = "CELERY_RESULT_BACKEND = 'amqp://'\n";

function largeSettings(bytes = LARGE_SETTINGS_BYTES) {
  const head = [
    '# Settings — 설정 파일',
    'import os',
    'from celery.schedules import crontab',
    "SECRET_KEY = os.environ.get('SECRET_KEY', 'dev')",
    "INSTALLED_APPS = ['django.contrib.admin', 'django_celery_results']",
    "CELERY_BROKER_URL = os.environ.get('BROKER', 'redis://localhost/0')",
    '',
  ].join('\n');
  const blocks = [head];
  let size = Buffer.byteLength(head);
  for (let n = 0; ; n++) {
    const block = [
      `FEATURE_FLAG_${n} = os.environ.get('FLAG_${n}', 'off') == 'on'`,
      `LIMITS_${n} = {'rate': '${n}/m', 'burst': ${n * 2}, 'name': "한도 ${n}", 'hosts': ['a${n}', 'b${n}']}`,
      `if LIMITS_${n}['burst'] > 10:`,
      `    CACHE_TTL_${n} = ${n} * 60  # 캐시`,
      'else:',
      `    CACHE_TTL_${n} = 30`,
      `SCHEDULE_${n} = {'task': 'app.tasks.t${n}', 'schedule': crontab(minute='*/${(n % 10) + 1}')}`,
      '',
    ].join('\n');
    const blockBytes = Buffer.byteLength(block);
    if (size + blockBytes + LAST_LINE.length > bytes) break;
    blocks.push(block);
    size += blockBytes;
  }
  blocks.push(LAST_LINE);
  return blocks.join('');
}

module.exports = { largeSettings, LARGE_SETTINGS_BYTES };
