// Which files are linted together, and the last result for each group. A
// group is one project (the directory a CLI run would take as the project
// root) under one pyproject.toml configuration: the same grouping the CLI
// uses, so the editor and CI agree. Open documents take part with the
// editor's text and their incrementally reparsed trees.
import * as path from 'node:path';
import {
  ConfigResolver,
  ignoredForFile,
  isExcluded,
  lint,
  patternCoversRule,
  projectRoot,
  type Diagnostic,
  type EffectiveConfigurationInfo,
  type ProjectConfig,
  type Rule,
  type SourceFile,
} from '@celery-lint/core';
import { DEFAULT_SETTINGS, runOptionsFor, type ClientSettings, type RunOptions } from './lint-settings';
import type { OpenDocument } from './open-document';
import { UNTITLED_PREFIX } from './lsp-convert';
import { ProjectFiles } from './project-files';

/** The outcome of linting one group. */
export interface GroupRun {
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

const INTERNAL_ERROR = 'celery-lint/internal-error';

export class Workspace {
  private readonly resolver = new ConfigResolver();
  private readonly projects = new Map<string, ProjectFiles>();
  private readonly runs = new Map<string, GroupRun>();
  /** Project root by directory: finding it touches the disk, and every lint asks for every file. */
  private readonly roots = new Map<string, string | undefined>();
  readonly documents = new Map<string, OpenDocument>();
  settings: ClientSettings = DEFAULT_SETTINGS;
  /** Messages about bad settings, by text, so each is reported once. */
  readonly problems = new Set<string>();

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
    return { key: `${root ?? file}\0${config?.file ?? ''}`, root, config };
  }

  lastRun(key: string): GroupRun | undefined {
    return this.runs.get(key);
  }

  /** Groups that read `file` in their last run, or that `file` would join. */
  groupsReading(file: string): string[] {
    return [...this.runs.values()].filter((run) => run.texts.has(file)).map((run) => run.key);
  }

  /** Open documents whose group is `key`. */
  documentsIn(key: string): OpenDocument[] {
    return [...this.documents.values()].filter((doc) => this.safeTarget(doc.path)?.key === key);
  }

  /** A file changed on disk (watcher event): keep the project copies current. */
  fileChanged(file: string, deleted: boolean): string[] {
    const affected: string[] = [];
    for (const project of this.projects.values()) {
      if (!isInside(project.root, file)) continue;
      if (deleted) project.forget(file);
      else project.refresh(file);
      affected.push(...[...this.runs.values()].filter((r) => r.root === project.root).map((r) => r.key));
    }
    return [...new Set(affected)];
  }

  /** A pyproject.toml changed: configurations may have moved for every file. */
  configurationChanged(): void {
    this.resolver.clear();
    this.roots.clear();
    this.problems.clear();
    this.runs.clear();
  }

  /** Lints a group now and remembers the result. */
  lintGroup(target: GroupTarget): GroupRun {
    const { options, problems } = runOptionsFor(target.config, this.settings, this.rules);
    for (const p of problems) this.problems.add(p);
    const sources = new Map<string, SourceFile>();
    const project = target.root ? this.project(target.root) : undefined;
    const excluded = (file: string) => target.config !== undefined && isExcluded(target.config, file);
    for (const file of project?.files() ?? []) {
      if (excluded(file) || this.documents.has(file)) continue;
      // Files under another pyproject.toml configuration belong to another group.
      if (this.safeTarget(file)?.key !== target.key) continue;
      const tree = project!.tree(file);
      sources.set(file, { path: file, text: project!.text(file)!, ...(tree ? { tree } : {}) });
    }
    for (const doc of this.documents.values()) {
      if (excluded(doc.path) || this.safeTarget(doc.path)?.key !== target.key) continue;
      sources.set(doc.path, { path: doc.path, text: doc.text, tree: doc.syntaxTrees(), lineIndex: doc.lineIndex });
    }
    const output = lint([...sources.values()], options);
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
      texts: new Map([...sources.values()].map((s) => [s.path, s.text])),
      diagnostics,
      configurations: output.configurations,
      crashes,
    };
    this.runs.set(target.key, run);
    return run;
  }

  dispose(): void {
    for (const project of this.projects.values()) project.dispose();
    this.projects.clear();
    for (const doc of this.documents.values()) doc.dispose();
    this.documents.clear();
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

  private project(root: string): ProjectFiles {
    let project = this.projects.get(root);
    if (!project) {
      project = new ProjectFiles(root);
      this.projects.set(root, project);
    }
    return project;
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
