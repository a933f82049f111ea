// The statements that configure a Celery app, read into its model
// (celery-apps.ts): `app.conf.x = v`, `app.conf['x'] = v`,
// `app.conf.update(...)`, `app.conf.setdefault(...)`, `config_from_object()`,
// `config_from_envvar()`, `add_defaults()`; and the same statements inside
// functions and classes (app factories, Flask's make_celery), read after the
// module's top level as possibilities.
import type { AppModel } from './analysis-model';
import type { MethodCall } from './call-shape';
import type { CeleryApps } from './celery-apps';
import { appTargetName } from './conf-reads';
import type { EnvironmentWrites } from './environment-writes';
import type { SyntaxNode } from './parser';
import type { PythonBinder } from './python-binder';
import { assignmentsAndExpressionStatements } from './statement-nodes';
import type { AbstractValue } from './types';

/** Celery app methods that load configuration: the calls that make a name an app. */
const APP_CONFIG_METHODS: ReadonlySet<string> = new Set(['config_from_object', 'config_from_envvar', 'add_defaults']);

export class ConfWrites {
  constructor(
    private readonly binder: PythonBinder,
    private readonly apps: CeleryApps,
    private readonly environment: EnvironmentWrites,
  ) {}

  /** `app.conf.name = value`. */
  attributeAssigned(target: SyntaxNode, valueNode: SyntaxNode, value: AbstractValue): void {
    const conf = this.apps.confReceiver(target.childForFieldName('object'));
    const attr = target.childForFieldName('attribute');
    if (conf && attr) {
      this.apps.addChange(conf, { key: attr.text, value, keySpan: this.binder.span(attr), valueSpan: this.binder.span(valueNode), origin: 'conf-attribute' }, target.startIndex);
    }
  }

  /** `app.conf[key] = value` (`conf`: the app). */
  itemAssigned(conf: AppModel, target: SyntaxNode, index: SyntaxNode, key: AbstractValue, valueNode: SyntaxNode, value: AbstractValue): void {
    if (key.kind === 'str') {
      this.apps.addChange(conf, { key: key.value, value, keySpan: this.binder.span(index), valueSpan: this.binder.span(valueNode), origin: 'conf-item' }, target.startIndex);
    } else {
      conf.opaque.push({ span: this.binder.span(target), reason: 'app.conf[...] with a key celery-lint cannot read', layer: 'pending' });
    }
  }

  /**
   * `app.conf.update(...)`, `app.conf.setdefault(...)`, and the app methods
   * that load configuration (`config_from_object`, `config_from_envvar`,
   * `add_defaults`); true when the call is one.
   */
  methodCall(call: MethodCall): boolean {
    const { node, method, receiver, args, positional, keyword } = call;
    const conf = this.apps.confReceiver(receiver);
    if (conf && method === 'update') {
      for (const arg of args) {
        if (arg.type === 'keyword_argument') {
          const nameNode = arg.childForFieldName('name');
          const valueNode = arg.childForFieldName('value');
          if (nameNode && valueNode) {
            this.apps.addChange(conf, { key: nameNode.text, value: this.binder.evaluator.evaluate(valueNode), keySpan: this.binder.span(nameNode), valueSpan: this.binder.span(valueNode), origin: 'conf-update' }, node.startIndex);
          }
        } else if (arg.type === 'dictionary_splat') {
          const inner = arg.namedChildren[0];
          if (inner) this.apps.addMapping(conf, this.binder.evaluator.evaluate(inner), arg, 'conf-update', node.startIndex);
        } else {
          this.apps.addMapping(conf, this.binder.evaluator.evaluate(arg), arg, 'conf-update', node.startIndex);
        }
      }
      return true;
    }
    if (conf && method === 'setdefault' && positional.length >= 1) {
      const key = this.binder.evaluator.evaluate(positional[0]!);
      const value: AbstractValue = positional[1] ? this.binder.evaluator.evaluate(positional[1]) : { kind: 'none' };
      if (key.kind === 'str') {
        const valueNode = positional[1] ?? positional[0]!;
        this.apps.addChange(conf, { key: key.value, value, keySpan: this.binder.span(positional[0]!), valueSpan: this.binder.span(valueNode), origin: 'conf-setdefault' }, node.startIndex);
      } else conf.opaque.push({ span: this.binder.span(node), reason: 'app.conf.setdefault(...) with a key celery-lint cannot read', layer: 'pending' });
      return true;
    }
    // Only methods of a Celery app make an imported name an app: `sentry_sdk.init()`
    // or `logging.basicConfig()` in a settings module must not turn it into an app module.
    const app = conf || !APP_CONFIG_METHODS.has(method ?? '') ? undefined : this.apps.appFor(receiver, true);
    if (app && method === 'config_from_object') {
      const source = positional[0] ?? keyword('obj');
      if (source) {
        app.configSource = this.apps.configSource(source);
        app.sourceAt = node.startIndex;
      }
      // config_from_object(obj, silent=False, force=False, namespace=None)
      const ns = keyword('namespace') ?? positional[3] ?? null;
      if (ns) this.apps.setNamespace(app, ns);
      return true;
    }
    if (app && method === 'config_from_envvar') {
      // config_from_envvar(variable_name, silent=False, force=False): any other keyword is a TypeError at import.
      const stray = args.map((a) => (a.type === 'keyword_argument' ? a.childForFieldName('name') : null)).find((n) => n && !['variable_name', 'silent', 'force'].includes(n.text));
      if (stray && !app.raises) app.raises = { type: 'TypeError', message: `Celery.config_from_envvar() got an unexpected keyword argument '${stray.text}'`, span: this.binder.span(stray) };
      const variable = this.binder.evaluator.evaluate(positional[0] ?? node);
      app.sourceAt = node.startIndex;
      const written = variable.kind === 'str' ? this.environment.lastWrite(variable.value) : undefined;
      if (written && written.value.kind === 'str' && written.value.value !== '') {
        // The project sets the variable itself before the call: the module it names is the source.
        app.configSource = { kind: 'module-path', path: written.value.value, span: this.binder.span(node) };
        const ns = keyword('namespace');
        if (ns) this.apps.setNamespace(app, ns);
        return true;
      }
      app.configSource = {
        kind: 'opaque',
        reason: `configuration is loaded from the module named by $${variable.kind === 'str' ? variable.value : '…'}`,
        span: this.binder.span(node),
      };
      const ns = keyword('namespace');
      if (ns) this.apps.setNamespace(app, ns);
      return true;
    }
    if (app && method === 'add_defaults') {
      const arg = positional[0];
      const value = arg ? this.binder.evaluator.evaluate(arg) : undefined;
      if (arg && value?.kind === 'dict') {
        const group = app.addDefaultsCalls ?? 0;
        app.addDefaultsCalls = group + 1;
        this.apps.addMapping(app, value, arg, 'add-defaults', node.startIndex, group);
      } else app.opaque.push({ span: this.binder.span(node), reason: 'app.add_defaults(...) with settings celery-lint cannot read (a function, or a mapping built at run time)', layer: 'add-defaults' });
      return true;
    }
    return false;
  }

  /** Calls and assignments inside functions and classes, read after the module's top level. */
  nestedOperations(root: SyntaxNode): void {
    // Only a call that is a statement of its own is read (`app.conf.update(...)`, not `f(app.conf.update(...))`):
    // asking for statements rather than for every call spares making a node, and asking its parent, for each call
    // of the module. A statement's calls come right after it in document order, as they did among all calls.
    const found: Array<{ readonly call: SyntaxNode } | { readonly assignment: SyntaxNode; readonly left: SyntaxNode | null; readonly right: SyntaxNode | null }> = [];
    for (const node of assignmentsAndExpressionStatements(root, this.binder.plainAssignments)) {
      if (node.type === 'assignment') {
        if (!this.binder.handled.has(node.startIndex)) found.push({ assignment: node, left: node.childForFieldName('left'), right: node.childForFieldName('right') });
        continue;
      }
      for (const child of node.namedChildren) if (child?.type === 'call' && !this.binder.handled.has(child.startIndex)) found.push({ call: child });
    }
    this.binder.conditionally(() => {
      for (const item of found) {
        if ('assignment' in item) {
          const name = item.left ? appTargetName(item.left) : undefined;
          if (name !== undefined && item.right && this.apps.isCeleryConstructor(item.right)) this.apps.createApp(name, item.right);
        }
      }
      for (const item of found) {
        if ('assignment' in item) {
          const { left, right } = item;
          if (left && right && (left.type === 'attribute' || left.type === 'subscript') && this.apps.confReceiver(left.type === 'attribute' ? left.childForFieldName('object') : left.childForFieldName('value'))) {
            this.binder.assignTarget(left, right, this.binder.evaluator.evaluate(right));
          }
        } else {
          this.binder.callStatement(item.call);
        }
      }
    });
  }
}
