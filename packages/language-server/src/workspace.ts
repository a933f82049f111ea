// Which files are linted together, and the last result for each open
// document. A group is one project (the directory a CLI run would take as
// the project root) under one pyproject.toml configuration: the same grouping
// the CLI uses, so the editor and CI agree. Within a group, a change re-lints
// only what it can move: the closure (core's ProjectIndex) of the open
// documents whose closure holds the changed file, never the whole project.
// Open documents take part with the editor's text and their incrementally
// reparsed trees.
import * as path from 'node:path';
import {
  celeryTargetOf,
  djangoTargetOf,
  PinFinder,
  rulesBelowModel,
  ConfigResolver,
  discover,
  ignoredForFile,
  isExcluded,
  lint,
  patternCoversRule,
  projectRoot,
  readSource,
  type Diagnostic,
  type EffectiveConfigurationInfo,
  type LintOptions,
  type ProjectConfig,
  type ProjectIndex,
  type Rule,
  type SourceFile,
} from '@celery-lint/core';
import { DEFAULT_SETTINGS, runOptionsFor, type ClientSettings, type RunOptions, type SettingsProblem } from './lint-settings';
import type { OpenDocument } from './open-document';
import { UNTITLED_PREFIX } from './lsp-convert';
import type { LintJob } from './lint-thread';
import { ProjectFiles } from './project-files';
import { OutsideMentions } from './outside-mentions';

/** The outcome of one lint. */
export interface GroupRun {
  /** The group's key. */
  readonly key: string;
  /** The project directory, or undefined for a document linted on its own. */
  readonly root: string | undefined;
  readonly config: ProjectConfig | undefined;
  readonly options: RunOptions;
  /** Every file the run read, with the text it read. */
  readonly texts: ReadonlyMap<string, string>;
  /** Findings by file, after per-file-ignores. */
  readonly diagnostics: ReadonlyMap<string, Diagnostic[]>;
  readonly configurations: readonly EffectiveConfigurationInfo[];
  /** Findings of the celery-lint/internal-error kind: a rule crashed. Logged, not shown. */
  readonly crashes: readonly Diagnostic[];
}

export interface GroupTarget {
  readonly key: string;
  readonly root: string | undefined;
  readonly config: ProjectConfig | undefined;
}

/** What one lint reads, and the open documents whose diagnostics it decides. */
export interface LintPlan {
  readonly target: GroupTarget;
  readonly options: RunOptions;
  readonly affected: readonly OpenDocument[];
  readonly project: ProjectFiles | undefined;
  /** Each file's text, as the lint reads it. */
  readonly texts: ReadonlyArray<readonly [string, string]>;
  /** Characters of text in all: what decides whether the lint goes to a worker thread. */
  readonly size: number;
}

/** A lint and the open documents whose diagnostics it decides. */
export interface LintResult {
  readonly run: GroupRun;
  readonly documents: readonly OpenDocument[];
}

const INTERNAL_ERROR = 'celery-lint/internal-error';

interface Closure {
  readonly index: ProjectIndex;
  readonly generation: number;
  readonly files: ReadonlySet<string>;
}

export class Workspace {
  private readonly resolver = new ConfigResolver();
  private readonly projects = new Map<string, { readonly target: GroupTarget; readonly files: ProjectFiles }>();
  /** The last run that decided each open document's diagnostics. */
  private readonly runs = new Map<string, GroupRun>();
  /** Each open document's closure, while its project's index stays as it was. */
  private readonly closures = new Map<string, Closure>();
  /** The text each open document had when its project's index last read it. */
  private readonly indexed = new Map<string, string>();
  /** Project root by directory: finding it touches the disk, and every lint asks for every file. */
  private readonly roots = new Map<string, string | undefined>();
  readonly documents = new Map<string, OpenDocument>();
  settings: ClientSettings = DEFAULT_SETTINGS;
  /** Settings the last lints left out, by message, so each is reported once. */
  readonly problems = new Map<string, SettingsProblem>();
  /** The projects' pins, read once until a configuration file changes. */
  private pins = new PinFinder();
  /** What the files left out of a closure answer about names, kept while each file stays the same. */
  private readonly outsideMentions = new OutsideMentions((file) => this.documents.get(file)?.version);

  constructor(
    private folders: readonly string[],
    private readonly rules: readonly Rule[],
  ) {}

  setFolders(folders: readonly string[]): void {
    this.folders = folders;
    this.roots.clear();
  }

  /** The group a file belongs to. A config error (bad pyproject.toml) is thrown for the caller to show. */
  targetFor(file: string): GroupTarget {
    const root = this.rootFor(file);
    const config = this.resolver.forFile(file);
    return { key: root ? `${root}\0${config?.file ?? ''}` : `${file}\0`, root, config };
  }

  /** Whether the group's pyproject.toml leaves this file out of linting. */
  isExcluded(target: GroupTarget, file: string): boolean {
    return target.config !== undefined && isExcluded(target.config, file);
  }

  /** The run that last decided an open document's diagnostics. */
  lastRun(file: string): GroupRun | undefined {
    return this.runs.get(file);
  }

  /** Open documents of the group, excluded ones too. */
  documentsIn(key: string): OpenDocument[] {
    return [...this.documents.values()].filter((doc) => this.safeTarget(doc.path)?.key === key);
  }

  /** A file (or a directory, deleted) changed on disk (watcher event): keep the projects' indexes and copies current. */
  fileChanged(file: string, deleted: boolean): GroupTarget[] {
    const targets: GroupTarget[] = [];
    if (deleted) this.indexed.delete(file);
    for (const { target, files } of this.projects.values()) {
      if (!isInside(files.root, file)) continue;
      if (deleted) files.forget(file);
      else if (!this.documents.has(file)) files.refresh(file);
      targets.push(target);
    }
    return targets;
  }

  /** A document closed: its project reads the file from disk again and lets go of what only it needed. */
  documentClosed(file: string): void {
    this.runs.delete(file);
    this.closures.delete(file);
    this.indexed.delete(file);
    for (const { files } of this.projects.values()) if (isInside(files.root, file)) files.refresh(file);
    this.releaseUnneeded();
  }

  /** A pyproject.toml changed: configurations may have moved for every file. */
  configurationChanged(): void {
    this.resolver.clear();
    this.pins = new PinFinder();
    this.roots.clear();
    this.problems.clear();
    this.runs.clear();
    this.closures.clear();
    this.indexed.clear();
    for (const { files } of this.projects.values()) files.dispose();
    this.projects.clear();
  }

  /**
   * What a change to `changed` (open documents or files on disk) can move:
   * the closures of the group's open documents that hold a changed file,
   * before or after the change. Undefined when no open document is affected.
   */
  planChanged(target: GroupTarget, changed: ReadonlySet<string>): LintPlan | undefined {
    const open = this.documentsIn(target.key).filter((doc) => !this.isExcluded(target, doc.path) && !doc.fileError);
    if (open.length === 0) return undefined;
    const project = target.root ? this.project(target) : undefined;
    if (!project) {
      const alone = open.filter((doc) => changed.has(doc.path));
      if (alone.length === 0) return undefined;
      return this.plan(target, new Set(alone.map((d) => d.path)), alone, undefined);
    }
    for (const doc of open) {
      if (this.indexed.get(doc.path) === doc.text) continue;
      project.index.set(doc.path, doc.text);
      this.indexed.set(doc.path, doc.text);
    }
    const affected: OpenDocument[] = [];
    const files = new Set<string>();
    for (const doc of open) {
      const before = this.closures.get(doc.path);
      const now = this.closureOf(doc.path, project);
      if (!changed.has(doc.path) && !intersects(now.files, changed) && !(before && before !== now && intersects(before.files, changed))) continue;
      affected.push(doc);
      for (const file of now.files) files.add(file);
    }
    if (affected.length === 0) return undefined;
    return this.plan(target, files, affected, project);
  }

  /**
   * Plans that lint every file of every project under the workspace folders,
   * each as the CLI would lint it (workspace diagnostics). They decide no open
   * document's diagnostics.
   */
  planWorkspace(): LintPlan[] {
    const targets = new Map<string, GroupTarget>();
    for (const folder of this.folders) {
      for (const file of discover([folder], folder).files) {
        const target = this.safeTarget(file);
        if (target?.root && !targets.has(target.key) && !this.isExcluded(target, file)) targets.set(target.key, target);
      }
    }
    return [...targets.values()].map((target) => {
      const project = this.project(target);
      return this.plan(target, new Set(project.index.files()), [], project);
    });
  }

  /** Lints a plan here and now, open documents with their incrementally parsed trees. */
  runPlan(plan: LintPlan): LintResult {
    const sources: SourceFile[] = plan.texts.map(([file, text]) => {
      const doc = this.documents.get(file);
      // Launch files are read by their own readers: no Python tree.
      if (doc && doc.text === text) return doc.isLaunchFile ? { path: file, text, lineIndex: doc.lineIndex } : { path: file, text, tree: doc.syntaxTrees(), lineIndex: doc.lineIndex };
      const source = plan.project?.source(file);
      return source?.tree && source.text === text ? { path: file, text, tree: source.tree } : { path: file, text };
    });
    const output = lint(sources, this.lintOptions(plan));
    return this.finishPlan(plan, output);
  }

  /** The plan as plain data, for a lint on a worker thread (lint-thread.ts). */
  jobOf(plan: LintPlan): LintJob {
    const options = plan.options;
    const projectFiles = this.lintOptions(plan).projectFiles;
    return {
      sources: plan.texts.map(([path, text]) => ({ path, text })),
      ruleIds: options.rules.map((r) => r.meta.id),
      knownRuleIds: options.knownRuleIds,
      severities: options.severities,
      ...(options.celeryVersion ? { celeryVersion: options.celeryVersion } : {}),
      ...(options.djangoVersion ? { djangoVersion: options.djangoVersion } : {}),
      ...(options.knownSerializers ? { knownSerializers: options.knownSerializers } : {}),
      ...(projectFiles ? { projectFiles } : {}),
      ...(options.installedDistributions ? { installedDistributions: options.installedDistributions } : {}),
      ...(plan.project ? { outsideFiles: this.outsideFiles(plan) } : {}),
    };
  }

  /** A plan's lint output (from here or a worker) becomes the affected documents' run. */
  finishPlan(plan: LintPlan, output: { readonly diagnostics: readonly Diagnostic[]; readonly configurations: readonly EffectiveConfigurationInfo[] }): LintResult {
    const { target, options } = plan;
    const diagnostics = new Map<string, Diagnostic[]>();
    const crashes: Diagnostic[] = [];
    for (const d of output.diagnostics) {
      if (d.ruleId === INTERNAL_ERROR) {
        crashes.push(d);
        continue;
      }
      const ignored = target.config ? ignoredForFile(target.config, d.file) : [];
      if (ignored.some((name) => patternCoversRule(name, d.ruleId, options.rules))) continue;
      const list = diagnostics.get(d.file) ?? [];
      list.push(d);
      diagnostics.set(d.file, list);
    }
    const run: GroupRun = {
      key: target.key,
      root: target.root,
      config: target.config,
      options,
      texts: new Map(plan.texts),
      diagnostics,
      configurations: output.configurations,
      crashes,
    };
    for (const doc of plan.affected) if (this.documents.get(doc.path) === doc) this.runs.set(doc.path, run);
    return { run, documents: plan.affected.filter((doc) => this.documents.get(doc.path) === doc) };
  }

  dispose(): void {
    for (const { files } of this.projects.values()) files.dispose();
    this.projects.clear();
    for (const doc of this.documents.values()) doc.dispose();
    this.documents.clear();
  }

  private closureOf(file: string, project: ProjectFiles): Closure {
    const known = this.closures.get(file);
    if (known && known.index === project.index && known.generation === project.index.generation) return known;
    const closure = { index: project.index, generation: project.index.generation, files: new Set(project.index.closure([file])) };
    this.closures.set(file, closure);
    return closure;
  }

  /** The texts `files` are linted with: open documents' from the editor, the rest from the project's copies. */
  private plan(target: GroupTarget, files: ReadonlySet<string>, affected: readonly OpenDocument[], project: ProjectFiles | undefined): LintPlan {
    const configured = runOptionsFor(target.config, this.settings, this.rules);
    for (const p of configured.problems) this.problems.set(p.message, p);
    const options = this.withPinnedVersions(configured.options, affected[0]?.path ?? [...files][0]);
    const texts: Array<[string, string]> = [];
    let size = 0;
    for (const file of files) {
      const doc = this.documents.get(file);
      const text = doc ? (doc.fileError || this.isExcluded(target, file) ? undefined : doc.text) : project?.text(file);
      if (text === undefined) continue;
      texts.push([file, text]);
      size += text.length;
    }
    return { target, options, affected, project, texts, size };
  }

  /**
   * Versions the settings leave open come from the project's pins, read for
   * the document the lint is for (the CLI's inference, pinned-targets.ts);
   * a project pinned below what celery-lint models gets no Celery findings.
   */
  private withPinnedVersions(options: RunOptions, file: string | undefined): RunOptions {
    if (file === undefined) return options;
    let out = options;
    const celery = options.celeryVersion === undefined ? this.pins.pinFor(file, 'celery') : undefined;
    if (celery) {
      const target = celeryTargetOf(celery);
      out = { ...out, celeryVersion: target.version, ...(target.belowModel ? { rules: rulesBelowModel(out.rules) } : {}) };
    }
    const django = options.djangoVersion === undefined ? this.pins.pinFor(file, 'django') : undefined;
    if (django) out = { ...out, djangoVersion: djangoTargetOf(django).version };
    // What the project installs, as the CLI asks it: a dependency's package is not the checkout's missing module.
    const installed = this.pins.distributionsFor(file);
    if (installed.size > 0) out = { ...out, installedDistributions: [...installed] };
    return out;
  }

  private lintOptions(plan: LintPlan): LintOptions {
    // Every file of the project, linted or not: rules ask which modules exist (autodiscover_tasks, include).
    const projectFiles = plan.project ? { projectFiles: [...plan.project.index.files()] } : {};
    const project = plan.project;
    // A rule asks whether a name is read elsewhere (an unknown setting that is a project's own knob): the
    // files the closure leaves out answer as in a whole-project run, each read at most once per lint, and not at
    // all while its answers from earlier lints still hold.
    const mentionedOutside = project ? { mentionedOutside: this.outsideMentions.forLint(() => this.outsideFiles(plan), (file) => this.referencedText(file)) } : {};
    return { ...plan.options, ...projectFiles, ...mentionedOutside, readFile: (file) => this.referencedText(file) };
  }

  /** The files a whole-project run would lint that the plan leaves out. */
  private outsideFiles(plan: LintPlan): string[] {
    const linted = new Set(plan.texts.map(([file]) => file));
    return plan.project ? plan.project.index.members().filter((file) => !linted.has(file)) : [];
  }

  /** A file a launch file refers to (an env file, a Dockerfile outside the closure): the editor's text, else the disk's. */
  private referencedText(file: string): string | undefined {
    const doc = this.documents.get(file);
    if (doc) return doc.text;
    const read = readSource(file);
    return read.ok ? read.text : undefined;
  }

  /** Drops the copies no open document's closure needs, and projects no open document is in. */
  releaseUnneeded(): void {
    for (const [key, { files }] of this.projects) {
      const needed = new Set<string>();
      let open = false;
      for (const doc of this.documents.values()) {
        if (this.safeTarget(doc.path)?.key !== key) continue;
        open = true;
        for (const file of this.closures.get(doc.path)?.files ?? []) needed.add(file);
      }
      if (open) {
        files.keepOnly(needed);
      } else {
        files.dispose();
        this.projects.delete(key);
      }
    }
    const projects = [...this.projects.values()];
    this.outsideMentions.retain((file) => projects.some(({ files }) => files.index.has(file)));
  }

  private safeTarget(file: string): GroupTarget | undefined {
    try {
      return this.targetFor(file);
    } catch {
      return undefined;
    }
  }

  /**
   * The project a file belongs to: the nearest directory with a project
   * marker (as the CLI's pre-commit context uses), but never above the
   * workspace folder holding the file; a file outside every folder and
   * marker is linted alone.
   */
  private rootFor(file: string): string | undefined {
    if (file.startsWith(UNTITLED_PREFIX)) return undefined;
    const dir = path.dirname(file);
    if (this.roots.has(dir)) return this.roots.get(dir);
    const root = this.findRoot(file);
    this.roots.set(dir, root);
    return root;
  }

  private findRoot(file: string): string | undefined {
    const folder = this.folders.filter((f) => isInside(f, file)).sort((a, b) => b.length - a.length)[0];
    const marked = projectRoot(file);
    if (marked && (!folder || isInside(folder, marked))) return marked;
    return folder;
  }

  private project(target: GroupTarget): ProjectFiles {
    let project = this.projects.get(target.key);
    if (!project) {
      const files = new ProjectFiles(target.root!, (file) => this.safeTarget(file)?.key === target.key && !this.isExcluded(target, file));
      project = { target, files };
      this.projects.set(target.key, project);
    }
    return project.files;
  }
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return true;
  return false;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
