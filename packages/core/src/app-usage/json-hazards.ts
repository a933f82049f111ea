// What a value passed to (or returned by) a task may be, when it is something
// JSON cannot carry: a Django model instance or QuerySet, request.user, a set,
// bytes, an exception. Read from the expression and, for a name, from the
// assignments that may reach it in the same function (local-flow.ts): a value
// is reported only where the local flow shows it, never guessed.
import type { SyntaxNode } from '../parser';
import type { SourceSpan } from '../types';
import { enclosingScope, reachingDefinitions, type Definition } from './local-flow';
import type { Hazard } from './model';

/** Manager methods that return one model instance (or a tuple holding one). */
const INSTANCE_METHODS = new Set(['get', 'create', 'first', 'last', 'latest', 'earliest', 'get_or_create', 'update_or_create', 'aget', 'acreate', 'afirst', 'alast']);
/** Manager and QuerySet methods that return a QuerySet. */
const QUERYSET_METHODS = new Set([
  'all', 'filter', 'exclude', 'order_by', 'values', 'values_list', 'select_related', 'prefetch_related', 'annotate', 'alias',
  'distinct', 'only', 'defer', 'using', 'reverse', 'none', 'select_for_update', 'union', 'intersection', 'difference', 'dates', 'datetimes',
]);
const MAX_DEPTH = 8;

/** One possibility of a value: a hazard, or something else (safe or not known). */
export type Possibility = Hazard | undefined;

export interface HazardReader {
  readonly file: string;
  /** The dotted path a module-level name was imported as (`get_object_or_404` -> `django.shortcuts.get_object_or_404`). */
  importOf(name: string): string | undefined;
}

function shortText(node: SyntaxNode): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function span(reader: HazardReader, node: SyntaxNode): SourceSpan {
  return { file: reader.file, start: node.startIndex, end: node.endIndex };
}

/** The possibilities of the expression `node`. */
export function possibilitiesOf(node: SyntaxNode, reader: HazardReader, depth = 0): Possibility[] {
  if (depth > MAX_DEPTH) return [undefined];
  switch (node.type) {
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
      return inner ? possibilitiesOf(inner, reader, depth + 1) : [undefined];
    }
    case 'identifier':
      return identifierPossibilities(node, reader, depth);
    case 'set':
    case 'set_comprehension':
      return [{ kind: 'set', what: 'a set', span: span(reader, node) }];
    case 'string':
      return /^[rR]?[bB]|^[bB][rR]?['"]/.test(node.text) ? [{ kind: 'bytes', what: 'bytes', span: span(reader, node) }] : [undefined];
    case 'conditional_expression': {
      const [whenTrue, , whenFalse] = node.namedChildren;
      return [...(whenTrue ? possibilitiesOf(whenTrue, reader, depth + 1) : [undefined]), ...(whenFalse ? possibilitiesOf(whenFalse, reader, depth + 1) : [undefined])];
    }
    case 'list':
    case 'tuple':
    case 'dictionary':
      return containerPossibilities(node, reader, depth);
    case 'attribute':
      return requestUser(node) ? [{ kind: 'request-user', what: `${node.text} (a user object)`, span: span(reader, node) }] : [undefined];
    case 'call':
      return [callHazard(node, reader)];
    default:
      return [undefined];
  }
}

/** A list, tuple or dict literal holding a hazard is one, as certainly as its most certain hazardous item. */
function containerPossibilities(node: SyntaxNode, reader: HazardReader, depth: number): Possibility[] {
  let best: Possibility[] | undefined;
  for (const child of node.namedChildren) {
    if (!child) continue;
    const item = child.type === 'pair' ? child.childForFieldName('value') : child.type === 'list_splat' || child.type === 'dictionary_splat' ? null : child;
    if (!item) continue;
    const inner = possibilitiesOf(item, reader, depth + 1);
    if (!inner.some((p) => p)) continue;
    if (!best || (inner.every((p) => p) && !best.every((p) => p))) best = inner;
  }
  if (!best) return [undefined];
  return best.map((p) => (p ? { ...p, what: `${p.what}, inside ${node.type === 'dictionary' ? 'a dict' : `a ${node.type}`}` } : undefined));
}

function identifierPossibilities(node: SyntaxNode, reader: HazardReader, depth: number): Possibility[] {
  const scope = enclosingScope(node);
  if (scope.type !== 'function_definition' && scope.type !== 'module') return [undefined];
  const definitions = reachingDefinitions(scope, node, node.text);
  if (!definitions) return [undefined];
  return definitions.flatMap((d) => definitionPossibilities(d, node, scope, reader, depth));
}

function definitionPossibilities(d: Definition, use: SyntaxNode, scope: SyntaxNode, reader: HazardReader, depth: number): Possibility[] {
  switch (d.kind) {
    case 'assigned':
      return possibilitiesOf(d.value, reader, depth + 1);
    case 'caught':
      return [{ kind: 'exception', what: `an exception (the ${use.text} caught here)`, span: span(reader, d.types ?? use) }];
    case 'parameter': {
      const instance = parameterInstance(scope, use.text, d.index);
      return [instance ? { kind: 'model-instance', what: instance, span: span(reader, d.parameter) } : undefined];
    }
    default:
      return [undefined];
  }
}

/**
 * Parameters that are model instances by how the function is declared:
 * `self` in a method of a Django model, `instance` in a signal receiver
 * (`@receiver(post_save, sender=Order)`).
 */
function parameterInstance(fn: SyntaxNode, name: string, index: number): string | undefined {
  if (name === 'self' && index === 0) {
    const cls = fn.parent?.type === 'block' ? fn.parent.parent : fn.parent?.type === 'decorated_definition' ? fn.parent.parent?.parent : undefined;
    if (cls?.type !== 'class_definition') return undefined;
    const bases = cls.childForFieldName('superclasses')?.namedChildren ?? [];
    if (bases.some((b) => b && /^(models\.)?Model$/.test(b.text))) return `a ${cls.childForFieldName('name')?.text ?? 'model'} instance (self, in a Django model's method)`;
    return undefined;
  }
  if (name === 'instance') {
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    const receiver = decorated?.namedChildren.some((c) => c?.type === 'decorator' && /^@\s*(\w+\.)*receiver\s*\(/.test(c.text));
    if (receiver) return 'a model instance (the instance a Django signal receiver is given)';
  }
  return undefined;
}

/** `request.user` where `request` is the function's parameter, or `self.request.user` in a method. */
function requestUser(node: SyntaxNode): boolean {
  if (node.childForFieldName('attribute')?.text !== 'user') return false;
  const object = node.childForFieldName('object');
  if (!object) return false;
  if (object.type === 'identifier' && object.text === 'request') {
    const scope = enclosingScope(node);
    if (scope.type !== 'function_definition') return false;
    const defs = reachingDefinitions(scope, object, 'request');
    return !!defs && defs.length > 0 && defs.every((d) => d.kind === 'parameter');
  }
  // Class-based views: `self.request.user`, self being the method's first parameter.
  if (object.type !== 'attribute' || object.childForFieldName('attribute')?.text !== 'request') return false;
  const self = object.childForFieldName('object');
  if (self?.type !== 'identifier' || self.text !== 'self') return false;
  const scope = enclosingScope(self);
  if (scope.type !== 'function_definition') return false;
  const defs = reachingDefinitions(scope, self, 'self');
  return !!defs && defs.length === 1 && defs[0]!.kind === 'parameter' && defs[0]!.index === 0;
}

/** The hazard a call returns, when its shape says: a manager query, get_object_or_404, set(), bytes(). */
function callHazard(node: SyntaxNode, reader: HazardReader): Possibility {
  const fn = node.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') {
    const builtin = !isLocallyBound(fn);
    const imported = reader.importOf(fn.text);
    if (fn.text === 'get_object_or_404' && imported === 'django.shortcuts.get_object_or_404') {
      return { kind: 'model-instance', what: `a model instance (${shortText(node)})`, span: span(reader, node) };
    }
    if (builtin && !imported && (fn.text === 'set' || fn.text === 'frozenset')) return { kind: 'set', what: `a ${fn.text}`, span: span(reader, node) };
    if (builtin && !imported && (fn.text === 'bytes' || fn.text === 'bytearray')) return { kind: 'bytes', what: fn.text, span: span(reader, node) };
    return undefined;
  }
  if (fn.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  if (!onManager(fn.childForFieldName('object'))) return undefined;
  if (INSTANCE_METHODS.has(method)) {
    const tuple = method === 'get_or_create' || method === 'update_or_create';
    return { kind: 'model-instance', what: `${tuple ? 'a tuple holding a model instance' : 'a model instance'} (${shortText(node)})`, span: span(reader, node) };
  }
  if (QUERYSET_METHODS.has(method)) return { kind: 'queryset', what: `a QuerySet (${shortText(node)})`, span: span(reader, node) };
  return undefined;
}

/** `Model.objects`, or a QuerySet built from it (`Model.objects.filter(...)`). */
function onManager(node: SyntaxNode | null): boolean {
  for (let n = node, hops = 0; n && hops < 12; hops++) {
    if (n.type === 'attribute') {
      if (n.childForFieldName('attribute')?.text === 'objects') return true;
      n = n.childForFieldName('object');
    } else if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      if (fn?.type !== 'attribute' || !QUERYSET_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return false;
      n = fn.childForFieldName('object');
    } else return false;
  }
  return false;
}

/** Whether the function (or module) around `name` binds it itself, so it is not the builtin. */
function isLocallyBound(name: SyntaxNode): boolean {
  const scope = enclosingScope(name);
  if (scope.type !== 'function_definition' && scope.type !== 'module') return true;
  const defs = reachingDefinitions(scope, name, name.text);
  return !defs || defs.some((d) => d.kind !== 'opaque' || !/is not assigned in this function/.test(d.why));
}

/** Folds possibilities into a finding: every one a hazard is "is", some is "may be", none is nothing. */
export function certaintyOf(possibilities: readonly Possibility[]): { hazards: Hazard[]; certainty: 'is' | 'may be' } | undefined {
  const hazards = possibilities.filter((p): p is Hazard => p !== undefined);
  if (hazards.length === 0) return undefined;
  return { hazards, certainty: hazards.length === possibilities.length ? 'is' : 'may be' };
}
