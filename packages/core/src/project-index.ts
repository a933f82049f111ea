// A cheap text index of a project: which module imports, star-imports,
// includes or names (in a string, as `config_from_object('proj.celeryconfig')`
// and `DJANGO_SETTINGS_MODULE` do) which, so that a run about a few files can
// read only the files their findings depend on (design.md, "Performance
// shape"). The language server asks it on every keystroke; a CLI run on named
// files (pre-commit) can ask it the same question.
//
// No file is parsed: references are read with regular expressions and are a
// superset of what the engine follows (an import inside a string or a comment
// counts too). Files the engine would not read in a whole-project run (the
// pre-filter turns them down and no candidate pulls them in: pull-ins.ts) are indexed
// for module resolution but are never part of a closure.
//
// The closure of some files is what lint() needs to judge them exactly as a
// whole-project run would:
// - the connected component of each file in the reference graph, taken
//   without direction: the settings modules it star-imports, the celery.py
//   that loads it, the modules that configure that app (`from proj.celery
//   import app; app.conf.x = ...`), and so on;
// - the engine's project-wide inputs, whatever they are connected to: modules
//   that name DJANGO_SETTINGS_MODULE or DJANGO_CONFIGURATION (an app that does
//   not set it reads the one manage.py sets) with the modules they reach;
//   modules that create an app (their namespaces decide how an unlinked
//   settings module is read) and modules that define tasks (beat schedules
//   are checked against every task of the project), each alone. What they
//   bring beyond that is either part of the component already or touches no
//   configuration of it. Modules that write the environment or register a
//   serializer (rules read both project-wide) come with what they import.
//   Where a named file autodiscovers tasks, every package `__init__.py` and
//   every module that imports a task module come too, each alone: they
//   decide whether a discovered task is ever imported.
//   A run over named files asks for an `exact` closure (ClosureOptions):
//   where its files call no task, the project's task names come from the
//   text instead (task-scan.ts), without the task modules read that way.
// - launch files (Dockerfiles, Compose, manifests, ...): they may run any
//   app, and a finding in a settings module may come from the environment a
//   Compose service gives it, so when the project has any, every closure
//   takes all of them, with the whole component of every module that
//   creates an app.
// A file that nothing connects to the edited one (an old settings module in
// a corner of the repository) is never read. Whoever adds a project-wide
// input to the engine adds it here too; test/project-index checks the
// closure against whole-project runs.
import { ModuleIndex } from './module-index';
import { mightConfigureCelery } from './prefilter';
import { followPullIns, INCLUDED_FILE, pullInsKey, scanPullIns, type PullIns } from './pull-ins';
import { mayUseTasks } from './app-usage/read-usage';
import { scanTasks, type ScannedTask } from './task-scan';
import type { TaskDefinition } from './types';
import { launchFileKind, mayLaunchCelery } from './launch/kinds';

/** How a module refers to another. */
export type ReferenceKind = 'import' | 'star-import' | 'include' | 'string';

export interface ModuleReference {
  readonly kind: ReferenceKind;
  /** Dotted module name without its leading dots (`settings.base`), or a dotted object path for strings. */
  readonly name: string;
  /** Leading dots of a relative import (0 for absolute names and strings). */
  readonly level: number;
}

/** What the index keeps of a file: no text, only what the closure needs. */
export interface ModuleFacts {
  readonly references: readonly ModuleReference[];
  /** The pre-filter says it may configure Celery or Django. */
  readonly candidate: boolean;
  /** Names DJANGO_SETTINGS_MODULE or DJANGO_CONFIGURATION (manage.py, wsgi.py, celery.py). */
  readonly namesSettingsModule: boolean;
  /** Creates a Celery app (or subclasses Celery). */
  readonly createsApp: boolean;
  /** Defines tasks (`@app.task`, `@shared_task`). */
  readonly definesTasks: boolean;
  /** The tasks it defines, read from the text; undefined when only a parse can tell. */
  readonly tasks: readonly ScannedTask[] | undefined;
  /** Calls, waits for or autodiscovers tasks: rules then need every task module parsed, not only their names. */
  readonly usesTasks: boolean;
  /** Calls autodiscover_tasks(). */
  readonly autodiscovers: boolean;
  /** Loads a module by a name in a string (config_from_object, DJANGO_SETTINGS_MODULE, import_module, ...). */
  readonly loadsByName: boolean;
  /** Writes the environment (`os.environ[...] =`, setdefault, update, putenv) or registers a serializer: rules read both project-wide. */
  readonly projectWide: boolean;
  /** The modules it brings into a whole-project run whatever their text (pull-ins.ts), as the CLI's walk reads them. */
  readonly pullIns: PullIns;
}

export interface ClosureOptions {
  /**
   * The closure a run over named files needs to give them exactly the
   * findings of a whole-project run (the editor's is cheaper): every member
   * when a named file autodiscovers tasks (which packages' `__init__.py` are
   * read and what imports each task module decide those findings), and
   * otherwise the names of tasks from the text where the named files call
   * none: task modules that nothing else brings are then left out, and
   * `textTasks` gives their tasks.
   */
  readonly exact?: boolean;
}

const WS = String.raw`(?:[ \t]|\\\r?\n|\\\r)+`;
const FROM_IMPORT = new RegExp(String.raw`(?:^|;)[ \t]*from${WS}(\.*)[ \t]*([\w.]*)${WS}import${WS}(\([^)]*\)|[^\r\n#;]*)`, 'gm');
const PLAIN_IMPORT = /(?:^|;)[ \t]*import[ \t]+([^\r\n#;]*)/gm;
/** A one-line string holding a dotted name, optionally `:attribute` (`'proj.config:CeleryConfig'`). */
const DOTTED_STRING = /(['"])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?::([A-Za-z_]\w*))?\1/g;
/**
 * Where a module is loaded by a name in a string: config_from_object('celeryconfig'),
 * DJANGO_SETTINGS_MODULE, Celery(config_source=...), importlib.import_module, and the
 * value a module gives the variable config_from_envvar() reads.
 */
const LOADS_BY_NAME = /config_from_object|config_from_envvar|DJANGO_SETTINGS_MODULE|DJANGO_CONFIGURATION|config_source|import_module/;
const NAMES_SETTINGS_MODULE = /DJANGO_SETTINGS_MODULE|DJANGO_CONFIGURATION/;
const CREATES_APP = /\bCelery[ \t]*[(,)]/;
/** A superset of the decorators extract.ts reads as tasks, import aliases (`shared_task as st`) included. */
const DEFINES_TASKS = /^[ \t]*@[^\r\n]*\b(?:shared_task|task)\b|\b(?:shared_task|task)[ \t]+as\b/m;
/** A superset of extract.ts's environment writes (`os.environ[...] =`, setdefault, update, putenv) and serializer registrations. */
const WRITES_ENVIRONMENT = /\benviron\b[^\n]*[^=!<>]=(?!=)|\benviron[ \t]*\.[ \t]*(?:setdefault|update)\b|\bputenv\b/;
const REGISTERS_SERIALIZER = /\bregister\b/;
const SERIALIZER_REGISTRY = /kombu|registry/;
const NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** Reads a file's references and flags from its text; `path` lets every package `__init__.py` through the pre-filter, as the CLI does. */
export function scanModuleFacts(text: string, path?: string): ModuleFacts {
  const references: ModuleReference[] = [];
  const seen = new Set<string>();
  const add = (kind: ReferenceKind, name: string, level: number) => {
    const key = `${kind}:${level}:${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    references.push({ kind, name, level });
  };
  if (text.includes('import')) {
    for (const m of text.matchAll(FROM_IMPORT)) {
      const level = m[1]!.length;
      const module = m[2]!;
      if (module && !NAME.test(module)) continue;
      const names = m[3]!.replace(/[()]/g, ' ').replace(/\\\r?\n|\\\r/g, ' ');
      if (names.trim() === '*') {
        add('star-import', module, level);
        continue;
      }
      add('import', module, level);
      // `from . import tasks`, `from proj import celery`: the names may be submodules.
      for (const part of names.split(',')) {
        const name = part.trim().split(/[ \t]+/)[0] ?? '';
        if (/^[A-Za-z_]\w*$/.test(name)) add('import', module ? `${module}.${name}` : name, level);
      }
    }
    for (const m of text.matchAll(PLAIN_IMPORT)) {
      for (const part of m[1]!.split(',')) {
        const name = part.trim().split(/[ \t]+/)[0] ?? '';
        if (!NAME.test(name)) continue;
        // `import proj.settings.prod` also runs proj and proj.settings.
        const parts = name.split('.');
        for (let i = 1; i <= parts.length; i++) add('import', parts.slice(0, i).join('.'), 0);
      }
    }
  }
  // A one-word string ('dev', 'json', 'celery') names a module only where the engine reads one from a string.
  const loader = LOADS_BY_NAME.test(text);
  for (const m of text.matchAll(DOTTED_STRING)) {
    if (m[3]) add('string', `${m[2]}.${m[3]}`, 0);
    else if (loader || m[2]!.includes('.')) add('string', m[2]!, 0);
  }
  if (text.includes('split_settings')) {
    for (const m of text.matchAll(INCLUDED_FILE)) add('include', m[1]!.replace(/\//g, '.'), 1);
  }
  const definesTasks = text.includes('task') && DEFINES_TASKS.test(text);
  return {
    references,
    candidate: mightConfigureCelery(text, path),
    namesSettingsModule: NAMES_SETTINGS_MODULE.test(text),
    createsApp: text.includes('Celery') && CREATES_APP.test(text),
    definesTasks,
    tasks: definesTasks ? scanTasks(text) : [],
    usesTasks: mayUseTasks(text),
    autodiscovers: text.includes('autodiscover_tasks'),
    loadsByName: loader,
    projectWide: (text.includes('environ') && WRITES_ENVIRONMENT.test(text)) || (REGISTERS_SERIALIZER.test(text) && SERIALIZER_REGISTRY.test(text)),
    pullIns: scanPullIns(text),
  };
}

/**
 * What the index learnt from a file's text, in a form that can be kept
 * between runs (a cache keyed by the file's identity: the CLI's
 * facts-cache.ts): turned down by the pre-filter (its references are read
 * only if a member pulls it in), a launch file that starts no Celery, or the
 * facts, with whether it is a launch file that does.
 */
export type KeptFacts = 'not-scanned' | 'not-launching' | { readonly facts: ModuleFacts; readonly launches: boolean };

/** Where ProjectIndex.build may find a file's facts without reading it, and leaves what it read. */
export interface FactsStore {
  /** Facts kept for the file as it is now, or undefined to read it. */
  lookup(file: string): KeptFacts | undefined;
  /** What was read from the file's text, and the text (never called for a file that could not be read). */
  remember(file: string, kept: KeptFacts, text: string): void;
}

/** An unreadable file (not UTF-8, too large): known to module resolution, never read. */
const UNREADABLE: ModuleFacts = {
  references: [],
  candidate: false,
  namesSettingsModule: false,
  createsApp: false,
  definesTasks: false,
  tasks: [],
  usesTasks: false,
  autodiscovers: false,
  loadsByName: false,
  projectWide: false,
  pullIns: { always: [], asConfiguration: [] },
};
/**
 * A file the pre-filter turns down, indexed without reading its references:
 * they matter only should a member pull it in, and are read then.
 */
const NOT_SCANNED: ModuleFacts = { ...UNREADABLE };
/** `DJANGO_SETTINGS_MODULE: proj.settings.docker`, `=proj.settings.docker`, `value: "..."` on the next line of a Kubernetes env entry. */
const LAUNCHED_SETTINGS_MODULE = /DJANGO_SETTINGS_MODULE["']?\s*(?:[:=]|\n\s*value:)\s*["']?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g;

/**
 * A launch file that names celery: read by every run, referring to no module
 * by import, but naming the settings module its processes read
 * (launch/settings-module.ts), which every closure then takes.
 */
function launchFacts(text: string): ModuleFacts {
  const references: ModuleReference[] = [...new Set([...text.matchAll(LAUNCHED_SETTINGS_MODULE)].map((m) => m[1]!))].map((name) => ({ kind: 'string', name, level: 0 }));
  return { ...UNREADABLE, candidate: true, references, loadsByName: references.length > 0 };
}

function sameTargets(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): boolean {
  if (!a || a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Members: the files a whole-project run reads, and the graph between them. */
interface Graph {
  readonly members: ReadonlySet<string>;
  readonly resolver: ModuleIndex;
  /** Targets of each member's references, among members. */
  readonly out: Map<string, Set<string>>;
  /** Members referring to each member. */
  readonly in: Map<string, Set<string>>;
  /**
   * Members whose strings may name a module the engine reads: those that
   * load modules by name (config_from_object, DJANGO_SETTINGS_MODULE, ...)
   * and those such a module imports, directly or through others (a constant
   * `CONFIG = 'proj.celeryconfig'` it passes on). Elsewhere a dotted string
   * (an INSTALLED_APPS entry, a beat schedule's task name) names nothing
   * the engine reads.
   */
  readonly readsStrings: ReadonlySet<string>;
}

export class ProjectIndex {
  private readonly facts = new Map<string, ModuleFacts>();
  /** Files indexed as NOT_SCANNED, and how to read them. */
  private readonly unscanned = new Set<string>();
  private reader: ((file: string) => string | undefined) | undefined;
  /** Launch files the CLI would lint (they name celery). */
  private readonly launchFiles = new Set<string>();
  /** Every indexed file, for star-import resolution (a star-imported module need not be a candidate). */
  private everyFile: ModuleIndex | undefined;
  private graph: Graph | undefined;
  private changes = 0;

  /**
   * Indexes every file of a project; `read` gives a file's text, or undefined
   * when it cannot be read. `store` gives the facts of files it knows as they
   * are, so that they are not read, and keeps those of the files read.
   */
  static build(files: Iterable<string>, read: (file: string) => string | undefined, store?: FactsStore): ProjectIndex {
    const index = new ProjectIndex();
    index.reader = read;
    for (const file of files) {
      const kept = store?.lookup(file);
      if (kept !== undefined) {
        index.adopt(file, kept);
        continue;
      }
      const text = read(file);
      // Most files of a project cannot configure Celery: their references are read only if a member star-imports them.
      if (text !== undefined && !launchFileKind(file, text) && !mightConfigureCelery(text, file)) {
        index.facts.set(file, NOT_SCANNED);
        index.unscanned.add(file);
      } else index.set(file, text);
      if (text !== undefined) store?.remember(file, index.kept(file), text);
    }
    index.changes++;
    return index;
  }

  /** A file's facts as a FactsStore keeps them. */
  private kept(file: string): KeptFacts {
    if (this.unscanned.has(file)) return 'not-scanned';
    const facts = this.facts.get(file)!;
    return facts === UNREADABLE ? 'not-launching' : { facts, launches: this.launchFiles.has(file) };
  }

  /** Indexes a file with facts a FactsStore kept, as set() or build() would have from its text. */
  private adopt(file: string, kept: KeptFacts): void {
    if (kept === 'not-scanned') {
      this.facts.set(file, NOT_SCANNED);
      this.unscanned.add(file);
    } else if (kept === 'not-launching') {
      this.facts.set(file, UNREADABLE);
    } else {
      this.facts.set(file, kept.facts);
      if (kept.launches) this.launchFiles.add(file);
    }
  }

  /** A file's facts, reading the references of one the pre-filter turned down when they are first needed. */
  private factsFor(file: string): ModuleFacts | undefined {
    if (this.unscanned.delete(file)) {
      const text = this.reader?.(file);
      this.facts.set(file, text === undefined ? UNREADABLE : scanModuleFacts(text, file));
    }
    return this.facts.get(file);
  }

  get size(): number {
    return this.facts.size;
  }

  has(file: string): boolean {
    return this.facts.has(file);
  }

  /** Every indexed file, in no particular order. */
  files(): IterableIterator<string> {
    return this.facts.keys();
  }

  factsOf(file: string): ModuleFacts | undefined {
    return this.factsFor(file);
  }

  /**
   * Adds or updates a file (text undefined: it exists but cannot be read).
   * Returns whether a closure may have changed (and `generation` moved).
   */
  set(file: string, text: string | undefined): boolean {
    const kind = text === undefined ? undefined : launchFileKind(file, text);
    if (kind) {
      // Not Python: no module references; a member when the CLI would lint it.
      const launches = mayLaunchCelery(kind, text!);
      const facts = launches ? launchFacts(text!) : UNREADABLE;
      const before = this.facts.get(file);
      const changed = launches !== this.launchFiles.has(file) || !before || !sameReferences(before, facts, () => true);
      if (launches) this.launchFiles.add(file);
      else this.launchFiles.delete(file);
      this.facts.set(file, facts);
      if (changed) {
        this.everyFile = undefined;
        this.graph = undefined;
        this.changes++;
      }
      return changed;
    }
    if (this.launchFiles.delete(file)) this.graph = undefined;
    this.unscanned.delete(file);
    const facts = text === undefined ? UNREADABLE : scanModuleFacts(text, file);
    const before = this.facts.get(file);
    this.facts.set(file, facts);
    // Which members' strings count follows the imports and the loaders, and which files are members follows the pull-ins: a change there rebuilds the graph.
    if (
      !before ||
      before.candidate !== facts.candidate ||
      before.loadsByName !== facts.loadsByName ||
      !sameReferences(before, facts, (k) => k !== 'string') ||
      pullInsKey(before.pullIns) !== pullInsKey(facts.pullIns)
    ) {
      if (!before) this.everyFile = undefined;
      this.graph = undefined;
      this.changes++;
      return true;
    }
    let changed =
      before.namesSettingsModule !== facts.namesSettingsModule || before.createsApp !== facts.createsApp || before.definesTasks !== facts.definesTasks || before.projectWide !== facts.projectWide;
    const graph = this.graph;
    if (graph) {
      // The common case (a keystroke): only this file's own edges may move.
      const targets = this.targets(graph, file, facts);
      const old = graph.out.get(file) ?? this.targets(graph, file, before);
      if (!sameTargets(old, targets)) {
        changed = true;
        if (graph.members.has(file)) {
          for (const t of old) graph.in.get(t)?.delete(file);
          for (const t of targets) addEdge(graph.in, t, file);
          graph.out.set(file, targets);
        }
      }
    } else if (!sameReferences(before, facts, () => true)) {
      changed = true;
    }
    if (changed) this.changes++;
    return changed;
  }

  delete(file: string): boolean {
    this.launchFiles.delete(file);
    this.unscanned.delete(file);
    if (!this.facts.delete(file)) return false;
    this.everyFile = undefined;
    this.graph = undefined;
    this.changes++;
    return true;
  }

  /** Moves whenever a closure may have changed: a caller may keep closures while it stays. */
  get generation(): number {
    return this.changes;
  }

  /** The files a whole-project run reads: candidates and the modules they pull in (pull-ins.ts), transitively. */
  members(): string[] {
    return [...this.ensureGraph().members].sort();
  }

  /**
   * The files lint() needs to judge `files` as a whole-project run would
   * (see the head of this file), sorted. A file that is no member (an open
   * document the pre-filter turns down) is included with what it reaches.
   */
  closure(files: Iterable<string>, options: ClosureOptions = {}): string[] {
    const graph = this.ensureGraph();
    const named = [...files];
    const seen = new Set<string>();
    const queue: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      queue.push(file);
    };
    if (options.exact && named.some((file) => this.factsFor(file)?.autodiscovers)) return [...new Set([...graph.members, ...named])].sort();
    for (const file of named) visit(file);
    if (this.launchFiles.size > 0) {
      for (const file of this.launchFiles) visit(file);
      for (const file of graph.members) if (this.facts.get(file)!.createsApp) visit(file);
    }
    while (queue.length > 0) {
      const file = queue.pop()!;
      const out = graph.out.get(file) ?? (graph.members.has(file) ? undefined : this.targets(graph, file, this.factsFor(file)));
      for (const next of out ?? []) visit(next);
      for (const next of graph.in.get(file) ?? []) visit(next);
    }
    const namesSuffice = options.exact === true && named.every((file) => this.factsFor(file)?.usesTasks === false);
    // Project-wide inputs: what names the settings module or writes the environment, with the modules it names (followed one way only).
    const followed: string[] = [];
    for (const file of graph.members) {
      const facts = this.facts.get(file)!;
      if ((facts.namesSettingsModule || facts.projectWide) && !seen.has(file)) followed.push(file);
      if (facts.createsApp || (facts.definesTasks && !(namesSuffice && facts.tasks))) seen.add(file);
    }
    for (const file of followed) seen.add(file);
    while (followed.length > 0) {
      for (const next of graph.out.get(followed.pop()!) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        followed.push(next);
      }
    }
    // Autodiscovery's findings are the discovering module's own: only a named one needs their inputs.
    if (named.some((file) => this.factsFor(file)?.autodiscovers)) this.addDiscoveryInputs(graph, seen);
    return [...seen].sort();
  }

  /** The tasks of the members outside `closure`, as their text shows them (an `exact` closure leaves task modules out). */
  textTasks(closure: Iterable<string>): TaskDefinition[] {
    const inside = new Set(closure);
    const out: TaskDefinition[] = [];
    for (const file of this.ensureGraph().members) {
      if (inside.has(file)) continue;
      for (const task of this.facts.get(file)!.tasks ?? []) {
        out.push({ name: task.name, functionName: task.functionName, file, span: { file, start: task.start, end: task.end } });
      }
    }
    return out;
  }

  private ensureGraph(): Graph {
    if (this.graph) return this.graph;
    this.everyFile ??= ModuleIndex.shared([...this.facts.keys()]);
    const members = new Set<string>();
    const queue: string[] = [];
    for (const [file, facts] of this.facts) {
      if (facts.candidate) {
        members.add(file);
        queue.push(file);
      }
    }
    // As the CLI's walk does: what a member pulls in (pull-ins.ts) is read even when the pre-filter turned it down.
    const everyFile = this.everyFile;
    followPullIns(queue, {
      has: (file) => members.has(file),
      pullInsOf: (file) => this.factsFor(file)!.pullIns,
      resolve: (from, name, level) => everyFile.resolve(from, name, level),
      admit: (file) => {
        if (this.factsFor(file) === UNREADABLE) return false;
        members.add(file);
        return true;
      },
    });
    const resolver = new ModuleIndex([...members]);
    const readsStrings = new Set<string>();
    const loaders = [...members].filter((file) => this.facts.get(file)!.loadsByName);
    for (const file of loaders) readsStrings.add(file);
    while (loaders.length > 0) {
      const file = loaders.pop()!;
      for (const ref of this.facts.get(file)!.references) {
        if (ref.kind === 'string') continue;
        const target = resolver.resolve(file, ref.name, ref.level);
        if (!target || readsStrings.has(target)) continue;
        readsStrings.add(target);
        loaders.push(target);
      }
    }
    const graph: Graph = { members, resolver, out: new Map(), in: new Map(), readsStrings };
    for (const file of members) {
      const targets = this.targets(graph, file, this.facts.get(file)!);
      graph.out.set(file, targets);
      for (const t of targets) addEdge(graph.in, t, file);
    }
    this.graph = graph;
    return graph;
  }

  /**
   * What autodiscovery's findings read besides the task modules: which
   * packages have an `__init__.py` and what it imports, and which modules
   * import a task module. Each comes alone: the editor's closure stays
   * smaller than the exact one, which takes every member.
   */
  private addDiscoveryInputs(graph: Graph, seen: Set<string>): void {
    for (const file of graph.members) {
      if (seen.has(file)) continue;
      const init = /(?:^|[\\/])__init__\.py$/.test(file);
      if (init || [...(graph.out.get(file) ?? [])].some((target) => this.facts.get(target)?.definesTasks)) seen.add(file);
    }
  }

  /** The members a file's references resolve to, the way the engine resolves them within a run. */
  private targets(graph: Graph, file: string, facts: ModuleFacts | undefined): Set<string> {
    const out = new Set<string>();
    // An open document outside the members keeps every string it holds.
    const strings = graph.readsStrings.has(file) || !graph.members.has(file);
    for (const ref of facts?.references ?? []) {
      if (ref.kind === 'string' && !strings) continue;
      const target = ref.kind === 'string' ? graph.resolver.resolveObject(file, ref.name)?.file : graph.resolver.resolve(file, ref.name, ref.level);
      if (target && target !== file) out.add(target);
    }
    return out;
  }
}

function addEdge(map: Map<string, Set<string>>, from: string, to: string): void {
  const set = map.get(from);
  if (set) set.add(to);
  else map.set(from, new Set([to]));
}

function sameReferences(a: ModuleFacts, b: ModuleFacts, kinds: (kind: ReferenceKind) => boolean): boolean {
  const key = (f: ModuleFacts) =>
    f.references
      .filter((r) => kinds(r.kind))
      .map((r) => `${r.kind}:${r.level}:${r.name}`)
      .sort()
      .join('\n');
  return key(a) === key(b);
}
