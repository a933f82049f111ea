// The precision survey's script (issue 14, "How to work on it"): on a small
// synthetic survey, `scripts/survey/run.js` lints each checkout with the real
// CLI at its root, matches the findings to the triage and reports precision
// per rule, what appeared, what disappeared (with or without a recorded
// reason), reworded messages, and skips a repository without a checkout. The
// real survey needs the public checkouts and is not run in CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, tempProject } from '../cli/run-cli';

const RUN = path.join(REPO, 'scripts', 'survey', 'run.js');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const triage = require(path.join(REPO, 'scripts', 'survey', 'triage.js')) as {
  digest(message: string): string;
  parseTriage(text: string, name?: string): unknown[];
};

const PICKLE_MESSAGE = "task_serializer is pickle: whoever reads these messages unpickles them, and unpickling runs code chosen by whoever wrote them. Use json (or msgpack) and pass plain data.";

/** A survey folder (repositories.json, triage.jsonl) and a checkouts folder with one project. */
function syntheticSurvey(triageLines: object[]): { survey: string; checkouts: string } {
  const survey = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-survey-'));
  fs.writeFileSync(
    path.join(survey, 'repositories.json'),
    JSON.stringify([
      { repo: 'acme/shop', commit: 'a'.repeat(40), why: 'celeryconfig module with pickle' },
      { repo: 'acme/absent', commit: 'b'.repeat(40), why: 'never checked out' },
    ]),
  );
  fs.writeFileSync(path.join(survey, 'triage.jsonl'), triageLines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const project = tempProject({
    'celeryconfig.py': "broker_url = 'redis://localhost:6379/0'\ntask_serializer = 'pickle'\naccept_content = ['pickle', 'json']\nresult_backend = 'amqp://'\n",
    'proj.py': "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n",
  });
  const checkouts = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-checkouts-'));
  fs.renameSync(project, path.join(checkouts, 'acme+shop'));
  return { survey, checkouts };
}

function runSurvey(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [RUN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('the survey script matches findings to the triage and reports precision, appeared and disappeared findings', () => {
  const { survey, checkouts } = syntheticSurvey([
    { repo: 'acme/shop', file: 'celeryconfig.py', line: 2, col: 19, rule: 'celery/pickle-serializer', digest: triage.digest(PICKLE_MESSAGE), verdict: 'true', why: 'pickle is unsafe' },
    // Same place and rule, but a message the CLI no longer prints: carried over, listed as changed.
    { repo: 'acme/shop', file: 'celeryconfig.py', line: 3, col: 19, rule: 'celery/pickle-serializer', digest: '0000000000', verdict: 'false', why: 'judged on older words' },
    // Gone without a reason, and gone with one.
    { repo: 'acme/shop', file: 'celeryconfig.py', line: 1, rule: 'celery/unknown-setting', digest: '1111111111', verdict: 'false', why: 'was a false alarm' },
    { repo: 'acme/shop', file: 'old.py', line: 9, rule: 'celery/unknown-setting', digest: '2222222222', verdict: 'false', why: 'was a false alarm', gone: 'fixed by reading the project pins' },
    // A repository without a checkout is left out of the numbers.
    { repo: 'acme/absent', file: 'x.py', line: 1, rule: 'celery/pickle-serializer', digest: '3333333333', verdict: 'true', why: 'n/a' },
  ]);
  const r = runSurvey(['--survey', survey, '--checkouts', checkouts, '--verbose']);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, /Survey: 2 repositories, 1 linted .*1 skipped, 0 failed; 3 findings\./);
  assert.match(out, /skipped acme\/absent: no checkout at /);
  // pickle-serializer: one true, one false (carried over) → 0.500; the amqp finding is new.
  assert.match(out, /^celery\/pickle-serializer\s+2\s+1\s+1\s+0\s+0\s+0\.500$/m);
  assert.match(out, /^celery\/no-amqp-result-backend\s+1\s+0\s+0\s+0\s+1\s+-$/m);
  assert.match(out, /^total\s+3\s+1\s+1\s+0\s+1\s+0\.500$/m);
  assert.match(out, /Appeared since the triage \(untriaged, to review\): 1\n {2}acme\/shop celeryconfig\.py:4:18 celery\/no-amqp-result-backend {2}[0-9a-f]{10} {2}result_backend is 'amqp:\/\/'/);
  assert.match(out, /Disappeared since the triage \(no reason recorded\): 1\n {2}acme\/shop celeryconfig\.py:1 celery\/unknown-setting {2}was false: was a false alarm/);
  assert.match(out, /Message changed \(verdict carried over; check it still holds\): 1\n {2}acme\/shop celeryconfig\.py:3:19 celery\/pickle-serializer {2}was false {2}now: accept_content accepts 'pickle'/);
  assert.match(out, /Disappeared with a recorded reason: 1\n {2}acme\/shop old\.py:9 celery\/unknown-setting {2}was false; gone: fixed by reading the project pins/);
  assert.doesNotMatch(out, /acme\/absent x\.py/);

  // --check fails while anything is unsettled; --untriaged writes triage lines to fill in; --json the comparison.
  const untriaged = path.join(survey, 'new.jsonl');
  const comparison = path.join(survey, 'comparison.json');
  const checked = runSurvey(['--survey', survey, '--checkouts', checkouts, '--reuse', '--check', '--untriaged', untriaged, '--json', comparison]);
  assert.equal(checked.code, 1);
  const json = JSON.parse(fs.readFileSync(comparison, 'utf8')) as {
    total: Record<string, number>;
    appeared: Array<{ rule: string; line: number }>;
    disappeared: Array<{ file: string; line: number; verdict: string }>;
    explained: Array<{ gone: string }>;
    changed: Array<{ finding: { digest: string }; entry: { digest: string; verdict: string } }>;
  };
  assert.deepEqual(json.total, { rule: 'total', findings: 3, true: 1, false: 1, debatable: 0, untriaged: 1 });
  assert.deepEqual(json.appeared.map((f) => [f.rule, f.line]), [['celery/no-amqp-result-backend', 4]]);
  assert.deepEqual(json.disappeared.map((e) => [e.file, e.line, e.verdict]), [['celeryconfig.py', 1, 'false']]);
  assert.deepEqual(json.explained.map((e) => e.gone), ['fixed by reading the project pins']);
  assert.equal(json.changed.length, 1);
  assert.equal(json.changed[0]!.entry.digest, '0000000000');
  assert.notEqual(json.changed[0]!.finding.digest, '0000000000');
  const lines = fs.readFileSync(untriaged, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines.map((l) => [l.file, l.line, l.rule, l.verdict]), [['celeryconfig.py', 4, 'celery/no-amqp-result-backend', '?']]);
  for (const dir of [survey, checkouts]) fs.rmSync(dir, { recursive: true, force: true });
});

test('a settled survey passes --check, and a malformed triage line is a one-line error', () => {
  const first = syntheticSurvey([]);
  const untriaged = path.join(first.survey, 'new.jsonl');
  runSurvey(['--survey', first.survey, '--checkouts', first.checkouts, '--untriaged', untriaged]);
  const judged = fs
    .readFileSync(untriaged, 'utf8')
    .trim()
    .split('\n')
    .map((l) => ({ ...(JSON.parse(l) as object), verdict: 'true', why: 'real problem' }));
  assert.equal(judged.length, 3);
  fs.writeFileSync(path.join(first.survey, 'triage.jsonl'), judged.map((l) => JSON.stringify(l)).join('\n'));
  const settled = runSurvey(['--survey', first.survey, '--checkouts', first.checkouts, '--reuse', '--check', 'acme/shop']);
  assert.equal(settled.code, 0, settled.stdout);
  assert.match(settled.stdout, /^total\s+3\s+3\s+0\s+0\s+0\s+1\.000$/m);

  fs.appendFileSync(path.join(first.survey, 'triage.jsonl'), '\n{"repo": "acme/shop", "file": "a.py", "line": 1, "rule": "x", "digest": "d", "verdict": "maybe"}\n');
  const broken = runSurvey(['--survey', first.survey, '--checkouts', first.checkouts, '--reuse']);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /^survey: .*triage\.jsonl:4: "verdict" must be true, false or debatable \(got "maybe"\)\n$/);
  assert.throws(() => triage.parseTriage('{"repo": "r"}'), /triage\.jsonl:1: "file" must be a non-empty string/);
  for (const dir of [first.survey, first.checkouts]) fs.rmSync(dir, { recursive: true, force: true });
});

test('a gone line appended for a judged finding amends that judgement instead of counting as another finding', () => {
  const judged = { repo: 'acme/shop', file: 'old.py', line: 9, col: 1, rule: 'celery/unknown-setting', digest: '2222222222', verdict: 'false', why: 'a false alarm' };
  const twice = [judged, judged].map((l) => JSON.stringify(l)).join('\n');
  const amended = triage.parseTriage(`${twice}\n${JSON.stringify({ ...judged, gone: 'fixed by reading the project knobs' })}\n`) as Array<{ gone?: string; source: number }>;
  // One of the two identical findings is marked gone (the first), the other still stands; no third entry.
  assert.deepEqual(amended.map((e) => [e.source, e.gone]), [[1, 'fixed by reading the project knobs'], [2, undefined]]);
  // A gone line for a finding no earlier line judged is an entry of its own.
  const alone = triage.parseTriage(JSON.stringify({ ...judged, digest: '4444444444', gone: 'never seen again' })) as unknown[];
  assert.equal(alone.length, 1);
  // A back line re-opens a gone judgement with the verdict it carries; one for a finding never gone is an entry of its own.
  const back = { ...judged, verdict: 'true', why: 'the rule reads it again', back: 'the import order reads the star import' };
  const reopened = triage.parseTriage([judged, { ...judged, gone: 'fixed' }, back].map((l) => JSON.stringify(l)).join('\n')) as Array<{ gone?: string; verdict: string; source: number }>;
  assert.deepEqual(reopened.map((e) => [e.source, e.gone, e.verdict]), [[1, undefined, 'true']]);
  assert.equal((triage.parseTriage(JSON.stringify(back)) as unknown[]).length, 1);
});
