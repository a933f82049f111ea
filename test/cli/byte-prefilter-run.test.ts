// A run over a tree judges its .py files on their bytes (byte-prefilter/;
// from BYTE_TEST_FROM_FILES files on): what it lints and reports must be what
// a run that decodes every file reports, edge cases included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, runCli, tempProject, type JsonResult } from './run-cli';

/** Enough modules that say nothing of Celery for the run to judge bytes (lint-run's BYTE_TEST_FROM_FILES is 128). */
function filler(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`app/mod${i}.py`, `def f${i}(x):\n    task_id = x\n    return task_id\n`]));
}

const AMQP_CONFIG = "result_backend = 'amqp://'\n";
const APP = "from celery import Celery\napp = Celery('proj')\napp.config_from_object('proj.celeryconfig')\n";

function lintTree(files: Record<string, string | Buffer>): { findings: string[]; errors: string[] } {
  const dir = tempProject(files);
  const out = runCli(['.', '--format', 'json'], { cwd: dir });
  const results = JSON.parse(out.stdout) as JsonResult[];
  const errors = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'celery-lint/file-error').map((m) => `${r.filePath.slice(dir.length + 1)}: ${m.message}`));
  return { findings: findings(out.stdout, dir), errors };
}

test('a config module with a byte-order mark, or with \\r\\n line breaks, is linted as in a small run; a file not in UTF-8 is still reported', () => {
  for (const [label, config] of [
    ['plain', AMQP_CONFIG],
    ['byte-order mark', `\uFEFF${AMQP_CONFIG}`],
    ['\\r\\n', AMQP_CONFIG.replace(/\n/g, '\r\n')],
  ] as const) {
    const project = { 'proj/__init__.py': '', 'proj/celery.py': APP, 'proj/celeryconfig.py': config };
    const small = lintTree(project);
    const large = lintTree({ ...project, ...filler(140), 'app/latin1.py': Buffer.from([0x23, 0x20, 0xe9, 0x0a]) });
    assert.deepEqual(small.findings, ['proj/celeryconfig.py:1:18 celery/no-amqp-result-backend'], label);
    assert.deepEqual(large.findings.filter((f) => !f.startsWith('app/latin1.py')), small.findings, label);
    assert.equal(large.errors.length, 1, label);
    assert.match(large.errors[0]!, /^app\/latin1\.py: File is not valid UTF-8 \(first bad byte at offset 2\)/, label);
  }
});
