// Turns a run's results into the report of the chosen format. Formatters are
// required lazily: start-up time is most of a single-file run.
import type { FileResult } from './lint-run';
import { colors, useColor } from './formatters/colors';
import { loadRules } from './group-options';
import { VERSION } from './version';

export interface ReportOptions {
  readonly cwd: string;
  readonly format: string;
  /** Fixes were applied (`--fix`): the report says what was fixed and what remains. */
  readonly fixing: boolean;
  /** `--unsafe-fixes`: unsafe fixes count as fixable. */
  readonly unsafeFixes: boolean;
  readonly quiet: boolean;
  /** Not for a terminal: no colours. */
  readonly toFile: boolean;
}

/**
 * The report as pieces written in turn: the JSON report of a whole tree is
 * made as it is written (formatters/json.ts); other formats are one piece.
 */
export function reportPieces(results: readonly FileResult[], options: ReportOptions): Iterable<string> {
  if (options.format !== 'json') return [formatReport(results, options)];
  const { jsonChunks } = require('./formatters/json') as typeof import('./formatters/json');
  return (function* () {
    yield* jsonChunks(results, { unsafeFixes: options.unsafeFixes });
    yield '\n';
  })();
}

export function formatReport(results: readonly FileResult[], options: ReportOptions): string {
  const { cwd } = options;
  switch (options.format) {
    case 'json': {
      const { formatJson } = require('./formatters/json') as typeof import('./formatters/json');
      return `${formatJson(results, { unsafeFixes: options.unsafeFixes })}\n`;
    }
    case 'sarif': {
      const { formatSarif, readDoc } = require('./formatters/sarif') as typeof import('./formatters/sarif');
      const { allRules, ruleDocPath } = loadRules();
      return formatSarif(results, allRules, cwd, VERSION, readDoc(ruleDocPath));
    }
    case 'junit': {
      const { formatJunit } = require('./formatters/junit') as typeof import('./formatters/junit');
      return formatJunit(results, cwd);
    }
    case 'gitlab': {
      const { formatGitlab } = require('./formatters/gitlab') as typeof import('./formatters/gitlab');
      return formatGitlab(results, cwd, loadRules().allRules);
    }
    case 'github': {
      const { formatGithub } = require('./formatters/github') as typeof import('./formatters/github');
      return formatGithub(results, cwd);
    }
    default: {
      const { formatStylish } = require('./formatters/stylish') as typeof import('./formatters/stylish');
      const color = colors(!options.toFile && useColor(process.env, Boolean(process.stdout.isTTY)));
      return formatStylish(results, cwd, color, options);
    }
  }
}
