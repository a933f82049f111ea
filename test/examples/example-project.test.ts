import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
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
  assert.deepEqual(backend.value, { template: 'amqp://{$RABBITMQ_USER:-guest}:{$RABBITMQ_PASSWORD:-guest}@{$RABBITMQ_HOST:-localhost}:5672//' });
  // prod.py is linted as its own configuration; base.py only through dev and prod.
  assert.deepEqual(configs.map((c) => `${c.kind}:${path.basename(c.name)}`), ['app:app', 'module:prod.py']);
});
