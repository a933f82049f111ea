// The default human format: ESLint's stylish layout, plus the source line and
// a caret under each finding so the reader sees what is meant without opening
// the file.
import * as path from 'node:path';
import { LineIndex, type Diagnostic } from '@celery-lint/core';
import type { FileResult } from '../lint-run';
import type { Colors } from './colors';

/** Terminal columns a string takes: East Asian wide characters and emoji take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function sourceExcerpt(d: Diagnostic, index: LineIndex, colors: Colors): string[] {
  const line = d.range.start.line;
  const raw = index.lineText(line).replace(/\t/g, ' ');
  const shown = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  const startChar = Math.min(d.range.start.character, shown.length);
  const endChar = d.range.end.line === line ? Math.min(Math.max(d.range.end.character, startChar + 1), shown.length) : shown.length;
  const gutter = String(line + 1);
  const pad = ' '.repeat(gutter.length);
  const caret = ' '.repeat(displayWidth(shown.slice(0, startChar))) + '^'.repeat(Math.max(1, displayWidth(shown.slice(startChar, endChar))));
  return [`    ${colors.dim(`${gutter} |`)} ${shown}`, `    ${colors.dim(`${pad} |`)} ${colors.red(caret)}`];
}

export interface StylishOptions {
  /** Fixes were applied: say how many and how many remain. */
  readonly fixing: boolean;
  /** Unsafe fixes count as fixable (`--unsafe-fixes`). */
  readonly unsafeFixes: boolean;
  /** `--quiet`: nothing at all on a clean run. */
  readonly quiet: boolean;
}

export function formatStylish(results: readonly FileResult[], cwd: string, colors: Colors, options: StylishOptions = { fixing: false, unsafeFixes: false, quiet: false }): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  let unsafeFixable = 0;
  let fixed = 0;
  for (const result of results) {
    fixed += result.fixedCount ?? 0;
    if (result.diagnostics.length === 0 && !result.fixProblem) continue;
    lines.push('', colors.underline(path.relative(cwd, result.filePath) || result.filePath));
    const index = result.source !== undefined ? new LineIndex(result.source) : undefined;
    for (const d of result.diagnostics) {
      const isError = d.severity === 'error';
      if (isError) errors++;
      else warnings++;
      if (d.fix && (d.fix.safety === 'safe' || options.unsafeFixes)) {
        if (isError) fixableErrors++;
        else fixableWarnings++;
      } else if (d.fix) unsafeFixable++;
      const position = colors.dim(`${d.range.start.line + 1}:${d.range.start.character + 1}`);
      const severity = isError ? colors.red('error') : colors.yellow('warning');
      lines.push(`  ${position}  ${severity}  ${d.message}  ${colors.dim(d.ruleId)}`);
      if (index && (!d.fatal || d.ruleId === 'celery-lint/syntax-error')) lines.push(...sourceExcerpt(d, index, colors));
    }
    if (result.fixProblem) lines.push(`  ${colors.yellow('note')}  ${result.fixProblem}`);
  }
  const total = errors + warnings;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (options.fixing && total + fixed > 0) {
    // Ruff's summary after --fix: what was there, what was fixed, what is left.
    lines.push('', colors.bold(`Found ${plural(total + fixed, 'problem')} (${fixed} fixed, ${total} remaining).`));
  }
  if (total === 0) {
    if (options.quiet || lines.length > 0) return lines.length > 0 ? `${lines.join('\n')}\n` : '';
    return `All checks passed! (${plural(results.length, 'file')} checked)\n`;
  }
  const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  lines.push('', (errors > 0 ? colors.red : colors.yellow)(colors.bold(summary)));
  if (fixableErrors + fixableWarnings > 0) {
    lines.push(`  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`);
  }
  if (unsafeFixable > 0) {
    lines.push(`  ${plural(unsafeFixable, 'more problem')} fixable with \`--fix --unsafe-fixes\` (they change behaviour: review them).`);
  }
  return `${lines.join('\n')}\n`;
}
