// Folds the dict comprehensions projects use to pick their Celery settings out
// of a bigger mapping (a Flask config):
//   {k[7:].lower(): v for k, v in app.config.items() if k.startswith('CELERY_')}
//   dict((k[7:].lower(), v) for k, v in config.items() if k.startswith('CELERY_'))
// Each known key of the source goes through the filter and the key's rewriting,
// and keeps its value. What the fold cannot follow (another loop shape, a
// filter or rewriting it does not know, a source it cannot read) leaves the
// whole comprehension unknown; a key of the source it cannot read makes the
// result partial. It never invents a key.
import { isExtra, type SyntaxNode } from './parser';
import type { AbstractValue, DictEntry, SourceSpan } from './types';

export interface FoldHost {
  evaluate(node: SyntaxNode, depth: number): AbstractValue;
  span(node: SyntaxNode): SourceSpan;
  /** The mapping a comprehension loops over (a Flask app's config is read only there). */
  mappingSource(node: SyntaxNode, depth: number): AbstractValue;
}

type KeyStep = (key: string) => string | undefined;
type KeyTest = (key: string) => boolean | undefined;

function unknownAt(reason: string, span: SourceSpan): AbstractValue {
  return { kind: 'unknown', reason, span };
}

function children(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => !!c && !isExtra(c));
}

function unparenthesized(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = children(current)[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** `{K: V for k, v in SRC.items() if ...}`. */
export function foldDictComprehension(host: FoldHost, node: SyntaxNode, depth: number): AbstractValue {
  const body = node.childForFieldName('body');
  if (body?.type !== 'pair') return unknownAt('a dict comprehension celery-lint cannot read', host.span(node));
  const key = body.childForFieldName('key');
  const value = body.childForFieldName('value');
  if (!key || !value) return unknownAt('a dict comprehension celery-lint cannot read', host.span(node));
  return fold(host, node, key, value, depth);
}

/** `dict((K, V) for k, v in SRC.items() if ...)`: the generator given to dict(). */
export function foldDictOfGenerator(host: FoldHost, call: SyntaxNode, generator: SyntaxNode, depth: number): AbstractValue {
  const body = generator.childForFieldName('body');
  const pair = body ? unparenthesized(body) : undefined;
  const items = pair?.type === 'tuple' ? children(pair) : [];
  if (items.length !== 2) return unknownAt('dict() of a generator celery-lint cannot read', host.span(call));
  return fold(host, call, items[0]!, items[1]!, depth, generator);
}

function fold(host: FoldHost, node: SyntaxNode, keyNode: SyntaxNode, valueNode: SyntaxNode, depth: number, clauses: SyntaxNode = node): AbstractValue {
  const span = host.span(node);
  const loops = children(clauses).filter((c) => c.type === 'for_in_clause');
  const filters = children(clauses).filter((c) => c.type === 'if_clause');
  const loop = loops[0];
  if (loops.length !== 1 || !loop) return unknownAt('a comprehension with nested loops, which celery-lint does not fold', span);
  const names = loop.childForFieldName('left');
  const over = loop.childForFieldName('right');
  const bound = names && (names.type === 'pattern_list' || names.type === 'tuple_pattern') ? children(names) : [];
  if (bound.length !== 2 || bound.some((b) => b.type !== 'identifier') || !over) {
    return unknownAt('a comprehension that does not loop over a mapping\'s items(), which celery-lint does not fold', span);
  }
  const [k, v] = [bound[0]!.text, bound[1]!.text];
  const source = itemsReceiver(over);
  if (!source) return unknownAt(`a comprehension over ${over.text.length < 60 ? over.text : 'an iterable'}, which celery-lint does not fold`, span);
  if (unparenthesized(valueNode).type !== 'identifier' || unparenthesized(valueNode).text !== v) {
    return unknownAt('a comprehension that computes its values, which celery-lint does not fold', span);
  }
  const rewrite = keyRewrite(host, unparenthesized(keyNode), k, depth);
  if (!rewrite) return unknownAt(`a comprehension key (${keyNode.text.slice(0, 60)}) celery-lint cannot compute`, span);
  const tests: KeyTest[] = [];
  for (const clause of filters) {
    const condition = children(clause)[0];
    const test = condition ? keyTest(host, unparenthesized(condition), k, depth) : undefined;
    if (!test) return unknownAt(`a comprehension filter (${clause.text.slice(0, 60)}) celery-lint cannot apply`, span);
    tests.push(test);
  }
  const mapping = host.mappingSource(source, depth + 1);
  if (mapping.kind !== 'dict') {
    const why = mapping.kind === 'unknown' ? `: ${mapping.reason}` : '';
    return unknownAt(`a comprehension over ${source.text.length < 60 ? source.text : 'a mapping'}, which celery-lint cannot read${why}`, span);
  }
  const entries: DictEntry[] = [];
  let partial = mapping.partial;
  for (const entry of mapping.entries) {
    if (entry.key.kind !== 'str') {
      partial = true;
      continue;
    }
    const passes = tests.map((t) => t((entry.key as { value: string }).value));
    if (passes.some((p) => p === false)) continue;
    const newKey = passes.every((p) => p === true) ? rewrite(entry.key.value) : undefined;
    if (newKey === undefined) {
      partial = true;
      continue;
    }
    // The key is computed, not written: a fix must not rewrite the source's key as if it were this one.
    entries.push({ key: { kind: 'str', value: newKey, literal: false, ...(entry.key.span ? { span: entry.key.span } : {}) }, value: entry.value });
  }
  return { kind: 'dict', entries, partial, span };
}

/** `SRC.items()` (or Python 2's `iteritems()`): SRC. */
function itemsReceiver(over: SyntaxNode): SyntaxNode | undefined {
  const call = unparenthesized(over);
  if (call.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (fn?.type !== 'attribute' || (args && children(args).length > 0)) return undefined;
  const method = fn.childForFieldName('attribute')?.text;
  if (method !== 'items' && method !== 'iteritems') return undefined;
  return fn.childForFieldName('object') ?? undefined;
}

/** A str method's arguments: strings, and integers (replace's count). */
function knownArgs(host: FoldHost, call: SyntaxNode, depth: number): Array<string | number> | undefined {
  const args = call.childForFieldName('arguments');
  const out: Array<string | number> = [];
  for (const arg of args ? children(args) : []) {
    if (arg.type === 'keyword_argument') return undefined;
    const value = host.evaluate(arg, depth + 1);
    if (value.kind === 'str') out.push(value.value);
    else if (value.kind === 'num' && value.isInt) out.push(value.value);
    else return undefined;
  }
  return out;
}

/** `k`, then slices and str methods applied to it, as one function of the key. */
function keyRewrite(host: FoldHost, node: SyntaxNode, k: string, depth: number): KeyStep | undefined {
  if (node.type === 'identifier') return node.text === k ? (key) => key : undefined;
  if (node.type === 'parenthesized_expression') return keyRewrite(host, unparenthesized(node), k, depth);
  if (node.type === 'subscript') {
    const inner = node.childForFieldName('value');
    const slices = node.childrenForFieldName('subscript').filter((s): s is SyntaxNode => !!s);
    const slice = slices[0];
    if (!inner || slices.length !== 1 || slice?.type !== 'slice') return undefined;
    const before = keyRewrite(host, inner, k, depth);
    const bounds = sliceBounds(host, slice, depth);
    if (!before || !bounds) return undefined;
    return (key) => {
      const s = before(key);
      return s === undefined ? undefined : pythonSlice(s, bounds.start, bounds.end);
    };
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if (!receiver || !method) return undefined;
    const before = keyRewrite(host, receiver, k, depth);
    const args = knownArgs(host, node, depth);
    if (!before || !args) return undefined;
    const step = stringStep(method, args);
    if (!step) return undefined;
    return (key) => {
      const s = before(key);
      return s === undefined ? undefined : step(s);
    };
  }
  return undefined;
}

function stringStep(method: string, args: ReadonlyArray<string | number>): KeyStep | undefined {
  const [a, b, count] = args;
  if (method === 'replace' && typeof a === 'string' && a !== '' && typeof b === 'string' && (args.length === 2 || (args.length === 3 && typeof count === 'number'))) {
    return (s) => replaceTimes(s, a, b, typeof count === 'number' && count >= 0 ? count : Infinity);
  }
  if (args.some((x) => typeof x !== 'string')) return undefined;
  switch (method) {
    case 'lower':
      return args.length === 0 ? (s) => s.toLowerCase() : undefined;
    case 'upper':
      return args.length === 0 ? (s) => s.toUpperCase() : undefined;
    case 'removeprefix':
      return args.length === 1 && typeof a === 'string' ? (s) => (s.startsWith(a) ? s.slice(a.length) : s) : undefined;
    case 'removesuffix':
      return args.length === 1 && typeof a === 'string' ? (s) => (a !== '' && s.endsWith(a) ? s.slice(0, s.length - a.length) : s) : undefined;
    case 'strip':
      return args.length === 0 ? (s) => s.trim() : undefined;
    default:
      return undefined;
  }
}

/** Python's `s.replace(old, new, count)`: the first `count` occurrences. */
function replaceTimes(s: string, old: string, replacement: string, count: number): string {
  const pieces = s.split(old);
  if (pieces.length - 1 <= count) return pieces.join(replacement);
  return pieces.slice(0, count + 1).join(replacement) + old + pieces.slice(count + 1).join(old);
}

/** A slice's integer bounds: literals, or `len('CELERY_')`. */
function sliceBounds(host: FoldHost, slice: SyntaxNode, depth: number): { start: number | undefined; end: number | undefined } | undefined {
  // Without a step, a slice's named children are its start and end, each on its side of the one colon.
  const colon = slice.children.findIndex((c) => c?.type === ':');
  if (colon < 0 || slice.children.filter((c) => c?.type === ':').length !== 1) return undefined;
  const bound = (part: SyntaxNode | null | undefined): number | undefined | null => {
    if (!part) return undefined;
    return integerOf(host, part, depth);
  };
  const start = bound(slice.children.slice(0, colon).find((c) => c && !isExtra(c)));
  const end = bound(slice.children.slice(colon + 1).find((c) => c && !isExtra(c)));
  if (start === null || end === null) return undefined;
  return { start, end };
}

/** An integer the fold can know: a literal, a negated one, or the length of a known string. Null when unknown. */
function integerOf(host: FoldHost, node: SyntaxNode, depth: number): number | null {
  const bare = unparenthesized(node);
  if (bare.type === 'call' && bare.childForFieldName('function')?.text === 'len') {
    const args = bare.childForFieldName('arguments');
    const only = args ? children(args) : [];
    const value = only.length === 1 ? host.evaluate(only[0]!, depth + 1) : undefined;
    return value?.kind === 'str' ? [...value.value].length : null;
  }
  const value = host.evaluate(bare, depth + 1);
  return value.kind === 'num' && value.isInt ? value.value : null;
}

/** Python's `s[start:end]` over code points. */
function pythonSlice(s: string, start: number | undefined, end: number | undefined): string {
  const points = [...s];
  const at = (i: number | undefined, fallback: number) => (i === undefined ? fallback : i < 0 ? Math.max(0, points.length + i) : Math.min(i, points.length));
  return points.slice(at(start, 0), at(end, points.length)).join('');
}

/** A filter over the key: `k.startswith(...)`, `k.endswith(...)`, `k.isupper()`, `not`, `and`. */
function keyTest(host: FoldHost, node: SyntaxNode, k: string, depth: number): KeyTest | undefined {
  if (node.type === 'not_operator') {
    const argument = node.childForFieldName('argument');
    const inner = argument ? keyTest(host, unparenthesized(argument), k, depth) : undefined;
    return inner && ((key) => {
      const r = inner(key);
      return r === undefined ? undefined : !r;
    });
  }
  if (node.type === 'boolean_operator') {
    const op = node.childForFieldName('operator')?.type;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const l = left ? keyTest(host, unparenthesized(left), k, depth) : undefined;
    const r = right ? keyTest(host, unparenthesized(right), k, depth) : undefined;
    if (!l || !r || (op !== 'and' && op !== 'or')) return undefined;
    return (key) => {
      const a = l(key);
      const b = r(key);
      if (op === 'and') return a === false || b === false ? false : a === undefined || b === undefined ? undefined : true;
      return a === true || b === true ? true : a === undefined || b === undefined ? undefined : false;
    };
  }
  if (node.type !== 'call') return undefined;
  const fn = node.childForFieldName('function');
  const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  if (!receiver || !method) return undefined;
  const of = keyRewrite(host, unparenthesized(receiver), k, depth);
  if (!of) return undefined;
  const args = node.childForFieldName('arguments');
  const given = args ? children(args) : [];
  if (method === 'isupper' && given.length === 0) {
    return (key) => {
      const s = of(key);
      // Python's isupper(): at least one cased character, and no lowercase one.
      return s === undefined ? undefined : s !== s.toLowerCase() && s === s.toUpperCase();
    };
  }
  if ((method === 'startswith' || method === 'endswith') && given.length === 1) {
    const value = host.evaluate(given[0]!, depth + 1);
    const options = value.kind === 'str' ? [value.value] : value.kind === 'tuple' && !value.partial && value.items.every((i) => i.kind === 'str') ? value.items.map((i) => (i as { value: string }).value) : undefined;
    if (!options) return undefined;
    return (key) => {
      const s = of(key);
      if (s === undefined) return undefined;
      return options.some((o) => (method === 'startswith' ? s.startsWith(o) : s.endsWith(o)));
    };
  }
  return undefined;
}
