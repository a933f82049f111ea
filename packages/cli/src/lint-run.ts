// One lint run: discover, read, pre-filter, lint (all candidate files
// together, since configurations span files), optionally fix and write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fix, initParser, lint, mightConfigureCelery, type Diagnostic, type EffectiveConfigurationInfo, type Rule, type Severity } from '@celery-lint/core';
import { discover } from './discover';
import { readSource } from './read-source';

export interface RunOptions {
  readonly cwd: string;
  readonly rules: readonly Rule[];
  /** Every rule id the pack ships (for suppressions naming deselected rules). */
  readonly knownRuleIds?: readonly string[];
  readonly celeryVersion?: string;
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  readonly fix: 'none' | 'safe' | 'unsafe';
  /** Report what fixing would change without writing (`--diff`). */
  readonly dryRun: boolean;
  /** Text to lint instead of reading `paths` (`--stdin`), with the path it stands for. */
  readonly stdin?: { readonly text: string; readonly path: string };
}

export interface FileResult {
  readonly filePath: string;
  readonly source: string | undefined;
  readonly diagnostics: Diagnostic[];
  /** The fixed text, when fixing changed the file. */
  readonly fixed?: string;
  /** The text before fixing, when fixing changed the file. */
  readonly original?: string;
  readonly fixProblem?: string;
}

export interface RunResult {
  readonly results: FileResult[];
  readonly configurations: EffectiveConfigurationInfo[];
  readonly missing: string[];
}

function fileError(file: string, message: string): Diagnostic {
  const span = { file, start: 0, end: 0 };
  return {
    ruleId: 'celery-lint/file-error',
    messageId: 'fileError',
    severity: 'error',
    message,
    file,
    span,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    fatal: true,
  };
}

export async function runLint(paths: readonly string[], options: RunOptions): Promise<RunResult> {
  const found = options.stdin ? { files: [], missing: [] } : discover(paths, options.cwd);
  const texts = new Map<string, string>();
  const boms = new Set<string>();
  const results = new Map<string, FileResult>();
  for (const file of found.files) {
    const read = readSource(file);
    if (!read.ok) {
      results.set(file, { filePath: file, source: undefined, diagnostics: [fileError(file, read.message)] });
      continue;
    }
    if (read.bom) boms.add(file);
    results.set(file, { filePath: file, source: read.text, diagnostics: [] });
    if (mightConfigureCelery(read.text)) texts.set(file, read.text);
  }
  if (options.stdin) {
    const file = path.resolve(options.cwd, options.stdin.path);
    results.set(file, { filePath: file, source: options.stdin.text, diagnostics: [] });
    texts.set(file, options.stdin.text);
  }
  if (texts.size === 0) return { results: [...results.values()], configurations: [], missing: found.missing };

  await initParser();
  const lintOptions = {
    rules: options.rules,
    severities: options.severities,
    ...(options.knownRuleIds ? { knownRuleIds: options.knownRuleIds } : {}),
    ...(options.celeryVersion ? { celeryVersion: options.celeryVersion } : {}),
  };
  const sources = () => [...texts].map(([p, text]) => ({ path: p, text }));
  let output = lint(sources(), lintOptions);

  const originals = new Map(texts);
  const fixed = new Map<string, { text: string; problem?: string }>();
  if (options.fix !== 'none') {
    const unsafe = options.fix === 'unsafe';
    const withFixes = new Set(output.diagnostics.filter((d) => d.fix && (unsafe || d.fix.safety === 'safe')).map((d) => d.fix!.file));
    for (const file of withFixes) {
      const text = texts.get(file);
      if (text === undefined) continue;
      const context = sources().filter((s) => s.path !== file);
      const result = fix({ path: file, text }, context, { ...lintOptions, unsafe });
      if (result.changed || result.problem) fixed.set(file, { text: result.text, ...(result.problem ? { problem: result.problem } : {}) });
      if (result.changed) {
        texts.set(file, result.text);
        if (!options.dryRun && !options.stdin) writeAtomically(file, result.text, boms.has(file));
      }
    }
    if (fixed.size > 0) output = lint(sources(), lintOptions);
  }

  const byFile = new Map<string, Diagnostic[]>();
  for (const d of output.diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  for (const [file, diagnostics] of byFile) {
    const previous = results.get(file);
    const change = fixed.get(file);
    results.set(file, {
      filePath: file,
      source: texts.get(file) ?? previous?.source,
      diagnostics: [...(previous?.diagnostics ?? []), ...diagnostics],
      ...(change ? { fixed: change.text, original: originals.get(file)! } : {}),
      ...(change?.problem ? { fixProblem: change.problem } : {}),
    });
  }
  for (const [file, change] of fixed) {
    if (byFile.has(file)) continue;
    const previous = results.get(file)!;
    results.set(file, { ...previous, source: change.text, fixed: change.text, original: originals.get(file)!, ...(change.problem ? { fixProblem: change.problem } : {}) });
  }
  const ordered = [...results.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { results: ordered, configurations: output.configurations, missing: found.missing };
}

/** Writes through a temporary file in the same directory and a rename, so a crash never leaves half a file. */
export function writeAtomically(file: string, text: string, bom: boolean): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.celery-lint-${process.pid}.tmp`);
  const mode = fs.statSync(file).mode;
  try {
    fs.writeFileSync(temp, (bom ? '\uFEFF' : '') + text, { mode });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
