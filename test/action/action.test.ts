// The GitHub Action (action.yml): checked against SchemaStore's action
// metadata schema, then its steps run on this machine (local-runner.ts)
// against the release's npm tarball, with no registry: install, one lint that
// writes SARIF and annotations, outputs, the upload that forks and Dependabot
// skip, and failing on findings.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readmeBlocks } from '../release/environment';
import { release, REPO, type Release } from '../release/release-build';
import { condition, runAction, type ActionMetadata, type ActionRun, type StepRun } from './local-runner';

interface Validation {
  errors: Array<{ code: string; path?: string; title: string; detail?: string }>;
}
// SchemaStore's github-action.json and github-workflow.json, as action-validator embeds them.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const validator = require('@action-validator/core') as { validateAction(text: string): Validation; validateWorkflow(text: string): Validation };

const yaml = spawnSync('/usr/bin/python3', ['-c', 'import yaml'], { encoding: 'utf8' });
const skip = yaml.status !== 0 && 'python3-yaml is not installed';
const ACTION = path.join(REPO, 'action.yml');
const OFFLINE = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true', npm_config_update_notifier: 'false' };
const PUSH = { event_name: 'push', repository: 'acme/shop', actor: 'alice', event: {} };

let built: Release;
let action: ActionMetadata;

function loadYaml<T>(text: string): T {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: text, encoding: 'utf8' })) as T;
}

function pullRequest(from: string, actor = 'bob') {
  return { event_name: 'pull_request', repository: 'acme/shop', actor, event: { pull_request: { head: { repo: { full_name: from } } } } };
}

function workflow(): { text: string; with: Record<string, string> } {
  const text = readmeBlocks('GitHub Action').find((b) => b.lang === 'yaml')!.text;
  const parsed = loadYaml<{ jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> }>(text);
  const step = Object.values(parsed.jobs).flatMap((j) => j.steps).find((s) => s.uses?.startsWith('celery-lint/celery-lint@'))!;
  return { text, with: step.with ?? {} };
}

function project(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-action-project-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const BAD = { 'src/proj/settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://localhost'\nCELERY_TASK_SERIALIZER = 'pickle'\n", 'other/settings.py': "CELERY_RESULT_BACKEND = 'amqp://elsewhere'\n" };

/** Runs the action with the README's inputs, the release's tarball as the version, and a log of every celery-lint process. */
async function runHere(workspace: string, inputs: Record<string, string> = {}, github: Record<string, unknown> = PUSH): Promise<ActionRun & { invocations: () => string[][] }> {
  const log = path.join(workspace, '..', `${path.basename(workspace)}-invocations.jsonl`);
  // Every Node process the steps start loads the recorder (NODE_OPTIONS); celery-lint's write down their arguments.
  const recorder = path.join(workspace, '..', `${path.basename(workspace)}-record.js`);
  fs.writeFileSync(recorder, `if (/node_modules\\/(\\.bin\\/celery-lint|celery-lint\\/bin\\/celery-lint\\.js)$/.test(process.argv[1] ?? '')) require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`);
  const result = await runAction(action, {
    actionPath: REPO,
    workspace,
    inputs: { ...workflow().with, version: built.tarball, ...inputs },
    github,
    env: { PATH: process.env.PATH, HOME: os.homedir(), LANG: 'C.UTF-8', NO_COLOR: '1', NODE_OPTIONS: `--require ${recorder}`, ...OFFLINE },
  });
  return { ...result, invocations: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]) : []) };
}

function step(run: ActionRun, name: string): StepRun {
  const found = run.steps.find((s) => s.step.name === name);
  assert.ok(found, `a step named ${name}`);
  return found;
}

before(() => {
  if (skip) return;
  built = release();
  action = loadYaml<ActionMetadata>(fs.readFileSync(ACTION, 'utf8'));
});

test('action.yml validates against SchemaStore\'s action metadata schema', { skip }, () => {
  const text = fs.readFileSync(ACTION, 'utf8');
  assert.deepEqual(validator.validateAction(text).errors, []);
  // The validator does reject what the schema forbids.
  assert.notDeepEqual(validator.validateAction(text.replace('using: composite', 'using: compost')).errors, []);
  assert.notDeepEqual(validator.validateAction(text.replace(/^ {4}description: Files and directories to lint.*$/m, '    descripton: typo')).errors, []);
});

test('inputs reach the scripts only as environment variables; every script is bash', { skip }, () => {
  for (const s of action.runs.steps) {
    if (s.run === undefined) continue;
    assert.equal(s.shell, 'bash', s.name);
    assert.ok(!s.run.includes('${{'), `${s.name}: an expression inside a script is shell code written by whoever sets the input`);
  }
  assert.match(action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!.uses!, /@v4$/);
});

test('the README workflow is a valid workflow that uses this action at the release tag with the permissions it needs', { skip }, () => {
  const { text } = workflow();
  assert.deepEqual(validator.validateWorkflow(text).errors, []);
  assert.match(text, new RegExp(`uses: celery-lint/celery-lint@v${built.version.replace(/\./g, '\\.')}\\n`));
  const parsed = loadYaml<{ permissions: Record<string, string> }>(text);
  assert.deepEqual(parsed.permissions, { contents: 'read', 'security-events': 'write', actions: 'read' });
});

test('run against the tarball: installs it, lints once, writes SARIF, annotates, sets outputs and fails on findings', { skip }, async (t) => {
  const workspace = project(BAD);
  const started = process.hrtime.bigint();
  const run = await runHere(workspace);
  const install = step(run, 'Install celery-lint');
  assert.equal(install.code, 0, `${install.stdout}${install.stderr}`);
  t.diagnostic(`steps run locally in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  assert.ok(fs.existsSync(install.outputs!.bin!), install.outputs!.bin);

  const lint = step(run, 'Run celery-lint');
  assert.equal(lint.code, 0, `${lint.stdout}${lint.stderr}`);
  assert.deepEqual(run.invocations().length, 1, JSON.stringify(run.invocations()));
  assert.deepEqual(run.outputs, { 'exit-code': '1', 'sarif-file': run.outputs['sarif-file'], findings: '3' });
  const sarif = JSON.parse(fs.readFileSync(run.outputs['sarif-file']!, 'utf8')) as { runs: Array<{ results: unknown[]; tool: { driver: { version: string } } }> };
  assert.equal(sarif.runs[0]!.results.length, 3);
  // The annotations are the ones `celery-lint --format github` prints for the same run (the README's paths and args).
  const github = spawnSync(process.execPath, [path.join(REPO, 'packages', 'cli', 'bin', 'celery-lint.js'), 'src/', '--celery-version', '5.4', '--format', 'github'], { cwd: workspace, encoding: 'utf8' });
  const annotations = lint.stdout!.split('\n').filter((l) => l.startsWith('::'));
  assert.deepEqual(annotations, github.stdout.trim().split('\n'));
  assert.ok(annotations.every((a) => a.includes('file=src/proj/settings.py,')), annotations.join('\n'));
  assert.match(lint.stdout!, /^celery-lint: 3 finding\(s\): 3 error\(s\), 0 warning\(s\)\.$/m);

  const upload = step(run, 'Upload SARIF to code scanning');
  assert.ok(upload.ran);
  assert.deepEqual(upload.with, { sarif_file: run.outputs['sarif-file'], category: 'celery-lint' });
  assert.equal(step(run, 'Explain the skipped upload').ran, false);
  const fail = step(run, 'Fail on findings');
  assert.equal(fail.code, 1);
  assert.match(fail.stdout!, /celery-lint reported 3 finding\(s\)\./);
  assert.equal(run.failed, true);
});

test('a clean project: exit-code 0, no findings, the job passes', { skip }, async () => {
  const run = await runHere(project({ 'src/proj/settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\n" }));
  assert.equal(run.failed, false, JSON.stringify(run.steps.map((s) => [s.step.name, s.code, s.stderr])));
  assert.equal(run.outputs['exit-code'], '0');
  assert.equal(run.outputs.findings, '0');
  assert.equal(step(run, 'Fail on findings').ran, false);
});

test('fail-on-findings: false reports without failing the job', { skip }, async () => {
  const run = await runHere(project(BAD), { 'fail-on-findings': 'false' });
  assert.equal(run.outputs['exit-code'], '1');
  assert.equal(step(run, 'Fail on findings').ran, false);
  assert.equal(run.failed, false);
});

test('the upload is skipped, with a notice, where the token cannot write security events', { skip }, async () => {
  const upload = action.runs.steps.find((s) => s.name === 'Upload SARIF to code scanning')!;
  const explain = action.runs.steps.find((s) => s.name === 'Explain the skipped upload')!;
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['push', PUSH, true],
    ['pull request from a branch of the repository', pullRequest('acme/shop'), true],
    ['pull request from a fork', pullRequest('mallory/shop'), false],
    ['Dependabot pull request', pullRequest('acme/shop', 'dependabot[bot]'), false],
    ['Dependabot push', { ...PUSH, actor: 'dependabot[bot]' }, false],
  ];
  for (const [what, github, uploads] of cases) {
    const context = { inputs: { 'upload-sarif': 'true' }, github, steps: {} };
    assert.equal(await condition(upload.if, context), uploads, what);
    assert.equal(await condition(explain.if, context), !uploads, what);
    const off = { ...context, inputs: { 'upload-sarif': 'false' } };
    assert.equal(await condition(upload.if, off), false, `${what}, upload-sarif: false`);
    assert.equal(await condition(explain.if, off), false, `${what}, upload-sarif: false`);
  }
});

test('inputs are data: shell syntax in paths and args runs nothing', { skip }, async () => {
  const workspace = project(BAD);
  const marker = (n: number) => path.join(workspace, `pwned${n}`);
  const run = await runHere(workspace, {
    paths: `src/ $(touch ${marker(1)}) ; touch ${marker(2)} \`touch ${marker(3)}\``,
    args: `--celery-version 5.4; touch ${marker(4)}`,
  });
  for (let n = 1; n <= 4; n++) assert.ok(!fs.existsSync(marker(n)), `pwned${n} was created`);
  // The words went to celery-lint as they are.
  const [args] = run.invocations();
  assert.ok(args?.includes(`$(touch`) && args.includes(`${marker(2)}`) && args.includes('5.4;'), JSON.stringify(args));
});
