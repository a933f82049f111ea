// Reads one parsed file into what configuration it holds: module-level
// settings, Celery apps and everything done to their `conf`. Nothing here
// decides what Celery will use; configuration.ts does that across files.
import { concatFolded, Evaluator, makeTemplate, oneOf, unknown } from './evaluator';
import { FailedTests, ImportedSlot, ModuleScope, type Slot } from './module-scope';
import { DeferredAssignmentSlot } from './deferred-assignment';
import { narrowingsFor } from './narrowing';
import { isSettingsClassBase, loadedBySettingsClass } from './settings-classes';
import { propertyFunction, propertyValue } from './class-properties';
import { isExtra, type SyntaxNode, type Tree, type TreeCursor } from './parser';
import { readSuppressions } from './suppressions';
import { LineIndex } from './text';
import { truthiness } from './values';
import type { AbstractValue, BindingOrigin, DictEntry, EnvironmentWrite, RegisteredSerializer, SourceSpan, TaskDefinition } from './types';
import {
  byApplicationOrder,
  type AppModel,
  type ConfigSourceRef,
  type ConfReadAtImport,
  type FileAnalysis,
  type Importer,
  type ModuleExports,
  type RawBinding,
  type SettingsClass,
} from './analysis-model';
import { isCeleryConfigName, moduleBindings } from './setting-names';
import { guessModuleKind } from './module-kind';
import { expressionAt, simpleAssignmentShape } from './assignment-shape';
import { syntaxDiagnostics } from './syntax-diagnostics';
import { appTargetName, importTimeConfReads, type ImportTimeRead } from './conf-reads';
import { airflowCeleryDicts } from './airflow-celery';
import { entriesOfMapping, FlaskConfigs, isFlaskClass, isUpperName } from './flask-config';

// The model lives in analysis-model.ts; engine.ts takes the three types it hands around with analyzeFile from here.
export type { FileAnalysis, Importer, ModuleExports } from './analysis-model';

/** Text a module needs to read an app's configuration (conf-reads.ts): `x.conf`, or an app member that finalizes it. */
const MAY_READ_CONFIGURATION = /\.(?:conf\b|finalize\s*\(|tasks\b|log\b|timezone\b|backend\b|pool\b|control\b|now\s*\(|connection_for_write\s*\()/;
const MAY_READ_IMPORTED_APP = /app\.(?:conf\b|finalize\s*\(|tasks\b|log\b|timezone\b|backend\b|pool\b|control\b|now\s*\(|connection_for_write\s*\()/;

/** Celery app methods that load configuration: the calls that make a name an app. */
const APP_CONFIG_METHODS: ReadonlySet<string> = new Set(['config_from_object', 'config_from_envvar', 'add_defaults']);

/** Celery.__init__ parameters that are not configuration (celery/app/base.py). */
const CELERY_INIT_PARAMETERS = new Set([
  'main', 'loader', 'amqp', 'events', 'log', 'control', 'set_as_current', 'tasks', 'fixups',
  'task_cls', 'autofinalize', 'strict_typing', 'namespace', 'config_source', 'changes',
]);
const CELERY_INIT_ALIASES: Readonly<Record<string, string>> = { broker: 'broker_url', backend: 'result_backend', include: 'include' };
const DECIDABLE_CONDITIONS = new Set(['identifier', 'true', 'false', 'none', 'integer', 'string', 'parenthesized_expression', 'boolean_operator']);
/** Conditions never decided but read for what they say about a name inside each branch (narrowing.ts). */
const NARROWING_CONDITIONS = new Set(['comparison_operator', 'not_operator']);
/** `Celery`, `celery.Celery`, or Celery reached through any other module path. */
function isCeleryPath(path: string): boolean {
  return path === 'Celery' || path.endsWith('.Celery');
}

/**
 * An evaluator that sees module names as they were at `at` (a line already
 * read), for values computed later. `source`: the file's text when its tree
 * has no syntax error (see Evaluator).
 */
function evaluatorAt(file: string, scope: ModuleScope, at: number, source: string | undefined, flask?: FlaskConfigs): Evaluator {
  return new Evaluator(
    file,
    { valueOf: (name) => scope.valueOf(name, at), importOf: (name) => scope.importOf(name), mappingOf: (path) => flask?.mappingAt(path, at) },
    source,
  );
}

/** Reads a plain assignment's value when first asked: its expression, as the names were at its line. */
function deferredReader(source: string | undefined, flask: FlaskConfigs): (slot: DeferredAssignmentSlot) => AbstractValue {
  return (slot) => {
    const { file, valueStart, valueEnd } = slot;
    const node = expressionAt(slot.container, valueStart, valueEnd);
    return node ? evaluatorAt(file, slot.scope, slot.at, source, flask).evaluate(node) : unknown('celery-lint could not find this expression in the syntax tree', slot.valueSpan);
  };
}

/** Calls the evaluator can fold to a value whose truth may be known (Evaluator.call): the rest stay calls or unknowns. */
const FOLDED_CALL = /^(str|int|float|bool|dict|list|tuple|set)$|\.format$/;
const NARROWING_OPERATOR = /==|!=|\bin\b|\bis\b/;


/**
 * `trees` is the file's syntax: one tree for the whole text, or (the language
 * server's) pieces parsed over consecutive ranges of it, in order.
 */
export function analyzeFile(
  file: string,
  text: string,
  trees: Tree | readonly Tree[],
  importer?: Importer,
  rememberTrees = false,
  lineIndex?: LineIndex,
): { analysis: FileAnalysis; exports: ModuleExports } {
  const reader = new FileReader(file, text, Array.isArray(trees) ? trees : [trees as Tree], importer, rememberTrees, lineIndex);
  const analysis = reader.read();
  return { analysis, exports: reader.exports() };
}

/** A top-level statement as a later read needs it: a plain assignment's offsets, or the child to read again. */
type TopLevelEntry =
  | (PlainAssignment & { readonly index: number })
  | { readonly name: undefined; readonly index: number };

/**
 * `NAME = value` where the tree need not be asked more; `call`: the value is
 * a call of this function, as written (`callType`: its node type).
 */
interface PlainAssignment {
  readonly name: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly call?: string;
  readonly callType?: string;
}

/** Offsets are as they were when the tree's root started at rootStart. */
const topLevelByTree = new WeakMap<Tree, { readonly rootStart: number; readonly entries: readonly TopLevelEntry[] }>();

export class FileReader {
  /** The names on the path being read; replaced by a fork while reading a branch. */
  private scope = new ModuleScope();
  private readonly evaluator: Evaluator;
  private readonly roots: readonly SyntaxNode[];
  /** The first tree root with a syntax error under it, if any. */
  private readonly brokenRoot: SyntaxNode | undefined;
  /** The text, when its trees parsed without error (see Evaluator). */
  private readonly source: string | undefined;
  private readonly readDeferred: (slot: DeferredAssignmentSlot) => AbstractValue;
  private readonly apps = new Map<string, AppModel>();
  private readonly classes = new Map<string, RawBinding[]>();
  /** Subclasses of Celery defined here, with what their methods write to `self.conf` (each instance is an app). */
  private readonly celerySubclasses = new Map<string, RawBinding[]>();
  /** django-configurations classes visible here, and those another such class here extends. */
  private readonly settingsClasses = new Set<string>();
  private readonly extendedSettingsClasses = new Set<string>();
  private djangoConfiguration: string | undefined;
  private djceleryLoader = false;
  private readonly registered: RegisteredSerializer[] = [];
  private readonly handled = new Set<number>();
  private djangoSettingsModule: string | undefined;
  private readonly environmentWrites: EnvironmentWrite[] = [];
  private readonly cursors: TreeCursor[] = [];
  /** The tree each of `cursors` was made on. */
  private readonly cursorTrees: Tree[] = [];
  private readonly importedFiles = new Set<string>();
  private readonly settingsFromFiles = new Set<string>();
  private readonly unresolvedStarImports: string[] = [];
  private readonly tasks: TaskDefinition[] = [];
  private cursorDepth = 0;
  /** The root of the tree (or piece) being read. */
  private root: SyntaxNode | undefined;
  /** >0 while walking a path that may not run (a branch, a loop body). */
  private conditionalDepth = 0;
  /** Module-level Flask apps' `app.config`, as the module writes it. */
  private readonly flask = new FlaskConfigs();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly trees: readonly Tree[],
    private readonly importer?: Importer,
    /** The trees outlive this read (the caller keeps them): remember their top levels. */
    private readonly rememberTrees = false,
    private readonly givenLineIndex?: LineIndex,
  ) {
    this.roots = trees.map((tree) => tree.rootNode);
    this.brokenRoot = this.roots.find((root) => root.hasError);
    // Literals are read from the text only where the grammar accepted all of it.
    this.source = this.brokenRoot ? undefined : text;
    this.readDeferred = deferredReader(this.source, this.flask);
    this.evaluator = new Evaluator(
      file,
      {
        valueOf: (name) => this.scope.valueOf(name),
        importOf: (name) => this.scope.importOf(name),
        mappingOf: (path) => this.flask.mappingAt(path, Infinity),
      },
      this.source,
    );
  }

  read(): FileAnalysis {
    const roots = this.roots;
    try {
      for (const tree of this.trees) this.moduleBody(tree);
    } finally {
      for (const cursor of this.cursors) cursor.delete();
    }
    // Apps made and configured inside functions (factories, Flask's make_celery):
    // read with the module's final names.
    if (/Celery|\.conf\b|config_from_|register/.test(this.text)) for (const root of roots) this.nestedOperations(root);
    // A module with no app of its own matters only where it reads an app it imports (`app`, `celery_app`, `current_app`).
    const confReads = (this.apps.size > 0 ? MAY_READ_CONFIGURATION : MAY_READ_IMPORTED_APP).test(this.text) ? importTimeConfReads(roots) : [];
    for (const read of confReads) {
      // Celery finalizes the configuration there: later writes are no longer pending changes.
      const app = this.apps.get(read.receiver);
      if (app && (app.firstRead === undefined || read.at < app.firstRead)) {
        app.firstRead = read.at;
        app.firstReadBy = {
          span: { file: this.file, start: read.at, end: read.callEnd ?? read.at + read.receiver.length + '.conf'.length },
          how: read.callEnd === undefined ? `reads ${read.receiver}.conf` : `a call of a function that reads ${read.receiver}.conf`,
        };
      }
    }
    const slots = this.scope.slots();
    const kind = guessModuleKind(this.file, slots, this.apps.size > 0, this.settingsClasses.size > 0, () => this.scope.importPaths());
    const celeryConfig = this.scope.get('CELERY_CONFIG');
    const celeryConfigName = celeryConfig?.kind === 'value' ? this.text.slice(celeryConfig.valueSpan.start, celeryConfig.valueSpan.end) : undefined;
    // Built on first use: most files produce no diagnostic that needs positions. The
    // analysis outlives this reader, so its closure holds the text, not the reader.
    let index = this.givenLineIndex;
    const text = this.text;
    const lines = () => (index ??= new LineIndex(text));
    return {
      file: this.file,
      kind,
      // A Django settings module may turn out to be a config module an app loads (roles.ts), whose
      // lowercase names count too; configuration.ts keeps only what Django shows Celery.
      moduleBindings: kind === 'django-settings' || kind === 'celery-config' ? moduleBindings(slots, isCeleryConfigName) : [],
      apps: [...this.apps.values()].map((app) => ({ ...app, changes: app.changes.sort(byApplicationOrder) })),
      registeredSerializers: this.registered,
      djangoSettingsModule: this.djangoSettingsModule,
      environmentWrites: this.environmentWrites,
      importedFiles: [...this.importedFiles],
      settingsFromFiles: [...this.settingsFromFiles],
      unresolvedStarImports: this.unresolvedStarImports,
      classes: this.classes,
      settingsClasses: this.settingsClassesFound(),
      djangoConfiguration: this.djangoConfiguration,
      djceleryLoader: this.djceleryLoader,
      confReads: confReads.map((read) => this.withImportPath(read)),
      imports: new Map([...this.scope.importedNames()].map(([name, path]) => [name, importedPath(path)])),
      celeryConfigClass: celeryConfigName !== undefined && this.classes.has(celeryConfigName) ? celeryConfigName : undefined,
      ...(this.text.includes('DEFAULT_CELERY_CONFIG') ? { airflowCeleryDicts: airflowCeleryDicts(slots, this.text, (name) => this.scope.importOf(name)) } : {}),
      tasks: this.tasks,
      suppressions: readSuppressions(this.file, this.text, roots, lines),
      diagnostics: syntaxDiagnostics(this.file, this.brokenRoot, lines),
      get lineIndex() {
        return lines();
      },
    };
  }

  private span(node: SyntaxNode): SourceSpan {
    return { file: this.file, start: node.startIndex, end: node.endIndex };
  }

  private settingsClassesFound(): Map<string, SettingsClass> {
    const found = new Map<string, SettingsClass>();
    for (const name of this.settingsClasses) {
      const bindings = this.classes.get(name);
      if (bindings) found.set(name, { bindings, extended: this.extendedSettingsClasses.has(name) });
    }
    return found;
  }

  // -------------------------------------------------------------------------
  // Statements

  /**
   * A module's top level (or one piece of it). A tree the caller keeps (the
   * language server's) remembers what its top level held, so reading it again
   * after a keystroke elsewhere asks WebAssembly nothing for its plain
   * assignments.
   */
  private moduleBody(tree: Tree): void {
    const root = tree.rootNode;
    this.root = root;
    const known = this.rememberTrees ? topLevelByTree.get(tree) : undefined;
    if (!known) {
      const entries: TopLevelEntry[] | undefined = this.rememberTrees ? [] : undefined;
      this.body(root, entries);
      if (entries) topLevelByTree.set(tree, { rootStart: root.startIndex, entries });
      return;
    }
    // Edits before this piece moved it without changing it.
    const shift = root.startIndex - known.rootStart;
    for (const entry of known.entries) {
      // A call judged unable to construct an app may be able to now: an import elsewhere changed (`from celery import Celery as make`).
      if (entry.name === undefined || (entry.call !== undefined && this.mayConstructApp({ text: entry.call, type: entry.callType ?? '' }))) {
        const node = root.child(entry.index);
        if (node) this.statement(node);
      } else {
        const moved = shift === 0 ? entry : { ...entry, keyStart: entry.keyStart + shift, keyEnd: entry.keyEnd + shift, valueStart: entry.valueStart + shift, valueEnd: entry.valueEnd + shift };
        this.assignLazily(moved);
      }
    }
  }

  /**
   * Reads the statements of a module or block in order. Walks with a cursor:
   * settings files are mostly `NAME = value` lines, and those are read from
   * the text and the cursor's offsets without making a Node (see
   * simpleAssignmentShape). `record` collects what a top level held.
   */
  private body(container: SyntaxNode | null, record?: TopLevelEntry[]): void {
    if (!container) return;
    if (container.type !== 'block' && container.type !== 'module') {
      this.statement(container);
      return;
    }
    const cursor = this.cursorAt(container);
    try {
      this.statementsUnder(cursor, record);
    } finally {
      this.cursorDepth--;
    }
  }

  /** The statements under the cursor's node (a module or block), in order; the cursor ends where it started. */
  private statementsUnder(cursor: TreeCursor, record?: TopLevelEntry[]): void {
    if (!cursor.gotoFirstChild()) return;
    let index = -1;
    do {
      index++;
      if (!cursor.nodeIsNamed) continue;
      const type = cursor.nodeType;
      if (type === 'comment') continue;
      if (type === 'expression_statement') {
        const assigned = this.plainAssignment(cursor);
        if (assigned) {
          this.assignLazily(assigned);
          record?.push({ ...assigned, index });
          continue;
        }
      }
      record?.push({ name: undefined, index });
      this.statement(cursor.currentNode, type);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }

  /**
   * One cursor per nesting depth, reused across the blocks of one tree:
   * creating cursors costs WebAssembly allocations. Never across trees (the
   * pieces of a file): web-tree-sitter's reset() keeps a cursor bound to the
   * tree it was made on, and the nodes it then hands out answer from that
   * tree (their parent, their descendants). What a piece read would have
   * hung on which piece made the cursor first, and the editor, which skips
   * the pieces it remembers, read a broken file otherwise than the CLI
   * (issue 15, LSP campaign seeds 3354, 3367, 3389).
   */
  private cursorAt(node: SyntaxNode): TreeCursor {
    const depth = this.cursorDepth;
    let cursor = this.cursors[depth];
    if (cursor && this.cursorTrees[depth] === node.tree) cursor.reset(node);
    else {
      cursor?.delete();
      cursor = node.walk();
      this.cursors[depth] = cursor;
      this.cursorTrees[depth] = node.tree;
    }
    this.cursorDepth++;
    return cursor;
  }

  /**
   * Binds `name` to the expression at [valueStart, valueEnd). Its node is
   * looked up only if something evaluates the name, which in a long settings
   * file most names never are; it is evaluated against the names as they are
   * at this line.
   */
  private assignLazily(assigned: PlainAssignment): void {
    const { name, keyStart, keyEnd, valueStart, valueEnd, call } = assigned;
    const scope = this.scope;
    // The expression is found from the root: holding the block's Node instead would keep one per branch alive.
    const root = this.root!;
    scope.assignSlot(new DeferredAssignmentSlot(name, this.file, keyStart, keyEnd, valueStart, valueEnd, call, scope.shadowedBy(name), scope, root, this.readDeferred));
  }

  /**
   * The offsets of `NAME = value` (or `NAME: T = value`) at the cursor, from
   * the text when it settles the question and from the cursor otherwise; the
   * cursor is left where it was. Undefined for anything else (chains,
   * `Celery(...)` and other calls, which are read as statements).
   */
  private plainAssignment(cursor: TreeCursor): PlainAssignment | undefined {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const shape = simpleAssignmentShape(this.text, start, end);
    if (shape) return { name: this.text.slice(start, shape.keyEnd), keyStart: start, keyEnd: shape.keyEnd, valueStart: shape.valueStart, valueEnd: end };
    if (!cursor.gotoFirstChild()) return undefined;
    try {
      if (cursor.nodeType !== 'assignment' || !cursor.gotoFirstChild()) return undefined;
      try {
        if ((cursor.nodeType as string) !== 'identifier') return undefined;
        const keyStart = cursor.startIndex;
        const keyEnd = cursor.endIndex;
        let value: { start: number; end: number; call?: { text: string; type: string } } | undefined;
        while (cursor.gotoNextSibling()) {
          if (cursor.currentFieldName === 'right') {
            const type = cursor.nodeType;
            if (type === 'assignment') return undefined;
            const call = type === 'call' ? this.calledFunction(cursor) : undefined;
            if (call !== undefined && (this.mayConstructApp(call) || this.mayConstructFlask(call))) return undefined;
            value = { start: cursor.startIndex, end: cursor.endIndex, ...(call !== undefined ? { call } : {}) };
          }
        }
        if (!value) return undefined;
        const call = value.call ? { call: value.call.text, callType: value.call.type } : {};
        return { name: this.text.slice(keyStart, keyEnd), keyStart, keyEnd, valueStart: value.start, valueEnd: value.end, ...call };
      } finally {
        cursor.gotoParent();
      }
    } finally {
      cursor.gotoParent();
    }
  }

  /** `type`: the node's type when the caller already has it (each question to a Node is a WebAssembly call). */
  private statement(node: SyntaxNode, type = node.type): void {
    switch (type) {
      case 'expression_statement':
        for (const child of node.namedChildren) if (child) this.expression(child);
        return;
      case 'if_statement':
        return this.ifStatement(node);
      case 'try_statement':
        return this.tryStatement(node);
      case 'for_statement':
      case 'while_statement':
        return this.loop(node);
      case 'with_statement':
        return this.body(node.childForFieldName('body'));
      case 'function_definition':
        return this.define(node, 'function');
      case 'class_definition':
        this.readClass(node);
        return this.define(node, 'class');
      case 'decorated_definition': {
        const definition = node.childForFieldName('definition');
        if (definition?.type === 'function_definition') this.recordTask(node, definition);
        if (definition) this.statement(definition);
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
        return this.importStatement(node);
      case 'match_statement':
        return this.matchStatement(node);
      case 'delete_statement':
        return this.deleteStatement(node);
      default:
        return;
    }
  }

  /** `del A, B`: the names leave the module, so Celery neither reads nor counts them. */
  private deleteStatement(node: SyntaxNode): void {
    const targets = node.namedChildren.flatMap((c) => (c?.type === 'expression_list' ? c.namedChildren : [c]));
    for (const target of targets) {
      if (target?.type === 'identifier') this.scope.delete(target.text, this.span(target), this.span(node));
    }
  }

  private define(node: SyntaxNode, kind: 'function' | 'class'): void {
    const name = node.childForFieldName('name');
    if (!name) return;
    const value = unknown(`${name.text} is a ${kind}`, this.span(name));
    this.scope.assign({ name: name.text, kind, compute: () => value, keySpan: this.span(name), valueSpan: this.span(node) });
  }

  private expression(node: SyntaxNode): void {
    if (node.type === 'assignment') this.assignment(node);
    else if (node.type === 'augmented_assignment') this.augmentedAssignment(node);
    else if (node.type === 'call') this.callStatement(node);
  }

  private assignment(node: SyntaxNode): void {
    this.handled.add(node.startIndex);
    const left = node.childForFieldName('left');
    let right = node.childForFieldName('right');
    if (!left) return;
    // `a = b = value`: the inner assignment is the right-hand side.
    const targets: SyntaxNode[] = [left];
    while (right && right.type === 'assignment') {
      const inner = right.childForFieldName('left');
      if (inner) targets.push(inner);
      right = right.childForFieldName('right');
    }
    if (!right) return; // annotation only: `X: int`
    if (this.isCeleryConstructor(right)) {
      for (const target of targets) {
        const name = appTargetName(target);
        if (name !== undefined) this.createApp(name, right);
      }
    }
    const fn = right.type === 'call' ? right.childForFieldName('function') : null;
    if (fn && isFlaskClass(this.evaluator.dottedPath(fn))) {
      for (const target of targets) if (target.type === 'identifier') this.flask.create(target.text, this.scope.now, this.span(right));
    }
    const valueNode = right;
    let eager: AbstractValue | undefined;
    for (const target of targets) {
      if (target.type === 'identifier') {
        // Module names are evaluated only if something asks for them.
        this.scope.assign({ name: target.text, kind: 'value', compute: this.deferred(valueNode), keySpan: this.span(target), valueSpan: this.span(valueNode) });
      } else {
        eager ??= this.evaluator.evaluate(valueNode);
        this.assignTarget(target, valueNode, eager);
      }
    }
  }

  /** Evaluates `node` later, against the names as they are at this line. */
  private deferred(node: SyntaxNode): () => AbstractValue {
    const scope = this.scope;
    const at = scope.now;
    return () => evaluatorAt(this.file, scope, at, this.source, this.flask).evaluate(node);
  }

  private assignTarget(target: SyntaxNode, valueNode: SyntaxNode, value: AbstractValue): void {
    if (target.type === 'identifier') {
      this.scope.assign({ name: target.text, kind: 'value', compute: () => value, keySpan: this.span(target), valueSpan: this.span(valueNode) });
      return;
    }
    if (target.type === 'attribute') {
      const conf = this.confReceiver(target.childForFieldName('object'));
      const attr = target.childForFieldName('attribute');
      if (conf && attr) {
        this.addChange(conf, { key: attr.text, value, keySpan: this.span(attr), valueSpan: this.span(valueNode), origin: 'conf-attribute' }, target.startIndex);
      }
      return;
    }
    if (target.type === 'subscript') {
      const container = target.childForFieldName('value');
      const index = target.childForFieldName('subscript');
      if (!container || !index) return;
      if (this.evaluator.dottedPath(container) === 'os.environ') {
        const key = this.evaluator.evaluate(index);
        if (key.kind === 'str') this.writeEnvironment(key.value, value, target.parent ?? target, false);
        return;
      }
      const conf = this.confReceiver(container);
      const key = this.evaluator.evaluate(index);
      const flaskApp = this.flaskConfigOf(container);
      if (flaskApp !== undefined) {
        const entries = key.kind === 'str' ? [{ key, value }] : [];
        this.flask.write(flaskApp, this.scope.now, entries, key.kind !== 'str' || this.conditionalDepth > 0);
        return;
      }
      if (conf) {
        if (key.kind === 'str') {
          this.addChange(conf, { key: key.value, value, keySpan: this.span(index), valueSpan: this.span(valueNode), origin: 'conf-item' }, target.startIndex);
        } else {
          conf.opaque.push({ span: this.span(target), reason: 'app.conf[...] with a key celery-lint cannot read', layer: 'pending' });
        }
        return;
      }
      // `SETTINGS_DICT['key'] = value` on a module-level dict.
      if (container.type === 'identifier' && key.kind === 'str') this.updateModuleDict(container.text, [{ key, value }], target);
      return;
    }
    // `a, b = 'x', 'y'`: each name gets its item when the counts match and nothing is starred.
    if ((target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') && (value.kind === 'tuple' || value.kind === 'list') && !value.partial) {
      const names = target.namedChildren.filter((c): c is SyntaxNode => !!c && !isExtra(c));
      if (names.length === value.items.length && names.every((n) => n.type === 'identifier')) {
        names.forEach((id, i) => {
          const item = value.items[i]!;
          this.scope.assign({ name: id.text, kind: 'value', compute: () => item, keySpan: this.span(id), valueSpan: item.span ?? this.span(valueNode) });
        });
        return;
      }
    }
    // Other unpacking: each name becomes unknown.
    for (const id of target.descendantsOfType('identifier')) {
      if (!id) continue;
      const value = unknown('assigned by unpacking', this.span(id));
      this.scope.assign({ name: id.text, kind: 'value', compute: () => value, keySpan: this.span(id), valueSpan: this.span(valueNode) });
    }
  }

  private augmentedAssignment(node: SyntaxNode): void {
    this.handled.add(node.startIndex);
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.type;
    if (!left || !right || left.type !== 'identifier') return;
    const previous = this.scope.get(left.text);
    const span = this.span(node);
    if (!previous || previous.kind !== 'value') {
      const value = unknown(`${left.text} is extended before it is assigned`, span);
      this.scope.assign({ name: left.text, kind: 'value', compute: () => value, keySpan: this.span(left), valueSpan: span });
      return;
    }
    const addition = this.deferred(right);
    this.scope.replace(previous, () => extend(left.text, op, previous.value, addition(), span));
  }

  /** `INSTALLED_APPS.append(x)`, `.extend([...])`, `.insert(i, x)` on a module-level list. */
  private extendModuleList(name: string, method: string, positional: SyntaxNode[], at: SyntaxNode): void {
    const previous = this.scope.get(name);
    if (!previous || previous.kind !== 'value') return;
    const span = this.span(at);
    const argument = method === 'insert' ? positional[1] : positional[0];
    if (!argument) return;
    const added = this.deferred(argument);
    this.scope.replace(previous, () => {
      const before = previous.value;
      if (before.kind !== 'list') return unknown(`${name}.${method}(…) on a value that is not known to be a list`, span);
      const value = added();
      if (method === 'extend') {
        if (value.kind === 'list' || value.kind === 'tuple') {
          const { items, cut } = concatFolded(before.items, value.items);
          return { ...before, items, partial: before.partial || value.partial || cut, span };
        }
        return { ...before, partial: true, span };
      }
      // insert() position rarely matters to a rule; the item is kept, the order is approximate.
      return { ...before, items: [...before.items, value], span };
    });
  }

  private updateModuleDict(name: string, entries: Array<{ key: AbstractValue; value: AbstractValue }>, at: SyntaxNode): void {
    const previous = this.scope.get(name);
    if (!previous || previous.kind !== 'value') return;
    const span = this.span(at);
    this.scope.replace(previous, () => {
      const before = previous.value;
      if (before.kind !== 'dict') return unknown(`${name} is updated but is not known to be a dict`, span);
      return { ...before, entries: [...before.entries, ...entries], span };
    });
  }

  /**
   * Reads an if statement with one cursor: settings files have hundreds, and
   * each Node made or field looked up is a WebAssembly call. A path is read as
   * soon as the cursor reaches its body, in the path's own fork: a condition
   * the module decides picks its path (or drops it); otherwise every path is
   * possible and the forks are merged.
   */
  private ifStatement(node: SyntaxNode): void {
    const outer = this.scope;
    const cursor = this.cursorAt(node);
    const forks: ModuleScope[] = [];
    let certain = false;
    let hasElse = false;
    let direct = false;
    const condition = (): SyntaxNode | undefined => {
      const type = cursor.nodeType;
      if (DECIDABLE_CONDITIONS.has(type)) return cursor.currentNode;
      if (!NARROWING_CONDITIONS.has(type)) return undefined;
      // `LIMITS['burst'] > 10` narrows nothing: only ==, !=, in and is do, and the text says whether one is there.
      if (type === 'comparison_operator' && !NARROWING_OPERATOR.test(this.text.slice(cursor.startIndex, cursor.endIndex))) return undefined;
      return cursor.currentNode;
    };
    // The cursor is on the path's body.
    const failed = new FailedTests(outer);
    const path = (pathCondition: SyntaxNode | null | undefined): void => {
      try {
        readPath(pathCondition);
      } finally {
        // Later paths run only when this test failed.
        if (pathCondition) for (const { name, narrow } of narrowingsFor(pathCondition, false, (operand) => this.deferred(operand))) failed.fail(name, narrow);
      }
    };
    // A path's condition: `undefined` when never decided nor narrowed on, `null` for else.
    const readPath = (pathCondition: SyntaxNode | null | undefined): void => {
      const test = pathCondition === null ? true : pathCondition === undefined ? undefined : this.decide(pathCondition);
      if (test === false) return;
      certain = test === true;
      if (certain && forks.length === 0) {
        // The only path that can run: read it as the module itself.
        direct = true;
        this.pathBody(cursor);
        return;
      }
      this.scope = outer.fork();
      this.conditionalDepth++;
      try {
        failed.applyTo(this.scope);
        if (pathCondition) for (const { name, narrow } of narrowingsFor(pathCondition, true, (operand) => this.deferred(operand))) this.scope.narrow(name, narrow);
        this.pathBody(cursor);
        forks.push(this.scope);
      } finally {
        this.conditionalDepth--;
        this.scope = outer;
      }
    };
    try {
      if (!cursor.gotoFirstChild()) return;
      let pending: SyntaxNode | undefined;
      do {
        const field = cursor.currentFieldName;
        if (field === 'condition') pending = condition();
        else if (field === 'consequence') path(pending);
        else if (field === 'alternative') {
          const isElse = cursor.nodeType === 'else_clause';
          hasElse ||= isElse;
          let clauseCondition: SyntaxNode | undefined;
          if (cursor.gotoFirstChild()) {
            do {
              const inner = cursor.currentFieldName;
              if (inner === 'condition') clauseCondition = condition();
              else if (inner === 'consequence' || inner === 'body') {
                path(isElse ? null : clauseCondition);
                break;
              }
            } while (cursor.gotoNextSibling());
            cursor.gotoParent();
          }
        }
      } while (!certain && cursor.gotoNextSibling());
    } finally {
      this.cursorDepth--;
      this.scope = outer;
    }
    if (direct) return;
    // No else: the path that runs no branch still knows every condition failed (`if not X: X = default`).
    if (!certain && !hasElse) {
      this.scope = outer.fork();
      try {
        failed.applyTo(this.scope);
        forks.push(this.scope);
      } finally {
        this.scope = outer;
      }
    }
    outer.merge(forks);
  }

  /** A branch's block at the cursor (anything else, after a syntax error, read as one statement). */
  private pathBody(cursor: TreeCursor): void {
    if (cursor.nodeType === 'block') this.statementsUnder(cursor);
    else this.statement(cursor.currentNode);
  }

  /** A branch condition's truth, when the module decides it (`DEBUG = False` ... `if DEBUG:`). */
  private decide(condition: SyntaxNode): boolean | undefined {
    // Comparisons and calls are never folded; skipping them avoids evaluating names for nothing.
    const type = condition.type;
    if (!DECIDABLE_CONDITIONS.has(type)) return undefined;
    // `if FEATURE:` after `FEATURE = env.bool(...)`: a call the evaluator does not fold has no known truth.
    if (type === 'identifier') {
      const call = this.scope.get(condition.text)?.call;
      if (call !== undefined && !FOLDED_CALL.test(call)) return undefined;
    }
    return truthiness(this.evaluator.evaluate(condition));
  }

  /** Runs each alternative on a fork of the scope, then merges (optionally with "none ran"). */
  private alternatives(paths: Array<() => void>, mayRunNone: boolean): void {
    const outer = this.scope;
    const forks: ModuleScope[] = [];
    this.conditionalDepth++;
    try {
      for (const run of paths) {
        this.scope = outer.fork();
        run();
        forks.push(this.scope);
      }
    } finally {
      this.conditionalDepth--;
      this.scope = outer;
    }
    if (mayRunNone) forks.push(outer.fork());
    outer.merge(forks);
  }

  private tryStatement(node: SyntaxNode): void {
    const body = node.childForFieldName('body');
    const handlers: SyntaxNode[] = [];
    let elseBody: SyntaxNode | null = null;
    let finallyBody: SyntaxNode | null = null;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'except_clause' || child.type === 'except_group_clause') handlers.push(child);
      else if (child.type === 'else_clause') elseBody = child.childForFieldName('body');
      else if (child.type === 'finally_clause') finallyBody = child.namedChildren.find((c) => c?.type === 'block') ?? null;
    }
    const paths: Array<() => void> = [
      () => {
        this.body(body);
        this.body(elseBody);
      },
      ...handlers.map((h) => () => this.body(h.namedChildren.find((c) => c?.type === 'block') ?? null)),
    ];
    if (handlers.length === 0) paths[0]!();
    else this.alternatives(paths, false);
    this.body(finallyBody);
  }

  private loop(node: SyntaxNode): void {
    const body = node.childForFieldName('body');
    const alternative = node.childForFieldName('alternative');
    this.alternatives([() => this.body(body)], true);
    if (alternative) this.body(alternative.childForFieldName('body'));
  }

  private matchStatement(node: SyntaxNode): void {
    const body = node.childForFieldName('body');
    const cases = (body?.namedChildren ?? []).filter((c): c is SyntaxNode => c?.type === 'case_clause');
    this.alternatives(cases.map((c) => () => this.body(c.childForFieldName('consequence'))), true);
  }

  private importStatement(node: SyntaxNode): void {
    const set = (local: SyntaxNode, path: string) => {
      const value = unknown(`${local.text} is imported from ${path}`);
      this.scope.assign({ name: local.text, kind: 'import', compute: () => value, keySpan: this.span(local), valueSpan: this.span(node) });
      this.scope.setImport(local.text, path);
    };
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const real = name.childForFieldName('name');
          const alias = name.childForFieldName('alias');
          if (real && alias) set(alias, real.text);
        } else {
          const head = name.text.split('.')[0]!;
          this.scope.setImport(head, head);
        }
      }
      return;
    }
    const moduleNode = node.childForFieldName('module_name');
    const moduleText = moduleNode?.text ?? '';
    const level = /^\.*/.exec(moduleText)![0].length;
    const moduleName = moduleText.slice(level);
    const target = this.importer?.(this.file, moduleName, level);
    if (target) this.importedFiles.add(target.file);
    const exported = target?.exports;
    if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
      if (target) this.settingsFromFiles.add(target.file);
      this.starImport(moduleText, exported);
      return;
    }
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      const real = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      const local = name.type === 'aliased_import' ? name.childForFieldName('alias') : name;
      if (!real || !local) continue;
      const slot = exported?.scope.get(real.text);
      if (slot && slot.kind !== 'import') {
        this.importSlot(local.text, slot);
        const cls = exported!.classes.get(real.text);
        if (cls) this.classes.set(local.text, cls);
        const subclass = exported!.celerySubclasses.get(real.text);
        if (subclass) this.celerySubclasses.set(local.text, subclass);
        if (exported!.settingsClasses.has(real.text)) {
          this.settingsClasses.add(local.text);
          this.settingsFromFiles.add(target!.file);
        }
        this.scope.setImport(local.text, `${moduleText}.${real.text}`);
      } else {
        set(local, `${moduleText}.${real.text}`);
      }
    }
  }

  /** `from .base import *`: every public name of the other module, lazily, with its own location. */
  private starImport(moduleText: string, exported: ModuleExports | undefined): void {
    if (!exported) {
      this.unresolvedStarImports.push(moduleText);
      return;
    }
    for (const slot of exported.scope.slots()) {
      if (slot.name.startsWith('_') || slot.kind === 'import') continue;
      this.importSlot(slot.name, slot);
    }
    for (const [name, bindings] of exported.classes) if (!name.startsWith('_')) this.classes.set(name, bindings);
    for (const [name, changes] of exported.celerySubclasses) if (!name.startsWith('_')) this.celerySubclasses.set(name, changes);
    for (const name of exported.settingsClasses) if (!name.startsWith('_')) this.settingsClasses.add(name);
  }

  /**
   * django-split-settings: `include('components/base.py', optional('local.py'))`
   * runs those files, in order, in this module's namespace; read like star
   * imports of them. Globs and file names that are no module name are left
   * unresolved (reported as such).
   */
  private splitSettingsInclude(node: SyntaxNode): void {
    for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
      if (!arg) continue;
      const inner = arg.type === 'call' && /(^|\.)optional$/.test(this.evaluator.dottedPath(arg.childForFieldName('function')!) ?? '') ? arg.childForFieldName('arguments')?.namedChildren[0] : arg;
      const value = inner ? this.evaluator.evaluate(inner) : undefined;
      if (value?.kind !== 'str') continue;
      const parts = value.value.replace(/\.py$/, '').split('/').filter((p) => p !== '.');
      if (/[*?[]/.test(value.value) || parts.some((p) => !/^[A-Za-z_]\w*$/.test(p))) {
        this.unresolvedStarImports.push(value.value);
        continue;
      }
      const moduleName = parts.join('.');
      const target = this.importer?.(this.file, moduleName, 1);
      if (target) {
        this.importedFiles.add(target.file);
        this.settingsFromFiles.add(target.file);
      }
      this.starImport(value.value, target?.exports);
    }
  }

  /** Binds a name to a slot of another module: same value (computed there), same location. */
  private importSlot(name: string, slot: Slot): void {
    this.scope.assignSlot(new ImportedSlot(name, slot, this.scope.shadowedBy(name)));
  }

  /** What other modules can import from this one, once it has been read. */
  exports(): ModuleExports {
    return { scope: this.scope, classes: this.classes, celerySubclasses: this.celerySubclasses, settingsClasses: this.settingsClasses };
  }

  /** `@shared_task`, `@app.task`, `@app.task(name='x')`, `@celery.task(...)`. */
  private recordTask(decorated: SyntaxNode, definition: SyntaxNode): void {
    const functionName = definition.childForFieldName('name')?.text;
    if (!functionName) return;
    for (const decorator of decorated.namedChildren) {
      if (decorator?.type !== 'decorator') continue;
      const expression = decorator.namedChildren.find((c) => c && !isExtra(c));
      if (!expression) continue;
      const callee = expression.type === 'call' ? expression.childForFieldName('function') : expression;
      if (!callee) continue;
      const path = this.evaluator.dottedPath(callee) ?? callee.text;
      if (!/(^|\.)(shared_task|task)$/.test(path)) continue;
      let name: string | undefined;
      if (expression.type === 'call') {
        for (const arg of expression.childForFieldName('arguments')?.namedChildren ?? []) {
          if (arg?.type !== 'keyword_argument' || arg.childForFieldName('name')?.text !== 'name') continue;
          const value = arg.childForFieldName('value');
          const evaluated = value ? this.evaluator.evaluate(value) : undefined;
          if (evaluated?.kind === 'str') name = evaluated.value;
        }
      }
      this.tasks.push({ name, functionName, file: this.file, span: this.span(definition.childForFieldName('name') ?? definition) });
      return;
    }
  }

  private readClass(node: SyntaxNode): void {
    const name = node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body');
    if (!name || !body) return;
    const bases = (node.childForFieldName('superclasses')?.namedChildren ?? []).filter((b): b is SyntaxNode => !!b && b.type !== 'keyword_argument');
    if (bases.some((b) => this.isCeleryClass(b))) {
      this.readCelerySubclass(name, body, bases);
      return;
    }
    const inherited: RawBinding[] = [];
    // Python's method resolution order: an attribute comes from the first base that has it (`class Prod(CeleryMixin, Base)`).
    const inheritedKeys = new Set<string>();
    for (const base of bases) {
      if (base.type !== 'identifier') continue;
      for (const binding of this.classes.get(base.text) ?? []) {
        if (inheritedKeys.has(binding.key)) continue;
        inheritedKeys.add(binding.key);
        inherited.push(binding);
      }
    }
    if (bases.some((b) => (b.type === 'identifier' && this.settingsClasses.has(b.text)) || isSettingsClassBase(this.evaluator.dottedPath(b)))) {
      this.settingsClasses.add(name);
      for (const b of bases) if (b.type === 'identifier' && this.settingsClasses.has(b.text)) this.extendedSettingsClasses.add(b.text);
    }
    const own = new Map<string, RawBinding>();
    for (const statement of body.namedChildren) {
      if (statement?.type === 'decorated_definition') {
        this.readClassProperty(statement, name, own);
        continue;
      }
      const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : null;
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      own.set(left.text, {
        key: left.text,
        value: this.evaluator.evaluate(right),
        keySpan: this.span(left),
        valueSpan: this.span(right),
        origin: 'config-class',
      });
    }
    const merged = inherited.filter((b) => !own.has(b.key));
    this.classes.set(name, [...merged, ...own.values()]);
  }

  /** An UPPERCASE `@property` of a class: the setting Django gets from it (class-properties.ts). */
  private readClassProperty(decorated: SyntaxNode, className: string, own: Map<string, RawBinding>): void {
    const fn = propertyFunction(decorated);
    const nameNode = fn?.childForFieldName('name');
    if (!fn || !nameNode || !loadedBySettingsClass(nameNode.text)) return;
    const read = propertyValue(fn, className, (node) => this.evaluator.evaluate(node), (node) => this.span(node));
    if (!read) return;
    own.set(nameNode.text, { key: nameNode.text, value: read.value, keySpan: this.span(nameNode), valueSpan: this.span(read.valueNode), origin: 'config-class', fromProperty: true });
  }

  // -------------------------------------------------------------------------
  // Celery apps and their configuration

  /** The function of the call at the cursor, as written, with its node type; the cursor is left where it was. */
  private calledFunction(cursor: TreeCursor): { text: string; type: string } {
    if (!cursor.gotoFirstChild()) return { text: '', type: '' };
    try {
      return { text: this.text.slice(cursor.startIndex, cursor.endIndex), type: cursor.nodeType };
    } finally {
      cursor.gotoParent();
    }
  }

  /**
   * Whether a call of `fn` may construct an app (isCeleryConstructor says for
   * sure), judged from its text: `env.int(...)` and `os.environ.get(...)`
   * lines, common in settings, then stay plain assignments.
   */
  private mayConstructApp(fn: { text: string; type: string }): boolean {
    // dottedPath keeps an attribute's own name, so only `<x>.Celery` can resolve to a path ending in `.Celery`.
    if (fn.type === 'attribute') return /\bCelery$/.test(fn.text);
    if (fn.type !== 'identifier') return false;
    // For a name, dottedPath is its import or itself: isCeleryClass's test, read from the text.
    return this.celerySubclasses.has(fn.text) || isCeleryPath(this.scope.importOf(fn.text) ?? fn.text);
  }

  /** `Flask(...)` or `flask.Flask(...)`, read from the called function's text. */
  private mayConstructFlask(fn: { text: string; type: string }): boolean {
    if (fn.type === 'attribute') return fn.text === 'flask.Flask';
    return fn.type === 'identifier' && isFlaskClass(this.scope.importOf(fn.text) ?? fn.text);
  }

  private isCeleryConstructor(node: SyntaxNode): boolean {
    if (node.type !== 'call') return false;
    const fn = node.childForFieldName('function');
    return !!fn && this.isCeleryClass(fn);
  }

  /** `Celery`, `celery.Celery`, or a subclass of it defined in this module. */
  private isCeleryClass(node: SyntaxNode): boolean {
    if (node.type === 'identifier' && this.celerySubclasses.has(node.text)) return true;
    return isCeleryPath(this.evaluator.dottedPath(node) ?? '');
  }

  /**
   * `class PortalCelery(Celery)` (Flask's init_app pattern): its instances are
   * apps, and what its methods write to `self.conf` applies to each instance
   * on the paths that call them, so those writes are possibilities.
   */
  private readCelerySubclass(name: string, body: SyntaxNode, bases: readonly SyntaxNode[]): void {
    const inherited = bases.flatMap((b) => (b.type === 'identifier' ? (this.celerySubclasses.get(b.text) ?? []) : []));
    const saved = this.apps.get('self');
    const self: AppModel = { name: 'self', span: this.span(body), implicit: false, namespace: undefined, changes: [], configSource: undefined, opaque: [] };
    this.apps.set('self', self);
    this.conditionalDepth++;
    try {
      for (const statement of body.descendantsOfType('expression_statement')) {
        if (statement && /^self\s*\.\s*conf\b/.test(statement.text)) this.statement(statement);
      }
    } finally {
      this.conditionalDepth--;
      if (saved) this.apps.set('self', saved);
      else this.apps.delete('self');
    }
    this.celerySubclasses.set(name, [...inherited, ...self.changes]);
  }

  /**
   * `Celery(..., **mapping)`: a mapping celery-lint reads gives keyword
   * arguments like written ones; one of Celery()'s own parameters, or a
   * mapping it cannot read, stays opaque.
   */
  private celerySplat(app: AppModel, arg: SyntaxNode, at: number): void {
    const inner = arg.namedChildren.find((c) => c && !isExtra(c));
    const mapping = inner ? this.evaluator.evaluate(inner) : undefined;
    const opaque = () => app.opaque.push({ span: this.span(arg), reason: 'Celery(**…) with keyword arguments celery-lint cannot read', layer: 'autoset' });
    if (mapping?.kind !== 'dict') return void opaque();
    let unread = mapping.partial;
    for (const entry of mapping.entries) {
      const key = entry.key.kind === 'str' ? entry.key.value : undefined;
      if (key === undefined || CELERY_INIT_PARAMETERS.has(key) || ['namespace', 'config_source', 'changes'].includes(key)) {
        unread = true;
        continue;
      }
      // Celery.__autoset stores only values that are not None.
      if (entry.value.kind === 'none') continue;
      const aliasOf = CELERY_INIT_ALIASES[key];
      const keySpan = entry.key.span ?? this.span(arg);
      this.addChange(app, { key, value: entry.value, keySpan, valueSpan: writtenAt(entry.value) ?? keySpan, origin: 'celery-kwarg', ...(aliasOf ? { aliasOf } : {}) }, at);
    }
    if (unread) opaque();
  }

  private createApp(name: string, call: SyntaxNode): void {
    const fn = call.childForFieldName('function');
    const fromSubclass = fn?.type === 'identifier' ? (this.celerySubclasses.get(fn.text) ?? []) : [];
    const app: AppModel = { name, span: this.span(call), implicit: false, namespace: undefined, changes: [...fromSubclass], configSource: undefined, opaque: [] };
    this.apps.set(name, app);
    const args = call.childForFieldName('arguments');
    for (const arg of args?.namedChildren ?? []) {
      if (!arg) continue;
      if (arg.type === 'dictionary_splat') {
        this.celerySplat(app, arg, call.startIndex);
        continue;
      }
      if (arg.type !== 'keyword_argument') continue;
      const nameNode = arg.childForFieldName('name');
      const valueNode = arg.childForFieldName('value');
      if (!nameNode || !valueNode) continue;
      const key = nameNode.text;
      if (key === 'namespace') {
        app.namespace = namespaceOf(this.evaluator.evaluate(valueNode));
      } else if (key === 'config_source') {
        app.configSource = this.configSource(valueNode);
      } else if (key === 'changes') {
        const value = this.evaluator.evaluate(valueNode);
        this.addMapping(app, value, valueNode, 'celery-changes', call.startIndex);
      } else if (!CELERY_INIT_PARAMETERS.has(key)) {
        const aliasOf = CELERY_INIT_ALIASES[key];
        const value = this.evaluator.evaluate(valueNode);
        // Celery.__autoset stores only values that are not None.
        if (value.kind === 'none') continue;
        this.addChange(app, {
          key,
          value,
          keySpan: this.span(nameNode),
          valueSpan: this.span(valueNode),
          origin: 'celery-kwarg',
          ...(aliasOf ? { aliasOf } : {}),
        }, call.startIndex);
      }
    }
  }

  /** The app whose `conf` this expression is (`app.conf`), creating an implicit app for imported ones. */
  private confReceiver(node: SyntaxNode | null): AppModel | undefined {
    if (!node || node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'conf') return undefined;
    return this.appFor(node.childForFieldName('object'));
  }

  /** `loadsConfiguration`: the node receives config_from_object() or a sibling, which only apps have. */
  private appFor(node: SyntaxNode | null, loadsConfiguration = false): AppModel | undefined {
    if (node && (node.type === 'attribute' || node.type === 'subscript')) {
      // `self.app.conf`, `registry['celery.app'].conf`: an app this module bound there.
      const name = appTargetName(node);
      return name === undefined ? undefined : this.apps.get(name);
    }
    if (!node || node.type !== 'identifier') return undefined;
    const known = this.apps.get(node.text);
    if (known) return known;
    // An app imported from elsewhere (`from proj.celery import app`), `current_app`, or one a
    // function of the project makes (`app = celery_class('mayan')`) that loads configuration.
    const imported = this.scope.importOf(node.text);
    if (!imported && node.text !== 'current_app' && !(loadsConfiguration && this.madeByCall(node.text))) return undefined;
    const app: AppModel = { name: node.text, span: this.span(node), implicit: true, ...(imported ? { importedAs: imported } : {}), namespace: undefined, changes: [], configSource: undefined, opaque: [] };
    this.apps.set(node.text, app);
    return app;
  }

  /** A name bound to what a call returned, which celery-lint cannot follow. */
  private madeByCall(name: string): boolean {
    const slot = this.scope.get(name);
    if (slot?.kind !== 'value') return false;
    const value = slot.value;
    return value.kind === 'call' || (value.kind === 'unknown' && value.envVar === undefined);
  }

  private addChange(app: AppModel, binding: RawBinding, at: number): void {
    const value = this.conditionalDepth > 0 ? oneOf([binding.value, { kind: 'unset' }]) : binding.value;
    app.changes.push({ ...binding, value, appliedAt: at });
  }

  private addMapping(app: AppModel, mapping: AbstractValue, node: SyntaxNode, origin: BindingOrigin, at: number = node.startIndex, group?: number): void {
    const layer = origin === 'add-defaults' ? 'add-defaults' : 'pending';
    // conf.update([(key, value), ...]): a sequence of pairs is a mapping too.
    if ((mapping.kind === 'list' || mapping.kind === 'tuple') && mapping.items.every((i) => (i.kind === 'tuple' || i.kind === 'list') && i.items.length === 2)) {
      mapping = {
        kind: 'dict',
        entries: mapping.items.map((i) => ({ key: (i as { items: readonly AbstractValue[] }).items[0]!, value: (i as { items: readonly AbstractValue[] }).items[1]! })),
        partial: mapping.partial,
        ...(mapping.span ? { span: mapping.span } : {}),
      };
    }
    if (mapping.kind !== 'dict') {
      app.opaque.push({ span: this.span(node), reason: 'configuration from a mapping celery-lint cannot read', layer });
      return;
    }
    for (const entry of mapping.entries) {
      if (entry.key.kind !== 'str') {
        app.opaque.push({ span: entry.key.span ?? this.span(node), reason: 'a configuration key celery-lint cannot read', layer });
        continue;
      }
      this.addChange(app, {
        key: entry.key.value,
        value: entry.value,
        keySpan: entry.key.span ?? this.span(node),
        valueSpan: writtenAt(entry.value) ?? entry.key.span ?? this.span(node),
        origin,
        ...(group !== undefined ? { group } : {}),
      }, at);
    }
    if (mapping.partial) app.opaque.push({ span: this.span(node), reason: 'part of this mapping cannot be read', layer });
  }

  private callStatement(node: SyntaxNode): void {
    this.handled.add(node.startIndex);
    const fn = node.childForFieldName('function');
    if (!fn || fn.type !== 'attribute') {
      if (fn && this.evaluator.dottedPath(fn) === 'split_settings.tools.include') this.splitSettingsInclude(node);
      else this.maybeRegister(node);
      return;
    }
    const method = fn.childForFieldName('attribute')?.text;
    const receiver = fn.childForFieldName('object');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && !isExtra(a));
    const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat');
    const keyword = (name: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? null;
    if (method === 'load_settings' && receiver?.type === 'identifier' && positional[0]?.text === '__name__' && this.loadClassSettings(receiver.text)) return;
    const flaskApp = receiver ? this.flaskConfigOf(receiver) : undefined;
    if (flaskApp !== undefined && method) return this.flaskConfigCall(flaskApp, method, args);

    const conf = this.confReceiver(receiver);
    if (conf && method === 'update') {
      for (const arg of args) {
        if (arg.type === 'keyword_argument') {
          const nameNode = arg.childForFieldName('name');
          const valueNode = arg.childForFieldName('value');
          if (nameNode && valueNode) {
            this.addChange(conf, { key: nameNode.text, value: this.evaluator.evaluate(valueNode), keySpan: this.span(nameNode), valueSpan: this.span(valueNode), origin: 'conf-update' }, node.startIndex);
          }
        } else if (arg.type === 'dictionary_splat') {
          const inner = arg.namedChildren[0];
          if (inner) this.addMapping(conf, this.evaluator.evaluate(inner), arg, 'conf-update', node.startIndex);
        } else {
          this.addMapping(conf, this.evaluator.evaluate(arg), arg, 'conf-update', node.startIndex);
        }
      }
      return;
    }
    if (conf && method === 'setdefault' && positional.length >= 1) {
      const key = this.evaluator.evaluate(positional[0]!);
      const value: AbstractValue = positional[1] ? this.evaluator.evaluate(positional[1]) : { kind: 'none' };
      if (key.kind === 'str') {
        const valueNode = positional[1] ?? positional[0]!;
        this.addChange(conf, { key: key.value, value, keySpan: this.span(positional[0]!), valueSpan: this.span(valueNode), origin: 'conf-setdefault' }, node.startIndex);
      } else conf.opaque.push({ span: this.span(node), reason: 'app.conf.setdefault(...) with a key celery-lint cannot read', layer: 'pending' });
      return;
    }
    // Only methods of a Celery app make an imported name an app: `sentry_sdk.init()`
    // or `logging.basicConfig()` in a settings module must not turn it into an app module.
    const app = conf || !APP_CONFIG_METHODS.has(method ?? '') ? undefined : this.appFor(receiver, true);
    if (app && method === 'config_from_object') {
      const source = positional[0] ?? keyword('obj');
      if (source) {
        app.configSource = this.configSource(source);
        app.sourceAt = node.startIndex;
      }
      // config_from_object(obj, silent=False, force=False, namespace=None)
      const ns = keyword('namespace') ?? positional[3] ?? null;
      if (ns) this.setNamespace(app, ns);
      return;
    }
    if (app && method === 'config_from_envvar') {
      // config_from_envvar(variable_name, silent=False, force=False): any other keyword is a TypeError at import.
      const stray = args.map((a) => (a.type === 'keyword_argument' ? a.childForFieldName('name') : null)).find((n) => n && !['variable_name', 'silent', 'force'].includes(n.text));
      if (stray && !app.raises) app.raises = { type: 'TypeError', message: `Celery.config_from_envvar() got an unexpected keyword argument '${stray.text}'`, span: this.span(stray) };
      const variable = this.evaluator.evaluate(positional[0] ?? node);
      app.sourceAt = node.startIndex;
      const written = variable.kind === 'str' ? [...this.environmentWrites].reverse().find((w) => w.name === variable.value) : undefined;
      if (written && written.value.kind === 'str' && written.value.value !== '') {
        // The project sets the variable itself before the call: the module it names is the source.
        app.configSource = { kind: 'module-path', path: written.value.value, span: this.span(node) };
        const ns = keyword('namespace');
        if (ns) this.setNamespace(app, ns);
        return;
      }
      app.configSource = {
        kind: 'opaque',
        reason: `configuration is loaded from the module named by $${variable.kind === 'str' ? variable.value : '…'}`,
        span: this.span(node),
      };
      const ns = keyword('namespace');
      if (ns) this.setNamespace(app, ns);
      return;
    }
    if (app && method === 'add_defaults') {
      const arg = positional[0];
      const value = arg ? this.evaluator.evaluate(arg) : undefined;
      if (arg && value?.kind === 'dict') {
        const group = app.addDefaultsCalls ?? 0;
        app.addDefaultsCalls = group + 1;
        this.addMapping(app, value, arg, 'add-defaults', node.startIndex, group);
      } else app.opaque.push({ span: this.span(node), reason: 'app.add_defaults(...) with settings celery-lint cannot read (a function, or a mapping built at run time)', layer: 'add-defaults' });
      return;
    }
    const path = this.evaluator.dottedPath(fn);
    if (path === 'djcelery.setup_loader') this.djceleryLoader = true;
    if (path === 'os.environ.setdefault' || path === 'os.putenv') {
      const key = positional[0] ? this.evaluator.evaluate(positional[0]) : undefined;
      const value: AbstractValue = positional[1] ? this.evaluator.evaluate(positional[1]) : { kind: 'none' };
      if (key?.kind === 'str') this.writeEnvironment(key.value, value, node, path === 'os.environ.setdefault');
      return;
    }
    if (path === 'os.environ.update') {
      const mapping = positional[0] ? this.evaluator.evaluate(positional[0]) : undefined;
      for (const entry of mapping?.kind === 'dict' ? mapping.entries : []) {
        if (entry.key.kind === 'str') this.writeEnvironment(entry.key.value, entry.value, node, false);
      }
      for (const arg of args) {
        const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
        const valueNode = arg.childForFieldName('value');
        if (name && valueNode) this.writeEnvironment(name, this.evaluator.evaluate(valueNode), node, false);
      }
      return;
    }
    if (receiver?.type === 'identifier' && (method === 'append' || method === 'extend' || method === 'insert')) {
      this.extendModuleList(receiver.text, method, positional, node);
      return;
    }
    if (receiver?.type === 'identifier' && (method === 'update' || method === 'setdefault')) {
      const mapping = method === 'update' && positional[0] ? this.evaluator.evaluate(positional[0]) : undefined;
      const entries = mapping?.kind === 'dict' ? [...mapping.entries] : [];
      for (const arg of args) {
        if (arg.type !== 'keyword_argument') continue;
        const nameNode = arg.childForFieldName('name');
        const valueNode = arg.childForFieldName('value');
        if (nameNode && valueNode) entries.push({ key: { kind: 'str', value: nameNode.text, literal: false, span: this.span(nameNode) }, value: this.evaluator.evaluate(valueNode) });
      }
      if (method === 'update') this.updateModuleDict(receiver.text, entries, node);
      return;
    }
    this.maybeRegister(node);
  }

  /** `self.namespace = namespace or self.namespace`: None or '' keeps the namespace the app has. */
  private setNamespace(app: AppModel, node: SyntaxNode): void {
    const namespace = namespaceOf(this.evaluator.evaluate(node));
    if (namespace !== null) app.namespace = namespace;
  }

  private writeEnvironment(name: string, value: AbstractValue, node: SyntaxNode, isDefault: boolean): void {
    const written = this.conditionalDepth > 0 ? oneOf([value, { kind: 'unset' }]) : value;
    this.environmentWrites.push({ name, value: written, span: this.span(node), isDefault });
    if (name === 'DJANGO_SETTINGS_MODULE' && value.kind === 'str') this.djangoSettingsModule = value.value;
    if (name === 'DJANGO_CONFIGURATION' && value.kind === 'str') this.djangoConfiguration = value.value;
  }

  /**
   * readthedocs.org's settings: `ProdSettings.load_settings(__name__)` copies
   * the class's UPPERCASE attributes (inherited ones included) into the
   * module, so they are module settings, written where the class sets them.
   */
  private loadClassSettings(className: string): boolean {
    const bindings = this.classes.get(className);
    if (!bindings) return false;
    for (const binding of bindings) {
      if (!loadedBySettingsClass(binding.key)) continue;
      this.scope.assign({ name: binding.key, kind: 'value', compute: () => binding.value, keySpan: binding.keySpan, valueSpan: binding.valueSpan });
    }
    return true;
  }

  private configSource(node: SyntaxNode): ConfigSourceRef {
    const span = this.span(node);
    if (node.type === 'identifier') {
      const cls = this.classes.get(node.text);
      if (cls) return { kind: 'bindings', label: `class ${node.text}`, bindings: cls, span };
      const imported = this.scope.importOf(node.text);
      if (imported) return { kind: 'module-path', path: imported, span };
    }
    const value = this.evaluator.evaluate(node);
    if (value.kind === 'oneOf') {
      const options = value.options.map((option) => this.configSourceValue(option, node, span));
      if (options.some((o) => o.kind !== 'opaque')) return { kind: 'alternatives', options, span };
    }
    return this.configSourceValue(value, node, span);
  }

  /** One value a config source may be: a module path, a dict, or a module the name was imported as. */
  private configSourceValue(value: AbstractValue, node: SyntaxNode, span: SourceSpan): ConfigSourceRef {
    if (value.kind === 'unknown' && value.importedAs !== undefined) return { kind: 'module-path', path: value.importedAs, span };
    if (value.kind === 'str') return { kind: 'module-path', path: value.value, span };
    if (value.kind === 'dict' && !value.partial) {
      const bindings: RawBinding[] = [];
      for (const entry of value.entries) {
        if (entry.key.kind !== 'str') continue;
        bindings.push({ key: entry.key.value, value: entry.value, keySpan: entry.key.span ?? span, valueSpan: writtenAt(entry.value) ?? span, origin: 'config-dict' });
      }
      return { kind: 'bindings', label: node.text.length < 40 ? node.text : 'a dict', bindings, span };
    }
    return { kind: 'opaque', reason: `configuration is loaded from ${node.text.length < 60 ? node.text : 'an object'}, which celery-lint cannot read`, span };
  }

  /** The Flask app whose `config` `node` is (`app.config`), if it is one this module made. */
  private flaskConfigOf(node: SyntaxNode): string | undefined {
    if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'config') return undefined;
    const object = node.childForFieldName('object');
    return object?.type === 'identifier' && this.flask.has(object.text) ? object.text : undefined;
  }

  /** `app.config.from_object(...)`, `.update(...)`, `.from_mapping(...)`; any other method leaves the config partly unknown. */
  private flaskConfigCall(app: string, method: string, args: readonly SyntaxNode[]): void {
    const at = this.scope.now;
    const conditional = this.conditionalDepth > 0;
    if (method === 'from_object' && args.length === 1 && args[0]!.type !== 'keyword_argument') {
      const loaded = this.flaskObject(args[0]!);
      this.flask.write(app, at, loaded?.entries ?? [], !loaded || loaded.partial || conditional);
      return;
    }
    if (method === 'update' || method === 'from_mapping') {
      const entries: DictEntry[] = [];
      let partial = conditional;
      for (const arg of args) {
        if (arg.type === 'keyword_argument') {
          const name = arg.childForFieldName('name');
          const value = arg.childForFieldName('value');
          if (name && value) entries.push({ key: { kind: 'str', value: name.text, literal: false, span: this.span(name) }, value: this.evaluator.evaluate(value) });
          continue;
        }
        const mapping = entriesOfMapping(this.evaluator.evaluate(arg.type === 'dictionary_splat' ? (arg.namedChildren[0] ?? arg) : arg));
        entries.push(...mapping.entries);
        partial ||= mapping.partial;
      }
      this.flask.write(app, at, entries, partial);
      return;
    }
    // from_pyfile, from_envvar, from_file, from_prefixed_env...: keys celery-lint does not read.
    if (/^(from_|update|setdefault)/.test(method)) this.flask.write(app, at, [], true);
  }

  /** What Flask's from_object() takes from its argument: the UPPERCASE attributes of a class or module celery-lint reads. */
  private flaskObject(node: SyntaxNode): { entries: DictEntry[]; partial: boolean } | undefined {
    const fromBindings = (bindings: readonly RawBinding[]) => ({
      entries: bindings.filter((b) => isUpperName(b.key)).map((b) => ({ key: { kind: 'str' as const, value: b.key, literal: false, span: b.keySpan }, value: b.value })),
      partial: false,
    });
    const fromModule = (exports: ModuleExports) => ({
      entries: exports.scope
        .slots()
        .filter((slot) => slot.kind === 'value' && isUpperName(slot.name))
        .map((slot) => ({ key: { kind: 'str' as const, value: slot.name, literal: false, span: slot.keySpan }, value: slot.value })),
      partial: false,
    });
    if (node.type === 'identifier') {
      const cls = this.classes.get(node.text);
      if (cls) return fromBindings(cls);
    }
    const path = node.type === 'identifier' ? this.scope.importOf(node.text) : (() => {
      const value = this.evaluator.evaluate(node);
      return value.kind === 'str' ? value.value.replace(':', '.') : undefined;
    })();
    if (!path || path.startsWith('.')) return undefined;
    const module = this.importer?.(this.file, path, 0)?.exports;
    if (module) return fromModule(module);
    const dot = path.lastIndexOf('.');
    const owner = dot > 0 ? this.importer?.(this.file, path.slice(0, dot), 0)?.exports : undefined;
    const cls = owner?.classes.get(path.slice(dot + 1));
    return cls ? fromBindings(cls) : undefined;
  }

  private maybeRegister(node: SyntaxNode): void {
    const fn = node.childForFieldName('function');
    if (!fn) return;
    const path = this.evaluator.dottedPath(fn) ?? fn.text;
    if (!/(^|\.)(kombu\.serialization\.register|registry\.register)$/.test(path) && path !== 'kombu.serialization.register') return;
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && !isExtra(a));
    const positional = args.filter((a) => a.type !== 'keyword_argument');
    const keyword = (name: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value');
    const nameNode = positional[0] ?? keyword('name');
    const typeNode = keyword('content_type') ?? positional[3];
    const name = nameNode ? this.evaluator.evaluate(nameNode) : undefined;
    if (name?.kind !== 'str') return;
    const contentType = typeNode ? this.evaluator.evaluate(typeNode) : undefined;
    this.registered.push({ name: name.value, ...(contentType?.kind === 'str' ? { contentType: contentType.value } : {}), span: this.span(node) });
  }

  private withImportPath(read: ImportTimeRead): ConfReadAtImport {
    const head = /^\w+/.exec(read.receiver)?.[0];
    const rest = head === undefined ? undefined : read.receiver.slice(head.length);
    const recorded = head === undefined ? undefined : this.scope.importOf(head);
    const path = recorded === undefined ? undefined : importedPath(recorded);
    return path !== undefined && /^(\.\w+)*$/.test(rest!) ? { ...read, imported: path + rest } : read;
  }

  /** Calls and assignments inside functions and classes, read after the module's top level. */
  private nestedOperations(root: SyntaxNode): void {
    // Only a call that is a statement of its own is read (`app.conf.update(...)`, not `f(app.conf.update(...))`):
    // asking for statements rather than for every call spares making a node, and asking its parent, for each call
    // of the module. A statement's calls come right after it in document order, as they did among all calls.
    const found: Array<{ readonly call: SyntaxNode } | { readonly assignment: SyntaxNode; readonly left: SyntaxNode | null; readonly right: SyntaxNode | null }> = [];
    for (const node of root.descendantsOfType(['assignment', 'expression_statement'])) {
      if (!node) continue;
      if (node.type === 'assignment') {
        if (!this.handled.has(node.startIndex)) found.push({ assignment: node, left: node.childForFieldName('left'), right: node.childForFieldName('right') });
        continue;
      }
      for (const child of node.namedChildren) if (child?.type === 'call' && !this.handled.has(child.startIndex)) found.push({ call: child });
    }
    this.conditionalDepth++;
    try {
      for (const item of found) {
        if ('assignment' in item) {
          const name = item.left ? appTargetName(item.left) : undefined;
          if (name !== undefined && item.right && this.isCeleryConstructor(item.right)) this.createApp(name, item.right);
        }
      }
      for (const item of found) {
        if ('assignment' in item) {
          const { left, right } = item;
          if (left && right && (left.type === 'attribute' || left.type === 'subscript') && this.confReceiver(left.type === 'attribute' ? left.childForFieldName('object') : left.childForFieldName('value'))) {
            this.assignTarget(left, right, this.evaluator.evaluate(right));
          }
        } else {
          this.callStatement(item.call);
        }
      }
    } finally {
      this.conditionalDepth--;
    }
  }
}

/** The dotted path of an imported name: the scope records `from . import celery` as `..celery`, a dot more than its level. */
function importedPath(recorded: string): string {
  return /^\.{2,}\w+$/.test(recorded) ? recorded.slice(1) : recorded;
}



function extend(name: string, op: string | undefined, before: AbstractValue, addition: AbstractValue, span: SourceSpan): AbstractValue {
  if (op === '+=' && (before.kind === 'list' || before.kind === 'tuple') && (addition.kind === 'list' || addition.kind === 'tuple')) {
    const { items, cut } = concatFolded(before.items, addition.items);
    return { kind: before.kind, items, partial: before.partial || addition.partial || cut, span };
  }
  if (op === '+=' && (before.kind === 'str' || before.kind === 'template') && (addition.kind === 'str' || addition.kind === 'template')) {
    return makeTemplate([...(before.kind === 'str' ? [before.value] : before.parts), ...(addition.kind === 'str' ? [addition.value] : addition.parts)], span);
  }
  if (op === '|=' && before.kind === 'dict' && addition.kind === 'dict') {
    const { items, cut } = concatFolded(before.entries, addition.entries);
    return { kind: 'dict', entries: items, partial: before.partial || addition.partial || cut, span };
  }
  return unknown(`${name} ${op ?? ''} … is not folded`, span);
}


/** Where a dict entry's value is written: the name read there (`{'k': NAME}`), else the expression's own span. */
function writtenAt(value: AbstractValue): SourceSpan | undefined {
  if (value.site) return value.site;
  if (value.kind === 'oneOf' && value.options.length > 0 && value.options.every((o) => o.site === value.options[0]!.site)) return value.options[0]!.site ?? value.span;
  return value.span;
}

function namespaceOf(value: AbstractValue): string | null | undefined {
  if (value.kind === 'str') return value.value === '' ? null : value.value;
  if (value.kind === 'none') return null;
  return undefined;
}


