import { test } from 'node:test';
import assert from 'node:assert/strict';
import { celeryCommandsIn } from '../src/launch/python-launches';

test('Celery command lines spelled in Python: word lists, one-string lines, global options skipped', () => {
  assert.deepEqual(celeryCommandsIn("cmd = ['celery', '-A', 'ops', 'beat', '--scheduler', s]\n", '5.6'), ['beat']);
  assert.deepEqual(celeryCommandsIn('subprocess.run(("celery", "--app=proj", "worker", "-c", str(n)))\n', '5.6'), ['worker']);
  assert.deepEqual(celeryCommandsIn("os.system('celery -A proj flower --port=5555')\n", '5.6'), ['flower']);
});

test('a word that is not a literal before the subcommand, or an unknown global option, leaves the line unread', () => {
  assert.deepEqual(celeryCommandsIn("cmd = ['celery', '-A', app_name, 'worker']\n", '5.6'), []);
  assert.deepEqual(celeryCommandsIn("cmd = ['celery', '--mystery', 'x', 'beat']\n", '5.6'), []);
  assert.deepEqual(celeryCommandsIn("import celery\napp = celery.Celery('proj')\n", '5.6'), []);
});
