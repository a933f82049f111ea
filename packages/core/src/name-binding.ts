// Binding for the statements that give a module name its value: assignments
// (chained, unpacking, annotated), `+=` and `|=`, `del`, `def` and `class`, and
// a module-level list or dict changed in place (`INSTALLED_APPS.append(...)`,
// `CONFIG.update(...)`). What a name holds is computed when first asked. A
// target that is no plain name (`app.conf.x`, `os.environ['X']`) goes to the
// interpreters first: only they know what writing there means.
import type { MethodCall } from './call-shape';
import { concatFolded, makeTemplate, unknown, type Evaluator } from './evaluator';
import type { ModuleScope } from './module-scope';
import { isExtra, type SyntaxNode } from './parser';
import type { AbstractValue, SourceSpan } from './types';

/** What an interpreter makes of an assignment the binder reads (see StatementInterpreter, python-binder.ts). */
export interface AssignmentInterpreter {
  /** `targets = value`, before the names are bound: the value may make an object the interpreters follow (an app). */
  assigning(targets: readonly SyntaxNode[], value: SyntaxNode): void;
  /** `x.attr = value`. */
  assignedAttribute(target: SyntaxNode, valueNode: SyntaxNode, value: AbstractValue): void;
  /** `container[key] = value`; true when the interpreter took it, else the binder updates a module-level dict. */
  assignedItem(target: SyntaxNode, container: SyntaxNode, index: SyntaxNode, key: AbstractValue, valueNode: SyntaxNode, value: AbstractValue): boolean;
}

/** What name binding needs of the binder (python-binder.ts). */
export interface NameWalker {
  /** The names on the path being read. */
  readonly scope: ModuleScope;
  readonly evaluator: Evaluator;
  /** Statements already read, by start offset: a later pass over nested code skips them. */
  readonly handled: Set<number>;
  span(node: SyntaxNode): SourceSpan;
  /** Evaluates `node` later, against the names as they are at this line. */
  deferred(node: SyntaxNode): () => AbstractValue;
}

export class NameBinder {
  constructor(
    private readonly walker: NameWalker,
    private readonly interpreter: AssignmentInterpreter,
  ) {}

  private get scope(): ModuleScope {
    return this.walker.scope;
  }

  private get evaluator(): Evaluator {
    return this.walker.evaluator;
  }

  private span(node: SyntaxNode): SourceSpan {
    return this.walker.span(node);
  }

  assignment(node: SyntaxNode): void {
    this.walker.handled.add(node.startIndex);
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
    this.interpreter.assigning(targets, right);
    const valueNode = right;
    let eager: AbstractValue | undefined;
    for (const target of targets) {
      if (target.type === 'identifier') {
        // Module names are evaluated only if something asks for them.
        this.scope.assign({ name: target.text, kind: 'value', compute: this.walker.deferred(valueNode), keySpan: this.span(target), valueSpan: this.span(valueNode) });
      } else {
        eager ??= this.evaluator.evaluate(valueNode);
        this.assignTarget(target, valueNode, eager);
      }
    }
  }

  assignTarget(target: SyntaxNode, valueNode: SyntaxNode, value: AbstractValue): void {
    if (target.type === 'identifier') {
      this.scope.assign({ name: target.text, kind: 'value', compute: () => value, keySpan: this.span(target), valueSpan: this.span(valueNode) });
      return;
    }
    if (target.type === 'attribute') {
      this.interpreter.assignedAttribute(target, valueNode, value);
      return;
    }
    if (target.type === 'subscript') {
      const container = target.childForFieldName('value');
      const index = target.childForFieldName('subscript');
      if (!container || !index) return;
      const key = this.evaluator.evaluate(index);
      if (this.interpreter.assignedItem(target, container, index, key, valueNode, value)) return;
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

  augmentedAssignment(node: SyntaxNode): void {
    this.walker.handled.add(node.startIndex);
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
    const addition = this.walker.deferred(right);
    this.scope.replace(previous, () => extend(left.text, op, previous.value, addition(), span));
  }

  /**
   * `NAME.append(x)`, `NAME.update(...)` and their kind on a module-level list
   * or dict: true when the call is one (asked after the interpreters, which
   * know calls that look the same, `environ.setdefault(...)`).
   */
  containerCall(call: MethodCall): boolean {
    const { node, method, receiver, args, positional } = call;
    if (receiver?.type === 'identifier' && (method === 'append' || method === 'extend' || method === 'insert')) {
      this.extendModuleList(receiver.text, method, positional, node);
      return true;
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
      return true;
    }
    return false;
  }

  /** `INSTALLED_APPS.append(x)`, `.extend([...])`, `.insert(i, x)` on a module-level list. */
  private extendModuleList(name: string, method: string, positional: readonly SyntaxNode[], at: SyntaxNode): void {
    const previous = this.scope.get(name);
    if (!previous || previous.kind !== 'value') return;
    const span = this.span(at);
    const argument = method === 'insert' ? positional[1] : positional[0];
    if (!argument) return;
    const added = this.walker.deferred(argument);
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

  /** `del A, B`: the names leave the module, so Celery neither reads nor counts them. */
  deleteStatement(node: SyntaxNode): void {
    const targets = node.namedChildren.flatMap((c) => (c?.type === 'expression_list' ? c.namedChildren : [c]));
    for (const target of targets) {
      if (target?.type === 'identifier') this.scope.delete(target.text, this.span(target), this.span(node));
    }
  }

  define(node: SyntaxNode, kind: 'function' | 'class'): void {
    const name = node.childForFieldName('name');
    if (!name) return;
    const value = unknown(`${name.text} is a ${kind}`, this.span(name));
    this.scope.assign({ name: name.text, kind, compute: () => value, keySpan: this.span(name), valueSpan: this.span(node) });
  }
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
