import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempProject } from './run-cli';

// The official OASIS SARIF 2.1.0 schema (rtm.5), as shipped in the @microsoft/jest-sarif package.
const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Ajv = require('ajv-draft-04');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const addFormats = require('ajv-formats');

test('--format sarif is valid SARIF 2.1.0 with rules, help, locations in UTF-16 columns, and fixes', () => {
  const dir = tempProject({
    'proj/settings.py': "# 설정 😀\nSECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://호스트'\nCELERY_ACCEPT_CONTENT = ['json', 'pickle']\n",
    'proj/broken.py': "CELERY_BROKER_URL = (\n",
  });
  const { code, stdout } = runCli(['.', '--format', 'sarif'], { cwd: dir });
  assert.equal(code, 1);
  const log = JSON.parse(stdout);
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'celery-lint');
  const amqpRule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'celery/no-amqp-result-backend');
  assert.match(amqpRule.help.markdown, /^# celery\/no-amqp-result-backend\n/);
  assert.match(amqpRule.helpUri, /rules\/docs\/no-amqp-result-backend\.md$/);
  const amqp = run.results.find((r: { ruleId: string }) => r.ruleId === 'celery/no-amqp-result-backend');
  assert.deepEqual(amqp.locations[0].physicalLocation, {
    artifactLocation: { uri: 'proj/settings.py', uriBaseId: '%SRCROOT%' },
    region: { startLine: 3, startColumn: 25, endLine: 3, endColumn: 37 },
  });
  assert.equal(amqp.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, "'rpc://'");
  assert.equal(run.tool.driver.rules[amqp.ruleIndex].id, 'celery/no-amqp-result-backend');
  assert.ok(run.results.some((r: { ruleId: string }) => r.ruleId === 'celery-lint/syntax-error'));
  assert.equal(path.basename(new URL(run.originalUriBaseIds['%SRCROOT%'].uri).pathname), path.basename(dir));
});
