// The Celery apps a module makes or uses, and what is known of each: the
// `Celery(...)` call and its keyword arguments, a namespace, a config source,
// the changes written to its `conf` (conf-writes.ts reads the statements that
// write them), and where importing the module first reads the configuration.
// An app made elsewhere (`from proj.celery import app`, `current_app`) is
// known here by what this module does to it. Subclasses of Celery
// (`class PortalCelery(Celery)`) are app classes: their instances are apps.
import type { AppModel, ConfigSourceRef, ModuleExports, RawBinding } from './analysis-model';
import type { CalledFunction, PythonBinder } from './python-binder';
import type { ClassDefinitions, ClassHeader } from './class-definitions';
import { appTargetName, type ImportTimeRead } from './conf-reads';
import { oneOf } from './evaluator';
import { isExtra, type SyntaxNode } from './parser';
import type { AbstractValue, BindingOrigin, SourceSpan } from './types';

/** Celery.__init__ parameters that are not configuration (celery/app/base.py). */
const CELERY_INIT_PARAMETERS = new Set([
  'main', 'loader', 'amqp', 'events', 'log', 'control', 'set_as_current', 'tasks', 'fixups',
  'task_cls', 'autofinalize', 'strict_typing', 'namespace', 'config_source', 'changes',
]);
const CELERY_INIT_ALIASES: Readonly<Record<string, string>> = { broker: 'broker_url', backend: 'result_backend', include: 'include' };
/** `Celery`, `celery.Celery`, or Celery reached through any other module path. */
function isCeleryPath(path: string): boolean {
  return path === 'Celery' || path.endsWith('.Celery');
}

export class CeleryApps {
  /** By the name the module binds each to (`app`, `self.app`). */
  readonly apps = new Map<string, AppModel>();
  /** Subclasses of Celery visible here, with what their methods write to `self.conf` (each instance is an app). */
  readonly celerySubclasses = new Map<string, RawBinding[]>();

  constructor(
    private readonly binder: PythonBinder,
    private readonly classes: ClassDefinitions,
  ) {}

  /**
   * Whether a call of `fn` may construct an app (isCeleryConstructor says for
   * sure), judged from its text: `env.int(...)` and `os.environ.get(...)`
   * lines, common in settings, then stay plain assignments.
   */
  mayConstructApp(fn: CalledFunction): boolean {
    // dottedPath keeps an attribute's own name, so only `<x>.Celery` can resolve to a path ending in `.Celery`.
    if (fn.type === 'attribute') return /\bCelery$/.test(fn.text);
    if (fn.type !== 'identifier') return false;
    // For a name, dottedPath is its import or itself: isCeleryClass's test, read from the text.
    return this.celerySubclasses.has(fn.text) || isCeleryPath(this.binder.scope.importOf(fn.text) ?? fn.text);
  }

  isCeleryConstructor(node: SyntaxNode): boolean {
    if (node.type !== 'call') return false;
    const fn = node.childForFieldName('function');
    return !!fn && this.isCeleryClass(fn);
  }

  /** `Celery`, `celery.Celery`, or a subclass of it defined in this module. */
  isCeleryClass(node: SyntaxNode): boolean {
    if (node.type === 'identifier' && this.celerySubclasses.has(node.text)) return true;
    return isCeleryPath(this.binder.evaluator.dottedPath(node) ?? '');
  }

  /** `app = Celery(...)` (and `a = b = Celery(...)`, `self.app = ...`): each target names a new app. */
  assigning(targets: readonly SyntaxNode[], value: SyntaxNode): void {
    if (!this.isCeleryConstructor(value)) return;
    for (const target of targets) {
      const name = appTargetName(target);
      if (name !== undefined) this.createApp(name, value);
    }
  }

  /**
   * `class PortalCelery(Celery)` (Flask's init_app pattern): its instances are
   * apps, and what its methods write to `self.conf` applies to each instance
   * on the paths that call them, so those writes are possibilities.
   */
  readCelerySubclass({ name, body, bases }: ClassHeader): void {
    const inherited = bases.flatMap((b) => (b.type === 'identifier' ? (this.celerySubclasses.get(b.text) ?? []) : []));
    const saved = this.apps.get('self');
    const self: AppModel = { name: 'self', span: this.binder.span(body), implicit: false, namespace: undefined, changes: [], configSource: undefined, opaque: [] };
    this.apps.set('self', self);
    try {
      this.binder.conditionally(() => {
        for (const statement of body.descendantsOfType('expression_statement')) {
          if (statement && /^self\s*\.\s*conf\b/.test(statement.text)) this.binder.statement(statement);
        }
      });
    } finally {
      if (saved) this.apps.set('self', saved);
      else this.apps.delete('self');
    }
    this.celerySubclasses.set(name, [...inherited, ...self.changes]);
  }

  createApp(name: string, call: SyntaxNode): void {
    const fn = call.childForFieldName('function');
    const fromSubclass = fn?.type === 'identifier' ? (this.celerySubclasses.get(fn.text) ?? []) : [];
    const app: AppModel = { name, span: this.binder.span(call), implicit: false, namespace: undefined, changes: [...fromSubclass], configSource: undefined, opaque: [] };
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
        app.namespace = namespaceOf(this.binder.evaluator.evaluate(valueNode));
      } else if (key === 'config_source') {
        app.configSource = this.configSource(valueNode);
      } else if (key === 'changes') {
        const value = this.binder.evaluator.evaluate(valueNode);
        this.addMapping(app, value, valueNode, 'celery-changes', call.startIndex);
      } else if (!CELERY_INIT_PARAMETERS.has(key)) {
        const aliasOf = CELERY_INIT_ALIASES[key];
        const value = this.binder.evaluator.evaluate(valueNode);
        // Celery.__autoset stores only values that are not None.
        if (value.kind === 'none') continue;
        this.addChange(app, {
          key,
          value,
          keySpan: this.binder.span(nameNode),
          valueSpan: this.binder.span(valueNode),
          origin: 'celery-kwarg',
          ...(aliasOf ? { aliasOf } : {}),
        }, call.startIndex);
      }
    }
  }

  /**
   * `Celery(..., **mapping)`: a mapping celery-lint reads gives keyword
   * arguments like written ones; one of Celery()'s own parameters, or a
   * mapping it cannot read, stays opaque.
   */
  private celerySplat(app: AppModel, arg: SyntaxNode, at: number): void {
    const inner = arg.namedChildren.find((c) => c && !isExtra(c));
    const mapping = inner ? this.binder.evaluator.evaluate(inner) : undefined;
    const opaque = () => app.opaque.push({ span: this.binder.span(arg), reason: 'Celery(**…) with keyword arguments celery-lint cannot read', layer: 'autoset' });
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
      const keySpan = entry.key.span ?? this.binder.span(arg);
      this.addChange(app, { key, value: entry.value, keySpan, valueSpan: writtenAt(entry.value) ?? keySpan, origin: 'celery-kwarg', ...(aliasOf ? { aliasOf } : {}) }, at);
    }
    if (unread) opaque();
  }

  /** The app whose `conf` this expression is (`app.conf`), creating an implicit app for imported ones. */
  confReceiver(node: SyntaxNode | null): AppModel | undefined {
    if (!node || node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'conf') return undefined;
    return this.appFor(node.childForFieldName('object'));
  }

  /** `loadsConfiguration`: the node receives config_from_object() or a sibling, which only apps have. */
  appFor(node: SyntaxNode | null, loadsConfiguration = false): AppModel | undefined {
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
    const imported = this.binder.scope.importOf(node.text);
    if (!imported && node.text !== 'current_app' && !(loadsConfiguration && this.madeByCall(node.text))) return undefined;
    const app: AppModel = { name: node.text, span: this.binder.span(node), implicit: true, ...(imported ? { importedAs: imported } : {}), namespace: undefined, changes: [], configSource: undefined, opaque: [] };
    this.apps.set(node.text, app);
    return app;
  }

  /** A name bound to what a call returned, which celery-lint cannot follow. */
  private madeByCall(name: string): boolean {
    const slot = this.binder.scope.get(name);
    if (slot?.kind !== 'value') return false;
    const value = slot.value;
    return value.kind === 'call' || (value.kind === 'unknown' && value.envVar === undefined);
  }

  addChange(app: AppModel, binding: RawBinding, at: number): void {
    const value = this.binder.conditional ? oneOf([binding.value, { kind: 'unset' }]) : binding.value;
    app.changes.push({ ...binding, value, appliedAt: at });
  }

  addMapping(app: AppModel, mapping: AbstractValue, node: SyntaxNode, origin: BindingOrigin, at: number = node.startIndex, group?: number): void {
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
      app.opaque.push({ span: this.binder.span(node), reason: 'configuration from a mapping celery-lint cannot read', layer });
      return;
    }
    for (const entry of mapping.entries) {
      if (entry.key.kind !== 'str') {
        app.opaque.push({ span: entry.key.span ?? this.binder.span(node), reason: 'a configuration key celery-lint cannot read', layer });
        continue;
      }
      this.addChange(app, {
        key: entry.key.value,
        value: entry.value,
        keySpan: entry.key.span ?? this.binder.span(node),
        valueSpan: writtenAt(entry.value) ?? entry.key.span ?? this.binder.span(node),
        origin,
        ...(group !== undefined ? { group } : {}),
      }, at);
    }
    if (mapping.partial) app.opaque.push({ span: this.binder.span(node), reason: 'part of this mapping cannot be read', layer });
  }

  configSource(node: SyntaxNode): ConfigSourceRef {
    const span = this.binder.span(node);
    if (node.type === 'identifier') {
      const cls = this.classes.bindingsOf(node.text);
      if (cls) return { kind: 'bindings', label: `class ${node.text}`, bindings: cls, span };
      const imported = this.binder.scope.importOf(node.text);
      if (imported) return { kind: 'module-path', path: imported, span };
    }
    const value = this.binder.evaluator.evaluate(node);
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

  /** `self.namespace = namespace or self.namespace`: None or '' keeps the namespace the app has. */
  setNamespace(app: AppModel, node: SyntaxNode): void {
    const namespace = namespaceOf(this.binder.evaluator.evaluate(node));
    if (namespace !== null) app.namespace = namespace;
  }

  /** The reads of `conf` that importing the module performs: Celery finalizes the configuration at the first, so later writes are no longer pending changes. */
  noteFirstReads(reads: readonly ImportTimeRead[]): void {
    for (const read of reads) {
      const app = this.apps.get(read.receiver);
      if (app && (app.firstRead === undefined || read.at < app.firstRead)) {
        app.firstRead = read.at;
        app.firstReadBy = {
          span: { file: this.binder.file, start: read.at, end: read.callEnd ?? read.at + read.receiver.length + '.conf'.length },
          how: read.callEnd === undefined ? `reads ${read.receiver}.conf` : `a call of a function that reads ${read.receiver}.conf`,
        };
      }
    }
  }

  /** `from x import local`: a Celery subclass there is one here. */
  nameImported(local: string, name: string, exports: ModuleExports): void {
    const subclass = exports.celerySubclasses.get(name);
    if (subclass) this.celerySubclasses.set(local, subclass);
  }

  /** `from x import *`: its public Celery subclasses. */
  starImported(exports: ModuleExports): void {
    for (const [name, changes] of exports.celerySubclasses) if (!name.startsWith('_')) this.celerySubclasses.set(name, changes);
  }
}

/** Where a dict entry's value is written: the name read there (`{'k': NAME}`), else the expression's own span. */
export function writtenAt(value: AbstractValue): SourceSpan | undefined {
  if (value.site) return value.site;
  if (value.kind === 'oneOf' && value.options.length > 0 && value.options.every((o) => o.site === value.options[0]!.site)) return value.options[0]!.site ?? value.span;
  return value.span;
}

export function namespaceOf(value: AbstractValue): string | null | undefined {
  if (value.kind === 'str') return value.value === '' ? null : value.value;
  if (value.kind === 'none') return null;
  return undefined;
}
