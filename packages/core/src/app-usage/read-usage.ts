// Reads how one module uses Celery, while its syntax tree is alive: task
// calls and what they pass, result waits and chords, autodiscover_tasks()
// calls, what its tasks' decorators say and what they return, and (for a
// Django settings module) the few Django settings Celery rules need. Names
// are followed through the module's final scope, which the engine has already
// linked to the modules it imports; nothing here decides a finding.
import { Evaluator, unknown } from '../evaluator';
import { DJANGO_RELEASES } from '../knowledge/django-settings.data';
import type { FileAnalysis, ModuleExports } from '../analysis-model';
import { isExtra, type SyntaxNode, type Tree } from '../parser';
import { mayAssignName, mayMentionName } from '../python-tokens';
import type { AbstractValue, SourceSpan, TaskDefinition } from '../types';
import { certaintyOf, possibilitiesOf, type HazardReader } from './json-hazards';
import { enclosingScope, reachingDefinitions } from './local-flow';
import { usageNodes, type UsageWords } from './usage-nodes';
import type { Autodiscovery, DefinedTask, DjangoSettingValue, KeywordValue, PassedValue, ResultWait, TaskCallKind } from './model';

/**
 * The Django settings rules read: every setting of every Django release the
 * table knows, the ones Django reads without a default (ROOT_URLCONF,
 * ASGI_APPLICATION), MIDDLEWARE_CLASSES (the list before Django 2.0), and
 * django-celery-beat's own.
 */
export const DJANGO_SETTINGS_READ: readonly string[] = [
  ...new Set([...DJANGO_RELEASES.flatMap((r) => Object.keys(r.defaults)), 'ROOT_URLCONF', 'ASGI_APPLICATION', 'MIDDLEWARE_CLASSES', 'DJANGO_CELERY_BEAT_TZ_AWARE']),
];

/** How a call names its task, before the project's files are put together. */
export type TaskReference =
  /** A name bound in this module: to a function here, or one imported from a linted module (same location). */
  | { readonly kind: 'slot'; readonly file: string; readonly start: number }
  /** `module.task` where the module is imported: resolved against the project's files later. */
  | { readonly kind: 'module'; readonly module: string; readonly level: number; readonly attribute: string }
  /** A task name as a string (`signature('proj.tasks.add')`). */
  | { readonly kind: 'name'; readonly name: string };

export interface ModuleTaskCall {
  readonly kind: TaskCallKind;
  readonly span: SourceSpan;
  readonly reference: TaskReference | undefined;
  readonly values: readonly PassedValue[];
  readonly options: ReadonlyMap<string, KeywordValue>;
}

export interface ModuleUsage {
  readonly file: string;
  readonly tasks: readonly DefinedTask[];
  readonly calls: readonly ModuleTaskCall[];
  readonly waits: readonly ResultWait[];
  readonly autodiscoveries: readonly Autodiscovery[];
  readonly djangoSettings: ReadonlyMap<string, DjangoSettingValue>;
}

const CALL_WORDS = /\.(delay|apply_async|si?|signature|send_task|retry|autodiscover_tasks)\s*\(|AsyncResult|\bchord\b|\bgroup\b|\bsignature\b/;

/** Whether a module may call, wait for or autodiscover tasks: a module without any of these words has none to read. */
export function mayUseTasks(text: string): boolean {
  return CALL_WORDS.test(text);
}
const RESULT_METHODS = new Set(['get', 'wait', 'ready', 'successful', 'failed', 'join', 'join_native', 'collect', 'forget', 'then']);
const RESULT_ATTRIBUTES = new Set(['state', 'status', 'result', 'info', 'traceback', 'date_done']);
const TASK_METHODS = new Set<string>(['delay', 'apply_async', 's', 'si', 'signature']);
/**
 * Text that every task result comes from (isResult): a `.delay`, `.apply_async`
 * or `AsyncResult` call (an import path is spelled in the module's own import
 * statements), or a call of a call or of a parenthesized expression
 * (`group(...)()`, `(a.s() | b.s())()`), whose `)` and `(` only whitespace,
 * comments and line continuations can part. A module without any holds no
 * result, and its many `.get()` calls need not be followed to their names.
 */
const RESULT_SOURCE = /delay|apply_async|AsyncResult|\)(?:\s|\\|#[^\n\r#]*)*\(/;
/** Every method name node() reads a call of. */
const METHODS_READ_WITHOUT_RESULTS: ReadonlySet<string> = new Set([...TASK_METHODS, 'autodiscover_tasks', 'send_task', 'retry', 'chord']);
const METHODS_READ: ReadonlySet<string> = new Set([...METHODS_READ_WITHOUT_RESULTS, ...RESULT_METHODS]);
/** The import paths of the functions node() reads a call of (with `celery` in them). */
const CELERY_FUNCTION_CALLED = /(^|\.)(chord|signature)$/;

function children(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return (node?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c && !isExtra(c));
}

/**
 * `trees`: the file's tree, or its pieces in order (the language server's).
 * `exports`: the module's scope as the engine left it, with imports linked.
 */
export function readModuleUsage(file: string, text: string, trees: readonly Tree[], analysis: FileAnalysis, exports: ModuleExports): ModuleUsage {
  const reader = new UsageReader(file, text, trees, exports);
  // Read for any module that may turn out to be Django settings (roles.ts decides after this read).
  const djangoSettings = analysis.kind !== 'app-module' ? reader.djangoSettings() : new Map<string, DjangoSettingValue>();
  // One test of the text for both questions: the expression costs 0.3% of a survey run's engine time each time.
  const mayCall = CALL_WORDS.test(text);
  if (analysis.tasks.length === 0 && !mayCall) {
    return { file, tasks: [], calls: [], waits: [], autodiscoveries: [], djangoSettings };
  }
  return reader.read(analysis.tasks, djangoSettings, mayCall);
}

class UsageReader {
  private readonly evaluator: Evaluator;
  private readonly hazards: HazardReader;
  private readonly calls: ModuleTaskCall[] = [];
  private readonly waits: ResultWait[] = [];
  private readonly autodiscoveries: Autodiscovery[] = [];
  /** A tree with syntax errors is not judged from its text (a MISSING token has no text). */
  private readonly broken: boolean;
  /** mayHoldResults, worked out when first asked. */
  private resultsPossible: boolean | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly trees: readonly Tree[],
    private readonly exports: ModuleExports,
  ) {
    const scope = exports.scope;
    this.broken = trees.some((t) => t.rootNode.hasError);
    this.evaluator = new Evaluator(file, { valueOf: (name) => scope.valueOf(name), importOf: (name) => scope.importOf(name) }, this.broken ? undefined : text);
    this.hazards = { file, importOf: (name) => scope.importOf(name) };
  }

  djangoSettings(): Map<string, DjangoSettingValue> {
    const out = new Map<string, DjangoSettingValue>();
    for (const name of DJANGO_SETTINGS_READ) {
      const slot = this.exports.scope.get(name);
      if (slot && slot.kind === 'value') out.set(name, { value: slot.value, keySpan: slot.keySpan, valueSpan: slot.valueSpan });
    }
    return out;
  }

  /** `mayCall`: whether the text has a word of CALL_WORDS. */
  read(definitions: readonly TaskDefinition[], djangoSettings: ReadonlyMap<string, DjangoSettingValue>, mayCall: boolean): ModuleUsage {
    const tasks = definitions.map((d) => this.definedTask(d));
    const taskAt = new Map(tasks.map((t) => [t.span.start, t]));
    if (mayCall) for (const node of this.nodesToRead()) this.node(node, taskAt);
    return { file: this.file, tasks, calls: this.calls, waits: this.waits, autodiscoveries: this.autodiscoveries, djangoSettings };
  }

  /** The calls, attributes and `|` operators node() can learn something from, in document order. */
  private nodesToRead(): SyntaxNode[] {
    const functions = new Set<string>();
    for (const [name, path] of this.exports.scope.importedNames()) if (CELERY_FUNCTION_CALLED.test(path) && /celery/.test(path)) functions.add(name);
    // Result methods and attributes say something only of a result.
    const words: UsageWords = this.mayHoldResults
      ? { methods: METHODS_READ, functions, attributes: RESULT_ATTRIBUTES, pipes: this.text.includes('|') }
      : { methods: METHODS_READ_WITHOUT_RESULTS, functions, attributes: new Set(), pipes: this.text.includes('|') };
    const found = usageNodes(this.text, this.trees, words);
    if (found) return found;
    // A non-ASCII name: a walk over the kinds of node that can say something (a chord needs a `|`, a result's attribute its name).
    const kinds = ['call'];
    if (words.pipes) kinds.push('binary_operator');
    if ([...RESULT_ATTRIBUTES].some((name) => mayMentionName(this.text, name))) kinds.push('attribute');
    return this.trees.flatMap((tree) => tree.rootNode.descendantsOfType(kinds).filter((n): n is SyntaxNode => !!n));
  }

  private span(node: SyntaxNode): SourceSpan {
    return { file: this.file, start: node.startIndex, end: node.endIndex };
  }

  private nodeAt(start: number, end: number): SyntaxNode | undefined {
    const tree = this.trees.find((t) => t.rootNode.startIndex <= start && end <= t.rootNode.endIndex);
    return tree?.rootNode.descendantForIndex(start, end) ?? undefined;
  }

  // ---------------------------------------------------------------------------
  // Tasks the module defines

  private definedTask(definition: TaskDefinition): DefinedTask {
    const name = this.nodeAt(definition.span.start, definition.span.end);
    const fn = name?.parent?.type === 'function_definition' ? name.parent : undefined;
    const decorated = fn?.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    const options = new Map<string, KeywordValue>();
    for (const decorator of children(decorated).filter((c) => c.type === 'decorator')) {
      const call = children(decorator)[0];
      if (call?.type !== 'call' || !/(^|\.)(shared_task|task)$/.test(call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '')) continue;
      for (const arg of children(call.childForFieldName('arguments'))) {
        const key = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
        const value = arg.childForFieldName('value');
        if (key && value) options.set(key, { value: this.fold(value), span: this.span(value) });
      }
    }
    const returns: PassedValue[] = [];
    const body = fn?.childForFieldName('body');
    if (body) {
      for (const ret of body.descendantsOfType('return_statement')) {
        // Nodes are fresh objects on every access: compare positions, not identity.
        if (!ret || enclosingScope(ret).startIndex !== fn!.startIndex) continue;
        const value = children(ret)[0];
        if (value) returns.push(this.passed(value));
      }
    }
    return { ...definition, options, returns };
  }

  // ---------------------------------------------------------------------------
  // Calls, waits, chords, autodiscovery

  private node(node: SyntaxNode, taskAt: ReadonlyMap<number, DefinedTask>): void {
    if (node.type === 'binary_operator') {
      // `group(...) | task.s()` makes a chord.
      const left = node.childForFieldName('left');
      if (node.childForFieldName('operator')?.type === '|' && left && this.isCanvas(left, 'group')) {
        this.waits.push({ span: this.span(node), what: `${shortText(node)} (a group chained into a task is a chord)`, kind: 'chord' });
      }
      return;
    }
    if (node.type === 'attribute') {
      const attribute = node.childForFieldName('attribute')?.text ?? '';
      const object = node.childForFieldName('object');
      if (RESULT_ATTRIBUTES.has(attribute) && object && node.parent?.type !== 'call' && this.isResult(object)) {
        this.waits.push({ span: this.span(node), what: shortText(node), kind: 'result' });
      }
      return;
    }
    const fn = node.childForFieldName('function');
    if (!fn) return;
    if (fn.type === 'identifier') {
      const path = this.exports.scope.importOf(fn.text) ?? fn.text;
      if (/(^|\.)chord$/.test(path) && /celery/.test(path)) this.waits.push({ span: this.span(node), what: shortText(node), kind: 'chord' });
      else if (/(^|\.)signature$/.test(path) && /celery/.test(path)) this.nameCall(node, 'signature');
      return;
    }
    if (fn.type !== 'attribute') return;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const receiver = fn.childForFieldName('object');
    if (!receiver) return;
    if (method === 'autodiscover_tasks') this.autodiscover(node);
    else if (method === 'send_task') this.nameCall(node, 'send_task');
    else if (method === 'retry') this.retry(node, receiver, taskAt);
    else if (TASK_METHODS.has(method)) this.taskCall(node, method as TaskCallKind, receiver);
    else if (RESULT_METHODS.has(method) && this.isResult(receiver)) this.waits.push({ span: this.span(node), what: shortText(node), kind: 'result' });
    else if (method === 'signature' || method === 'chord') this.nameCall(node, 'signature');
  }

  /** Whether some expression of the module can be a task result (RESULT_SOURCE). */
  private get mayHoldResults(): boolean {
    return (this.resultsPossible ??= this.broken || RESULT_SOURCE.test(this.text));
  }

  /** `group(...)` / `chord(...)` / `chain(...)` from Celery. */
  private isCanvas(node: SyntaxNode, name: string): boolean {
    if (node.type !== 'call') return false;
    const fn = node.childForFieldName('function');
    if (!fn) return false;
    const path = fn.type === 'identifier' ? (this.exports.scope.importOf(fn.text) ?? '') : (this.evaluator.dottedPath(fn) ?? '');
    return new RegExp(`(^|\\.)${name}$`).test(path) && /celery/.test(path);
  }

  /** An expression holding a task result: `t.delay(...)`, `AsyncResult(id)`, `group(...)()`, or a name only such values reach. */
  private isResult(node: SyntaxNode, depth = 0): boolean {
    if (depth > 4 || !this.mayHoldResults) return false;
    if (node.type === 'parenthesized_expression') {
      const inner = children(node)[0];
      return !!inner && this.isResult(inner, depth + 1);
    }
    if (node.type === 'identifier') {
      const scope = enclosingScope(node);
      if (scope.type !== 'function_definition' && scope.type !== 'module') return false;
      const name = node.text;
      // Only a value assigned to the name can be a result. Every dict's `.get()` is asked once a module calls
      // .delay, and many of those names are parameters (`request`, `kwargs`) or never assigned in the scope:
      // answered from its text, without walking the function up to the use (isResult: 2.0% -> 1.5% of a
      // survey run's engine time).
      if (!this.broken && !mayAssignName(this.text, name, scope.startIndex, scope.endIndex)) return false;
      const defs = reachingDefinitions(scope, node, name);
      return !!defs && defs.some((d) => d.kind === 'assigned' && this.isResult(d.value, depth + 1));
    }
    if (node.type !== 'call') return false;
    const fn = node.childForFieldName('function');
    if (!fn) return false;
    if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      return method === 'delay' || method === 'apply_async' || method === 'AsyncResult';
    }
    if (fn.type === 'identifier') return /(^|\.)AsyncResult$/.test(this.exports.scope.importOf(fn.text) ?? fn.text);
    // `group(...)()`, `(a.s() | b.s())()`: calling a canvas sends it.
    if (fn.type === 'call') return this.isCanvas(fn, 'group') || this.isCanvas(fn, 'chain') || this.isCanvas(fn, 'chord');
    return fn.type === 'parenthesized_expression' && children(fn)[0]?.type === 'binary_operator';
  }

  private autodiscover(node: SyntaxNode): void {
    const args = children(node.childForFieldName('arguments'));
    const keyword = (name: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value');
    const positional = args.filter((a) => a.type !== 'keyword_argument');
    const listed = positional[0] ?? keyword('packages');
    const related = positional[1] ?? keyword('related_name');
    let packages: Autodiscovery['packages'];
    if (listed && listed.type !== 'lambda') {
      const value = this.fold(listed);
      if ((value.kind === 'list' || value.kind === 'tuple') && !value.partial && value.items.every((i) => i.kind === 'str')) {
        packages = value.items.map((i) => ({ name: (i as { value: string }).value, span: i.span ?? this.span(listed) }));
      }
    }
    let relatedName: string | null | undefined = 'tasks';
    if (related) {
      const value = this.fold(related);
      relatedName = value.kind === 'str' ? value.value : value.kind === 'none' ? null : undefined;
    }
    this.autodiscoveries.push({ span: this.span(node), packages, relatedName });
  }

  /** `task.delay(...)`, `.apply_async(...)`, `.s(...)`, `.si(...)`, `.signature(...)` on a task. */
  private taskCall(node: SyntaxNode, kind: TaskCallKind, receiver: SyntaxNode): void {
    const reference = this.reference(receiver);
    if (!reference) return;
    const args = children(node.childForFieldName('arguments'));
    if (kind === 'delay' || kind === 's' || kind === 'si') {
      this.calls.push({ kind, span: this.span(node), reference, values: this.spreadArguments(args), options: new Map() });
      return;
    }
    this.calls.push({ kind, span: this.span(node), reference, ...this.argsKwargsOptions(args, 0) });
  }

  /** `signature('name', args=..., kwargs=...)` and `app.send_task('name', args=..., ...)`: a task by its name. */
  private nameCall(node: SyntaxNode, kind: TaskCallKind): void {
    const args = children(node.childForFieldName('arguments'));
    const first = args[0] && args[0].type !== 'keyword_argument' ? args[0] : args.find((a) => a.type === 'keyword_argument' && /^(varies|name)$/.test(a.childForFieldName('name')?.text ?? ''))?.childForFieldName('value');
    const name = first ? this.fold(first) : undefined;
    const reference: TaskReference | undefined = name?.kind === 'str' ? { kind: 'name', name: name.value } : undefined;
    this.calls.push({ kind, span: this.span(node), reference, ...this.argsKwargsOptions(args, 1) });
  }

  /** `self.retry(countdown=...)` inside a bound task. */
  private retry(node: SyntaxNode, receiver: SyntaxNode, taskAt: ReadonlyMap<number, DefinedTask>): void {
    const fn = enclosingScope(node);
    const task = fn.type === 'function_definition' ? taskAt.get(fn.childForFieldName('name')?.startIndex ?? -1) : undefined;
    if (!task) return;
    const self = fn.childForFieldName('parameters')?.namedChildren[0];
    if (receiver.type !== 'identifier' || self?.text !== receiver.text) return;
    const { values, options } = this.argsKwargsOptions(children(node.childForFieldName('arguments')), Infinity);
    this.calls.push({ kind: 'retry', span: this.span(node), reference: { kind: 'slot', file: task.file, start: task.span.start }, values, options });
  }

  /** How the receiver of `.delay` names its task. */
  private reference(receiver: SyntaxNode): TaskReference | undefined {
    const scope = this.exports.scope;
    if (receiver.type === 'identifier') {
      // A name the function binds itself is not the module's task.
      const local = enclosingScope(receiver);
      if (local.type === 'function_definition') {
        const defs = reachingDefinitions(local, receiver, receiver.text);
        if (!defs || defs.some((d) => d.kind !== 'opaque' || !/is not assigned in this function/.test(d.why))) return undefined;
      }
      const slot = scope.get(receiver.text);
      if (slot && slot.kind === 'function') return { kind: 'slot', file: slot.keySpan.file, start: slot.keySpan.start };
      const path = scope.importOf(receiver.text);
      return path ? moduleReference(path) : undefined;
    }
    if (receiver.type === 'attribute') {
      const object = receiver.childForFieldName('object');
      const attribute = receiver.childForFieldName('attribute')?.text;
      if (object?.type !== 'identifier' || !attribute) return undefined;
      const path = scope.importOf(object.text);
      if (!path || scope.get(object.text)?.kind === 'value') return undefined;
      const module = moduleReference(path);
      return module?.kind === 'module' ? { kind: 'module', module: joinModule(module.module, module.attribute), level: module.level, attribute } : undefined;
    }
    return undefined;
  }

  /** Arguments as task arguments: `*args`/`**kwargs` are left out (their contents are not known). */
  private spreadArguments(args: readonly SyntaxNode[]): PassedValue[] {
    const out: PassedValue[] = [];
    for (const arg of args) {
      if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') continue;
      const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
      if (value) out.push(this.passed(value));
    }
    return out;
  }

  /** `(args, kwargs, **options)` from position `first` on (apply_async: 0; signature('name', ...): 1; retry: keywords only). */
  private argsKwargsOptions(args: readonly SyntaxNode[], first: number): { values: PassedValue[]; options: Map<string, KeywordValue> } {
    const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
    const options = new Map<string, KeywordValue>();
    let argsNode: SyntaxNode | undefined = Number.isFinite(first) ? positional[first] : undefined;
    let kwargsNode: SyntaxNode | undefined = Number.isFinite(first) ? positional[first + 1] : undefined;
    for (const arg of args) {
      if (arg.type !== 'keyword_argument') continue;
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (!name || !value) continue;
      if (name === 'args') argsNode = value;
      else if (name === 'kwargs') kwargsNode = value;
      else options.set(name, { value: this.fold(value), span: this.span(value) });
    }
    const values: PassedValue[] = [];
    for (const container of [argsNode, kwargsNode]) {
      if (!container) continue;
      const items = container.type === 'tuple' || container.type === 'list' ? children(container) : container.type === 'dictionary' ? children(container).map((p) => (p.type === 'pair' ? p.childForFieldName('value') : null)) : [container];
      for (const item of items) if (item && item.type !== 'list_splat' && item.type !== 'dictionary_splat') values.push(this.passed(item));
    }
    return { values, options };
  }

  private passed(node: SyntaxNode): PassedValue {
    const found = certaintyOf(possibilitiesOf(node, this.hazards));
    return { span: this.span(node), ...(found ? { hazards: { kinds: found.hazards, certainty: found.certainty } } : {}) };
  }

  /**
   * A keyword's value, folded by the evaluator when every name in it is a
   * module name (the evaluator knows module names only; a local variable of
   * the same name would be read wrongly, so then the value stays unknown).
   */
  private fold(node: SyntaxNode): AbstractValue {
    const scope = enclosingScope(node);
    if (scope.type === 'function_definition' || scope.type === 'lambda') {
      for (const id of node.descendantsOfType('identifier')) {
        if (!id || isAttributeName(id) || id.parent?.type === 'keyword_argument') continue;
        const defs = scope.type === 'function_definition' ? reachingDefinitions(scope, id, id.text) : undefined;
        if (!defs || defs.some((d) => d.kind !== 'opaque' || !/is not assigned in this function/.test(d.why))) {
          return unknown(`${id.text} is a local name`, this.span(node));
        }
      }
    }
    return this.evaluator.evaluate(node);
  }
}

function isAttributeName(id: SyntaxNode): boolean {
  const parent = id.parent;
  return parent?.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === id.startIndex;
}

/**
 * An import path as the module scope records it (`.tasks.send`, `proj.tasks`,
 * `..tasks` for `from . import tasks`) as a module and the name taken from it.
 */
function moduleReference(path: string): TaskReference | undefined {
  const dots = /^\.*/.exec(path)![0].length;
  const rest = path.slice(dots);
  if (!rest) return undefined;
  const cut = rest.lastIndexOf('.');
  // `from . import tasks` is recorded as '..tasks': its module is the package itself.
  if (cut < 0) return dots > 0 ? { kind: 'module', module: '', level: dots - 1, attribute: rest } : { kind: 'module', module: '', level: 0, attribute: rest };
  return { kind: 'module', module: rest.slice(0, cut), level: dots, attribute: rest.slice(cut + 1) };
}

function joinModule(module: string, attribute: string): string {
  return module ? `${module}.${attribute}` : attribute;
}

function shortText(node: SyntaxNode): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
