// The engine's front door: files in, diagnostics and configurations out.
// Both the CLI and the language server go through lint() and fix().
import type { FileAnalysis } from './extract';
import { analyzeProject } from './project-read';
import { deploymentSettingsModules } from './django-targets';
import { ModuleIndex } from './module-index';
import { importSitesAtImportTime, type ImportSite } from './import-scan';
import { applyImportTimeImports } from './import-time-effects';
import { applySuppressions, UNUSED_SUPPRESSION } from './suppressions';
import { buildConfigurations } from './configuration';
import { decideRoles, settingsModulesNamedByTools, toolConfigDirs } from './roles';
import { runRules, type MentionKind } from './run-rules';
import { applyFixesToText, fixableFixes } from './fixer';
import { parse, syntaxErrorNodes, type Tree } from './parser';
import { DEFAULT_CELERY_VERSION } from './knowledge/settings';
import type { ModuleUsage } from './app-usage/read-usage';
import { buildProjectUsage } from './app-usage/project-usage';
import type { Rule } from './rule';
import type { Diagnostic, EffectiveConfigurationInfo, Severity, TaskDefinition } from './types';
import { launchFileKind } from './launch/kinds';
import { EMPTY_LAUNCH, type LaunchModel } from './launch/process';
import { appLinker } from './launch/app-link';
import { runningProcess } from './launch/launch-context';
import type { RunningProcess } from './launch/process-report';
import { launchedSettingsModules, type LaunchedSettingsModule } from './launch/settings-module';
import { suppressionsInComments } from './suppressions';
import { LineIndex } from './text';

export interface SourceFile {
  /** Absolute path; it names the file in every span and diagnostic. */
  readonly path: string;
  readonly text: string;
  /**
   * An already parsed tree for `text`, or its pieces in order (the language
   * server keeps them per open document, see PiecewiseSyntax). The engine
   * borrows them and never deletes them.
   */
  readonly tree?: Tree | readonly Tree[];
  /** A line index of `text` the caller already has (the language server's), to use instead of building one. */
  readonly lineIndex?: LineIndex;
}

export interface LintOptions {
  readonly rules: readonly Rule[];
  /** Target Celery version; defaults to the newest 5.x. */
  readonly celeryVersion?: string;
  /** Target Django version (`4.2`) for the django/ rules; defaults to the newest the knowledge table holds. */
  readonly djangoVersion?: string;
  /** Per-rule severity overrides; `off` drops the rule's findings. */
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  /**
   * Every rule id the pack ships, selected or not: a suppression naming a
   * deselected rule is left alone, one naming no rule at all is reported.
   * Defaults to the ids of `rules`.
   */
  readonly knownRuleIds?: readonly string[];
  /** Serializer names registered outside the linted code (kombu entry points), from `known-serializers`. */
  readonly knownSerializers?: readonly string[];
  /**
   * Every file of the projects being linted, read or not (the pre-filter
   * passes over most; files not ending in .py are ignored): which modules exist, for
   * autodiscover_tasks(), `include` and the module `-A` names. Without it
   * nothing is called missing: the linted files alone cannot show a module
   * is absent.
   */
  readonly projectFiles?: readonly string[];
  /** Reads a file a launch file refers to (a Dockerfile a Compose service builds, an entrypoint script, an env file). */
  readonly readFile?: (file: string) => string | undefined;
  /**
   * For a run over part of a project (named files and their closure,
   * project-index.ts): the tasks the rest of the project defines, read from
   * its text, so beat schedules are checked against all of them.
   */
  readonly projectTasks?: readonly TaskDefinition[];
  /**
   * For a run over part of a project: whether the rest of the project's
   * linted files mention `name` as a word (rules ask whether a setting is
   * read elsewhere, see RuleContext.mentionedElsewhere).
   */
  readonly mentionedOutside?: (name: string, kind?: MentionKind) => boolean;
  /**
   * The distributions the project pins (normalized names: `apache-superset`):
   * a module under a package one of them installs is not called missing
   * because the checkout lacks it.
   */
  readonly installedDistributions?: readonly string[];
  /**
   * The files whose findings the caller shows; by default every file. A run
   * over named files (pre-commit passes the staged ones) lints their closure
   * but shows only theirs: findings elsewhere are not worked out (a did-you-mean
   * over every task of the project for a beat schedule nobody staged).
   */
  readonly reports?: (file: string) => boolean;
}

export interface LintOutput {
  /** Every finding, sorted by file then position. */
  readonly diagnostics: Diagnostic[];
  readonly configurations: EffectiveConfigurationInfo[];
  /** What the launch files start (processes), and the files they refer to. */
  readonly launch: LaunchModel;
  /** Each process with the app (and configurations) it runs, for print-config. */
  readonly processes: readonly RunningProcess[];
}

/**
 * The launch readers, loaded the first time a run has a launch file: they
 * bring the YAML and Dockerfile parsers, which a run over Python alone (an
 * editor keystroke, a pre-commit hook on one settings file) never pays for.
 */
function launchReaders(): typeof import('./launch/read-launch') {
  return require('./launch/read-launch') as typeof import('./launch/read-launch');
}

/**
 * Where each module imports which project modules while it is imported,
 * scanned on first ask. A module the run does not lint (an `import tasks`
 * between the app module and one that reads its configuration, with no Celery
 * word of its own) is read from disk, when the run may read the project.
 */
function importSitesOf(files: readonly SourceFile[], projectIndex: ModuleIndex, readFile: ((file: string) => string | undefined) | undefined): (file: string) => readonly ImportSite[] {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const scanned = new Map<string, readonly ImportSite[]>();
  return (file) => {
    let sites = scanned.get(file);
    if (!sites) {
      const text = texts.get(file) ?? readFile?.(file);
      sites = text === undefined ? [] : importSitesAtImportTime(file, text, projectIndex);
      scanned.set(file, sites);
    }
    return sites;
  };
}

/** Lints a set of files together: configurations may span them. */
export function lint(files: readonly SourceFile[], options: LintOptions): LintOutput {
  const python: SourceFile[] = [];
  const launchFiles: SourceFile[] = [];
  for (const file of files) (launchFileKind(file.path, file.text) ? launchFiles : python).push(file);
  const index = new ModuleIndex(python.map((f) => f.path));
  const { analyses, usages } = analyzeProject(python, index);
  // Callers may list launch files among the project's files (the editor's index holds both): only modules count here.
  const projectFiles = options.projectFiles?.filter((f) => f.endsWith('.py'));
  const readFile = options.readFile;
  // Every module of the project, linted or not: where a module a run leaves out still exists.
  const projectIndex = projectFiles ? ModuleIndex.shared([...python.map((f) => f.path), ...projectFiles]) : index;
  applyImportTimeImports(analyses, importSitesOf(python, projectIndex, options.readFile), index);
  const celeryVersion = options.celeryVersion ?? DEFAULT_CELERY_VERSION;
  // In path order, whatever order the caller lists files in: a script that a Compose service runs and that is read
  // alone too gives rules its processes in one order, so a run over named files and a whole-project run agree.
  launchFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const launch = launchFiles.length > 0 ? launchReaders().readLaunchFiles(launchFiles, { celeryVersion, ...(options.readFile ? { readFile: options.readFile } : {}) }) : EMPTY_LAUNCH;
  // What the launch files set DJANGO_SETTINGS_MODULE to: a module Django reads, and the one those processes' apps read.
  const launched = launchedSettingsModules(launch);
  const toolNamed = readFile ? settingsModulesNamedByTools(toolConfigDirs(projectFiles ?? python.map((f) => f.path)), readFile) : [];
  decideRoles(analyses, index, [...toolNamed, ...launched.map((l) => ({ file: l.span.file, module: l.module }))], projectIndex);
  const configurations = buildConfigurations(analyses, index, celeryVersion, launched);
  const texts = new Map(files.map((f) => [f.path, f.text]));
  for (const [file, text] of launch.referenced) if (!texts.has(file)) texts.set(file, text);
  const linker =
    launch.processes.length > 0
      ? appLinker({
          analyses,
          index,
          projectIndex,
          projectFiles: projectFiles ?? python.map((f) => f.path),
          configurations,
          texts,
        })
      : undefined;
  const diagnostics = [
    ...analyses.flatMap((a) => a.diagnostics),
    ...launchProblemDiagnostics(launch, texts),
    ...runRules(configurations, analyses, texts, {
      rules: options.rules,
      celeryVersion,
      severities: options.severities ?? {},
      knownSerializers: options.knownSerializers ?? [],
      usage: buildProjectUsage(usages, projectFiles, python.map((f) => f.path), index, new Set(analyses.flatMap((a) => a.importedFiles)), options.installedDistributions),
      djangoSettings: new Map(usages.map((u) => [u.file, u.djangoSettings])),
      ...(options.projectTasks ? { projectTasks: options.projectTasks } : {}),
      ...(options.mentionedOutside ? { mentionedOutside: options.mentionedOutside } : {}),
      ...(linker ? { launch: { model: launch, linker } } : {}),
      ...(options.rules.some((r) => r.checkDjango) ? { django: { targets: djangoTargets(analyses, index, usages, launched), version: options.djangoVersion } } : {}),
      ...(readFile ? { readFile } : {}),
      ...(options.reports ? { reports: options.reports } : {}),
    }),
  ];
  const active = new Set(options.rules.filter((r) => options.severities?.[r.meta.id] !== 'off').map((r) => r.meta.id));
  const launchSuppressions = [...launch.comments].flatMap(([file, comments]) => {
    const text = texts.get(file) ?? '';
    let lines: LineIndex | undefined;
    const lineIndex = () => (lines ??= new LineIndex(text));
    const suppressions = suppressionsInComments(file, text, comments, lineIndex);
    return suppressions.length > 0 ? [{ file, text, lines: lineIndex(), suppressions }] : [];
  });
  const kept = applySuppressions(
    diagnostics,
    [
      ...analyses.filter((a) => a.suppressions.length > 0).map((a) => ({ file: a.file, text: texts.get(a.file) ?? '', lines: a.lineIndex, suppressions: a.suppressions })),
      ...launchSuppressions,
    ],
    active,
    new Set(options.knownRuleIds ?? options.rules.map((r) => r.meta.id)),
    severityOf(options, UNUSED_SUPPRESSION),
  );
  kept.sort((a, b) => (a.file === b.file ? a.span.start - b.span.start || a.span.end - b.span.end : a.file < b.file ? -1 : 1));
  return { diagnostics: kept, configurations, launch, processes: linker ? launch.processes.map((p) => runningProcess(p, linker, celeryVersion)) : [] };
}

/**
 * A launch file that does not parse is said once, as a Python file's syntax
 * error is (nothing in it is checked); a reader bug is an internal error. A
 * part skipped on purpose (a Helm template) is not a finding.
 */
function launchProblemDiagnostics(launch: LaunchModel, texts: ReadonlyMap<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const problem of launch.problems) {
    if (problem.reason === 'skipped') continue;
    const lines = new LineIndex(texts.get(problem.file) ?? '');
    const crashed = problem.reason === 'crashed';
    out.push({
      ruleId: crashed ? 'celery-lint/internal-error' : 'celery-lint/syntax-error',
      messageId: crashed ? 'launchReaderCrashed' : 'syntaxError',
      severity: 'error',
      message: crashed
        ? `celery-lint ${problem.message}. This is a celery-lint bug; please report it.`
        : `Syntax error: ${problem.message.replace(/^not read: /, '')}. Nothing in this document is checked.`,
      file: problem.file,
      span: problem.span,
      range: lines.range(problem.span),
      ...(crashed ? {} : { fatal: true }),
    });
  }
  return out;
}

/** The Django settings modules the project deploys with, judged from what each module leaves set. */
function djangoTargets(analyses: readonly FileAnalysis[], index: ModuleIndex, usages: readonly ModuleUsage[], launched: readonly LaunchedSettingsModule[]) {
  const settings = new Map(usages.map((u) => [u.file, u.djangoSettings]));
  return deploymentSettingsModules(
    analyses,
    index,
    (file, name) => settings.get(file)?.has(name) === true,
    (file) => (settings.get(file)?.size ?? 0) > 0,
    launched,
  );
}

function severityOf(options: LintOptions, id: string): Severity {
  const configured = options.severities?.[id];
  if (configured === 'error' || configured === 'warning') return configured;
  return options.rules.find((r) => r.meta.id === id)?.meta.defaultSeverity ?? 'warning';
}

export interface FixOptions extends LintOptions {
  /** Apply unsafe fixes too (`--unsafe-fixes`). */
  readonly unsafe: boolean;
  /** Bound on lint-and-fix passes (ESLint uses 10). */
  readonly maxPasses?: number;
}

export interface FixOutput {
  readonly text: string;
  readonly changed: boolean;
  readonly passes: number;
  /** Findings still present in the final text. */
  readonly remaining: Diagnostic[];
  /** Set when fixing stopped early: a fix broke the syntax, or fixes did not settle. */
  readonly problem?: string;
}

/**
 * How many syntax errors a text parses with: ERROR and MISSING nodes for
 * Python, the reader's errors for a launch file (when `path` names one).
 */
export function syntaxErrorCount(text: string, path?: string): number {
  const kind = path === undefined ? undefined : launchFileKind(path, text);
  if (kind) return (require('./launch/launch-syntax') as typeof import('./launch/launch-syntax')).launchSyntaxErrorCount(kind, text);
  const tree = parse(text);
  try {
    return syntaxErrorNodes(tree.rootNode).length;
  } finally {
    tree.delete();
  }
}

/**
 * Fixes one file, re-linting between passes as ESLint does. `context` holds
 * the other files of the project, read but never changed. A pass that would
 * add syntax errors is thrown away and fixing stops with a `problem`.
 */
export function fix(target: SourceFile, context: readonly SourceFile[], options: FixOptions): FixOutput {
  const { files, final } = fixFiles([target, ...context], new Set([target.path]), options);
  const fixed = files.get(target.path)!;
  return {
    text: fixed.text,
    changed: fixed.changed,
    passes: fixed.passes,
    remaining: final.diagnostics.filter((d) => d.file === target.path),
    ...(fixed.problem ? { problem: fixed.problem } : {}),
  };
}

export interface FileFixOutput {
  readonly text: string;
  readonly changed: boolean;
  readonly passes: number;
  /** Set when fixing stopped early: a fix broke the syntax, or fixes did not settle. */
  readonly problem?: string;
}

/**
 * Fixes the `targets` among `files` (the project, read as context) together:
 * each pass lints the project once and applies every target's fixes, as
 * fix() does for one. Fixing the files one by one linted the whole project
 * per file and pass, so --fix over a project was quadratic in its size.
 * `first` is a lint of `files` as they are, when the caller has one.
 */
export function fixFiles(files: readonly SourceFile[], targets: ReadonlySet<string>, options: FixOptions, first?: LintOutput): { files: Map<string, FileFixOutput>; final: LintOutput } {
  const maxPasses = options.maxPasses ?? 10;
  const originals = new Map(files.map((f) => [f.path, f.text]));
  const texts = new Map(originals);
  const state = new Map<string, { passes: number; problem?: string; baselineErrors?: number; seen: Set<string> }>();
  for (const path of targets) if (texts.has(path)) state.set(path, { passes: 0, seen: new Set([texts.get(path)!]) });
  const active = new Set(state.keys());
  const sources = () => [...texts].map(([path, text]) => ({ path, text }));
  let output = first ?? lint(files, options);
  for (let pass = 0; pass < maxPasses && active.size > 0; pass++) {
    let changed = false;
    for (const path of [...active]) {
      const file = state.get(path)!;
      const text = texts.get(path)!;
      const fixes = fixableFixes(output.diagnostics, path, options.unsafe);
      const next = fixes.length === 0 ? text : applyFixesToText(text, fixes).text;
      if (next === text) {
        active.delete(path);
        continue;
      }
      file.baselineErrors ??= syntaxErrorCount(originals.get(path)!, path);
      if (syntaxErrorCount(next, path) > file.baselineErrors) {
        const rules = [...new Set(fixes.map((f) => f.ruleId))].join(', ');
        file.problem = `a fix by ${rules} would introduce a syntax error; the file was left as it was before that pass`;
        active.delete(path);
        continue;
      }
      texts.set(path, next);
      file.passes++;
      changed = true;
      if (file.seen.has(next)) {
        file.problem = 'fixes did not settle (they undo each other); stopped';
        active.delete(path);
        continue;
      }
      file.seen.add(next);
    }
    if (!changed) break;
    output = lint(sources(), options);
  }
  const out = new Map<string, FileFixOutput>();
  for (const [path, file] of state) {
    const text = texts.get(path)!;
    out.set(path, { text, changed: text !== originals.get(path), passes: file.passes, ...(file.problem ? { problem: file.problem } : {}) });
  }
  return { files: out, final: output };
}
