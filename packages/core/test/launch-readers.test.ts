// The launch readers through readLaunchFiles, on files shaped like real
// ones: what each process runs, as whom, how many, with what environment,
// and that every word points at its exact characters (after non-ASCII text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchFileKind, mayBeLaunchFile } from '../src/launch/kinds';
import { readLaunchFiles, type LaunchInput } from '../src/launch/read-launch';
import type { LaunchProcess } from '../src/launch/process';

function read(files: Record<string, string>, extra: Record<string, string> = {}): ReturnType<typeof readLaunchFiles> {
  const inputs: LaunchInput[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return readLaunchFiles(inputs, { celeryVersion: '5.6', readFile: (file) => extra[file] });
}

/** What one process is, in words a test can compare. */
function describe(p: LaunchProcess) {
  return {
    name: p.name,
    command: p.command,
    argv: p.invocation.words.map((w) => w.value).join(' '),
    user: p.user.state,
    replicas: p.replicas.count,
    env: Object.fromEntries(p.environment.map((v) => [v.name, v.value ?? null])),
  };
}

/** The source text under a word of the process (its file's text). */
function textAt(files: Record<string, string>, p: LaunchProcess, index: number): string {
  const word = p.invocation.words[index]!;
  const file = word.file ?? p.file;
  return files[file]!.slice(word.start, word.end);
}

test('launch files are told apart by name, and YAML and INI files by content', () => {
  for (const name of ['Dockerfile', 'Dockerfile.worker', 'worker.Dockerfile', 'Containerfile', 'docker-compose.yml', 'compose.prod.yaml', 'k8s/worker.yaml', 'Procfile', 'deploy/celery.conf', 'celery.service', 'docker/entrypoint.sh']) {
    assert.ok(mayBeLaunchFile(`/p/${name}`), name);
  }
  for (const name of ['settings.py', 'README.md', 'package.json', 'Makefile']) assert.ok(!mayBeLaunchFile(`/p/${name}`), name);
  assert.equal(launchFileKind('/p/ci.yml', 'jobs:\n  test: {}\n'), undefined);
  assert.equal(launchFileKind('/p/ci.yml', 'services:\n  w: {}\n'), 'compose');
  assert.equal(launchFileKind('/p/k.yaml', 'apiVersion: v1\nkind: Pod\n'), 'kubernetes');
  assert.equal(launchFileKind('/p/nginx.conf', 'server { }\n'), undefined);
  assert.equal(launchFileKind('/p/w.conf', '[program:w]\ncommand=celery worker\n'), 'supervisor');
});

test('Dockerfile: the final stage counts, inheriting from the stage it is built FROM; exec and shell forms', () => {
  const dockerfile = [
    '# 빌드 단계',
    'FROM python:3.12 AS base',
    'ENV APP_HOME=/app',
    'USER 1000',
    'FROM base AS worker',
    'ENV CELERY_BROKER_URL=redis://redis:6379/0',
    'ENTRYPOINT ["celery", "-A", "proj"]',
    'CMD ["worker", "--loglevel=info"]',
    'FROM python:3.12-slim AS beat',
    'CMD celery -A proj beat \\',
    '    --loglevel=info',
  ].join('\n');
  const files = { '/p/Dockerfile': dockerfile };
  const [beat] = read(files).processes;
  assert.deepEqual(describe(beat!), { name: 'Dockerfile', command: 'beat', argv: 'celery -A proj beat --loglevel=info', user: 'root', replicas: undefined, env: {} });
  assert.equal(textAt(files, beat!, 4), '--loglevel=info');
  const compose = 'services:\n  w:\n    build:\n      context: .\n      target: worker\n';
  const withCompose = { ...files, '/p/docker-compose.yml': compose };
  const [worker] = read(withCompose).processes;
  assert.deepEqual(describe(worker!), {
    name: 'w',
    command: 'worker',
    argv: 'celery -A proj worker --loglevel=info',
    user: 'non-root',
    replicas: 1,
    env: { APP_HOME: '/app', CELERY_BROKER_URL: 'redis://redis:6379/0' },
  });
  // The words are in the Dockerfile, inside their JSON quotes.
  assert.equal(worker!.invocation.words[3]!.file, '/p/Dockerfile');
  assert.equal(textAt(withCompose, worker!, 3), '"worker"');
  assert.equal(read(withCompose).processes.length, 1, 'an image a Compose file builds is not linted again on its own');
});

test('Compose: anchors, merge keys, extends across files, env_file, replicas and scale, string and list commands', () => {
  const compose = [
    'x-base: &base',
    '  image: python:3.12',
    '  environment: &env',
    '    - DJANGO_SETTINGS_MODULE=proj.settings',
    '    - SECRET',
    'services:',
    '  worker:',
    '    <<: *base',
    '    user: "1000:1000"',
    '    env_file: .env',
    '    command: >',
    '      celery -A proj worker',
    '      --concurrency=4',
    '    deploy:',
    '      replicas: 3',
    '  beat:',
    '    extends:',
    '      file: common.yml',
    '      service: celery-base',
    '    command: ["celery", "-A", "proj", "beat", "-s", "/tmp/schedule \\u00e9"]',
    '    scale: 1',
  ].join('\n');
  const files = { '/p/docker-compose.yml': compose };
  const extra = { '/p/.env': 'export CELERY_RESULT_BACKEND="redis://redis:6379/1"\n# comment\nLOG=info\n', '/p/common.yml': 'services:\n  celery-base:\n    image: python:3.12\n    environment:\n      C_FORCE_ROOT: "1"\n' };
  const { processes } = read(files, extra);
  assert.deepEqual(processes.map(describe), [
    {
      name: 'worker',
      command: 'worker',
      argv: 'celery -A proj worker --concurrency=4',
      user: 'non-root',
      replicas: 3,
      env: { CELERY_RESULT_BACKEND: 'redis://redis:6379/1', LOG: 'info', DJANGO_SETTINGS_MODULE: 'proj.settings', SECRET: null },
    },
    { name: 'beat', command: 'beat', argv: 'celery -A proj beat -s /tmp/schedule é', user: 'root', replicas: 1, env: { C_FORCE_ROOT: '1' } },
  ]);
  // A word of a folded scalar, on its own line, and a JSON-escaped character, each at its source.
  assert.equal(textAt(files, processes[0]!, 4), '--concurrency=4');
  assert.equal(textAt(files, processes[1]!, 5), '"/tmp/schedule \\u00e9"');
  assert.deepEqual(processes[1]!.siblings.map((s) => s.name), ['worker', 'beat']);
});

test('Kubernetes: multi-document files, container over pod securityContext, HPAs, ConfigMaps; Helm templates skipped', () => {
  const manifests = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: celery-env}',
    'data:',
    '  CELERY_BROKER_URL: redis://redis:6379/0',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: worker',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    spec:',
    '      securityContext: {runAsUser: 0}',
    '      containers:',
    '        - name: worker',
    '          image: app:1',
    '          securityContext: {runAsNonRoot: true, runAsUser: 1000}',
    '          envFrom: [{configMapRef: {name: celery-env}}]',
    '          command: ["/bin/sh", "-c", "exec celery -A proj worker -l info"]',
    '        - name: sidecar',
    '          image: app:1',
    '          args: ["celery", "-A", "proj", "events"]',
    '---',
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata: {name: worker-hpa}',
    'spec:',
    '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}',
    '  maxReplicas: 8',
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: {{ .Release.Name }}-purge',
    'spec: {}',
  ].join('\n');
  const files = { '/p/k8s/worker.yaml': manifests };
  const out = read(files);
  assert.deepEqual(
    out.processes.map((p) => ({ ...describe(p), autoscaled: p.replicas.autoscaled })),
    [
      { name: 'Deployment/worker', command: 'worker', argv: 'celery -A proj worker -l info', user: 'non-root', replicas: undefined, env: { CELERY_BROKER_URL: 'redis://redis:6379/0' }, autoscaled: true },
      { name: 'Deployment/worker (sidecar)', command: 'events', argv: 'celery -A proj events', user: 'root', replicas: undefined, env: {}, autoscaled: true },
    ],
  );
  // A word inside the `sh -c` string, at its characters.
  assert.equal(textAt(files, out.processes[0]!, 3), 'worker');
  assert.deepEqual(out.problems.map((p) => p.message), ['a Helm template ({{ }}) is not read until it is rendered; this document was skipped']);
});

test('supervisord and systemd: users, numprocs, environment, `+` prefixes, variables from EnvironmentFile', () => {
  const supervisor = '[program:worker]\ncommand=celery -A proj worker -n w%(process_num)s@%%h  ; comment\n  --loglevel=INFO\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)s\nenvironment=CELERY_BROKER_URL="redis://r:6379/0",LANG=C\n\n[program:beat]\ncommand=celery -A proj beat\nuser=celery\n';
  const unit = '[Service]\nEnvironmentFile=/etc/conf.d/celery\nExecStart=+${CELERY_BIN} -A $CELERY_APP worker\nUser=celery\n';
  const files = { '/p/supervisord.conf': supervisor, '/p/celery.service': unit };
  const { processes } = read(files, { '/etc/conf.d/celery': 'CELERY_BIN=/opt/venv/bin/celery\nCELERY_APP=proj\n' });
  assert.deepEqual(processes.map(describe), [
    { name: 'worker', command: 'worker', argv: 'celery -A proj worker -n w%(process_num)s@%%h --loglevel=INFO', user: 'root', replicas: 2, env: { CELERY_BROKER_URL: 'redis://r:6379/0', LANG: 'C' } },
    { name: 'beat', command: 'beat', argv: 'celery -A proj beat', user: 'non-root', replicas: 1, env: {} },
    { name: 'celery.service', command: 'worker', argv: '${CELERY_BIN} -A $CELERY_APP worker', user: 'root', replicas: 1, env: { CELERY_BIN: '/opt/venv/bin/celery', CELERY_APP: 'proj' } },
  ]);
  assert.equal(textAt(files, processes[0]!, 6), '--loglevel=INFO');
});

test('wrappers and entrypoint scripts: gosu, env, tini, python -m, watchmedo, "$@", case branches', () => {
  const script = '#!/bin/sh\nset -e\ncase "$1" in\n  worker) exec gosu app celery -A proj "$@" ;;\n  *) exec "$@" ;;\nesac\n';
  const dockerfile = 'FROM python:3.12\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["tini", "--", "/entrypoint.sh"]\nCMD ["worker", "-l", "info"]\n';
  const procfile = [
    'a: env CELERY_BROKER_URL=redis://r:6379/0 newrelic-admin run-program celery -A proj worker',
    'b: python -m celery -A proj beat',
    'c: watchmedo auto-restart --directory=./ --pattern="*.py" --recursive -- celery -A proj worker -P solo',
    'd: python manage.py migrate && celery -A proj flower --port=5555',
  ].join('\n');
  const files = { '/p/Dockerfile': dockerfile, '/p/Procfile': procfile };
  const { processes, referenced } = read(files, { '/p/docker/entrypoint.sh': script });
  assert.deepEqual(
    processes.map((p) => [p.name, p.command, p.invocation.words.map((w) => w.value).join(' '), p.user.state, p.wrappers.join(',')]),
    [
      ['a', 'worker', 'celery -A proj worker', 'non-root', 'env,newrelic-admin'],
      ['b', 'beat', 'celery -A proj beat', 'non-root', 'python'],
      ['c', 'worker', 'celery -A proj worker -P solo', 'non-root', 'watchmedo'],
      ['d', 'flower', 'celery -A proj flower --port=5555', 'non-root', ''],
      ['Dockerfile', 'worker', 'celery -A proj worker -l info', 'non-root', 'exec,gosu'],
    ],
  );
  assert.deepEqual(processes[0]!.environment.map((v) => [v.name, v.value]), [['CELERY_BROKER_URL', 'redis://r:6379/0']]);
  // "$@" stands for the CMD: those words stay in the Dockerfile, the rest are the script's.
  const fromScript = processes[4]!;
  assert.equal(fromScript.file, '/p/docker/entrypoint.sh');
  assert.equal(fromScript.invocation.words[3]!.file, '/p/Dockerfile');
  assert.equal(dockerfile.slice(fromScript.invocation.words[3]!.start, fromScript.invocation.words[3]!.end), '"worker"');
  assert.ok(referenced.has('/p/docker/entrypoint.sh'));
});

test('a reader that meets a broken file reports it in one line and the run goes on', () => {
  const out = read({ '/p/docker-compose.yml': 'services:\n  w:\n    command: [celery, worker\n', '/p/Procfile': 'w: celery -A proj worker\n' });
  assert.equal(out.processes.length, 1);
  assert.equal(out.problems.length, 1);
  assert.match(out.problems[0]!.message, /^not read: /);
});
