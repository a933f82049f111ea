import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser, lint } from '@celery-lint/core';
import { allRules } from '@celery-lint/rules';
import { findings, REPO, runCli } from '../cli/run-cli';

test('the bundled example project shows exactly its five problems', () => {
  const root = path.join(REPO, 'examples', 'djproject');
  const { code, stdout } = runCli(['examples/djproject', '--format', 'json']);
  assert.equal(code, 1);
  assert.deepEqual(findings(stdout, root), [
    'djproject/celery.py:14:23 celery/accept-content-mismatch',
    'djproject/celery.py:14:23 celery/pickle-serializer',
    'djproject/settings/base.py:22:25 celery/no-amqp-result-backend',
    'djproject/settings/base.py:32:17 celery/beat-task-unknown',
    'djproject/settings/prod.py:6:1 celery/lowercase-in-django-settings',
  ]);
});

test('print-config shows the dev settings the app loads, with statuses', () => {
  const { code, stdout } = runCli(['print-config', 'examples/djproject', '--format', 'json']);
  assert.equal(code, 0);
  const configs = JSON.parse(stdout) as Array<{ kind: string; name: string; namespace: string | null; bindings: Array<{ key: string; setting: string | null; status: string; value: unknown; line: number; file: string }> }>;
  const app = configs.find((c) => c.kind === 'app')!;
  assert.equal(app.namespace, 'CELERY');
  const eager = app.bindings.find((b) => b.key === 'CELERY_TASK_ALWAYS_EAGER')!;
  assert.deepEqual([eager.setting, eager.status, eager.value], ['task_always_eager', 'used', true]);
  assert.match(eager.file, /settings[\\/]dev\.py$/);
  const backend = app.bindings.find((b) => b.key === 'CELERY_RESULT_BACKEND')!;
  // A string built from the environment: known text and the variables that fill the rest (print-config's tagged encoding).
  const hole = (variable: string, fallback: string) => ({ type: 'unknown', reason: `$${variable}:-${fallback}`, env: variable });
  assert.deepEqual(backend.value, {
    type: 'template',
    parts: ['amqp://', hole('RABBITMQ_USER', 'guest'), ':', hole('RABBITMQ_PASSWORD', 'guest'), '@', hole('RABBITMQ_HOST', 'localhost'), ':5672//'],
  });
  // prod.py is linted as its own configuration; base.py only through dev and prod.
  assert.deepEqual(configs.map((c) => `${c.kind}:${path.basename(c.name)}`), ['app:app', 'module:prod.py']);
});

/** Every Python file of the example project, as the engine reads them. */
function exampleSources(root: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '__pycache__') walk(full);
      else if (entry.name.endsWith('.py')) out.push({ path: full, text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(root);
  return out;
}

test('through the engine: each problem is found where it is written, in words that say what happens', async () => {
  const root = path.join(REPO, 'examples', 'djproject');
  await initParser();
  const { diagnostics } = lint(exampleSources(root), { rules: allRules });
  const found = diagnostics.map((d) => [path.relative(root, d.file), d.range.start.line + 1, d.ruleId, d.message.split(': ')[0]]);
  assert.deepEqual(found, [
    ['djproject/celery.py', 14, 'celery/pickle-serializer', 'result_serializer is pickle'],
    ['djproject/celery.py', 14, 'celery/accept-content-mismatch', "result_serializer is 'pickle' (application/x-python-serialize), but accept_content accepts only 'application/json', which also decides for results while result_accept_content is None"],
    ['djproject/settings/base.py', 22, 'celery/no-amqp-result-backend', "result_backend is 'amqp://{…}:{…}@{…}:5672//'"],
    ['djproject/settings/base.py', 32, 'celery/beat-task-unknown', "beat_schedule runs task 'shop.tasks.purge_old_cart', but shop.tasks defines no 'purge_old_cart' (did you mean 'shop.tasks.purge_old_carts'?), so beat sends a task no worker has."],
    ['djproject/settings/prod.py', 6, 'celery/lowercase-in-django-settings', "'worker_prefetch_multiplier' is never seen by Celery"],
  ]);
  // Each problem is marked in the code, on the line just above the finding or the statement it is in.
  const marked = exampleSources(root).flatMap((s) => s.text.split('\n').flatMap((line, i) => (/# Problem:/.test(line) ? [`${path.relative(root, s.path)}:${i + 1}`] : [])));
  assert.equal(marked.length, 4, 'four Problem: comments (the celery.py one covers two findings)');
  // The backend value is built from the environment, so no automatic fix is offered for it.
  assert.equal(diagnostics.find((d) => d.ruleId === 'celery/no-amqp-result-backend')?.fix, undefined);
});

test('with the real Celery and Django, each problem the linter reports happens', { timeout: 60_000 }, () => {
  const root = path.join(REPO, 'examples', 'djproject');
  const probe = path.join(REPO, 'test', 'examples', 'real-celery-probe.py');
  const run = (settings: string) => {
    const out = execFileSync('/usr/bin/python3', [probe, root, settings], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    return JSON.parse(out) as {
      celery: string;
      result_backend: string;
      backend_error: { type: string; message: string } | null;
      result_content_type: string;
      result_decode_error: { type: string; message: string } | null;
      beat_tasks_unregistered: string[];
      worker_prefetch_multiplier: number;
    };
  };
  const dev = run('djproject.settings.dev');
  assert.match(dev.celery, /^5\./);
  // celery/no-amqp-result-backend: the worker cannot build its result backend (5.2's error; 5.3+ raise ImproperlyConfigured).
  assert.match(dev.result_backend, /^amqp:\/\//);
  assert.ok(dev.backend_error, 'building the amqp result backend must fail');
  assert.match(`${dev.backend_error.type}: ${dev.backend_error.message}`, /ModuleNotFoundError: No module named 'celery\.backends\.amqp'|ImproperlyConfigured: Unknown result backend: 'amqp'/);
  // celery/pickle-serializer and celery/accept-content-mismatch: results are pickled, and clients refuse them.
  assert.equal(dev.result_content_type, 'application/x-python-serialize');
  assert.equal(dev.result_decode_error?.type, 'ContentDisallowed');
  // celery/beat-task-unknown: beat would send a name no worker registered.
  assert.deepEqual(dev.beat_tasks_unregistered, ['shop.tasks.purge_old_cart']);
  // celery/lowercase-in-django-settings: prod.py says 1, Celery keeps its default.
  const prod = run('djproject.settings.prod');
  assert.notEqual(prod.worker_prefetch_multiplier, 1);
  assert.ok(!fs.readdirSync(path.join(root, 'djproject')).includes('__pycache__'), 'the probe left bytecode in the example');
});

test('the shortcut past web-tree-sitter marshalling changes nothing: same findings and configurations with it turned off', () => {
  const fast = runCli(['examples/djproject', 'fixtures', '--format', 'json']);
  const plain = runCli(['examples/djproject', 'fixtures', '--format', 'json'], { env: { CELERY_LINT_PLAIN_MARSHALLING: '1' } });
  assert.equal(fast.code, 1);
  assert.ok(JSON.parse(fast.stdout).length > 50);
  assert.equal(plain.stdout, fast.stdout);
  assert.equal(plain.code, fast.code);
  const fastConfig = runCli(['print-config', 'examples/djproject', '--format', 'json']);
  const plainConfig = runCli(['print-config', 'examples/djproject', '--format', 'json'], { env: { CELERY_LINT_PLAIN_MARSHALLING: '1' } });
  assert.equal(plainConfig.stdout, fastConfig.stdout);
});
