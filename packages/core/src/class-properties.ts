// A settings class's `@property` (readthedocs.org's `def MIDDLEWARE(self):`
// builds the list, appends to it under flags, returns it). Django reads the
// property's value like any attribute once the class is loaded into the
// module, so the setting is set: either to what the body visibly returns, or
// to an honest unknown. Reading it as "not set" made Django's default
// (an empty MIDDLEWARE) the verdict, and every middleware rule fired.
import { unknown } from './evaluator';
import { isExtra, type SyntaxNode } from './parser';
import type { AbstractValue, SourceSpan } from './types';

export interface PropertyValue {
  readonly value: AbstractValue;
  /** The expression the value is read from (the returned one, or the list the body builds). */
  readonly valueNode: SyntaxNode;
}

const PROPERTY_DECORATORS = new Set(['property', 'cached_property', 'functools.cached_property', 'django.utils.functional.cached_property']);

/** The function a `@property` decorates, or undefined for any other definition. */
export function propertyFunction(decorated: SyntaxNode): SyntaxNode | undefined {
  const definition = decorated.childForFieldName('definition');
  if (definition?.type !== 'function_definition') return undefined;
  const decorators = decorated.namedChildren.filter((c): c is SyntaxNode => !!c && c.type === 'decorator');
  const isProperty = decorators.some((d) => {
    const expression = d.namedChildren.find((c) => !!c && !isExtra(c));
    return !!expression && PROPERTY_DECORATORS.has(expression.text);
  });
  return isProperty ? definition : undefined;
}

/** The body's statements without a leading docstring, comments and `pass`. */
function statementsOf(body: SyntaxNode): SyntaxNode[] {
  const statements = body.namedChildren.filter((s): s is SyntaxNode => !!s && !isExtra(s) && s.type !== 'pass_statement');
  const first = statements[0];
  if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string') statements.shift();
  return statements;
}

/** Methods that only add items: the items written in the literal are still there at the return. */
const ADDING_METHODS = new Set(['append', 'insert', 'extend']);

/**
 * Whether `statement` leaves the list bound to `name` holding at least its
 * items: an `if` whose branches only add to it (`name.append(...)`,
 * `name.insert(0, ...)`, `name += [...]`), or a statement that never names it.
 */
function onlyAdds(statement: SyntaxNode, name: string): boolean {
  if (!new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(statement.text)) return true;
  if (statement.type === 'if_statement') {
    const parts = [statement.childForFieldName('consequence'), ...statement.namedChildren.filter((c) => c?.type === 'elif_clause' || c?.type === 'else_clause').map((c) => c!.childForFieldName('consequence') ?? c!.childForFieldName('body'))];
    const condition = statement.childForFieldName('condition');
    if (condition && new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(condition.text)) return false;
    return parts.every((block) => !!block && statementsOf(block).every((s) => onlyAdds(s, name)));
  }
  if (statement.type !== 'expression_statement') return false;
  const expression = statement.namedChildren[0];
  if (expression?.type === 'augmented_assignment') {
    return expression.childForFieldName('left')?.text === name && expression.childForFieldName('operator')?.text === '+=';
  }
  if (expression?.type !== 'call') return false;
  const fn = expression.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('object')?.text !== name) return false;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  const args = expression.childForFieldName('arguments')?.text ?? '';
  return ADDING_METHODS.has(method) && !new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(args);
}

/**
 * What a settings property returns: a single `return EXPR`; or a list or
 * tuple literal bound to a local that the body only adds to before returning
 * it (its items are there, others may be: a partial list). Anything else is
 * unknown, which rules treat as "cannot tell".
 */
export function propertyValue(fn: SyntaxNode, className: string, evaluate: (node: SyntaxNode) => AbstractValue, span: (node: SyntaxNode) => SourceSpan): PropertyValue | undefined {
  const body = fn.childForFieldName('body');
  const name = fn.childForFieldName('name')?.text ?? '';
  if (!body) return undefined;
  const opaque = (): PropertyValue => ({ value: unknown(`${name} is a property of ${className}, whose body celery-lint does not run`, span(fn)), valueNode: fn });
  const statements = statementsOf(body);
  const last = statements[statements.length - 1];
  if (last?.type !== 'return_statement') return opaque();
  const returned = last.namedChildren.find((c): c is SyntaxNode => !!c && !isExtra(c));
  if (!returned) return opaque();
  if (statements.length === 1) return { value: evaluate(returned), valueNode: returned };
  if (returned.type !== 'identifier') return opaque();
  const local = returned.text;
  const first = statements[0]!;
  const assignment = first.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  const built = assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === local ? assignment.childForFieldName('right') : null;
  if (!built || (built.type !== 'list' && built.type !== 'tuple')) return opaque();
  const middle = statements.slice(1, -1);
  if (!middle.every((s) => onlyAdds(s, local))) return opaque();
  const value = evaluate(built);
  const adds = middle.some((s) => new RegExp(`(?<![\\w.])${local}(?!\\w)`).test(s.text));
  if (adds && (value.kind === 'list' || value.kind === 'tuple')) return { value: { ...value, partial: true }, valueNode: built };
  return { value, valueNode: built };
}
