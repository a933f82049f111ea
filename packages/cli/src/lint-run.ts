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
  ignoredForFile,
  initParser,
  isExcluded,
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
  projectContext,
  readSource,
  readSourceBytes,
} from '@celery-lint/core';
import { assumedCelery, assumedDjango, DEFAULT_FROM, pinnedUnits, type PinnedUnit } from './pinned-targets';
import { includeProblems } from './include-check';
import { BYTE_TEST_FROM_FILES, textWorthLinting } from './worth-linting';
import { namedFilesContext, type NamedFilesContext } from './named-files';
import { RepositoryRoots } from './repositories';
import { lintUnit, optionsForLint, readReferenced, readUnit, unreadableFile, type UnitLintOptions, type UnitOutcome } from './unit-lint';
import type { UnitJob } from './unit-job';
import type { Jobs } from './unit-pool';

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
  /** Threads to lint units on (`--jobs`; unit-pool.ts); default 1. */
  readonly jobs?: Jobs;
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
  /** How many threads linted the units, and what went wrong with any worker (--verbose). */
  readonly threads?: { readonly count: number; readonly units: number; readonly byWorkers: number; readonly notes: readonly string[] };
  readonly problems: RunProblem[];
  /** Paths given that do not exist. */
  readonly missing: string[];
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

/** One lint the run will make: a unit of a group, with what it asks of the rest of the tree. */
interface Planned {
  readonly group: Group;
  readonly unit: PinnedUnit;
  readonly installedDistributions: readonly string[];
  /** Every file of the group's repository (LintOptions.projectFiles). */
  readonly projectFiles: readonly string[];
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
  /** The length of each candidate's text: how much work a unit is (unit-pool.ts). */
  const sizes = new Map<string, number>();
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
  const byBytes = found.files.length >= BYTE_TEST_FROM_FILES;
  for (const file of found.files) {
    const group = groupOf(file);
    // Excluded files are skipped even when named explicitly (pre-commit passes every changed file).
    if (group === null || excluded(file)) continue;
    // Discovery has seen each file is a regular one (walking, or stat'ing a named path).
    const bytes = readSourceBytes(file, { regular: true });
    const read = bytes.ok ? textWorthLinting(file, bytes.bytes, byBytes) : bytes;
    if (read && !read.ok) {
      results.set(file, unreadableFile(file, read.message));
      continue;
    }
    results.set(file, { filePath: file, source: undefined, diagnostics: [] });
    if (read) {
      group.files.set(file, scanPullIns(read.text));
      sizes.set(file, read.text.length);
    }
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
  /** Every file of each repository, read or not: which modules exist there (another repository's are not importable). */
  const filesOfRepository = new Map<string, string[]>();
  for (const file of everyFile) {
    const repository = repositories.of(file);
    appendTo(filesOfRepository, repository, file);
    // Only groups that exist: asking groupOf() would report the broken pyproject.toml of a project nobody linted.
    const config = resolver.lookup(file);
    const group = config instanceof ConfigError ? undefined : groups.get(groupKey(config, repository));
    if (group) appendTo(filesOf, group, file);
  }
  for (const group of live) {
    const pullInsOf = (file: string) => {
      const known = group.files.get(file);
      if (known) return known;
      const text = textOf(file);
      if (text !== undefined) sizes.set(file, text.length);
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
  let threads: RunResult['threads'];
  const finder = new PinFinder(named?.pins);
  if (live.length > 0) {
    // What the run parses decides the WebAssembly compiler, before the grammar is compiled (compiler-choice.ts).
    (require('./compiler-choice') as typeof import('./compiler-choice')).chooseCompiler(live.reduce((sum, group) => sum + [...group.files.keys()].reduce((n, file) => n + (sizes.get(file) ?? 0), 0), 0));
    await initParser();
  }
  const planned: Planned[] = [];
  for (const group of live) {
    for (const unit of pinnedUnits([...group.files.keys()], group.options, finder, options.cwd)) {
      // Every file found, read or not: rules ask which modules exist (autodiscover_tasks, include, -A).
      // Asked once per directory: a unit may hold thousands of files in a few dozen directories.
      const installedDistributions = [...new Set([...new Set(unit.files.map((f) => path.join(path.dirname(f), '_')))].flatMap((f) => [...finder.distributionsFor(f)]))];
      planned.push({ group, unit, installedDistributions, projectFiles: filesOfRepository.get(group.repository) ?? [] });
    }
  }
  // Facts and pins are all read by now: what the next run over named files can keep.
  named?.saveCache();
  /** What a unit's lint adds to the run that depends on order (targets, warnings, configurations): taken in unit order. */
  const conclude = (plan: Planned, configurationCount: number, report?: Pick<UnitOutcome, 'configurations' | 'processes'>) => {
    const { unit } = plan;
    const celery = withPin(assumedCelery(unit.options), unit.celery);
    const django = withPin(assumedDjango(unit.options), unit.django);
    targets.push({ files: unit.files.length, celery, django });
    if (report) {
      configurations.push(...report.configurations);
      processes.push(...report.processes);
      for (const config of report.configurations) {
        versions.set(config, celery);
        djangoVersions.set(config, django);
      }
    }
    if (unit.celery?.belowModel && configurationCount > 0) problems.push({ message: belowModelNote(unit.celery, options.cwd), severity: 'warning' });
  };
  /** A unit's results into the run's: each file is in one unit only, so units may be merged in any order. */
  const merge = (plan: Planned, unitResults: Iterable<FileResult>) => {
    const rules = plan.unit.options.rules;
    for (const result of unitResults) {
      const file = result.filePath;
      const previous = results.get(file);
      const ignoredHere = plan.group.config ? ignoredForFile(plan.group.config, file) : [];
      const diagnostics = result.diagnostics.filter((d) => !ignoredHere.some((name) => patternCoversRule(name, d.ruleId, rules)));
      const merged = [...(previous?.diagnostics ?? []), ...diagnostics];
      // Only a file with something to show keeps its text (formatters quote it); print-config quotes any line.
      const source = merged.length > 0 || result.fixed !== undefined || options.configurationReport ? (result.source ?? previous?.source) : previous?.source;
      results.set(file, { ...result, diagnostics: merged, source });
    }
  };
  const reported = (file: string) => results.has(file);
  const pool = poolFor(planned, options, named !== undefined, (file) => sizes.get(file) ?? 0);
  if (pool) {
    const { lintInPool } = require('./unit-pool') as typeof import('./unit-pool');
    const { lintJob } = require('./unit-job') as typeof import('./unit-job');
    const { rulesById } = (require('./group-options') as typeof import('./group-options')).loadRules();
    const data = { ...poolData(planned, reported, options), ...(pool.memoryBudget !== undefined ? { memoryBudget: pool.memoryBudget } : {}) };
    const counts = new Array<number>(planned.length).fill(0);
    const { byWorkers, notes } = await lintInPool(
      data,
      pool.workers,
      pool.script,
      (index) => lintJob(data.jobs[index]!, data, rulesById),
      (index, outcome) => {
        for (const r of outcome.unreadable) results.set(r.filePath, r);
        merge(planned[index]!, outcome.results);
        counts[index] = outcome.configurations;
      },
    );
    planned.forEach((plan, index) => conclude(plan, counts[index]!));
    threads = { count: pool.workers + 1, units: planned.length, byWorkers, notes };
  } else {
    for (const plan of planned) {
      const part = readUnit(plan.unit.files, plan.group.given, reported, (result) => results.set(result.filePath, result));
      const lintOptions: UnitLintOptions = {
        ...optionsForLint(plan.unit.options),
        projectFiles: plan.projectFiles,
        readFile: readReferenced,
        installedDistributions: plan.installedDistributions,
        ...(named ? restOfProject(named, plan.group, groupOf, textOf) : {}),
      };
      const outcome = lintUnit(part, lintOptions, options, reported, problem);
      conclude(plan, outcome.configurations.length, options.configurationReport ? outcome : undefined);
      merge(plan, outcome.results.values());
    }
  }
  if (!options.stdin) {
    for (const message of includeProblems(found.directories, found.files, resolver)) problem(message);
  }
  const ordered = [...results.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  const versionOf = (config: EffectiveConfigurationInfo): AssumedVersion => versions.get(config) ?? { version: DEFAULT_CELERY_VERSION, from: DEFAULT_FROM };
  const djangoVersionOf = (config: EffectiveConfigurationInfo): AssumedVersion | undefined => djangoVersions.get(config);
  return { results: ordered, configurations, versionOf, djangoVersionOf, targets, threads, processes, problems, missing: found.missing };
}

function appendTo<K>(lists: Map<K, string[]>, key: K, file: string): void {
  const list = lists.get(key);
  if (list) list.push(file);
  else lists.set(key, [file]);
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
    results.set(file, unreadableFile(file, read.message.replace(/^File/, 'Standard input')));
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
 * Whether a run's units are linted on several threads (unit-pool.ts), and how.
 * Only a run that reports findings over whole trees is: `--fix` writes files
 * (a worker failing after some writes would leave the main thread to lint
 * files already fixed, and a failed write means linting the unit again on
 * the spot), standard input is one file, print-config keeps each
 * configuration it reports and every text, and a run over named files (a
 * pre-commit hook, an editor) is small and judges them with functions over
 * the rest of the project that cannot cross threads.
 */
function poolFor(planned: readonly Planned[], options: RunOptions, named: boolean, sizeOf: (file: string) => number): { workers: number; script: string; memoryBudget?: number } | undefined {
  const jobs = options.jobs ?? 1;
  if (jobs === 1 || planned.length < 2 || (options.fix && options.write) || options.stdin || options.configurationReport || named) return undefined;
  const { poolWorkers, workerScript } = require('./unit-pool') as typeof import('./unit-pool');
  const workers = poolWorkers(jobs, planned.map((plan) => plan.unit.files.reduce((sum, file) => sum + sizeOf(file), 0)));
  const script = workers > 0 ? workerScript() : undefined;
  if (!script) return undefined;
  // auto keeps the run's memory near what one thread needs (pool-memory.ts); a number of threads the user gives is taken as given.
  return jobs === 'auto' ? { workers, script, memoryBudget: (require('./pool-memory') as typeof import('./pool-memory')).AUTO_MEMORY_BUDGET } : { workers, script };
}

/** The planned units as data a worker can take (unit-job.ts): rule ids for rules, one list of files per repository. */
function poolData(planned: readonly Planned[], reported: (file: string) => boolean, options: RunOptions) {
  const repositories = new Map<readonly string[], number>();
  const jobs: UnitJob[] = planned.map(({ unit, installedDistributions, projectFiles }) => {
    let repository = repositories.get(projectFiles);
    if (repository === undefined) repositories.set(projectFiles, (repository = repositories.size));
    const lintOptions = optionsForLint(unit.options);
    return {
      files: unit.files,
      reported: unit.files.filter(reported),
      repository,
      rules: lintOptions.rules.map((rule) => rule.meta.id),
      severities: lintOptions.severities,
      ...(lintOptions.knownRuleIds ? { knownRuleIds: lintOptions.knownRuleIds } : {}),
      ...(lintOptions.celeryVersion ? { celeryVersion: lintOptions.celeryVersion } : {}),
      ...(lintOptions.djangoVersion ? { djangoVersion: lintOptions.djangoVersion } : {}),
      ...(lintOptions.knownSerializers ? { knownSerializers: lintOptions.knownSerializers } : {}),
      installedDistributions,
    };
  });
  return { jobs, projectFiles: [...repositories.keys()], fix: options.fix, unsafe: options.unsafe };
}
