// The composite Action cannot run here, but its shape can be checked with a
// real YAML parser, and the command it runs is the one the CLI tests cover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from '../cli/run-cli';

const yaml = spawnSync('/usr/bin/python3', ['-c', 'import yaml'], { encoding: 'utf8' });

test('action.yml is a composite action that writes SARIF and uploads it', { skip: yaml.status !== 0 && 'python3-yaml is not installed' }, () => {
  const out = spawnSync('/usr/bin/python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path.join(REPO, 'action.yml')], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const action = JSON.parse(out.stdout);
  assert.equal(action.runs.using, 'composite');
  const steps = action.runs.steps as Array<{ run?: string; uses?: string; with?: Record<string, string> }>;
  assert.ok(steps.some((s) => s.run?.includes('--format sarif --output-file "$RUNNER_TEMP/celery-lint.sarif"')));
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
  assert.equal(upload?.with?.sarif_file, '${{ runner.temp }}/celery-lint.sarif');
  assert.ok(steps.some((s) => s.run?.includes('--format github')));
});
