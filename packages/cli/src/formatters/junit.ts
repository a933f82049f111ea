// JUnit XML, for CI systems that show test reports: one test suite per file,
// one failing test case per finding (a file with none passes).
import * as path from 'node:path';
import type { FileResult } from '../lint-run';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function formatJunit(results: readonly FileResult[], cwd: string): string {
  const findings = results.reduce((n, r) => n + r.diagnostics.length, 0);
  const cases = results.reduce((n, r) => n + Math.max(1, r.diagnostics.length), 0);
  // Totals on the root, which most CI report readers show first.
  const out = ['<?xml version="1.0" encoding="utf-8"?>', `<testsuites name="celery-lint" tests="${cases}" failures="${findings}" errors="0">`];
  for (const r of results) {
    const name = xml(path.relative(cwd, r.filePath).split(path.sep).join('/'));
    out.push(`  <testsuite name="${name}" tests="${Math.max(1, r.diagnostics.length)}" failures="${r.diagnostics.length}" errors="0">`);
    if (r.diagnostics.length === 0) out.push(`    <testcase classname="${name}" name="celery-lint"/>`);
    for (const d of r.diagnostics) {
      const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      out.push(`    <testcase classname="${name}" name="${xml(`${d.ruleId} at ${where}`)}">`);
      out.push(`      <failure type="${xml(d.ruleId)}" message="${xml(d.message)}">${xml(`${d.severity} ${where} ${d.message}`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
