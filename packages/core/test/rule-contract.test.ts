import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRule, fix, initParser, lint, type Rule } from '../src';
import { lintSources, FILE } from './helpers';

const reportBackend = (withFix: boolean, declareFix: boolean): Rule =>
  createRule({
    meta: {
      id: 'test/backend',
      description: 'reports the result backend',
      category: 'correctness',
      defaultSeverity: 'warning',
      messages: { found: 'result_backend {{certainty}} {{value}}', other: 'use rpc' },
      ...(declareFix ? { fix: { safety: 'safe' as const } } : {}),
    },
    check(context) {
      const { binding } = context.get('result_backend');
      if (!binding) return;
      context.report({
        at: binding,
        messageId: 'found',
        data: { certainty: 'is', value: 'set' },
        ...(withFix ? { fix: { file: binding.valueSpan.file, edits: [{ start: binding.valueSpan.start, end: binding.valueSpan.end, text: "'rpc://'" }] } } : {}),
      });
    },
  });

test('a report becomes a diagnostic at the binding, with the message filled in and the docs URL', async () => {
  const out = await lintSources("CELERY_RESULT_BACKEND = 'amqp://'\n", [reportBackend(false, false)]);
  const [d] = out.diagnostics;
  assert.equal(d?.ruleId, 'test/backend');
  assert.equal(d?.message, 'result_backend is set');
  assert.equal(d?.severity, 'warning');
  assert.deepEqual(d?.range, { start: { line: 0, character: 24 }, end: { line: 0, character: 33 } });
  assert.match(d?.docsUrl ?? '', /rules\/docs\/backend\.md$/);
});

test('a fix the rule did not declare is refused and surfaces as an internal error, not a crash', async () => {
  const out = await lintSources("CELERY_RESULT_BACKEND = 'amqp://'\n", [reportBackend(true, false)]);
  assert.equal(out.diagnostics.length, 1);
  assert.equal(out.diagnostics[0]!.ruleId, 'celery-lint/internal-error');
  assert.match(out.diagnostics[0]!.message, /test\/backend.*declares none/);
});

test('severities can be overridden or turned off', async () => {
  const rules = [reportBackend(false, false)];
  await initParser();
  const error = await lintSources("CELERY_RESULT_BACKEND = 'amqp://'\n", rules);
  assert.equal(error.diagnostics[0]!.severity, 'warning');
  const off = lint([{ path: FILE, text: "CELERY_RESULT_BACKEND = 'amqp://'\n" }], { rules, severities: { 'test/backend': 'off' } });
  assert.equal(off.diagnostics.length, 0);
  const upgraded = lint([{ path: FILE, text: "CELERY_RESULT_BACKEND = 'amqp://'\n" }], { rules, severities: { 'test/backend': 'error' } });
  assert.equal(upgraded.diagnostics[0]!.severity, 'error');
});

test('fix() applies declared fixes, re-lints, and stops when nothing changes', async () => {
  await initParser();
  // The rule keeps reporting after the fix (it reports any backend), so this also proves the pass bound and cycle stop.
  const out = fix({ path: FILE, text: "CELERY_RESULT_BACKEND = 'amqp://'\n" }, [], { rules: [reportBackend(true, true)], unsafe: false });
  assert.equal(out.text, "CELERY_RESULT_BACKEND = 'rpc://'\n");
  assert.equal(out.changed, true);
  assert.equal(out.remaining.length, 1);
});

test('fix() refuses a pass that would add a syntax error', async () => {
  await initParser();
  const breaking = createRule({
    meta: { id: 'test/breaks', description: 'breaks code', category: 'style', defaultSeverity: 'warning', messages: { m: 'm' }, fix: { safety: 'safe' } },
    check(context) {
      const { binding } = context.get('result_backend');
      if (binding) context.report({ at: binding, messageId: 'm', fix: { file: binding.valueSpan.file, edits: [{ start: binding.valueSpan.start, end: binding.valueSpan.end, text: "'rpc://" }] } });
    },
  });
  const source = "CELERY_RESULT_BACKEND = 'amqp://'\n";
  const out = fix({ path: FILE, text: source }, [], { rules: [breaking], unsafe: false });
  assert.equal(out.text, source);
  assert.match(out.problem ?? '', /test\/breaks would introduce a syntax error/);
});
