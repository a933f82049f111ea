// GitLab Code Quality report: a JSON array of issues with a stable, distinct
// fingerprint, so GitLab can tell new findings from old ones in merge
// requests, and the rule's category in GitLab's words.
import * as path from 'node:path';
import type { Rule, RuleCategory } from '@celery-lint/core';
import type { FileResult } from '../lint-run';
import { fingerprints } from './fingerprints';

const CATEGORY: Readonly<Record<RuleCategory, string>> = {
  security: 'Security',
  correctness: 'Bug Risk',
  deprecation: 'Compatibility',
  style: 'Style',
};

export function formatGitlab(results: readonly FileResult[], cwd: string, rules: readonly Rule[]): string {
  const categoryOf = new Map(rules.map((r) => [r.meta.id, CATEGORY[r.meta.category] ?? 'Bug Risk']));
  const issues = results.flatMap((r) => {
    const file = path.relative(cwd, r.filePath).split(path.sep).join('/');
    const prints = fingerprints(r, file);
    return r.diagnostics.map((d) => ({
      type: 'issue',
      check_name: d.ruleId,
      description: d.message,
      // Findings about the input itself (syntax, encoding, a crash) are risks to the build.
      categories: [categoryOf.get(d.ruleId) ?? 'Bug Risk'],
      severity: d.severity === 'error' ? 'major' : 'minor',
      fingerprint: prints.get(d)!,
      location: { path: file, lines: { begin: d.range.start.line + 1, end: d.range.end.line + 1 } },
    }));
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
