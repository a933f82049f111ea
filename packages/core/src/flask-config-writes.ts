// What a module does to its Flask apps' `app.config` (`from_object()`,
// `update()`, `from_mapping()`, `app.config['KEY'] = ...`), recorded in
// FlaskConfigs (flask-config.ts) so the evaluator can fold a comprehension
// that picks Celery's settings out of it.
import type { Importer, ModuleExports, RawBinding } from './analysis-model';
import type { MethodCall } from './call-shape';
import type { ClassDefinitions } from './class-definitions';
import { entriesOfMapping, isFlaskClass, isUpperName, type FlaskConfigs } from './flask-config';
import type { SyntaxNode } from './parser';
import type { CalledFunction, PythonBinder } from './python-binder';
import type { AbstractValue, DictEntry } from './types';

export class FlaskConfigWrites {
  constructor(
    private readonly binder: PythonBinder,
    /** Module-level Flask apps' `app.config`, as the module writes it. */
    private readonly configs: FlaskConfigs,
    private readonly classes: ClassDefinitions,
    private readonly importer: Importer | undefined,
  ) {}

  /** `Flask(...)` or `flask.Flask(...)`, read from the called function's text. */
  mayConstruct(fn: CalledFunction): boolean {
    if (fn.type === 'attribute') return fn.text === 'flask.Flask';
    return fn.type === 'identifier' && isFlaskClass(this.binder.scope.importOf(fn.text) ?? fn.text);
  }

  /** `app = Flask(...)`: each name target is a Flask app from here on. */
  assigning(targets: readonly SyntaxNode[], value: SyntaxNode): void {
    const fn = value.type === 'call' ? value.childForFieldName('function') : null;
    if (fn && isFlaskClass(this.binder.evaluator.dottedPath(fn))) {
      for (const target of targets) if (target.type === 'identifier') this.configs.create(target.text, this.binder.scope.now, this.binder.span(value));
    }
  }

  /** `app.config[key] = value`: true when `container` is a Flask app's config. */
  itemAssigned(container: SyntaxNode, key: AbstractValue, value: AbstractValue): boolean {
    const flaskApp = this.configOf(container);
    if (flaskApp === undefined) return false;
    const entries = key.kind === 'str' ? [{ key, value }] : [];
    this.configs.write(flaskApp, this.binder.scope.now, entries, key.kind !== 'str' || this.binder.conditional);
    return true;
  }

  /** `app.config.<method>(...)`: true when the receiver is a Flask app's config. */
  methodCall({ method, receiver, args }: MethodCall): boolean {
    const flaskApp = receiver ? this.configOf(receiver) : undefined;
    if (flaskApp === undefined || !method) return false;
    this.configCall(flaskApp, method, args);
    return true;
  }

  /** The Flask app whose `config` `node` is (`app.config`), if it is one this module made. */
  private configOf(node: SyntaxNode): string | undefined {
    if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'config') return undefined;
    const object = node.childForFieldName('object');
    return object?.type === 'identifier' && this.configs.has(object.text) ? object.text : undefined;
  }

  /** `app.config.from_object(...)`, `.update(...)`, `.from_mapping(...)`; any other method leaves the config partly unknown. */
  private configCall(app: string, method: string, args: readonly SyntaxNode[]): void {
    const at = this.binder.scope.now;
    const conditional = this.binder.conditional;
    if (method === 'from_object' && args.length === 1 && args[0]!.type !== 'keyword_argument') {
      const loaded = this.fromObject(args[0]!);
      this.configs.write(app, at, loaded?.entries ?? [], !loaded || loaded.partial || conditional);
      return;
    }
    if (method === 'update' || method === 'from_mapping') {
      const entries: DictEntry[] = [];
      let partial = conditional;
      for (const arg of args) {
        if (arg.type === 'keyword_argument') {
          const name = arg.childForFieldName('name');
          const value = arg.childForFieldName('value');
          if (name && value) entries.push({ key: { kind: 'str', value: name.text, literal: false, span: this.binder.span(name) }, value: this.binder.evaluator.evaluate(value) });
          continue;
        }
        const mapping = entriesOfMapping(this.binder.evaluator.evaluate(arg.type === 'dictionary_splat' ? (arg.namedChildren[0] ?? arg) : arg));
        entries.push(...mapping.entries);
        partial ||= mapping.partial;
      }
      this.configs.write(app, at, entries, partial);
      return;
    }
    // from_pyfile, from_envvar, from_file, from_prefixed_env...: keys celery-lint does not read.
    if (/^(from_|update|setdefault)/.test(method)) this.configs.write(app, at, [], true);
  }

  /** What Flask's from_object() takes from its argument: the UPPERCASE attributes of a class or module celery-lint reads. */
  private fromObject(node: SyntaxNode): { entries: DictEntry[]; partial: boolean } | undefined {
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
      const cls = this.classes.bindingsOf(node.text);
      if (cls) return fromBindings(cls);
    }
    const path = node.type === 'identifier' ? this.binder.scope.importOf(node.text) : (() => {
      const value = this.binder.evaluator.evaluate(node);
      return value.kind === 'str' ? value.value.replace(':', '.') : undefined;
    })();
    if (!path || path.startsWith('.')) return undefined;
    const module = this.importer?.(this.binder.file, path, 0)?.exports;
    if (module) return fromModule(module);
    const dot = path.lastIndexOf('.');
    const owner = dot > 0 ? this.importer?.(this.binder.file, path.slice(0, dot), 0)?.exports : undefined;
    const cls = owner?.classes.get(path.slice(dot + 1));
    return cls ? fromBindings(cls) : undefined;
  }
}
