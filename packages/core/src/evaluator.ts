// Folds Python expressions into abstract values (design.md, "Abstract values").
// It never runs code and never throws on odd input: what it cannot follow
// becomes an `unknown` that says why.
import { isExtra, type SyntaxNode } from './parser';
import { readCallText, readContainerText, type ContainerType, type LiteralHost, type TextCall } from './literal-text';
import { decodeStringBody, plainLiteralOpening, splitStringPrefix } from './python-strings';
import { truthiness } from './values';
import { foldDictComprehension, foldDictOfGenerator } from './comprehension-fold';
import type { AbstractValue, CallValue, DictEntry, Hole, SourceSpan, StrValue, TemplateValue } from './types';

/** What the evaluator may ask about names in the module being read. */
export interface NameResolver {
  /** The value a module-level name holds at this point, if it was assigned. */
  valueOf(name: string): AbstractValue | undefined;
  /** The dotted path a name was imported as (`environ` -> `os.environ`), if imported. */
  importOf(name: string): string | undefined;
  /**
   * A mapping a dotted attribute holds at this point (`app.config` of a Flask
   * app), as the source of a comprehension: it is read nowhere else.
   */
  mappingOf?(path: string): AbstractValue | undefined;
}

const MAX_DEPTH = 100;

/** A call whose function and arguments are known, read from the tree or from the text. */
interface CallSite {
  /** The called name, when the function is a plain name. */
  readonly fnName: string | undefined;
  /** The called dotted path with imports resolved (`os.environ.get`), else the function's text. */
  readonly callee: string;
  /** For `receiver.method(...)`, the receiver when it is a plain name. */
  receiverName(): string | undefined;
  /** The text of the `cast=` argument (python-decouple), if there is one. */
  cast(): string | undefined;
  readonly args: AbstractValue[];
  readonly kwargs: Array<{ name: string; value: AbstractValue }>;
  /** `*args` or `**kwargs` among the arguments. */
  readonly opaqueArgs: boolean;
  readonly span: SourceSpan;
}

/** A Python integer literal's value (`0x1F`, `1_000`, `0o17`, `0b101`); NaN or infinite when it has none here. */
function integerLiteralValue(written: string): number {
  const text = written.replace(/_/g, '').toLowerCase();
  if (/^0x/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0o/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0b/.test(text)) return parseInt(text.slice(2), 2);
  return Number(text.replace(/[jl]$/, ''));
}

export function unknown(reason: string, span?: SourceSpan, envVar?: string): AbstractValue {
  return { kind: 'unknown', reason, ...(span ? { span } : {}), ...(envVar ? { envVar } : {}) };
}

/** An environment variable's own text (no cast applied): a str from the environment when it is set. */
function environmentText(reason: string, span: SourceSpan, envVar?: string): AbstractValue {
  return { kind: 'unknown', reason, span, ...(envVar ? { envVar } : {}), envText: true };
}

/** What a cast (`int(...)`, `bool(...)`) makes of a value: no longer the environment's text. */
function withoutEnvironmentText(value: AbstractValue): AbstractValue {
  if (value.kind === 'unknown' && value.envText) {
    const { envText: _text, ...rest } = value;
    return rest;
  }
  if (value.kind === 'oneOf') return { ...value, options: value.options.map(withoutEnvironmentText) };
  return value;
}

/**
 * How much of a string built by folding (`X = X + X`, f-strings, `%`,
 * `.format`) is kept: its first MAX_FOLDED_CHARS characters and
 * MAX_FOLDED_PARTS pieces, then a hole. Folding can double a string per line,
 * and every line's value is kept, so without a bound a small file made
 * gigabytes. No setting a rule reads comes near it; a plain literal is kept whole.
 */
const MAX_FOLDED_CHARS = 4096;
const MAX_FOLDED_PARTS = 256;
const FOLDED_TAIL: Hole = { hole: `the rest of a string longer than ${MAX_FOLDED_CHARS} characters` };

/** At most MAX_FOLDED items of a list, tuple or dict built by folding (`X + X`, `X |= Y`), for the same reason. */
export const MAX_FOLDED_ITEMS = 10_000;

/** `a` then `b`, cut at MAX_FOLDED_ITEMS (then `cut` is true: the value may hold more than is kept). */
export function concatFolded<T>(a: readonly T[], b: readonly T[]): { items: readonly T[]; cut: boolean } {
  if (a.length + b.length <= MAX_FOLDED_ITEMS) return { items: [...a, ...b], cut: false };
  return { items: a.length >= MAX_FOLDED_ITEMS ? a : [...a, ...b.slice(0, MAX_FOLDED_ITEMS - a.length)], cut: true };
}

/** Builds a template, collapsing it to a plain string when no hole is left. */
export function makeTemplate(parts: ReadonlyArray<string | Hole>, span?: SourceSpan): StrValue | TemplateValue {
  const merged: Array<string | Hole> = [];
  let chars = 0;
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string') {
      if (part === '') continue;
      if (chars + part.length > MAX_FOLDED_CHARS && (parts.length > 1 || chars > 0)) {
        const kept = part.slice(0, MAX_FOLDED_CHARS - chars);
        if (typeof last === 'string') merged[merged.length - 1] = last + kept;
        else if (kept) merged.push(kept);
        merged.push(FOLDED_TAIL);
        break;
      }
      chars += part.length;
      if (typeof last === 'string') merged[merged.length - 1] = last + part;
      else merged.push(part);
    } else {
      if (merged.length >= MAX_FOLDED_PARTS || part === FOLDED_TAIL) {
        merged.push(FOLDED_TAIL);
        break;
      }
      merged.push(part);
    }
  }
  if (merged.every((p) => typeof p === 'string')) {
    return { kind: 'str', value: merged.join(''), literal: false, ...(span ? { span } : {}) };
  }
  return { kind: 'template', parts: merged, ...(span ? { span } : {}) };
}

function templateParts(v: AbstractValue): Array<string | Hole> | undefined {
  if (v.kind === 'str') return [v.value];
  if (v.kind === 'template') return [...v.parts];
  return undefined;
}

/**
 * Names a hole after what fills it at run time when that is an environment
 * variable: `$RABBITMQ_USER`, or `$RABBITMQ_USER:-guest` with a default
 * (shell notation), else after the expression.
 */
function holeFor(v: AbstractValue | undefined, text: string): Hole {
  if (v?.kind === 'unknown' && v.envVar) return { hole: `$${v.envVar}` };
  if (v?.kind === 'oneOf') {
    const env = v.options.find((o) => o.kind === 'unknown' && o.envVar);
    const fallback = v.options.find((o) => o !== env);
    if (env?.kind === 'unknown' && v.options.length === 2 && (fallback?.kind === 'str' || fallback?.kind === 'num')) {
      return { hole: `$${env.envVar}:-${fallback.value}` };
    }
  }
  return { hole: text };
}

/** The generator of `dict(... for ...)`, when `dict` is the builtin. */
function dictOfGenerator(fn: SyntaxNode, argsNode: SyntaxNode | null, names: NameResolver): SyntaxNode | undefined {
  if (fn.type !== 'identifier' || fn.text !== 'dict' || !argsNode || names.valueOf('dict') || names.importOf('dict')) return undefined;
  if (argsNode.type === 'generator_expression') return argsNode;
  const only = argsNode.namedChildren.filter((c) => c && !isExtra(c));
  return only.length === 1 && only[0]!.type === 'generator_expression' ? only[0]! : undefined;
}

/** Values reached through a name are not literals at the use site: a fix must not edit the definition. */
export function throughName(v: AbstractValue): AbstractValue {
  switch (v.kind) {
    case 'str':
      return v.literal ? { ...v, literal: false } : v;
    case 'list':
    case 'tuple':
    case 'set':
      return { ...v, items: v.items.map(throughName) };
    case 'dict':
      return { ...v, entries: v.entries.map((e) => ({ key: throughName(e.key), value: throughName(e.value) })) };
    case 'oneOf':
      return { ...v, options: v.options.map(throughName) };
    case 'call':
      return { ...v, args: v.args.map(throughName), kwargs: v.kwargs.map((k) => ({ name: k.name, value: throughName(k.value) })) };
    default:
      return v;
  }
}

/** Marks each possibility of a value read through a name with where the name was read. */
function readAt(v: AbstractValue, site: SourceSpan): AbstractValue {
  if (v.kind === 'oneOf') return { ...v, options: v.options.map((o) => readAt(o, site)) };
  return { ...v, site };
}

/**
 * How many possibilities a value keeps. Branches multiply them (`if c1: X += 'a'`
 * a thousand times), and every step's value is kept: past this many, the value
 * is an honest unknown rather than a list that grows with the square of the file.
 */
export const MAX_OPTIONS = 256;

export function oneOf(options: AbstractValue[], span?: SourceSpan): AbstractValue {
  const flat = options.flatMap((o) => (o.kind === 'oneOf' ? o.options : [o]));
  if (flat.length === 1) return flat[0]!;
  if (flat.length > MAX_OPTIONS) return unknown(`one of more than ${MAX_OPTIONS} values`, span);
  return { kind: 'oneOf', options: flat, ...(span ? { span } : {}) };
}

export class Evaluator {
  private literalHost: LiteralHost | undefined;

  constructor(
    private readonly file: string,
    private readonly names: NameResolver,
    /**
     * The text of a file whose tree has no syntax error: containers and
     * calls of names are then read from it (literal-text.ts). Without it,
     * every value is read from the tree.
     */
    private readonly source?: string,
  ) {}

  span(node: SyntaxNode): SourceSpan {
    return { file: this.file, start: node.startIndex, end: node.endIndex };
  }

  /** The span of a node whose text is already read: offsets count UTF-16 code units, as text does. */
  private textSpan(node: SyntaxNode, text: string): SourceSpan {
    return { file: this.file, start: node.startIndex, end: node.startIndex + text.length };
  }

  evaluate(node: SyntaxNode, depth = 0): AbstractValue {
    if (depth > MAX_DEPTH) return unknown('expression nested too deeply to follow', this.span(node));
    const type = node.type;
    // Strings and names make their spans from their text: each question to a node is a WebAssembly call.
    if (type === 'string') return this.string(node, depth);
    if (type === 'identifier') return this.identifier(node);
    const span = this.span(node);
    switch (type) {
      case 'concatenated_string':
        return this.concatenated(node, depth);
      case 'integer':
        return this.integer(node);
      case 'float': {
        const value = Number(node.text.replace(/_/g, ''));
        return Number.isFinite(value) ? { kind: 'num', value, isInt: false, span } : unknown('a number celery-lint cannot read', span);
      }
      case 'true':
        return { kind: 'bool', value: true, span };
      case 'false':
        return { kind: 'bool', value: false, span };
      case 'none':
        return { kind: 'none', span };
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c && !isExtra(c));
        return inner ? this.evaluate(inner, depth + 1) : unknown('empty parentheses', span);
      }
      case 'list':
      case 'tuple':
      case 'set':
        return this.fromText(node, type, depth) ?? this.sequence(node, type, depth);
      case 'expression_list':
        // `X = 'a', 'b'` is a tuple.
        return this.sequence(node, 'tuple', depth);
      case 'dictionary':
        return this.fromText(node, type, depth) ?? this.dictionary(node, depth);
      case 'dictionary_comprehension':
        return foldDictComprehension(this, node, depth);
      case 'binary_operator':
        return this.binary(node, depth);
      case 'unary_operator':
        return this.unary(node, depth);
      case 'conditional_expression':
        return this.conditional(node, depth);
      case 'boolean_operator':
        return this.booleanOperator(node, depth);
      case 'comparison_operator':
        return this.comparison(node, depth);
      case 'not_operator': {
        const argument = node.childForFieldName('argument');
        const test = argument ? truthiness(this.evaluate(argument, depth + 1)) : undefined;
        return test === undefined ? unknown('a negation of a value celery-lint does not know', span) : { kind: 'bool', value: !test, span };
      }
      case 'call': {
        const host = this.textHost();
        return (host && readCallText(host, node, depth)) ?? this.call(node, depth);
      }
      case 'subscript':
        return this.subscript(node, depth);
      case 'attribute': {
        const path = this.dottedPath(node);
        return unknown(path ? `the attribute ${path} is not known statically` : 'an attribute celery-lint cannot follow', span);
      }
      default:
        return unknown(`a ${type.replace(/_/g, ' ')} is not evaluated`, span);
    }
  }

  /** What a comprehension iterates over: a mapping an attribute holds (`app.config`), else the value. */
  mappingSource(node: SyntaxNode, depth: number): AbstractValue {
    const path = node.type === 'attribute' ? this.dottedPath(node) : undefined;
    const held = path !== undefined ? this.names.mappingOf?.(path) : undefined;
    return held ? throughName(held) : this.evaluate(node, depth);
  }

  private integer(node: SyntaxNode): AbstractValue {
    const text = node.text;
    const value = integerLiteralValue(text);
    if (!Number.isFinite(value) || /[jJ]$/.test(text)) return unknown('a number celery-lint cannot read', this.span(node));
    return { kind: 'num', value, isInt: true, span: this.span(node) };
  }

  /** Reads the source text through literal-text.ts, when there is a clean one to read. */
  private textHost(): LiteralHost | undefined {
    const text = this.source;
    if (text === undefined) return undefined;
    return (this.literalHost ??= {
      file: this.file,
      text,
      maxDepth: MAX_DEPTH,
      identifier: (name, span) => this.named(name, span),
      call: (call) => this.callFromText(call),
      evaluate: (child, childDepth) => this.evaluate(child, childDepth),
    });
  }

  /** A container read from the source text, when there is one to read. */
  private fromText(node: SyntaxNode, type: ContainerType, depth: number): AbstractValue | undefined {
    const host = this.textHost();
    return host && readContainerText(host, node, type, depth);
  }

  private string(node: SyntaxNode, depth: number): AbstractValue {
    // Most literals are plain: read them from their text without visiting children.
    const text = node.text;
    const span = this.textSpan(node, text);
    const opening = plainLiteralOpening(text);
    if (opening !== undefined && !node.hasError) {
      const prefixInfo = splitStringPrefix(text.slice(0, opening.length));
      const value = decodeStringBody(text.slice(opening.length, text.length - opening.quote), prefixInfo);
      return { kind: 'str', value, literal: !prefixInfo.bytes, span };
    }
    const start = node.firstChild;
    const prefixInfo = splitStringPrefix(start?.type === 'string_start' ? start.text : '"');
    const parts: Array<string | Hole> = [];
    let plain = true;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'string_content') {
        parts.push(decodeStringBody(child.text, prefixInfo));
      } else if (child.type === 'interpolation') {
        plain = false;
        parts.push(...this.interpolation(child, depth));
      } else if (child.type === 'ERROR') {
        return unknown('a string with a syntax error', span);
      }
    }
    const value = makeTemplate(parts, span);
    if (value.kind === 'str' && plain && !prefixInfo.bytes) return { ...value, literal: true };
    return value;
  }

  private interpolation(node: SyntaxNode, depth: number): Array<string | Hole> {
    const expression = node.childForFieldName('expression');
    const hasModifiers = node.childForFieldName('type_conversion') || node.childForFieldName('format_specifier');
    if (!expression) return [{ hole: node.text }];
    const value = this.evaluate(expression, depth + 1);
    if (!hasModifiers && value.kind === 'str') return [value.value];
    if (!hasModifiers && value.kind === 'template') return [...value.parts];
    if (!hasModifiers && value.kind === 'num') return [String(value.value)];
    return [holeFor(value, expression.text)];
  }

  private concatenated(node: SyntaxNode, depth: number): AbstractValue {
    const parts: Array<string | Hole> = [];
    for (const child of node.namedChildren) {
      if (!child || child.type !== 'string') continue;
      const v = this.string(child, depth + 1);
      const p = templateParts(v);
      if (!p) return unknown('a string celery-lint cannot read', this.span(node));
      parts.push(...p);
    }
    return makeTemplate(parts, this.span(node));
  }

  private sequence(node: SyntaxNode, kind: 'list' | 'tuple' | 'set', depth: number): AbstractValue {
    const items: AbstractValue[] = [];
    let partial = false;
    for (const child of node.namedChildren) {
      if (!child || isExtra(child)) continue;
      if (child.type === 'list_splat' || child.type === 'parenthesized_list_splat') {
        const inner = child.namedChildren[0];
        const spread = inner ? this.evaluate(inner, depth + 1) : undefined;
        if (spread && (spread.kind === 'list' || spread.kind === 'tuple' || spread.kind === 'set')) {
          items.push(...spread.items);
          partial ||= spread.partial;
        } else partial = true;
        continue;
      }
      items.push(this.evaluate(child, depth + 1));
    }
    return { kind, items, partial, span: this.span(node) };
  }

  private dictionary(node: SyntaxNode, depth: number): AbstractValue {
    const entries: DictEntry[] = [];
    let partial = false;
    for (const child of node.namedChildren) {
      if (!child || isExtra(child)) continue;
      if (child.type === 'pair') {
        const key = child.childForFieldName('key');
        const value = child.childForFieldName('value');
        if (!key || !value) {
          partial = true;
          continue;
        }
        entries.push({ key: this.evaluate(key, depth + 1), value: this.evaluate(value, depth + 1) });
      } else if (child.type === 'dictionary_splat') {
        const inner = child.namedChildren[0];
        const spread = inner ? this.evaluate(inner, depth + 1) : undefined;
        if (spread?.kind === 'dict') {
          entries.push(...spread.entries);
          partial ||= spread.partial;
        } else partial = true;
      } else partial = true;
    }
    return { kind: 'dict', entries, partial, span: this.span(node) };
  }

  private identifier(node: SyntaxNode): AbstractValue {
    const name = node.text;
    return this.named(name, this.textSpan(node, name));
  }

  /** A name read as a value at `span`. */
  private named(name: string, span: SourceSpan): AbstractValue {
    const value = this.names.valueOf(name);
    if (value) return readAt(throughName(value), span);
    const imported = this.names.importOf(name);
    if (imported) return { kind: 'unknown', reason: `${name} is imported from ${imported}`, span, importedAs: imported };
    return unknown(`the name ${name} is not assigned in this module`, span);
  }

  private binary(node: SyntaxNode, depth: number): AbstractValue {
    const span = this.span(node);
    const leftNode = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.type;
    if (!leftNode || !rightNode || !op) return unknown('an incomplete expression', span);
    const left = this.evaluate(leftNode, depth + 1);
    if (op === '%' && (left.kind === 'str' || left.kind === 'template')) {
      return this.percentFormat(left, this.evaluate(rightNode, depth + 1), span);
    }
    const right = this.evaluate(rightNode, depth + 1);
    // `os.environ.get('HOST', 'localhost') + ':6379'`: each possibility on its own.
    return liftTwo(left, right, span, (l, r) => binaryOperation(op, l, r, span));
  }

  /** `a == b`, `a != b`, `a in (...)` of values known here (possibility by possibility); unknown otherwise. */
  private comparison(node: SyntaxNode, depth: number): AbstractValue {
    const span = this.span(node);
    const operands = node.namedChildren.filter((c): c is SyntaxNode => !!c && !isExtra(c));
    const operators = node.children.filter((c): c is SyntaxNode => !!c && !c.isNamed).map((c) => c.type);
    if (operands.length !== 2 || operators.length !== 1) return unknown('a chained comparison is not evaluated', span);
    const op = operators[0]!;
    const left = this.evaluate(operands[0]!, depth + 1);
    const right = this.evaluate(operands[1]!, depth + 1);
    return liftTwo(left, right, span, (l, r) => compareValues(op, l, r, span));
  }

  private unary(node: SyntaxNode, depth: number): AbstractValue {
    const span = this.span(node);
    const argument = node.childForFieldName('argument');
    const op = node.childForFieldName('operator')?.type ?? node.firstChild?.type;
    if (!argument) return unknown('an incomplete expression', span);
    const value = this.evaluate(argument, depth + 1);
    if (value.kind === 'num' && op === '-') return { ...value, value: -value.value, span };
    if (value.kind === 'num' && op === '+') return { ...value, span };
    return unknown('an arithmetic expression celery-lint does not fold', span);
  }

  private conditional(node: SyntaxNode, depth: number): AbstractValue {
    const [whenTrue, condition, whenFalse] = node.namedChildren.filter((c): c is SyntaxNode => !!c && !isExtra(c));
    if (!whenTrue || !condition || !whenFalse) return unknown('an incomplete conditional expression', this.span(node));
    const test = truthiness(this.evaluate(condition, depth + 1));
    if (test === true) return this.evaluate(whenTrue, depth + 1);
    if (test === false) return this.evaluate(whenFalse, depth + 1);
    return oneOf([this.evaluate(whenTrue, depth + 1), this.evaluate(whenFalse, depth + 1)], this.span(node));
  }

  private booleanOperator(node: SyntaxNode, depth: number): AbstractValue {
    const leftNode = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.type;
    if (!leftNode || !rightNode) return unknown('an incomplete expression', this.span(node));
    const left = this.evaluate(leftNode, depth + 1);
    const right = this.evaluate(rightNode, depth + 1);
    const test = truthiness(left);
    if (op === 'or') {
      if (test === true) return left;
      if (test === false) return right;
      // `os.environ.get("X") or "redis://"`: the env value when set and non-empty, else the fallback.
      return oneOf([left, right], this.span(node));
    }
    if (test === false) return left;
    if (test === true) return right;
    return oneOf([left, right], this.span(node));
  }

  private subscript(node: SyntaxNode, depth: number): AbstractValue {
    const span = this.span(node);
    const valueNode = node.childForFieldName('value');
    const indexNode = node.childForFieldName('subscript');
    if (!valueNode || !indexNode) return unknown('an incomplete subscript', span);
    const target = this.dottedPath(valueNode);
    if (target === 'os.environ') {
      const key = this.evaluate(indexNode, depth + 1);
      if (key.kind === 'str') return environmentText(`environment variable ${key.value}`, span, key.value);
      return environmentText('an environment variable with a computed name', span);
    }
    const container = this.evaluate(valueNode, depth + 1);
    const index = this.evaluate(indexNode, depth + 1);
    if (container.kind === 'dict' && index.kind === 'str') {
      for (let i = container.entries.length - 1; i >= 0; i--) {
        const e = container.entries[i]!;
        if (e.key.kind === 'str' && e.key.value === index.value) return e.value;
      }
    }
    if ((container.kind === 'list' || container.kind === 'tuple') && index.kind === 'num' && index.isInt && !container.partial) {
      const i = index.value < 0 ? container.items.length + index.value : index.value;
      const item = container.items[i];
      if (item) return item;
    }
    return unknown('a subscript celery-lint cannot follow', span);
  }

  /** `a.b.c` with the first name resolved through imports, or undefined. */
  dottedPath(node: SyntaxNode): string | undefined {
    const names: string[] = [];
    let current: SyntaxNode | null = node;
    while (current && current.type === 'attribute') {
      const attr = current.childForFieldName('attribute');
      if (!attr) return undefined;
      names.push(attr.text);
      current = current.childForFieldName('object');
    }
    if (!current || current.type !== 'identifier') return undefined;
    // Collected outermost first: pushed and reversed, since unshift would make a long chain quadratic.
    names.push(this.names.importOf(current.text) ?? current.text);
    return names.reverse().join('.');
  }

  private call(node: SyntaxNode, depth: number): AbstractValue {
    const span = this.span(node);
    const fn = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fn) return unknown('a call celery-lint cannot follow', span);
    const generator = dictOfGenerator(fn, argsNode, this.names);
    if (generator) return foldDictOfGenerator(this, node, generator, depth);
    const args: AbstractValue[] = [];
    const kwargs: Array<{ name: string; value: AbstractValue }> = [];
    let opaqueArgs = false;
    for (const arg of argsNode?.namedChildren ?? []) {
      if (!arg || isExtra(arg)) continue;
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
        if (name && value) kwargs.push({ name, value: this.evaluate(value, depth + 1) });
      } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
        opaqueArgs = true;
      } else {
        args.push(this.evaluate(arg, depth + 1));
      }
    }
    const fnType = fn.type;
    if (fnType === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text;
      const receiverNode = fn.childForFieldName('object');
      if (method === 'format' && receiverNode) {
        const receiver = this.evaluate(receiverNode, depth + 1);
        if (receiver.kind === 'str' || receiver.kind === 'template') return formatCall(receiver, args, kwargs, span);
      }
      if (method && STRING_METHODS.has(method) && receiverNode && kwargs.length === 0 && !opaqueArgs) {
        const receiver = this.evaluate(receiverNode, depth + 1);
        if (receiver.kind === 'str' || (receiver.kind === 'oneOf' && receiver.options.some((o) => o.kind === 'str'))) {
          return lift(receiver, span, (r) => stringMethod(method, r, args, span));
        }
      }
    }
    // A called name (`crontab(...)`, `env(...)`) is asked its type and text once: each is a WebAssembly call.
    const fnName = fnType === 'identifier' ? fn.text : undefined;
    const callee = fnName !== undefined ? (this.names.importOf(fnName) ?? fnName) : (this.dottedPath(fn) ?? fn.text);
    const receiverName = (): string | undefined => {
      if (fnType !== 'attribute') return undefined;
      const receiver = fn.childForFieldName('object');
      return receiver && receiver.type === 'identifier' ? receiver.text : undefined;
    };
    return this.foldCall({ fnName, callee, receiverName, cast: () => castName(node), args, kwargs, opaqueArgs, span });
  }

  /** A call written as names (`crontab(...)`, `os.environ.get(...)`, `X.format(...)`) read from the text (literal-text.ts). */
  private callFromText(call: TextCall): AbstractValue {
    const { names, args, kwargs, span } = call;
    const head = names[0]!;
    if (names.length === 2 && names[1] === 'format') {
      // The receiver is a plain name, read as the tree path reads it (the scanner gave up where that would be too deep).
      const receiver = this.named(head, call.headSpan);
      if (receiver.kind === 'str' || receiver.kind === 'template') return formatCall(receiver, args, kwargs, span);
    }
    const fnName = names.length === 1 ? head : undefined;
    const imported = this.names.importOf(head) ?? head;
    const callee = names.length === 1 ? imported : [imported, ...names.slice(1)].join('.');
    return this.foldCall({
      fnName,
      callee,
      receiverName: () => (names.length === 2 ? head : undefined),
      cast: () => call.castText,
      args,
      kwargs,
      opaqueArgs: false,
      span,
    });
  }

  /** What a call folds to, once its function and arguments are known. */
  private foldCall(site: CallSite): AbstractValue {
    const { callee, args, kwargs, opaqueArgs, span } = site;
    const kw = (name: string) => kwargs.find((k) => k.name === name)?.value;
    const fromEnvironment = this.environmentLibraryCall(site, kw);
    if (fromEnvironment) return fromEnvironment;
    switch (callee) {
      case 'os.environ.get':
      case 'os.getenv':
      case 'os.environ.setdefault': {
        const key = args[0];
        const fallback = args[1] ?? kw('default');
        const env =
          key?.kind === 'str'
            ? environmentText(`environment variable ${key.value}`, span, key.value)
            : environmentText('an environment variable with a computed name', span);
        if (!fallback) return env;
        return oneOf([env, fallback], span);
      }
      case 'str':
      case 'int':
      case 'float':
      case 'bool':
        if (args.length === 1 && kwargs.length === 0 && !opaqueArgs) {
          const cast = callee;
          const lifted = lift(args[0]!, span, (v) => castValue(cast, v, span));
          // str() keeps the environment's text; int(), float() and bool() turn it into something else.
          const folded = cast === 'str' ? lifted : withoutEnvironmentText(lifted);
          if (folded.kind !== 'unknown' || args[0]!.kind === 'oneOf') return folded;
        }
        if (callee === 'bool' && args.length === 0) return { kind: 'bool', value: false, span };
        break;
      case 'dict':
        if (args.length === 0 && !opaqueArgs) {
          return {
            kind: 'dict',
            entries: kwargs.map((k) => ({ key: { kind: 'str', value: k.name, literal: false }, value: k.value })),
            partial: false,
            span,
          };
        }
        break;
      case 'list':
      case 'tuple':
      case 'set': {
        const only = args[0];
        if (args.length === 1 && !opaqueArgs && only && (only.kind === 'list' || only.kind === 'tuple' || only.kind === 'set')) {
          return { kind: callee, items: only.items, partial: only.partial, span };
        }
        if (args.length === 0 && !opaqueArgs) return { kind: callee, items: [], partial: false, span };
        break;
      }
    }
    if (opaqueArgs) return unknown(`${callee}(…) with unpacked arguments`, span);
    return { kind: 'call', callee, args, kwargs, span };
  }

  /**
   * django-environ (`env('X', default=...)`, `env.str/bool/int/list/url(...)`,
   * defaults declared in `environ.Env(X=(type, default))`) and
   * python-decouple (`config('X', default=..., cast=...)`): the environment
   * variable, or the default when there is one.
   */
  private environmentLibraryCall(site: CallSite, kw: (name: string) => AbstractValue | undefined): AbstractValue | undefined {
    const { fnName, callee, args, span } = site;
    /** `text`: the call hands back the variable's text as it is (no cast), a str. */
    const lookup = (variable: AbstractValue | undefined, fallback: AbstractValue | undefined, text: boolean): AbstractValue => {
      const reason = variable?.kind === 'str' ? `environment variable ${variable.value}` : 'an environment variable with a computed name';
      const name = variable?.kind === 'str' ? variable.value : undefined;
      const env = text ? environmentText(reason, span, name) : unknown(reason, span, name);
      return fallback ? oneOf([env, fallback], span) : env;
    };
    if (/^decouple\.config$/.test(callee) || this.isInstanceOf(fnName, /^decouple\.(AutoConfig|Config|RepositoryEnv)$/)) {
      // decouple casts the default as well as the environment's text.
      const fallback = kw('default') ?? args[1];
      const cast = site.cast();
      return lookup(args[0], fallback && cast ? decoupleCast(fallback, cast, span) : fallback, !cast && !kw('cast'));
    }
    // env(...) on an environ.Env instance, or env.<caster>(...).
    const direct = this.envInstance(fnName);
    if (direct) {
      // django-environ's env(var, cast, default) casts when given a cast or when Env(...) declares the variable; environs' env(name, default) never does.
      const environs = /environs\./.test(direct.callee);
      const declared = args[0]?.kind === 'str' && direct.kwargs.some((k) => k.name === (args[0] as { value: string }).value);
      const text = environs || (!kw('cast') && args[1] === undefined && !declared);
      return lookup(args[0], kw('default') ?? (environs ? args[1] : args[2]) ?? schemeDefault(direct, args[0]), text);
    }
    const receiver = site.receiverName();
    const instance = receiver !== undefined ? this.envInstance(receiver) : undefined;
    if (instance) return lookup(args[0], kw('default') ?? args[1] ?? schemeDefault(instance, args[0]), callee.split('.').pop() === 'str');
    return undefined;
  }

  /** The `environ.Env(...)` call a name was assigned from, if it was. */
  private envInstance(name: string | undefined): CallValue | undefined {
    if (name === undefined) return undefined;
    const value = this.names.valueOf(name);
    return value?.kind === 'call' && /(^|\.)environ\.Env$|(^|\.)environs\.(Env|FileAwareEnv)$|^Env$/.test(value.callee) ? value : undefined;
  }

  /** Whether a name was assigned from a call of `callee` (an instance of that class). */
  private isInstanceOf(name: string | undefined, callee: RegExp): boolean {
    if (name === undefined) return false;
    const value = this.names.valueOf(name);
    return value?.kind === 'call' && callee.test(value.callee);
  }

  private percentFormat(template: StrValue | TemplateValue, operand: AbstractValue, span: SourceSpan): AbstractValue {
    const parts: Array<string | Hole> = [];
    const pieces = templateParts(template)!;
    const positional = operand.kind === 'tuple' && !operand.partial ? operand.items : operand.kind === 'dict' ? [] : [operand];
    let next = 0;
    for (const piece of pieces) {
      if (typeof piece !== 'string') {
        parts.push(piece);
        continue;
      }
      const re = /%(?:\(([^)]*)\))?([-#0 +]*\d*(?:\.\d+)?)([a-zA-Z%])/g;
      let last = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(piece))) {
        parts.push(piece.slice(last, m.index));
        last = m.index + m[0].length;
        const [, key, flags, conv] = m;
        if (conv === '%') {
          parts.push('%');
          continue;
        }
        let arg: AbstractValue | undefined;
        if (key !== undefined && operand.kind === 'dict') {
          arg = operand.entries.find((e) => e.key.kind === 'str' && e.key.value === key)?.value;
        } else if (key === undefined) arg = positional[next++];
        parts.push(substitution(arg, conv!, flags!, m[0]));
      }
      parts.push(piece.slice(last));
    }
    return makeTemplate(parts, span);
  }
}

/** The name given as `cast=` to a call (`bool`, `int`, `Csv`), if it is a plain name. */
function castName(call: SyntaxNode | null): string | undefined {
  const args = call?.childForFieldName('arguments')?.namedChildren ?? [];
  const cast = args.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'cast')?.childForFieldName('value');
  return cast?.type === 'identifier' ? cast.text : cast ? cast.text : undefined;
}

/** python-decouple's strtobool: these words only; anything else raises ValueError. */
const DECOUPLE_TRUE = new Set(['y', 'yes', 't', 'true', 'on', '1']);
const DECOUPLE_FALSE = new Set(['n', 'no', 'f', 'false', 'off', '0', '']);

/** What `cast` makes of a value known here; unknown where the cast is not one of Python's plain types. */
function decoupleCast(value: AbstractValue, cast: string, span: SourceSpan): AbstractValue {
  if (value.kind === 'oneOf') return oneOf(value.options.map((o) => decoupleCast(o, cast, span)), value.span ?? span);
  const at = value.span ?? span;
  if (cast === 'bool') {
    if (value.kind === 'bool') return value;
    if (value.kind === 'str') {
      const word = value.value.toLowerCase();
      if (DECOUPLE_TRUE.has(word)) return { kind: 'bool', value: true, span: at };
      if (DECOUPLE_FALSE.has(word)) return { kind: 'bool', value: false, span: at };
      return unknown(`cast=bool raises ValueError for ${JSON.stringify(value.value)}`, at);
    }
    if (value.kind === 'num') return { kind: 'bool', value: value.value !== 0, span: at };
  }
  if (cast === 'int' || cast === 'float') {
    if (value.kind === 'num' && (cast === 'float' || value.isInt)) return value;
    if (value.kind === 'str' && /^\s*[+-]?\d+\s*$/.test(value.value)) return { kind: 'num', value: Number(value.value), isInt: true, span: at };
    if (cast === 'float' && value.kind === 'str' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value.value)) return { kind: 'num', value: Number(value.value), isInt: false, span: at };
  }
  if (cast === 'str' && value.kind === 'str') return value;
  if (value.kind === 'unknown') return value;
  return unknown(`cast=${cast}(…) of a default`, at);
}

function substitution(arg: AbstractValue | undefined, conv: string, flags: string, text: string): string | Hole {
  if (arg && !flags && conv === 's' && arg.kind === 'str') return arg.value;
  if (arg && !flags && (conv === 's' || conv === 'd' || conv === 'i') && arg.kind === 'num' && arg.isInt) return String(arg.value);
  return holeFor(arg, text);
}

function formatCall(
  template: StrValue | TemplateValue,
  args: readonly AbstractValue[],
  kwargs: ReadonlyArray<{ name: string; value: AbstractValue }>,
  span: SourceSpan,
): AbstractValue {
  const parts: Array<string | Hole> = [];
  let auto = 0;
  for (const piece of templateParts(template)!) {
    if (typeof piece !== 'string') {
      parts.push(piece);
      continue;
    }
    let i = 0;
    let literal = '';
    while (i < piece.length) {
      const ch = piece[i]!;
      if ((ch === '{' || ch === '}') && piece[i + 1] === ch) {
        literal += ch;
        i += 2;
        continue;
      }
      if (ch !== '{') {
        literal += ch;
        i++;
        continue;
      }
      const close = piece.indexOf('}', i);
      if (close < 0) return unknown('a format string celery-lint cannot read', span);
      parts.push(literal);
      literal = '';
      const field = piece.slice(i + 1, close);
      i = close + 1;
      const match = /^([^!:.[]*)(.*)$/.exec(field)!;
      const name = match[1]!;
      const rest = match[2]!;
      let arg: AbstractValue | undefined;
      if (name === '') arg = args[auto++];
      else if (/^\d+$/.test(name)) arg = args[Number(name)];
      else arg = kwargs.find((k) => k.name === name)?.value;
      if (!rest && arg?.kind === 'str') parts.push(arg.value);
      else if (!rest && arg?.kind === 'num' && arg.isInt) parts.push(String(arg.value));
      else parts.push(holeFor(arg, name || `{${field}}`));
    }
    parts.push(literal);
  }
  return makeTemplate(parts, span);
}

/** String methods folded on a known string. */
const STRING_METHODS = new Set(['lower', 'upper', 'strip', 'lstrip', 'rstrip', 'replace', 'removeprefix', 'removesuffix']);

/** `f` applied to each possibility of a value; an unknown stays itself. */
function lift(value: AbstractValue, span: SourceSpan, f: (v: AbstractValue) => AbstractValue): AbstractValue {
  if (value.kind === 'oneOf') return oneOf(value.options.map((o) => lift(o, span, f)), span);
  if (value.kind === 'unknown' || value.kind === 'unset') return value;
  return f(value);
}

/** A binary operation over every pair of possibilities, when either side has several (a bounded product). */
function liftTwo(left: AbstractValue, right: AbstractValue, span: SourceSpan, f: (l: AbstractValue, r: AbstractValue) => AbstractValue): AbstractValue {
  if (left.kind !== 'oneOf' && right.kind !== 'oneOf') return f(left, right);
  const ls = left.kind === 'oneOf' ? left.options : [left];
  const rs = right.kind === 'oneOf' ? right.options : [right];
  if (ls.length * rs.length > 16) return unknown('too many possibilities to fold', span);
  // What an environment variable decides stays marked as such (print-config says "may be", not "unknown").
  const marked = (l: AbstractValue, r: AbstractValue): AbstractValue => {
    const out = f(l, r);
    if (out.kind !== 'unknown' || out.envVar) return out;
    const env = [l, r].find((x) => x.kind === 'unknown' && x.envVar);
    return env?.kind === 'unknown' ? { ...out, envVar: env.envVar! } : out;
  };
  return oneOf(ls.flatMap((l) => rs.map((r) => marked(l, r))), span);
}

/** Python's `str(x)`, `int(x)`, `float(x)`, `bool(x)` of a value known here; unknown where Python would raise or the value is not known. */
function castValue(cast: string, v: AbstractValue, span: SourceSpan): AbstractValue {
  switch (cast) {
    case 'str':
      // The string itself, with its own span: a fix may still replace the literal inside str(). Its site is
      // the call, so a binding made from it (a dict entry `'key': str('x')`) points at what is written there.
      if (v.kind === 'str' || v.kind === 'template') return { ...v, site: span };
      if (v.kind === 'num') return { kind: 'str', value: v.isInt ? String(v.value) : pythonFloatText(v.value), literal: false, span };
      if (v.kind === 'bool') return { kind: 'str', value: v.value ? 'True' : 'False', literal: false, span };
      if (v.kind === 'none') return { kind: 'str', value: 'None', literal: false, span };
      break;
    case 'int':
      if (v.kind === 'str' && /^\s*[-+]?\d+\s*$/.test(v.value)) return { kind: 'num', value: parseInt(v.value, 10), isInt: true, span };
      if (v.kind === 'num' && Number.isFinite(v.value)) return { kind: 'num', value: Math.trunc(v.value), isInt: true, span };
      if (v.kind === 'bool') return { kind: 'num', value: v.value ? 1 : 0, isInt: true, span };
      break;
    case 'float':
      if (v.kind === 'str' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v.value)) return { kind: 'num', value: parseFloat(v.value), isInt: false, span };
      if (v.kind === 'num') return { kind: 'num', value: v.value, isInt: false, span };
      if (v.kind === 'bool') return { kind: 'num', value: v.value ? 1 : 0, isInt: false, span };
      break;
    case 'bool': {
      const t = truthiness(v);
      if (t !== undefined) return { kind: 'bool', value: t, span };
      break;
    }
  }
  return unknown(`${cast}() of a value celery-lint does not know`, span);
}

/** How Python prints a float that `str()` is given (`1.0`, `0.5`, `1e+16`). */
function pythonFloatText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  return String(n).replace(/e\+?(-?)(\d)$/, (_m, sign: string, d: string) => `e${sign || '+'}0${d}`);
}

/** `'s'.lower()`, `.rstrip('/')`, `.replace(a, b)` ... on a known string. */
function stringMethod(method: string, v: AbstractValue, args: readonly AbstractValue[], span: SourceSpan): AbstractValue {
  if (v.kind !== 'str') return unknown(`.${method}() of a value celery-lint does not know`, span);
  const s = v.value;
  const strArgs = args.map((a) => (a.kind === 'str' ? a.value : a.kind === 'none' ? null : undefined));
  if (strArgs.some((a) => a === undefined)) return unknown(`.${method}() with arguments celery-lint does not know`, span);
  const chars = strArgs[0];
  const result = (value: string): AbstractValue => ({ kind: 'str', value, literal: false, span });
  const isAscii = /^[\x00-\x7f]*$/.test(s);
  const set = (c: string | null | undefined) => (c == null ? ' \t\n\r\x0b\x0c' : c);
  switch (method) {
    case 'lower':
      return args.length === 0 && isAscii ? result(s.toLowerCase()) : unknown('.lower() not folded', span);
    case 'upper':
      return args.length === 0 && isAscii ? result(s.toUpperCase()) : unknown('.upper() not folded', span);
    case 'strip':
    case 'lstrip':
    case 'rstrip': {
      if (args.length > 1) break;
      const strip = set(chars);
      let start = 0;
      let end = s.length;
      if (method !== 'rstrip') while (start < end && strip.includes(s[start]!)) start++;
      if (method !== 'lstrip') while (end > start && strip.includes(s[end - 1]!)) end--;
      return result(s.slice(start, end));
    }
    case 'replace':
      if (args.length === 2 && typeof strArgs[0] === 'string' && typeof strArgs[1] === 'string') {
        return result(strArgs[0] === '' ? s : s.split(strArgs[0]).join(strArgs[1]));
      }
      break;
    case 'removeprefix':
      if (args.length === 1 && typeof chars === 'string') return result(chars && s.startsWith(chars) ? s.slice(chars.length) : s);
      break;
    case 'removesuffix':
      if (args.length === 1 && typeof chars === 'string') return result(chars && s.endsWith(chars) ? s.slice(0, s.length - chars.length) : s);
      break;
  }
  return unknown(`.${method}() with these arguments is not folded`, span);
}

/** `==`, `!=`, `in`, `not in`, `is`, `is not` of two known values; unknown otherwise. */
function compareValues(op: string, left: AbstractValue, right: AbstractValue, span: SourceSpan): AbstractValue {
  const bool = (value: boolean): AbstractValue => ({ kind: 'bool', value, span });
  const scalar = (v: AbstractValue): string | undefined => {
    if (v.kind === 'str') return `s:${v.value}`;
    if (v.kind === 'num') return `n:${v.value}`;
    if (v.kind === 'bool') return `n:${v.value ? 1 : 0}`;
    if (v.kind === 'none') return 'none';
    return undefined;
  };
  const a = scalar(left);
  if (op === '==' || op === '!=') {
    const b = scalar(right);
    if (a === undefined || b === undefined) return unknown('a comparison of values celery-lint does not know', span);
    return bool((a === b) === (op === '=='));
  }
  if (op === 'in' || op === 'not in') {
    if (a === undefined) return unknown('a comparison of values celery-lint does not know', span);
    if (right.kind === 'str' && left.kind === 'str') return bool(right.value.includes(left.value) === (op === 'in'));
    if ((right.kind === 'list' || right.kind === 'tuple' || right.kind === 'set') && !right.partial) {
      const items = right.items.map(scalar);
      if (items.includes(a)) return bool(op === 'in');
      if (items.every((i) => i !== undefined)) return bool(op !== 'in');
    }
    return unknown('a membership test celery-lint cannot decide', span);
  }
  if ((op === 'is' || op === 'is not') && (left.kind === 'none' || right.kind === 'none') && a !== undefined && scalar(right) !== undefined) {
    return bool((left.kind === 'none' && right.kind === 'none') === (op === 'is'));
  }
  return unknown(`a comparison with '${op}' celery-lint does not fold`, span);
}

function binaryOperation(op: string, left: AbstractValue, right: AbstractValue, span: SourceSpan): AbstractValue {
  if (op === '+') {
    // An environment variable joined to a string keeps the string's pieces around a `$VAR` hole.
    const envHole = (v: AbstractValue) => (v.kind === 'unknown' && v.envVar ? [holeFor(v, v.envVar)] : undefined);
    const l = templateParts(left) ?? (templateParts(right) ? envHole(left) : undefined);
    const r = templateParts(right) ?? (templateParts(left) ? envHole(right) : undefined);
    if (l && r) return makeTemplate([...l, ...r], span);
    if (left.kind === 'num' && right.kind === 'num') return { kind: 'num', value: left.value + right.value, isInt: left.isInt && right.isInt, span };
    const isSeq = (v: AbstractValue) => v.kind === 'list' || v.kind === 'tuple';
    if (isSeq(left) && left.kind === right.kind && (left.kind === 'list' || left.kind === 'tuple') && (right.kind === 'list' || right.kind === 'tuple')) {
      const { items, cut } = concatFolded(left.items, right.items);
      return { kind: left.kind, items, partial: left.partial || right.partial || cut, span };
    }
    if ((left.kind === 'list' || left.kind === 'tuple') && right.kind === 'unknown') {
      return { kind: left.kind, items: left.items, partial: true, span };
    }
  }
  if (left.kind === 'num' && right.kind === 'num') {
    const a = left.value;
    const b = right.value;
    const ints = left.isInt && right.isInt;
    switch (op) {
      case '-':
        return { kind: 'num', value: a - b, isInt: ints, span };
      case '*':
        return { kind: 'num', value: a * b, isInt: ints, span };
      case '/':
        if (b !== 0) return { kind: 'num', value: a / b, isInt: false, span };
        break;
      case '//':
        if (b !== 0) return { kind: 'num', value: Math.floor(a / b), isInt: ints, span };
        break;
      case '**':
        if (Math.abs(b) < 64) return { kind: 'num', value: a ** b, isInt: ints && b >= 0, span };
        break;
    }
  }
  if (op === '*') {
    const repeated = repeatString(left, right) ?? repeatString(right, left);
    if (repeated) return { ...repeated, span };
  }
  if (op === '|' && left.kind === 'dict' && right.kind === 'dict') {
    const { items, cut } = concatFolded(left.entries, right.entries);
    return { kind: 'dict', entries: items, partial: left.partial || right.partial || cut, span };
  }
  return unknown(`an expression with '${op}' celery-lint does not fold`, span);
}

/** Longest string `'ab' * n` is folded into: a settings file has no business building more, and the linter must not. */
const MAX_REPEATED_LENGTH = 100_000;

/** `'k' * 60`: a known string times a known whole number (a negative count gives ''). */
function repeatString(text: AbstractValue, count: AbstractValue): AbstractValue | undefined {
  if (text.kind !== 'str' || count.kind !== 'num' || !count.isInt) return undefined;
  const n = Math.max(0, count.value);
  if (text.value.length * n > MAX_REPEATED_LENGTH) return undefined;
  return { kind: 'str', value: text.value.repeat(n), literal: false };
}

/** `environ.Env(DEBUG=(bool, False))`: the declared default of a variable, if any. */
function schemeDefault(env: CallValue, variable: AbstractValue | undefined): AbstractValue | undefined {
  if (variable?.kind !== 'str') return undefined;
  const declared = env.kwargs.find((k) => k.name === variable.value)?.value;
  if (declared && (declared.kind === 'tuple' || declared.kind === 'list') && declared.items.length >= 2) return declared.items[1];
  return undefined;
}
