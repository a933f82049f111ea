// GitLab Code Quality report: a JSON array of issues with a stable
// fingerprint, so GitLab can tell new findings from old ones in merge requests.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { FileResult } from '../lint-run';

export function formatGitlab(results: readonly FileResult[], cwd: string): string {
  const issues = results.flatMap((r) => {
    const file = path.relative(cwd, r.filePath).split(path.sep).join('/');
    const lines = (r.source ?? '').split(/\r\n|\r|\n/);
    return r.diagnostics.map((d) => {
      // Rule, file and the text of the line: the fingerprint survives unrelated edits above the finding.
      const fingerprint = createHash('md5').update(`${d.ruleId}\0${file}\0${(lines[d.range.start.line] ?? '').trim()}\0${d.message}`).digest('hex');
      return {
        type: 'issue',
        check_name: d.ruleId,
        description: d.message,
        categories: [d.ruleId.includes('pickle') ? 'Security' : 'Bug Risk'],
        severity: d.severity === 'error' ? 'major' : 'minor',
        fingerprint,
        location: { path: file, lines: { begin: d.range.start.line + 1, end: d.range.end.line + 1 } },
      };
    });
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
