// The launch rules by id through the real engine: what fixtures cannot show
// (the edits of fixes and suggestions in each file syntax, per-finding
// severity and the user's override, related locations, suppressions in
// launch files, findings once per command line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fix, initParser, lint, type Diagnostic, type TextEdit } from '@celery-lint/core';
import { allRules, rulesById } from '../src/index';

const IDS = ['celery/invalid-command-line', 'celery/app-not-found', 'celery/worker-as-root', 'celery/duplicate-beat', 'celery/pool-option-mismatch', 'celery/localhost-broker-in-container'];

async function run(files: Record<string, string>, options: { severities?: Record<string, 'error' | 'warning' | 'off'>; celeryVersion?: string } = {}): Promise<Diagnostic[]> {
  await initParser();
  return lint(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { rules: allRules, ...options },
  ).diagnostics;
}

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

const APP = { '/p/proj/__init__.py': 'from .celery import app\n', '/p/proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.conf.accept_content = ['json']\n" };

test('the pack lists each launch rule once under its public id, with the fix it declares', () => {
  for (const id of IDS) assert.equal(allRules.filter((r) => r.meta.id === id).length, 1, id);
  assert.equal(rulesById.get('celery/invalid-command-line')?.meta.fix?.safety, 'safe');
  for (const id of IDS.slice(1)) assert.equal(rulesById.get(id)?.meta.fix, undefined, id);
});

test('invalid-command-line: the global-option move keeps each syntax (shell string, JSON exec form, YAML block list)', async () => {
  const cases: Array<[string, string, string]> = [
    ['/p/Procfile', 'worker: celery worker --app=proj -l info\n', 'worker: celery --app=proj worker -l info\n'],
    ['/p/Dockerfile', 'FROM python:3.12\nUSER app\nCMD ["celery", "worker", "-A", "proj", "-c", "2"]\n', 'FROM python:3.12\nUSER app\nCMD ["celery", "-A", "proj", "worker", "-c", "2"]\n'],
    [
      '/p/docker-compose.yml',
      'services:\n  w:\n    image: x\n    user: app\n    command:\n      - celery\n      - worker\n      - -A\n      - proj\n',
      'services:\n  w:\n    image: x\n    user: app\n    command:\n      - celery\n      - -A\n      - proj\n      - worker\n',
    ],
  ];
  for (const [path, text, expected] of cases) {
    const [finding] = (await run({ ...APP, [path]: text })).filter((d) => d.ruleId === 'celery/invalid-command-line');
    assert.ok(finding?.fix, `${path}: a fix`);
    assert.equal(finding.fix.safety, 'safe');
    assert.equal(apply(text, finding.fix.edits), expected, path);
    const fixed = fix({ path, text }, Object.entries(APP).map(([p, t]) => ({ path: p, text: t })), { rules: allRules, unsafe: false });
    assert.equal(fixed.text, expected, `${path}: fix() converges on the same text`);
    assert.deepEqual(fixed.remaining.filter((d) => d.ruleId === 'celery/invalid-command-line'), []);
  }
});

test('invalid-command-line: no move where something but separators lies between the words', async () => {
  // A comment between the command and the option: moving the option would move the comment too.
  const text = 'services:\n  w:\n    image: x\n    user: app\n    command:\n      - celery\n      - worker  # the worker\n      - -A\n      - proj\n';
  const [finding] = (await run({ ...APP, '/p/docker-compose.yml': text })).filter((d) => d.ruleId === 'celery/invalid-command-line');
  assert.match(finding!.message, /-A is a global option/);
  assert.equal(finding!.fix, undefined);
});

test('invalid-command-line: suggestions for a near command and a value in the wrong case', async () => {
  const text = 'worker: celery -A proj worked --pool=Solo\n';
  const found = (await run({ ...APP, '/p/Procfile': text })).filter((d) => d.ruleId === 'celery/invalid-command-line');
  assert.deepEqual(found.map((d) => [d.range.start.character, d.suggestions?.map((s) => s.message)]), [[23, ["Use 'worker' instead"]]]);
  const fixedCommand = apply(text, found[0]!.suggestions![0]!.fix.edits);
  const again = (await run({ ...APP, '/p/Procfile': fixedCommand })).filter((d) => d.ruleId === 'celery/invalid-command-line');
  assert.deepEqual(again.map((d) => [d.message.split(';')[0], d.suggestions?.map((s) => s.message)]), [
    ["Invalid value: 'Solo' is not one of 'prefork', 'eventlet', 'gevent', 'solo', 'processes', 'threads', 'custom' for --pool", ["Use 'solo' instead"]],
  ]);
});

test('invalid-command-line: the target version decides which options exist', async () => {
  const files = { ...APP, '/p/Procfile': 'w: celery -A proj worker --disable-prefetch\n' };
  assert.equal((await run(files, { celeryVersion: '5.6' })).filter((d) => d.ruleId === 'celery/invalid-command-line').length, 0);
  const old = (await run(files, { celeryVersion: '5.2' })).filter((d) => d.ruleId === 'celery/invalid-command-line');
  assert.match(old[0]!.message, /^`celery worker` in Celery 5\.2\.6 has no option --disable-prefetch/);
});

test('worker-as-root: an error with pickle accepted, a warning without; a severity the user sets wins over both', async () => {
  const pickle = { '/p/proj/__init__.py': 'from .celery import app\n', '/p/proj/celery.py': "from celery import Celery\napp = Celery('proj')\napp.conf.accept_content = ['json', 'pickle']\n" };
  const compose = 'services:\n  w:\n    image: python:3.12\n    command: celery -A proj worker\n';
  const withPickle = (await run({ ...pickle, '/p/docker-compose.yml': compose })).filter((d) => d.ruleId === 'celery/worker-as-root');
  assert.deepEqual(withPickle.map((d) => [d.severity, d.range.start.line, d.range.start.character]), [['error', 3, 28]]);
  assert.deepEqual(withPickle[0]!.related?.map((r) => [r.span.file, r.message]), [
    ['/p/docker-compose.yml', 'no user: and image python:3.12 runs as root'],
    ['/p/proj/celery.py', 'pickle is accepted here'],
  ]);
  const json = (await run({ ...APP, '/p/docker-compose.yml': compose })).filter((d) => d.ruleId === 'celery/worker-as-root');
  assert.deepEqual(json.map((d) => d.severity), ['warning']);
  const overridden = (await run({ ...APP, '/p/docker-compose.yml': compose }, { severities: { 'celery/worker-as-root': 'error' } })).filter((d) => d.ruleId === 'celery/worker-as-root');
  assert.deepEqual(overridden.map((d) => d.severity), ['error']);
  // Started with --uid of another user, or behind gosu: not root when Celery checks.
  for (const command of ['celery -A proj worker --uid=nobody', 'gosu app celery -A proj worker']) {
    const quiet = await run({ ...pickle, '/p/docker-compose.yml': compose.replace('celery -A proj worker', command) });
    assert.deepEqual(quiet.filter((d) => d.ruleId === 'celery/worker-as-root'), [], command);
  }
});

test('worker-as-root: C_FORCE_ROOT from the launch file or the code; an empty value does not count', async () => {
  const pickle = { '/p/tasks.py': "from celery import Celery\napp = Celery('tasks')\napp.conf.accept_content = ['pickle']\n" };
  const unit = (env: string) => `[Service]\n${env}ExecStart=/usr/bin/celery -A tasks worker\n`;
  const forced = (await run({ ...pickle, '/p/celery.service': unit('Environment=C_FORCE_ROOT=1\n') })).find((d) => d.ruleId === 'celery/worker-as-root');
  assert.match(forced!.message, /C_FORCE_ROOT is set \(Environment= in the launch file\): Celery starts it anyway/);
  const empty = (await run({ ...pickle, '/p/celery.service': unit('Environment=C_FORCE_ROOT=\n') })).find((d) => d.ruleId === 'celery/worker-as-root');
  assert.match(empty!.message, /Celery refuses to start it \(SecurityError\)/);
});

test('duplicate-beat: locking schedulers and unknown copy counts stay quiet', async () => {
  const compose = (command: string, extra = '') => `services:\n  w:\n    image: x\n    user: app\n    command: ${command}\n${extra}`;
  const scaled = '    deploy:\n      replicas: 4\n';
  const loud = (await run({ ...APP, '/p/docker-compose.yml': compose('celery -A proj worker -B', scaled) })).filter((d) => d.ruleId === 'celery/duplicate-beat');
  assert.match(loud[0]!.message, /runs 4 copies \(deploy\.replicas: 4\).*each runs 4 times/);
  assert.deepEqual(loud[0]!.related?.map((r) => r.message), ['deploy.replicas: 4']);
  const quiet = [
    compose('celery -A proj worker -B --scheduler redbeat.RedBeatScheduler', scaled),
    compose('celery -A proj worker -B'),
    compose('celery -A proj worker -B', '    deploy:\n      replicas: ${WORKERS}\n'),
  ];
  for (const text of quiet) assert.deepEqual((await run({ ...APP, '/p/docker-compose.yml': text })).filter((d) => d.ruleId === 'celery/duplicate-beat'), [], text);
  // A Procfile says nothing about how many dynos run.
  assert.deepEqual((await run({ ...APP, '/p/Procfile': 'worker: celery -A proj worker -B\n' })).filter((d) => d.ruleId === 'celery/duplicate-beat'), []);
  // `celery multi start 3 -B`: three nodes, three schedulers.
  const multi = (await run({ ...APP, '/p/celery.service': '[Service]\nUser=celery\nExecStart=/usr/bin/celery -A proj multi start 3 -B\n' })).filter((d) => d.ruleId === 'celery/duplicate-beat');
  assert.match(multi[0]!.message, /runs 3 copies \(celery multi starts 3\)/);
});

test('suppressions work in launch files, and unused ones are reported there', async () => {
  const text = 'worker: celery -A proj worked  # noqa: celery/invalid-command-line\nbeat: celery -A proj beat  # noqa: celery/invalid-command-line\n';
  const found = await run({ ...APP, '/p/Procfile': text });
  assert.deepEqual(
    found.filter((d) => d.file === '/p/Procfile').map((d) => [d.ruleId, d.range.start.line]),
    [['celery-lint/unused-suppression', 1]],
  );
});

test('a command line several services share is reported once', async () => {
  const script = '#!/bin/sh\nexec celery -A proj wroker "$@"\n';
  const dockerfile = 'FROM python:3.12\nUSER app\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n';
  const compose = 'services:\n  a:\n    build: .\n  b:\n    build: .\n    command: ["-l", "info"]\n';
  const found = (await run({ ...APP, '/p/Dockerfile': dockerfile, '/p/docker-compose.yml': compose, '/p/start.sh': script })).filter((d) => d.ruleId === 'celery/invalid-command-line');
  assert.deepEqual(found.map((d) => [d.file, d.range.start.line, d.range.start.character]), [['/p/start.sh', 1, 20]]);
});

test('invalid-command-line: a target before Celery 5.0 is not judged by 5.x tables, but the launcher\'s % placeholders still are', async () => {
  const procfile = 'worker: celery worker -A proj -l warn --maxtasksperchild=10\n';
  const unit = '[Service]\nUser=celery\nExecStart=/usr/bin/celery -A proj worker -n w1@%h\n';
  const files = { ...APP, '/p/Procfile': procfile, '/p/celery.service': unit };
  const of = (found: Diagnostic[]) => found.filter((d) => d.ruleId === 'celery/invalid-command-line').map((d) => [d.file, d.message.split(':')[0]]);
  assert.deepEqual(of(await run(files, { celeryVersion: '4.4' })), [['/p/celery.service', "systemd replaces '%h' with its own specifier (%h is the unit user's home directory, %n the unit name, %i the instance) before Celery sees it. Write '%%h' to pass Celery's placeholder through."]]);
  assert.deepEqual(
    of(await run(files, { celeryVersion: '5.0' })).map(([file]) => file),
    ['/p/Procfile', '/p/Procfile', '/p/Procfile', '/p/celery.service'],
  );
});

test('invalid-command-line: click stops at an unknown global option, so what follows it is not reported too', async () => {
  const found = (await run({ ...APP, '/p/Procfile': 'beat: celery -A proj -s /tmp/schedule beat\n' })).filter((d) => d.ruleId === 'celery/invalid-command-line');
  assert.deepEqual(found.map((d) => [d.range.start.character, d.message.split(':')[0]]), [[21, '`celery` in Celery 5.6.3 has no option -s']]);
});

test('template placeholders ({{ }}, {% %}) are read but never judged, and a placeholder app is not "not found"', async () => {
  const conf = [
    '[program:worker]',
    'command={{ venv }}/bin/celery -A proj worker --loglevel="{{ level }}" -c {{ workers }}',
    'user=app',
    '[program:beat]',
    'command=/srv/venv/bin/celery -A [app].celery beat',
    'user=app',
    '',
  ].join('\n');
  const found = (await run({ ...APP, '/p/supervisord.conf': conf })).filter((d) => d.file === '/p/supervisord.conf');
  assert.deepEqual(found, []);
  // The same worker line with real values is judged.
  const real = (await run({ ...APP, '/p/supervisord.conf': conf.replace('"{{ level }}"', 'verbose') })).filter((d) => d.file === '/p/supervisord.conf');
  assert.deepEqual(real.map((d) => d.message.split(';')[0]), ["Invalid value: 'verbose' is not one of 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL' for --loglevel"]);
});

test('--max-memory-per-child over 16 GiB is a warning that says the bytes figure in KiB, not an invalid value', async () => {
  const found = (await run({ ...APP, '/p/Procfile': 'worker: celery -A proj worker --max-memory-per-child=200000000\n' })).filter((d) => d.ruleId === 'celery/invalid-command-line');
  assert.deepEqual(found.map((d) => [d.severity, d.message]), [
    ['warning', '--max-memory-per-child is in KiB: 200000000 KiB is about 191 GiB per child, a limit that never triggers; if 200000000 is in bytes, write 195313 (KiB).'],
  ]);
  assert.deepEqual((await run({ ...APP, '/p/Procfile': 'worker: celery -A proj worker --max-memory-per-child=2000000\n' })).filter((d) => d.ruleId === 'celery/invalid-command-line'), []);
});

test('a launch file that does not parse is one syntax error; a Helm template document is skipped without a finding', async () => {
  const broken = await run({ ...APP, '/p/docker-compose.yml': 'services:\n  w:\n    command: [celery, worker\n' });
  assert.deepEqual(broken.map((d) => [d.ruleId, d.file, d.severity]), [['celery-lint/syntax-error', '/p/docker-compose.yml', 'error']]);
  assert.match(broken[0]!.message, /^Syntax error: .*Nothing in this document is checked\.$/);
  const helm = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: w\n          command: ["celery", "-A", "proj", "worked"]\n';
  assert.deepEqual((await run({ ...APP, '/p/chart/templates/worker.yaml': helm })).filter((d) => d.file.endsWith('worker.yaml')), []);
});

test('worker-as-root: C_FORCE_ROOT in a Compose environment (map or list) or a Kubernetes env counts as in code', async () => {
  const pickle = { '/p/tasks.py': "from celery import Celery\napp = Celery('tasks')\napp.conf.accept_content = ['pickle', 'json']\n" };
  const composeMap = 'services:\n  w:\n    image: python:3.12\n    command: celery -A tasks worker\n    environment:\n      C_FORCE_ROOT: "true"\n';
  const composeList = 'services:\n  w:\n    image: python:3.12\n    command: celery -A tasks worker\n    environment:\n      - C_FORCE_ROOT=1\n';
  const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      securityContext: {runAsUser: 0}\n      containers:\n        - name: w\n          image: app:1\n          args: [celery, -A, tasks, worker]\n          env:\n            - {name: C_FORCE_ROOT, value: "yes"}\n';
  for (const [file, text] of [['/p/docker-compose.yml', composeMap], ['/p/docker-compose.yml', composeList], ['/p/k8s.yaml', manifest]] as const) {
    const found = (await run({ ...pickle, [file]: text })).filter((d) => d.ruleId === 'celery/worker-as-root');
    assert.equal(found.length, 1, text);
    assert.match(found[0]!.message, /C_FORCE_ROOT is set \((environment|env) in the launch file\): Celery starts it anyway/);
    assert.deepEqual(found[0]!.related?.slice(-1).map((r) => [r.span.file, r.message]), [[file, 'C_FORCE_ROOT is set here']]);
    assert.equal(found[0]!.severity, 'error');
  }
});

test('a Compose template ({{ }} unquoted, not YAML until rendered) is skipped, not a syntax error', async () => {
  const template = 'services:\n  worker:\n    image: {{ registry }}/app\n    command: celery -A proj worked\n';
  assert.deepEqual((await run({ ...APP, '/p/docker-compose.yml': template })).filter((d) => d.file === '/p/docker-compose.yml'), []);
});
