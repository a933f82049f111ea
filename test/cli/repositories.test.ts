// A run over a directory of repositories judges each as it is judged alone:
// a neighbour's modules, tasks and mentions neither make nor hide a finding,
// and never drive a fix. A submodule (a .git inside a repository) stays with
// the repository that includes it; without any .git the tree is one project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempProject } from './run-cli';

// Beat names a task in a module only the neighbouring checkout has, misspelt.
const APP = [
  'from celery import Celery',
  '',
  "app = Celery('proj', broker='redis://localhost:6379/0')",
  'app.conf.beat_schedule = {',
  "    'charge-every-minute': {'task': 'billing.tasks.charg', 'schedule': 60.0},",
  '}',
  "app.autodiscover_tasks(['proj'])",
  '',
].join('\n');
const TASKS = 'from celery import shared_task\n\n\n@shared_task\ndef charge():\n    return 1\n';

interface JsonResult {
  readonly filePath: string;
  readonly messages: Array<{ ruleId: string; line: number }>;
}

function findings(dir: string, args: readonly string[]): string[] {
  const out = runCli([...args, '--format', 'json'], { cwd: dir });
  assert.ok(out.code === 0 || out.code === 1, out.stderr);
  return (JSON.parse(out.stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}`));
}

function workspace(layout: 'repositories' | 'submodule' | 'no-git'): string {
  const billing = layout === 'submodule' ? 'a/vendor' : 'b';
  const dir = tempProject({
    'a/proj/__init__.py': '',
    'a/proj/celery.py': APP,
    [`${billing}/billing/__init__.py`]: '',
    [`${billing}/billing/tasks.py`]: TASKS,
  });
  if (layout !== 'no-git') {
    fs.mkdirSync(path.join(dir, 'a', '.git'));
    // A submodule's .git is a file pointing into the including repository's.
    if (layout === 'submodule') fs.writeFileSync(path.join(dir, billing, '.git'), 'gitdir: ../.git/modules/vendor\n');
    else fs.mkdirSync(path.join(dir, billing, '.git'));
  }
  return dir;
}

test('a directory of repositories: each gets the findings it gets alone, not ones its neighbour makes', () => {
  const dir = workspace('repositories');
  assert.deepEqual(findings(dir, ['a']), []);
  assert.deepEqual(findings(dir, ['.']), []);
  // Nor does a neighbour drive a fix.
  const fixed = runCli(['.', '--fix', '--unsafe-fixes'], { cwd: dir });
  assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
  assert.equal(fs.readFileSync(path.join(dir, 'a', 'proj', 'celery.py'), 'utf8'), APP);
});

test('a submodule stays with the repository that includes it, and a tree without .git is one project', () => {
  for (const layout of ['submodule', 'no-git'] as const) {
    const dir = workspace(layout);
    assert.deepEqual(findings(dir, ['.']), ['a/proj/celery.py:5 celery/beat-task-unknown'], layout);
  }
});
