// How badly a launch file parses, so `--fix` can refuse an edit that makes it
// worse (engine.fix compares before and after, as it does for Python).
import { parseYaml } from './yaml-nodes';
import type { LaunchFileKind } from './process';

export function launchSyntaxErrorCount(kind: LaunchFileKind, text: string): number {
  if (kind === 'compose' || kind === 'kubernetes') return parseYaml(text).reduce((n, doc) => n + doc.errors.length, 0);
  // Dockerfiles, INI files, Procfiles and scripts have no syntax error a fix could add that their readers would notice.
  return 0;
}
