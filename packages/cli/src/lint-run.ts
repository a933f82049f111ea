// One lint run: discover, read, pre-filter, lint (all candidate files
// together, since configurations span files), optionally fix and write.
// A bad input stops only what it touches: a pyproject.toml that cannot be
// used leaves out the files it governs, a file that cannot be written keeps
// its findings, and each becomes a problem the run reports at the end.
import * as path from 'node:path';
import {
  ConfigError,
  ConfigResolver,
  decodeSource,
  fixFiles,
  ignoredForFile,
  initParser,
  isExcluded,
  lint,
  mightConfigureCelery,
  pulledInModules,
  scanPullIns,
  patternCoversRule,
  type Diagnostic,
  type AssumedVersion,
  DEFAULT_CELERY_VERSION,
  type EffectiveConfigurationInfo,
  type InferredVersion,
  OLDEST_MODELED_CELERY,
  PinFinder,
  describePin,
  type RunningProcess,
  type ProjectConfig,
  type PullIns,
  type Rule,
  type Severity,
  discover,
  launchFileKind,
  mayLaunchCelery,
  projectContext,
  readSource,
} from '@celery-lint/core';
import { writeFixed } from './fix-writer';
import { assumedCelery, assumedDjango, DEFAULT_FROM, pinnedUnits } from './pinned-targets';
import { includeProblems } from './include-check';
import { namedFilesContext, type NamedFilesContext } from './named-files';
import { RepositoryRoots } from './repositories';

/** Whether a file is worth linting: a Python file that may configure Celery, or a launch file that may start it. */
function worthLinting(file: string, text: string): boolean {
  const kind = launchFileKind(file, text);
  return kind ? mayLaunchCelery(kind, text) : file.endsWith('.py') || !/\.(ya?ml|conf|ini|service|sh|bash)$/.test(file) ? mightConfigureCelery(text, file) : false;
}

/** Reads a file a launch file refers to (a Dockerfile, an env file, a script), within the size bound. */
function readReferenced(file: string): string | undefined {
  const read = readSource(file);
  return read.ok ? read.text : undefined;
}

/** What to run on the files one pyproject.toml governs (or on files none does). */
export interface GroupOptions {
  readonly rules: readonly Rule[];
  /** Every rule id the pack ships (for suppressions naming deselected rules). */
  readonly knownRuleIds?: readonly string[];
  readonly celeryVersion?: string;
  readonly djangoVersion?: string;
  /** What decided celeryVersion: `--celery-version`, the pyproject.toml that sets it, or the project's pin. */
  readonly celeryVersionFrom?: string;
  /** What decided djangoVersion, likewise. */
  readonly djangoVersionFrom?: string;
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  readonly knownSerializers?: readonly string[];
}

export interface RunOptions {
  readonly cwd: string;
  /** Builds the run for a configuration: CLI flags over the file's settings; throws when they do not make sense. */
  readonly optionsFor: (config: ProjectConfig | undefined) => GroupOptions;
  /** Work out fixes: safe ones, and unsafe ones too with `unsafe`. */
  readonly fix: boolean;
  readonly unsafe: boolean;
  /** Write fixed files (`--fix`); otherwise fixes are only shown (`--diff`, `--stdin`). */
  readonly write: boolean;
  /** Bytes to lint instead of reading `paths` (`--stdin`), with the path they stand for. */
  readonly stdin?: { readonly bytes: Uint8Array; readonly path: string };
  /**
   * The run reports configurations (print-config): keep them, their processes,
   * and every linted file's text (it quotes lines of files with no finding).
   * A lint run lets each unit's go once its findings are taken.
   */
  readonly configurationReport?: boolean;
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
  /** How many findings fixing removed from this file. */
  readonly fixedCount?: number;
  /** Excluded by its configuration (only `--stdin` reports such a file: its text goes back unchanged). */
  readonly excluded?: boolean;
}

/** Something the run could not do; errors make the exit status 2. */
export interface RunProblem {
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface RunTarget {
  readonly files: number;
  readonly celery: AssumedVersion;
  readonly django: AssumedVersion;
}

export interface RunResult {
  readonly results: FileResult[];
  readonly configurations: EffectiveConfigurationInfo[];
  /** The processes the launch files start, with the app each runs (print-config). */
  readonly processes: RunningProcess[];
  /** The Celery release each configuration was read for, and what decided it. */
  readonly versionOf: (config: EffectiveConfigurationInfo) => AssumedVersion;
  /** The Django release the django/ rules judged each configuration for. */
  readonly djangoVersionOf?: (config: EffectiveConfigurationInfo) => AssumedVersion | undefined;
  /** Each lint the run made: how many files, and the versions it ran for (--verbose). */
  readonly targets?: readonly RunTarget[];
  readonly problems: RunProblem[];
  /** Paths given that do not exist. */
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

interface Group {
  readonly config: ProjectConfig | undefined;
  /** The repository its files are in (repositories.ts): each is linted apart, as it would be alone. */
  readonly repository: string;
  readonly options: GroupOptions;
  /**
   * The files the group lints, with what they pull in (pull-ins.ts) until
   * that has been followed (NO_PULL_INS from then on). Their
   * texts are not kept between the pre-filter and the lint: each unit's files
   * are read again when it is linted, so a run holds the texts of one unit,
   * not of the whole tree (read twice, the candidates cost a few per cent of
   * the time; held, they were most of the memory).
   */
  readonly files: Map<string, PullIns>;
  /** Texts that cannot be read again: the one on standard input. */
  readonly given: Map<string, { readonly ok: true; readonly text: string; readonly bom: boolean }>;
}

/** A group's files' pull-ins once they have been followed. */
const NO_PULL_INS: PullIns = { always: [], asConfiguration: [] };

/** One lint's files read for it: texts, and which had a byte order mark. */
interface UnitTexts {
  readonly texts: Map<string, string>;
  readonly boms: Set<string>;
}

export async function runLint(paths: readonly string[], options: RunOptions): Promise<RunResult> {
  const found = options.stdin ? { files: [], explicit: [], missing: [], problems: [], directories: [] } : discover(paths, options.cwd);
  const problems: RunProblem[] = found.problems.map((p) => ({ message: p.message, severity: p.severity }));
  const problem = (message: string) => {
    if (!problems.some((p) => p.message === message)) problems.push({ message, severity: 'error' });
  };
  const resolver = new ConfigResolver();
  const results = new Map<string, FileResult>();
  const groups = new Map<string, Group | null>();
  const repositories = new RepositoryRoots();
  /** The group a file belongs to; null when its configuration cannot be used (reported once as a problem). */
  const groupOf = (file: string): Group | null => {
    const config = resolver.lookup(file);
    if (config instanceof ConfigError) {
      problem(config.message);
      return null;
    }
    const repository = repositories.of(file);
    const key = groupKey(config, repository);
    let group = groups.get(key);
    if (group === undefined) {
      try {
        group = { config, repository, options: options.optionsFor(config), files: new Map(), given: new Map() };
      } catch (error) {
        problem((error as Error).message);
        group = null;
      }
      groups.set(key, group);
    }
    return group;
  };
  const excluded = (file: string) => {
    const config = resolver.lookup(file);
    return config !== undefined && !(config instanceof ConfigError) && isExcluded(config, file);
  };
  for (const file of found.files) {
    const group = groupOf(file);
    // Excluded files are skipped even when named explicitly (pre-commit passes every changed file).
    if (group === null || excluded(file)) continue;
    // Discovery has seen each file is a regular one (walking, or stat'ing a named path).
    const read = readSource(file, { regular: true });
    if (!read.ok) {
      results.set(file, { filePath: file, source: undefined, diagnostics: [fileError(file, read.message)] });
      continue;
    }
    results.set(file, { filePath: file, source: undefined, diagnostics: [] });
    if (worthLinting(file, read.text)) group.files.set(file, scanPullIns(read.text));
  }
  const stdinFile = options.stdin ? path.resolve(options.cwd, options.stdin.path) : undefined;
  const explicit = stdinFile ? [stdinFile] : found.explicit;
  const everyFile: string[] = [...found.files];
  // Named files (and the text on standard input) are judged with what their configurations need of the project, but only they are reported.
  let named: NamedFilesContext | undefined;
  if (explicit.length > 0) {
    const context = projectContext(explicit, new Set([...found.files, ...explicit]));
    everyFile.push(...context);
    const stdinRead = options.stdin ? decodeSource(options.stdin.bytes) : undefined;
    const projectText = (file: string): string | undefined => {
      if (excluded(file)) return undefined;
      if (file === stdinFile) return stdinRead?.ok ? stdinRead.text : undefined;
      const read = readSource(file, { regular: true });
      return read.ok ? read.text : undefined;
    };
    named = namedFilesContext(explicit, [...new Set([...found.files, ...context, ...explicit])], projectText, (file) => file !== stdinFile && !excluded(file));
    for (const file of named.closure) {
      if (results.has(file) || excluded(file)) continue;
      const group = groupOf(file);
      if (group === null) continue;
      const read = readSource(file);
      if (read.ok) group.files.set(file, scanPullIns(read.text));
    }
  }
  if (options.stdin && stdinFile) lintStdin(stdinFile, options.stdin.bytes, groupOf, excluded, results);
  // Modules a candidate star-imports are read even when the pre-filter turned them down.
  const textOf = (file: string): string | undefined => {
    if (excluded(file)) return undefined;
    const known = results.get(file)?.source;
    if (known !== undefined) return known;
    const read = readSource(file);
    return read.ok ? read.text : undefined;
  };
  const live = [...groups.values()].filter((g): g is Group => g !== null && g.files.size > 0);
  // Each group pulls in only its own files: a `proj.celeryconfig` named in one project of a monorepo is not another
  // project's module of that name, and a file linted by two groups would be reported, and fixed, twice.
  const filesOf = new Map<Group, string[]>();
  for (const file of everyFile) {
    // Only groups that exist: asking groupOf() would report the broken pyproject.toml of a project nobody linted.
    const config = resolver.lookup(file);
    const group = config instanceof ConfigError ? undefined : groups.get(groupKey(config, repositories.of(file)));
    if (!group) continue;
    const files = filesOf.get(group);
    if (files) files.push(file);
    else filesOf.set(group, [file]);
  }
  for (const group of live) {
    const pullInsOf = (file: string) => {
      const known = group.files.get(file);
      if (known) return known;
      const text = textOf(file);
      return text === undefined ? undefined : scanPullIns(text);
    };
    const pulledIn = pulledInModules([...group.files.keys()], filesOf.get(group) ?? [], pullInsOf);
    // Asked no more: held to the end of the run, what ~100,000 files import was ~20 MB of the heap.
    for (const file of [...group.files.keys(), ...pulledIn.keys()]) group.files.set(file, NO_PULL_INS);
  }
  const configurations: EffectiveConfigurationInfo[] = [];
  const processes: RunningProcess[] = [];
  const versions = new Map<EffectiveConfigurationInfo, AssumedVersion>();
  const djangoVersions = new Map<EffectiveConfigurationInfo, AssumedVersion>();
  const targets: RunTarget[] = [];
  const finder = new PinFinder();
  /** Every file of each repository, read or not: which modules exist there (another repository's are not importable). */
  const filesOfRepository = new Map<string, string[]>();
  for (const file of everyFile) {
    const repository = repositories.of(file);
    const files = filesOfRepository.get(repository);
    if (files) files.push(file);
    else filesOfRepository.set(repository, [file]);
  }
  if (live.length > 0) await initParser();
  for (const group of live) {
    for (const unit of pinnedUnits([...group.files.keys()], group.options, finder, options.cwd)) {
      const part = readUnit(unit.files, group, (file) => results.has(file), results);
      // Every file found, read or not: rules ask which modules exist (autodiscover_tasks, include, -A).
      // Asked once per directory: a unit may hold thousands of files in a few dozen directories.
      const installedDistributions = [...new Set([...new Set(unit.files.map((f) => path.join(path.dirname(f), '_')))].flatMap((f) => [...finder.distributionsFor(f)]))];
      const lintOptions = { ...optionsForLint(unit.options), projectFiles: filesOfRepository.get(group.repository) ?? [], readFile: readReferenced, installedDistributions, ...(named ? restOfProject(named, group, groupOf, textOf) : {}) };
      const outcome = lintUnit(part, lintOptions, options, (file) => results.has(file), problem);
      const celery = withPin(assumedCelery(unit.options), unit.celery);
      const django = withPin(assumedDjango(unit.options), unit.django);
      targets.push({ files: unit.files.length, celery, django });
      if (options.configurationReport) {
        configurations.push(...outcome.configurations);
        processes.push(...outcome.processes);
        for (const config of outcome.configurations) {
          versions.set(config, celery);
          djangoVersions.set(config, django);
        }
      }
      if (unit.celery?.belowModel && outcome.configurations.length > 0) problems.push({ message: belowModelNote(unit.celery, options.cwd), severity: 'warning' });
      for (const [file, result] of outcome.results) {
        const previous = results.get(file);
        const ignoredHere = group.config ? ignoredForFile(group.config, file) : [];
        const diagnostics = result.diagnostics.filter((d) => !ignoredHere.some((name) => patternCoversRule(name, d.ruleId, lintOptions.rules)));
        const merged = [...(previous?.diagnostics ?? []), ...diagnostics];
        // Only a file with something to show keeps its text (formatters quote it); print-config quotes any line.
        const source = merged.length > 0 || result.fixed !== undefined || options.configurationReport ? (result.source ?? previous?.source) : previous?.source;
        results.set(file, { ...result, diagnostics: merged, source });
      }
    }
  }
  if (!options.stdin) {
    for (const message of includeProblems(found.directories, found.files, resolver)) problem(message);
  }
  const ordered = [...results.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  const versionOf = (config: EffectiveConfigurationInfo): AssumedVersion => versions.get(config) ?? { version: DEFAULT_CELERY_VERSION, from: DEFAULT_FROM };
  const djangoVersionOf = (config: EffectiveConfigurationInfo): AssumedVersion | undefined => djangoVersions.get(config);
  return { results: ordered, configurations, versionOf, djangoVersionOf, targets, processes, problems, missing: found.missing };
}

/** Files governed by one pyproject.toml (or by none) in one repository are linted together. */
function groupKey(config: ProjectConfig | undefined, repository: string): string {
  return `${config?.file ?? ''}\0${repository}`;
}

/** The version with the pin that decided it, for print-config's JSON. */
function withPin(assumed: AssumedVersion, inferred: InferredVersion | undefined): AssumedVersion {
  return inferred ? { ...assumed, pin: { file: inferred.pin.file, line: inferred.pin.line, text: inferred.pin.text } } : assumed;
}

/** Said once for a project pinned below what celery-lint models, in place of findings for another release. */
function belowModelNote(celery: InferredVersion, cwd: string): string {
  return (
    `the project pins Celery ${celery.pin.version} (${describePin(celery.pin, cwd)}), older than ${OLDEST_MODELED_CELERY}, the oldest release celery-lint models: ` +
    `its Celery findings are left out (advice for Celery 4.4 and later would be wrong for it) except a configured pickle serializer, root workers and credentials, which hold in every release; set celery-version to check it as ${OLDEST_MODELED_CELERY} anyway`
  );
}

/** What a group's part of the project outside the named files' closure contributes: its tasks' names, and the names it mentions. */
function restOfProject(named: NamedFilesContext, group: Group, groupOf: (file: string) => Group | null, textOf: (file: string) => string | undefined) {
  return {
    projectTasks: named.tasks.filter((task) => groupOf(task.file) === group),
    mentionedOutside: named.mentionChecker(
      named.outside.filter((file) => groupOf(file) === group),
      textOf,
    ),
  };
}

/** The text on standard input, checked like a file's bytes, under the path it stands for. */
function lintStdin(
  file: string,
  bytes: Uint8Array,
  groupOf: (file: string) => Group | null,
  excluded: (file: string) => boolean,
  results: Map<string, FileResult>,
): void {
  const read = decodeSource(bytes);
  const group = groupOf(file);
  if (group === null) return;
  if (!read.ok) {
    results.set(file, { filePath: file, source: undefined, diagnostics: [fileError(file, read.message.replace(/^File/, 'Standard input'))] });
    return;
  }
  if (excluded(file)) {
    results.set(file, { filePath: file, source: read.text, diagnostics: [], excluded: true });
    return;
  }
  results.set(file, { filePath: file, source: read.text, diagnostics: [] });
  group.files.set(file, scanPullIns(read.text));
  group.given.set(file, read);
}

/**
 * Reads a unit's files for its lint (standard input's text is given). A file
 * that can no longer be read (deleted, replaced since the pre-filter read it)
 * is reported when it is one of the run's own, and left out when it was only
 * context.
 */
function readUnit(files: readonly string[], group: Group, reported: (file: string) => boolean, results: Map<string, FileResult>): UnitTexts {
  const texts = new Map<string, string>();
  const boms = new Set<string>();
  for (const file of files) {
    const read = group.given.get(file) ?? readSource(file);
    if (!read.ok) {
      if (reported(file)) results.set(file, { filePath: file, source: undefined, diagnostics: [fileError(file, read.message)] });
      continue;
    }
    texts.set(file, read.text);
    if (read.bom) boms.add(file);
  }
  return { texts, boms };
}

function optionsForLint(group: GroupOptions) {
  return {
    rules: group.rules,
    severities: group.severities,
    ...(group.knownRuleIds ? { knownRuleIds: group.knownRuleIds } : {}),
    ...(group.celeryVersion ? { celeryVersion: group.celeryVersion } : {}),
    ...(group.djangoVersion ? { djangoVersion: group.djangoVersion } : {}),
    ...(group.knownSerializers?.length ? { knownSerializers: group.knownSerializers } : {}),
  };
}

function withBom(text: string, bom: boolean): Buffer {
  return Buffer.from(bom ? `\uFEFF${text}` : text, 'utf8');
}

/** Lints (and fixes) the candidate files of one configuration together. */
function lintUnit(
  unit: UnitTexts,
  lintOptions: ReturnType<typeof optionsForLint> & { readonly projectFiles?: readonly string[]; readonly readFile?: (file: string) => string | undefined },
  options: RunOptions,
  reported: (file: string) => boolean,
  problem: (message: string) => void,
): { results: Map<string, FileResult>; configurations: EffectiveConfigurationInfo[]; processes: readonly RunningProcess[] } {
  const { texts, boms } = unit;
  const sources = () => [...texts].map(([p, text]) => ({ path: p, text }));
  let output = lint(sources(), lintOptions);
  const originals = new Map(texts);
  const fixed = new Map<string, { text: string; problem?: string }>();
  const countIn = (file: string) => output.diagnostics.filter((d) => d.file === file).length;
  const before = new Map<string, number>();
  if (options.fix) {
    const applicable = (d: Diagnostic) => d.fix !== undefined && (options.unsafe || d.fix.safety === 'safe') && reported(d.fix.file);
    const withFixes = new Set(output.diagnostics.filter(applicable).map((d) => d.fix!.file).filter((file) => texts.has(file)));
    // Every file at once: one lint of the project per pass, not one per file and pass.
    const outcome = fixFiles(sources(), withFixes, { ...lintOptions, unsafe: options.unsafe }, output);
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
    if ([...fixed].some(([file, f]) => f.text !== originals.get(file))) output = unwritten ? lint(sources(), lintOptions) : outcome.final;
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
