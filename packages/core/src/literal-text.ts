// Containers and calls read from the source text instead of the tree
// (design.md, "Abstract values"). A beat schedule or a LOGGING dict is
// hundreds of strings, numbers, brackets and `crontab(...)` calls, and reading
// each through web-tree-sitter costs a WebAssembly call and a Node per child
// and field: a 20-entry schedule took about 250 µs that way, 30 µs from the
// text. Here the text gives the literals, names and calls of names
// (`crontab(minute='*/5')`, `env('X', default=...)`, `os.environ.get(...)`);
// anything else (`a + b`, `x[0]`, `f(*args)`) is looked up in the tree, at
// the exact offsets the text says it spans, and evaluated from its node.
//
// Used only on a file whose tree has no syntax error, so the text is Python
// the grammar accepted. Anything unexpected (a splat, a comprehension, a
// lambda, a non-ASCII name, an expression the tree does not have at those
// offsets) gives up on the whole container or call, and the caller reads it
// from the tree: the answer is the same either way (literal-text.test.ts
// compares the two), only the cost differs.
import type { SyntaxNode } from './parser';
import { decodeStringBody, splitStringPrefix, type StringPrefix } from './python-strings';
import { isAsciiNameChar, isAsciiNameStart, isTriple, plainStringEnd } from './python-tokens';
import type { AbstractValue, DictEntry, SourceSpan } from './types';

/** What reading a container's or a call's text needs from the evaluator. */
export interface LiteralHost {
  readonly file: string;
  /** The text the tree was parsed from: node offsets index it. */
  readonly text: string;
  /** Deeper than this the evaluator answers "nested too deeply", which the tree path says best. */
  readonly maxDepth: number;
  /** A name used as a value, as the evaluator reads an identifier spanning `span`. */
  identifier(name: string, span: SourceSpan): AbstractValue;
  /** Folds a call of names read from the text, as the evaluator folds one from the tree. */
  call(call: TextCall): AbstractValue;
  /** Evaluates an expression node at `depth`. */
  evaluate(node: SyntaxNode, depth: number): AbstractValue;
}

/** `a.b.c(x, key=y)` read from the text: the called names and the arguments' values. */
export interface TextCall {
  /** The called name, or the dotted names of an attribute (`os`, `environ`, `get`). */
  readonly names: readonly string[];
  /** Where the first name is written. */
  readonly headSpan: SourceSpan;
  readonly args: AbstractValue[];
  readonly kwargs: Array<{ name: string; value: AbstractValue }>;
  /** The text of the first `cast=` argument's value (python-decouple reads it). */
  readonly castText: string | undefined;
  readonly span: SourceSpan;
}

export type ContainerType = 'dictionary' | 'list' | 'tuple' | 'set';

/** A container node's value read from its text, or undefined when the tree must be asked. */
export function readContainerText(host: LiteralHost, node: SyntaxNode, type: ContainerType, depth: number): AbstractValue | undefined {
  return attempt(node, () => {
    const read = new LiteralScanner(host, node).container(node.startIndex, depth);
    return read && read.type === type ? read : undefined;
  });
}

/** A call node's value read from its text, or undefined when the tree must be asked (a function that is not names, unpacked arguments, ...). */
export function readCallText(host: LiteralHost, node: SyntaxNode, depth: number): AbstractValue | undefined {
  return attempt(node, () => new LiteralScanner(host, node).call(node.startIndex, depth));
}

/** What `read` found, if it spans exactly `node`; undefined if it gave up. */
function attempt(node: SyntaxNode, read: () => Read | undefined): AbstractValue | undefined {
  try {
    const found = read();
    return found && found.end === node.endIndex ? found.value : undefined;
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** What a string without prefix letters decodes with (the quote does not matter to decoding). */
const NO_PREFIX: StringPrefix = { raw: false, bytes: false, formatted: false, quote: "'", letters: '' };

/** Thrown through the scanner to abandon the text and read the tree. */
const GIVE_UP = new Error('literal text: read the tree instead');

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const FORM_FEED = 12;
const HASH = 35;
const BACKSLASH = 92;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const EQUALS = 61;
const DOT = 46;
const STAR = 42;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Keywords that cannot stand alone as a value; soft keywords (`match`, `type`) and `print` are names. */
const KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass',
  'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Where an element ends: the characters that may follow it at bracket depth 0. */
const enum Stop {
  /** A list, tuple or set item, or a dict value: `,` or the closing bracket. */
  Item,
  /** A dict key, or the first element of `{`: also `:`. */
  Key,
}

interface Read {
  readonly value: AbstractValue;
  readonly end: number;
}

class LiteralScanner {
  private readonly text: string;

  constructor(
    private readonly host: LiteralHost,
    /** The container node: expressions found in its text are looked up under it. */
    private readonly within: SyntaxNode,
  ) {
    this.text = host.text;
  }

  private span(start: number, end: number): SourceSpan {
    return { file: this.host.file, start, end };
  }

  /** Past spaces, line breaks, comments and backslash continuations. */
  private trivia(pos: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === SPACE || c === TAB || c === LF || c === CR || c === FORM_FEED) pos++;
      else if (c === HASH) {
        while (pos < text.length && text.charCodeAt(pos) !== LF && text.charCodeAt(pos) !== CR) pos++;
      } else if (c === BACKSLASH && (text.charCodeAt(pos + 1) === LF || text.charCodeAt(pos + 1) === CR)) pos += 2;
      else return pos;
    }
  }

  /** The end of the string literal whose quote is at `pos`. */
  private stringEnd(pos: number): number {
    const q = this.text.charCodeAt(pos);
    const triple = isTriple(this.text, pos, q);
    return plainStringEnd(this.text, pos + (triple ? 3 : 1), q, triple);
  }

  /** The end of the ASCII name starting at `pos`; a name that goes on beyond ASCII is left to the tree. */
  private nameEnd(pos: number): number {
    while (isAsciiNameChar(this.text.charCodeAt(pos))) pos++;
    if (this.text.charCodeAt(pos) > 127) throw GIVE_UP;
    return pos;
  }

  /**
   * The container whose opening bracket is at `start`, read at `depth` (the
   * depth the evaluator would be asked at). Its type comes from its text:
   * `{` with a `:` after the first element (or `{}`) is a dict.
   */
  container(start: number, depth: number): (Read & { type: ContainerType }) | undefined {
    if (depth > this.host.maxDepth) throw GIVE_UP;
    const open = this.text.charCodeAt(start);
    if (open === OPEN_BRACE) return this.braces(start, depth);
    const close = open === OPEN_BRACKET ? CLOSE_BRACKET : open === OPEN_PAREN ? CLOSE_PAREN : -1;
    if (close === -1) throw GIVE_UP;
    const items: AbstractValue[] = [];
    let pos = this.trivia(start + 1);
    let comma = false;
    while (this.text.charCodeAt(pos) !== close) {
      const item = this.element(pos, Stop.Item, close, depth + 1);
      items.push(item.value);
      pos = this.trivia(item.end);
      const c = this.text.charCodeAt(pos);
      if (c === COMMA) {
        comma = true;
        pos = this.trivia(pos + 1);
      } else if (c !== close) throw GIVE_UP;
    }
    const end = pos + 1;
    // `(x)` is a parenthesized expression, not a tuple: the caller reads it from the tree.
    if (open === OPEN_PAREN && items.length === 1 && !comma) return undefined;
    const type = open === OPEN_BRACKET ? 'list' : 'tuple';
    return { type, value: { kind: type, items, partial: false, span: this.span(start, end) }, end };
  }

  private braces(start: number, depth: number): Read & { type: ContainerType } {
    let pos = this.trivia(start + 1);
    if (this.text.charCodeAt(pos) === CLOSE_BRACE) {
      const end = pos + 1;
      return { type: 'dictionary', value: { kind: 'dict', entries: [], partial: false, span: this.span(start, end) }, end };
    }
    const first = this.element(pos, Stop.Key, CLOSE_BRACE, depth + 1);
    pos = this.trivia(first.end);
    if (this.text.charCodeAt(pos) !== COLON) {
      const items = [first.value];
      for (;;) {
        const c = this.text.charCodeAt(pos);
        if (c === CLOSE_BRACE) break;
        if (c !== COMMA) throw GIVE_UP;
        pos = this.trivia(pos + 1);
        if (this.text.charCodeAt(pos) === CLOSE_BRACE) break;
        const item = this.element(pos, Stop.Item, CLOSE_BRACE, depth + 1);
        items.push(item.value);
        pos = this.trivia(item.end);
      }
      const end = pos + 1;
      return { type: 'set', value: { kind: 'set', items, partial: false, span: this.span(start, end) }, end };
    }
    const entries: DictEntry[] = [];
    let key: Read = first;
    for (;;) {
      // At the colon after `key`.
      const value = this.element(this.trivia(pos + 1), Stop.Item, CLOSE_BRACE, depth + 1);
      entries.push({ key: key.value, value: value.value });
      pos = this.trivia(value.end);
      if (this.text.charCodeAt(pos) === CLOSE_BRACE) break;
      if (this.text.charCodeAt(pos) !== COMMA) throw GIVE_UP;
      pos = this.trivia(pos + 1);
      if (this.text.charCodeAt(pos) === CLOSE_BRACE) break;
      key = this.element(pos, Stop.Key, CLOSE_BRACE, depth + 1);
      pos = this.trivia(key.end);
      if (this.text.charCodeAt(pos) !== COLON) throw GIVE_UP;
    }
    const end = pos + 1;
    return { type: 'dictionary', value: { kind: 'dict', entries, partial: false, span: this.span(start, end) }, end };
  }

  /**
   * One element starting at `pos`, at `depth`: a literal or name read from
   * the text when what follows it ends the element, else the expression the
   * tree has at the element's offsets.
   */
  private element(pos: number, stop: Stop, close: number, depth: number): Read {
    if (depth > this.host.maxDepth) throw GIVE_UP;
    const simple = this.simple(pos, depth);
    if (simple) {
      const after = this.text.charCodeAt(this.trivia(simple.end));
      if (after === COMMA || after === close || (stop === Stop.Key && after === COLON)) return simple;
    }
    return this.expression(pos, stop, close, depth);
  }

  /** A literal, name or bracketed container at `pos`, if one starts there. */
  private simple(pos: number, depth: number): Read | undefined {
    const text = this.text;
    const c = text.charCodeAt(pos);
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) return this.string(pos, pos);
    if (isDigit(c)) return this.number(pos);
    if (c === OPEN_BRACKET || c === OPEN_PAREN || c === OPEN_BRACE) return this.container(pos, depth);
    // `*x` and `**x` unpack into the container: the tree path knows how.
    if (c === STAR) throw GIVE_UP;
    if (!isAsciiNameStart(c)) return undefined;
    const end = this.nameEnd(pos);
    const next = text.charCodeAt(end);
    if ((next === SINGLE_QUOTE || next === DOUBLE_QUOTE) && end - pos <= 2) return this.string(pos, end);
    const name = text.slice(pos, end);
    if (name === 'True' || name === 'False') return { value: { kind: 'bool', value: name === 'True', span: this.span(pos, end) }, end };
    if (name === 'None') return { value: { kind: 'none', span: this.span(pos, end) }, end };
    if (name === 'lambda' || name === 'yield') throw GIVE_UP;
    if (KEYWORDS.has(name)) return undefined;
    if (next === OPEN_PAREN || next === DOT) return this.call(pos, depth);
    return { value: this.host.identifier(name, this.span(pos, end)), end };
  }

  /**
   * `name(...)` or `a.b.name(...)` at `start`, written without spaces in the
   * names, with arguments separated by commas; undefined for any other call
   * (unpacked arguments, a generator argument, a called expression), which
   * is read from the tree.
   */
  call(start: number, depth: number): Read | undefined {
    const text = this.text;
    const names: string[] = [];
    let pos = start;
    for (;;) {
      if (!isAsciiNameStart(text.charCodeAt(pos))) return undefined;
      const from = pos;
      pos = this.nameEnd(pos);
      const name = text.slice(from, pos);
      if (KEYWORDS.has(name) || name === 'True' || name === 'False' || name === 'None') return undefined;
      names.push(name);
      if (text.charCodeAt(pos) !== DOT) break;
      pos++;
    }
    if (text.charCodeAt(pos) !== OPEN_PAREN) return undefined;
    // The receiver of `X.format(...)` is evaluated one level down.
    if (depth + 1 > this.host.maxDepth) throw GIVE_UP;
    const args: AbstractValue[] = [];
    const kwargs: Array<{ name: string; value: AbstractValue }> = [];
    let castText: string | undefined;
    pos = this.trivia(pos + 1);
    while (text.charCodeAt(pos) !== CLOSE_PAREN) {
      const c = text.charCodeAt(pos);
      if (c === STAR) return undefined;
      let keyword: string | undefined;
      if (isAsciiNameStart(c)) {
        const nameEnd = this.nameEnd(pos);
        const equals = this.trivia(nameEnd);
        if (text.charCodeAt(equals) === EQUALS && text.charCodeAt(equals + 1) !== EQUALS) {
          keyword = text.slice(pos, nameEnd);
          if (KEYWORDS.has(keyword)) return undefined;
          pos = this.trivia(equals + 1);
        }
      }
      const value = this.element(pos, Stop.Item, CLOSE_PAREN, depth + 1);
      if (keyword === undefined) args.push(value.value);
      else {
        kwargs.push({ name: keyword, value: value.value });
        if (keyword === 'cast' && castText === undefined) castText = text.slice(pos, value.end);
      }
      pos = this.trivia(value.end);
      if (text.charCodeAt(pos) === COMMA) pos = this.trivia(pos + 1);
      else if (text.charCodeAt(pos) !== CLOSE_PAREN) return undefined;
    }
    const end = pos + 1;
    const call: TextCall = { names, headSpan: this.span(start, start + names[0]!.length), args, kwargs, castText, span: this.span(start, end) };
    return { value: this.host.call(call), end };
  }

  /** A string literal with prefix at `start` and quote at `quote`; f-strings and odd ones are read from the tree. */
  private string(start: number, quote: number): Read | undefined {
    const text = this.text;
    const end = this.stringEnd(quote);
    // As plainLiteralOpening would say of the literal's text: up to two of r, u, b before the quote.
    let prefix = NO_PREFIX;
    if (quote > start) {
      for (let i = start; i < quote; i++) if (!'rRuUbB'.includes(text[i]!)) return undefined;
      prefix = splitStringPrefix(text.slice(start, quote + 1));
    }
    const quoteLength = isTriple(text, quote, text.charCodeAt(quote)) ? 3 : 1;
    const value = decodeStringBody(text.slice(quote + quoteLength, end - quoteLength), prefix);
    return { value: { kind: 'str', value, literal: !prefix.bytes, span: this.span(start, end) }, end };
  }

  /** Plain decimal integers and `digits.digits` floats; other numerals are read from the tree. */
  private number(start: number): Read | undefined {
    const text = this.text;
    let end = start;
    while (isDigit(text.charCodeAt(end))) end++;
    let isInt = true;
    if (text.charCodeAt(end) === DOT && isDigit(text.charCodeAt(end + 1))) {
      isInt = false;
      end++;
      while (isDigit(text.charCodeAt(end))) end++;
    }
    const next = text.charCodeAt(end);
    if (isAsciiNameChar(next) || next === DOT) return undefined;
    // Plain digits and `digits.digits`: Number reads them as Python does.
    const value = Number(text.slice(start, end));
    if (!Number.isFinite(value)) return undefined;
    return { value: { kind: 'num', value, isInt, span: this.span(start, end) }, end };
  }

  /**
   * An element that is not a plain literal: its extent is found in the text
   * (brackets and strings skipped) and the tree must hold a named expression
   * at exactly those offsets.
   */
  private expression(start: number, stop: Stop, close: number, depth: number): Read {
    const text = this.text;
    let pos = start;
    let nesting = 0;
    let end = start;
    while (pos < text.length) {
      const past = this.trivia(pos);
      if (past !== pos) {
        pos = past;
        continue;
      }
      const c = text.charCodeAt(pos);
      if (nesting === 0 && (c === COMMA || c === close || (stop === Stop.Key && c === COLON))) {
        // `x := 1` unparenthesized in a set: the tree path reads it.
        if (c === COLON && text.charCodeAt(pos + 1) === EQUALS) throw GIVE_UP;
        break;
      }
      if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) pos = this.stringEnd(pos);
      else if (isAsciiNameStart(c)) {
        const from = pos;
        pos = this.nameEnd(pos);
        const word = text.slice(from, pos);
        // A lambda's colon, or a comprehension's clauses, at this level: not an element the text can delimit.
        if (nesting === 0 && (word === 'lambda' || word === 'for')) throw GIVE_UP;
      } else {
        if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) nesting++;
        else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
          if (nesting === 0) throw GIVE_UP;
          nesting--;
        } else if (c > 127 && nesting === 0) throw GIVE_UP;
        pos++;
      }
      end = pos;
    }
    if (end === start) throw GIVE_UP;
    const node = this.within.descendantForIndex(start, end);
    if (!node || node.startIndex !== start || node.endIndex !== end || !node.isNamed) throw GIVE_UP;
    return { value: this.host.evaluate(node, depth), end };
  }
}
