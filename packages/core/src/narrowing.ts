// What a branch condition says about the module name it tests. In the `else`
// of `if BROKER == "sqs://":` BROKER is not 'sqs://', so a value built from it
// there must not be reported as "may be 'sqs://'". Narrowing only ever drops
// possibilities the branch rules out (or, in the `==` branch, pins an unknown
// to the literal it equals); when unsure it keeps the value as it was.
import { oneOf } from './evaluator';
import { isExtra, type SyntaxNode } from './parser';
import type { AbstractValue, BoolValue, NoneValue, NumValue, StrValue } from './types';
import { knownPrefix, possibilities, truthiness } from './values';

/** Rewrites a name's value for the path where the condition came out one way. */
export type Narrow = (value: AbstractValue) => AbstractValue;

export interface Narrowing {
  readonly name: string;
  readonly narrow: Narrow;
}

/** Evaluates an operand of the condition when (and if) a narrowed name is first read. */
export type OperandReader = (node: SyntaxNode) => () => AbstractValue;

type Scalar = StrValue | NumValue | BoolValue | NoneValue;

/**
 * The narrowings `condition` implies on the path where it is `holds`. Only
 * plain names are narrowed, and only by tests read cheaply from the syntax:
 * `X == lit`, `X != lit`, `X in (lits)`, `X not in (lits)`, `X is None`,
 * `X is not None`, `X`, `not X`, and `and`/`or` of those where the path
 * implies both sides.
 */
export function narrowingsFor(condition: SyntaxNode, holds: boolean, operand: OperandReader): Narrowing[] {
  switch (condition.type) {
    case 'parenthesized_expression': {
      const inner = condition.namedChildren.find((c) => c && !isExtra(c));
      return inner ? narrowingsFor(inner, holds, operand) : [];
    }
    case 'not_operator': {
      const argument = condition.childForFieldName('argument');
      return argument ? narrowingsFor(argument, !holds, operand) : [];
    }
    case 'boolean_operator': {
      const op = condition.childForFieldName('operator')?.type;
      const left = condition.childForFieldName('left');
      const right = condition.childForFieldName('right');
      // `A and B` held means both did; `A or B` failed means both failed. The other outcomes say nothing about either side alone.
      if (!left || !right || (op === 'and') !== holds) return [];
      return [...narrowingsFor(left, holds, operand), ...narrowingsFor(right, holds, operand)];
    }
    case 'identifier':
      return [{ name: condition.text, narrow: (value) => byTruth(value, holds) }];
    case 'comparison_operator':
      return comparison(condition, holds, operand);
    default:
      return [];
  }
}

function comparison(node: SyntaxNode, holds: boolean, operand: OperandReader): Narrowing[] {
  const operands = node.namedChildren.filter((c): c is SyntaxNode => !!c && !isExtra(c));
  const operators = node.childrenForFieldName('operators');
  if (operands.length !== 2 || operators.length !== 1) return [];
  const [left, right] = operands as [SyntaxNode, SyntaxNode];
  const op = operators[0]!.type;
  switch (op) {
    case '==':
    case '!=': {
      const [name, other] = left.type === 'identifier' ? [left, right] : right.type === 'identifier' ? [right, left] : [];
      if (!name || !other) return [];
      const read = operand(other);
      const equal = (op === '==') === holds;
      return [{ name: name.text, narrow: (value) => byMembership(value, scalarsOf(read(), false), equal) }];
    }
    case 'in':
    case 'not in': {
      if (left.type !== 'identifier') return [];
      const read = operand(right);
      const member = (op === 'in') === holds;
      return [{ name: left.text, narrow: (value) => byMembership(value, scalarsOf(read(), true), member) }];
    }
    case 'is':
    case 'is not': {
      // Identity is equality only for None; `X is True` is not `X == True` (1 == True).
      const [name, other] = left.type === 'identifier' ? [left, right] : right.type === 'identifier' ? [right, left] : [];
      if (!name || other?.type !== 'none') return [];
      const none: NoneValue = { kind: 'none' };
      const same = (op === 'is') === holds;
      return [{ name: name.text, narrow: (value) => byMembership(value, [none], same) }];
    }
    default:
      return [];
  }
}

/** The known scalars a comparison's other side is: one for `==`, the items of a literal list/tuple/set for `in`. */
function scalarsOf(value: AbstractValue, container: boolean): Scalar[] | undefined {
  if (!container) return isScalar(value) ? [value] : undefined;
  if ((value.kind !== 'list' && value.kind !== 'tuple' && value.kind !== 'set') || value.partial) return undefined;
  return value.items.every(isScalar) ? (value.items as Scalar[]) : undefined;
}

function isScalar(v: AbstractValue): v is Scalar {
  return v.kind === 'str' || v.kind === 'num' || v.kind === 'bool' || v.kind === 'none';
}

/** Python's `p == lit` when it is known from the value alone. */
function equals(p: AbstractValue, lit: Scalar): boolean | undefined {
  switch (p.kind) {
    case 'str':
      return lit.kind === 'str' && p.value === lit.value;
    case 'template':
      return lit.kind === 'str' && lit.value.startsWith(knownPrefix(p)) ? undefined : false;
    case 'num':
    case 'bool':
      if (lit.kind !== 'num' && lit.kind !== 'bool') return false;
      return Number(p.value) === Number(lit.value);
    case 'none':
      return lit.kind === 'none';
    case 'list':
    case 'tuple':
    case 'set':
    case 'dict':
      return false;
    default:
      // unknown, a call, unset: anything could compare equal.
      return undefined;
  }
}

/**
 * Keeps the possibilities that can be among `literals` (`inside`) or can be
 * outside them. On the inside path an unknown string becomes the literals it
 * must equal: a str or None equal to a str or None literal is that literal.
 */
function byMembership(value: AbstractValue, literals: Scalar[] | undefined, inside: boolean): AbstractValue {
  if (!literals || literals.length === 0) return value;
  const all = possibilities(value);
  const kept: AbstractValue[] = [];
  const pinned: AbstractValue[] = [];
  for (const p of all) {
    const results: Array<boolean | undefined> = literals.map((lit) => equals(p, lit));
    if (!inside) {
      if (!results.includes(true)) kept.push(p);
      continue;
    }
    if (results.includes(true)) kept.push(p);
    else if (results.every((r) => r === false)) continue;
    else if ((p.kind === 'unknown' || p.kind === 'template') && literals.every((lit, i) => results[i] === false || lit.kind === 'str' || lit.kind === 'none')) {
      // Not a literal at the use site: the condition's text is no place for a fix to edit.
      pinned.push(...literals.filter((_, i) => results[i] === undefined).map((lit): AbstractValue => (lit.kind === 'str' ? { ...lit, literal: false } : lit)));
    } else kept.push(p);
  }
  return rebuild(value, all, dedupe([...kept, ...pinned]));
}

/** Keeps the possibilities whose truth can be `truthy`. */
function byTruth(value: AbstractValue, truthy: boolean): AbstractValue {
  const all = possibilities(value);
  return rebuild(value, all, all.filter((p) => truthiness(p) !== !truthy));
}

/** The narrowed value, or the value itself when nothing was ruled out or everything was (a path the value cannot take: unsure, so keep it). */
function rebuild(value: AbstractValue, all: readonly AbstractValue[], kept: AbstractValue[]): AbstractValue {
  if (kept.length === 0) return value;
  if (kept.length === all.length && kept.every((k, i) => k === all[i])) return value;
  return oneOf(kept);
}

/** Drops repeated scalars, keeping the first (the one written where the value was built). */
function dedupe(values: AbstractValue[]): AbstractValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    if (!isScalar(v)) return true;
    const key = `${v.kind}:${v.kind === 'none' ? '' : String(v.value)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
