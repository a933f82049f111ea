// One unit's lint: its files read, linted together, fixes worked out (and
// written with --fix). The same code runs on the main thread (lint-run.ts)
// and in a worker thread (lint-worker.ts), so a unit linted in either place
// gives the same findings, in the same order.
import { fileErrorDiagnostic, fixFiles, lint, readSource, type Diagnostic, type EffectiveConfigurationInfo, type LintOptions, type RunningProcess } from '@celery-lint/core';
import { writeFixed } from './fix-writer';
import type { FileResult, GroupOptions, RunOptions } from './lint-run';

/** Reads a file a launch file refers to (a Dockerfile, an env file, a script), within the size bound. */
export function readReferenced(file: string): string | undefined {
  const read = readSource(file);
  return read.ok ? read.text : undefined;
}

/** The result for a file that could not be read: its one finding says why. */
export function unreadableFile(file: string, message: string): FileResult {
  return { filePath: file, source: undefined, diagnostics: [fileErrorDiagnostic(file, message)] };
}

/** One lint's files read for it: texts, and which had a byte order mark. */
export interface UnitTexts {
  readonly texts: Map<string, string>;
  readonly boms: Set<string>;
}

/**
 * Reads a unit's files for its lint (standard input's text is `given`). A
 * file that can no longer be read (deleted, replaced since the pre-filter
 * read it) is passed to `unreadable` when it is one of the run's own, and
 * left out when it was only context.
 */
export function readUnit(
  files: readonly string[],
  given: ReadonlyMap<string, { readonly ok: true; readonly text: string; readonly bom: boolean }>,
  reported: (file: string) => boolean,
  unreadable: (result: FileResult) => void,
): UnitTexts {
  const texts = new Map<string, string>();
  const boms = new Set<string>();
  for (const file of files) {
    const read = given.get(file) ?? readSource(file);
    if (!read.ok) {
      if (reported(file)) unreadable(unreadableFile(file, read.message));
      continue;
    }
    texts.set(file, read.text);
    if (read.bom) boms.add(file);
  }
  return { texts, boms };
}

export function optionsForLint(group: GroupOptions) {
  return {
    rules: group.rules,
    severities: group.severities,
    ...(group.knownRuleIds ? { knownRuleIds: group.knownRuleIds } : {}),
    ...(group.celeryVersion ? { celeryVersion: group.celeryVersion } : {}),
    ...(group.djangoVersion ? { djangoVersion: group.djangoVersion } : {}),
    ...(group.knownSerializers?.length ? { knownSerializers: group.knownSerializers } : {}),
  };
}

export type UnitLintOptions = ReturnType<typeof optionsForLint> & Pick<LintOptions, 'projectFiles' | 'readFile' | 'installedDistributions' | 'projectTasks' | 'mentionedOutside'>;

export interface UnitOutcome {
  readonly results: Map<string, FileResult>;
  readonly configurations: EffectiveConfigurationInfo[];
  readonly processes: readonly RunningProcess[];
}

function withBom(text: string, bom: boolean): Buffer {
  return Buffer.from(bom ? `\uFEFF${text}` : text, 'utf8');
}

/** Lints (and fixes) the candidate files of one configuration together. */
export function lintUnit(
  unit: UnitTexts,
  lintOptions: UnitLintOptions,
  options: Pick<RunOptions, 'fix' | 'unsafe' | 'write'>,
  reported: (file: string) => boolean,
  problem: (message: string) => void,
): UnitOutcome {
  const { texts, boms } = unit;
  const sources = () => [...texts].map(([p, text]) => ({ path: p, text }));
  // Only the run's own files are shown (the closure of a staged file is context): findings elsewhere are not worked out.
  const shown = { ...lintOptions, reports: reported };
  let output = lint(sources(), shown);
  const originals = new Map(texts);
  const fixed = new Map<string, { text: string; problem?: string }>();
  const countIn = (file: string) => output.diagnostics.filter((d) => d.file === file).length;
  const before = new Map<string, number>();
  if (options.fix) {
    const applicable = (d: Diagnostic) => d.fix !== undefined && (options.unsafe || d.fix.safety === 'safe') && reported(d.fix.file);
    const withFixes = new Set(output.diagnostics.filter(applicable).map((d) => d.fix!.file).filter((file) => texts.has(file)));
    // Every file at once: one lint of the project per pass, not one per file and pass.
    const outcome = fixFiles(sources(), withFixes, { ...shown, unsafe: options.unsafe }, output);
    let unwritten = false;
    for (const file of withFixes) {
      const text = texts.get(file)!;
      before.set(file, countIn(file));
      const result = outcome.files.get(file)!;
      if (!result.changed) {
        if (result.problem) fixed.set(file, { text, problem: result.problem });
        continue;
      }
      const written = options.write ? writeFixed(file, withBom(text, boms.has(file)), withBom(result.text, boms.has(file))) : { ok: true as const };
      if (!written.ok) {
        // Not written: the file keeps its findings, and the run says why.
        problem(written.message);
        unwritten = true;
        continue;
      }
      fixed.set(file, { text: result.text, ...(result.problem ? { problem: result.problem } : {}) });
      texts.set(file, result.text);
    }
    // The last pass linted the fixed project already, unless a file could not be written.
    if ([...fixed].some(([file, f]) => f.text !== originals.get(file))) output = unwritten ? lint(sources(), shown) : outcome.final;
  }
  const results = new Map<string, FileResult>();
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of output.diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  for (const file of texts.keys()) {
    if (!reported(file)) continue; // context only
    const change = fixed.get(file);
    const changed = change !== undefined && change.text !== originals.get(file);
    results.set(file, {
      filePath: file,
      source: texts.get(file),
      diagnostics: byFile.get(file) ?? [],
      ...(changed ? { fixed: change.text, original: originals.get(file)!, fixedCount: Math.max(0, before.get(file)! - countIn(file)) } : {}),
      ...(change?.problem ? { fixProblem: change.problem } : {}),
    });
  }
  return { results, configurations: output.configurations, processes: output.processes };
}
