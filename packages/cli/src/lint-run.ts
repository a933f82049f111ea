// One lint run: discover, read, pre-filter, lint (all candidate files
// together, since configurations span files), optionally fix and write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConfigResolver,
  fix,
  ignoredForFile,
  initParser,
  isExcluded,
  lint,
  mightConfigureCelery,
  addStarImportedModules,
  patternCoversRule,
  type Diagnostic,
  type EffectiveConfigurationInfo,
  type ProjectConfig,
  type Rule,
  type Severity,
  discover,
  projectContext,
  readSource,
} from '@celery-lint/core';

/** What to run on the files one pyproject.toml governs (or on files none does). */
export interface GroupOptions {
  readonly rules: readonly Rule[];
  /** Every rule id the pack ships (for suppressions naming deselected rules). */
  readonly knownRuleIds?: readonly string[];
  readonly celeryVersion?: string;
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  readonly knownSerializers?: readonly string[];
}

export interface RunOptions {
  readonly cwd: string;
  /** Builds the run for a configuration: CLI flags over the file's settings. */
  readonly optionsFor: (config: ProjectConfig | undefined) => GroupOptions;
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
  const found = options.stdin ? { files: [], explicit: [], missing: [] } : discover(paths, options.cwd);
  const resolver = new ConfigResolver();
  const results = new Map<string, FileResult>();
  const groups = new Map<string, { config: ProjectConfig | undefined; texts: Map<string, string>; boms: Set<string> }>();
  const groupOf = (file: string) => {
    const config = resolver.forFile(file);
    const key = config?.file ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { config, texts: new Map(), boms: new Set() };
      groups.set(key, group);
    }
    return group;
  };
  for (const file of found.files) {
    const config = resolver.forFile(file);
    // Excluded files are skipped even when named explicitly (pre-commit passes every changed file).
    if (config && isExcluded(config, file)) continue;
    const read = readSource(file);
    if (!read.ok) {
      results.set(file, { filePath: file, source: undefined, diagnostics: [fileError(file, read.message)] });
      continue;
    }
    results.set(file, { filePath: file, source: read.text, diagnostics: [] });
    if (!mightConfigureCelery(read.text)) continue;
    const group = groupOf(file);
    group.texts.set(file, read.text);
    if (read.bom) group.boms.add(file);
  }
  const everyFile = [...found.files];
  // Named files are judged with the rest of their project in view, but only they are reported.
  if (!options.stdin && found.explicit.length > 0) {
    for (const file of projectContext(found.explicit, new Set(found.files))) {
      everyFile.push(file);
      const config = resolver.forFile(file);
      if (config && isExcluded(config, file)) continue;
      const read = readSource(file);
      if (read.ok && mightConfigureCelery(read.text)) groupOf(file).texts.set(file, read.text);
    }
  }
  if (options.stdin) {
    const file = path.resolve(options.cwd, options.stdin.path);
    results.set(file, { filePath: file, source: options.stdin.text, diagnostics: [] });
    groupOf(file).texts.set(file, options.stdin.text);
  }
  // Modules a candidate star-imports are read even when the pre-filter turned them down.
  const textOf = (file: string): string | undefined => {
    const config = resolver.forFile(file);
    if (config && isExcluded(config, file)) return undefined;
    const known = results.get(file)?.source;
    if (known !== undefined) return known;
    const read = readSource(file);
    return read.ok ? read.text : undefined;
  };
  for (const group of groups.values()) addStarImportedModules(group.texts, everyFile, textOf);
  const configurations: EffectiveConfigurationInfo[] = [];
  if (groups.size > 0) await initParser();
  for (const group of groups.values()) {
    if (group.texts.size === 0) continue;
    const lintOptions = optionsForLint(options.optionsFor(group.config));
    const outcome = lintGroup(group.texts, group.boms, lintOptions, options, (file) => results.has(file));
    configurations.push(...outcome.configurations);
    for (const [file, result] of outcome.results) {
      const previous = results.get(file);
      const ignoredHere = group.config ? ignoredForFile(group.config, file) : [];
      const diagnostics = result.diagnostics.filter((d) => !ignoredHere.some((name) => patternCoversRule(name, d.ruleId, lintOptions.rules)));
      results.set(file, { ...result, diagnostics: [...(previous?.diagnostics ?? []), ...diagnostics], source: result.source ?? previous?.source });
    }
  }
  const ordered = [...results.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { results: ordered, configurations, missing: found.missing };
}


function optionsForLint(group: GroupOptions) {
  return {
    rules: group.rules,
    severities: group.severities,
    ...(group.knownRuleIds ? { knownRuleIds: group.knownRuleIds } : {}),
    ...(group.celeryVersion ? { celeryVersion: group.celeryVersion } : {}),
    ...(group.knownSerializers?.length ? { knownSerializers: group.knownSerializers } : {}),
  };
}

/** Lints (and fixes) the candidate files of one configuration together. */
function lintGroup(
  texts: Map<string, string>,
  boms: ReadonlySet<string>,
  lintOptions: ReturnType<typeof optionsForLint>,
  options: RunOptions,
  reported: (file: string) => boolean,
): { results: Map<string, FileResult>; configurations: EffectiveConfigurationInfo[] } {
  const sources = () => [...texts].map(([p, text]) => ({ path: p, text }));
  let output = lint(sources(), lintOptions);
  const originals = new Map(texts);
  const fixed = new Map<string, { text: string; problem?: string }>();
  if (options.fix !== 'none') {
    const unsafe = options.fix === 'unsafe';
    const withFixes = new Set(output.diagnostics.filter((d) => d.fix && (unsafe || d.fix.safety === 'safe') && reported(d.fix.file)).map((d) => d.fix!.file));
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
  const results = new Map<string, FileResult>();
  for (const file of texts.keys()) {
    if (!reported(file)) continue; // context only
    const change = fixed.get(file);
    results.set(file, {
      filePath: file,
      source: texts.get(file),
      diagnostics: output.diagnostics.filter((d) => d.file === file),
      ...(change ? { fixed: change.text, original: originals.get(file)! } : {}),
      ...(change?.problem ? { fixProblem: change.problem } : {}),
    });
  }
  return { results, configurations: output.configurations };
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
