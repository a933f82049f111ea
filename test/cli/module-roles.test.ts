// What a module is (Django settings, Celery config module, neither) and which
// namespace its settings are read with come from how the project uses it
// (issue 14): each test lints a fixture project of fixtures/ through the real
// CLI, as a user runs `celery-lint .` at the project's root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { findings, REPO, runCli } from './run-cli';

function lintFixture(folder: string): string[] {
  const dir = path.join(REPO, 'fixtures', folder);
  const result = runCli(['.', '--format', 'json'], { cwd: dir });
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  return findings(result.stdout, dir);
}

test('a module that imports a helper from the settings module leaves it the settings module, with its findings', () => {
  assert.deepEqual(lintFixture('pickle-serializer/helper_imported'), [
    'proj/settings.py:8:26 celery/pickle-serializer',
    'proj/settings.py:9:34 celery/pickle-serializer',
  ]);
});
