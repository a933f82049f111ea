import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runCli, tempProject } from './run-cli';

// The official OASIS SARIF 2.1.0 schema (rtm.5), as shipped in the @microsoft/jest-sarif package.
const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Ajv = require('ajv-draft-04');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const addFormats = require('ajv-formats');

const FILES = {
  'proj/settings.py': "# 설정 😀\nSECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'amqp://호스트'\nCELERY_ACCEPT_CONTENT = ['json', 'pickle']\nimport os\nif os.environ.get('X'):\n    DEBUG = True  # noqa: celery/pickle-serializer\nelse:\n    DEBUG = True  # noqa: celery/pickle-serializer\n",
  'proj/broken.py': 'CELERY_BROKER_URL = (\n',
};

test('--format sarif is valid SARIF 2.1.0 with rules, help, locations in UTF-16 columns, fingerprints and fixes', () => {
  const dir = tempProject(FILES);
  const { code, stdout } = runCli(['.', '--format', 'sarif'], { cwd: dir });
  assert.equal(code, 1);
  const log = JSON.parse(stdout);
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

  const run = log.runs[0];
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
  const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  assert.deepEqual([run.tool.driver.name, run.tool.driver.version, run.tool.driver.informationUri], ['celery-lint', pkg.version, repository]);
  const amqpRule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'celery/no-amqp-result-backend');
  assert.equal(amqpRule.name, 'NoAmqpResultBackend');
  assert.match(amqpRule.help.markdown, /^# celery\/no-amqp-result-backend\n/);
  // The full description is the page's "What it does" paragraph, on one line.
  const whatItDoes = amqpRule.help.markdown.split('\n## What it does\n')[1].replace(/\s+/g, ' ');
  assert.ok(amqpRule.fullDescription.text.length > amqpRule.shortDescription.text.length);
  assert.ok(whatItDoes.includes(amqpRule.fullDescription.text), amqpRule.fullDescription.text);
  // Every rule's page is in this repository at the path its helpUri names under the repository's URL.
  for (const rule of run.tool.driver.rules as Array<{ id: string; helpUri: string }>) {
    if (rule.id.startsWith('celery-lint/') && rule.id !== 'celery-lint/unused-suppression') continue;
    assert.ok(rule.helpUri.startsWith(`${repository}/blob/main/`), rule.helpUri);
    assert.ok(fs.existsSync(path.join(REPO, rule.helpUri.slice(`${repository}/blob/main/`.length))), `${rule.helpUri} names no file of this repository`);
  }
  const amqp = run.results.find((r: { ruleId: string }) => r.ruleId === 'celery/no-amqp-result-backend');
  assert.deepEqual(amqp.locations[0].physicalLocation, {
    artifactLocation: { uri: 'proj/settings.py', uriBaseId: '%SRCROOT%' },
    region: { startLine: 3, startColumn: 25, endLine: 3, endColumn: 37 },
  });
  assert.equal(amqp.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, "'rpc://'");
  assert.equal(run.tool.driver.rules[amqp.ruleIndex].id, 'celery/no-amqp-result-backend');
  assert.ok(run.results.some((r: { ruleId: string }) => r.ruleId === 'celery-lint/syntax-error'));
  assert.equal(path.basename(new URL(run.originalUriBaseIds['%SRCROOT%'].uri).pathname), path.basename(dir));
  // Every finding has its own fingerprint, even two identical lines.
  const prints = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['celeryLintFinding/v1']);
  assert.equal(new Set(prints).size, run.results.length);
  assert.equal(run.results.filter((r: { ruleId: string }) => r.ruleId === 'celery-lint/unused-suppression').length, 2);
});

// Microsoft's SARIF multitool, from npm: a self-contained .NET program whose only install script marks
// it executable (allowed in package.json's allowScripts). It runs GitHub's code-scanning rules (GH*) and
// SARIF's own (SARIF*) with no network; invariant globalization spares it the ICU libraries a bare
// machine may lack. Its list options take every value up to the next option, so the file goes first.
const multitool = (() => {
  try {
    return require('@microsoft/sarif-multitool-linux') as string;
  } catch {
    return undefined;
  }
})();

test('--format sarif passes the SARIF multitool with GitHub code-scanning rules: no errors or warnings', { skip: (process.platform !== 'linux' || !multitool) && 'the SARIF multitool is installed on Linux only' }, () => {
  assert.doesNotThrow(() => fs.accessSync(multitool!, fs.constants.X_OK), 'the multitool is not executable: its install script (chmod) did not run; see allowScripts in package.json');
  const dir = tempProject(FILES);
  const report = path.join(dir, 'report.sarif');
  assert.equal(runCli(['proj', '--format', 'sarif', '--output-file', report], { cwd: dir }).code, 1);
  const verdict = path.join(dir, 'verdict.sarif');
  const out = spawnSync(multitool!, ['validate', report, '--output', verdict, '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '--log', 'ForceOverwrite'], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    timeout: 120_000,
  });
  assert.equal(out.status, 0, `${out.stdout}${out.stderr}`);
  const found = (JSON.parse(fs.readFileSync(verdict, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; level?: string; message: { arguments?: string[] } }> }> }).runs[0]!.results;
  const serious = found.filter((r) => r.level === 'error' || r.level === 'warning' || r.level === undefined).map((r) => `${r.level ?? 'warning'} ${r.ruleId}: ${r.message.arguments?.join(' | ')}`);
  assert.deepEqual(serious, []);
  // The checks did run: the multitool has notes (style advice) on a log this size.
  assert.ok(found.some((r) => r.ruleId.startsWith('SARIF')), 'the multitool reported nothing at all: did it check the file?');
  // Without fullDescription, the GitHub rule GH2012 fires: the same check, shown to fail.
  const bare = JSON.parse(fs.readFileSync(report, 'utf8'));
  delete bare.runs[0].tool.driver.rules[0].fullDescription;
  fs.writeFileSync(report, JSON.stringify(bare));
  spawnSync(multitool!, ['validate', report, '--output', verdict, '--rule-kind', 'Gh', '--level', 'Error;Warning', '--log', 'ForceOverwrite'], { env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' }, timeout: 120_000 });
  const broken = (JSON.parse(fs.readFileSync(verdict, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> }).runs[0]!.results.map((r) => r.ruleId);
  assert.ok(broken.some((id) => id.startsWith('GH')), `the GitHub rules did not run: ${broken}`);
});
