// Questions rules ask about abstract values. Rules never look inside a value
// by hand: they ask these, so "is" and "may be" mean the same everywhere.
import type { AbstractValue, Hole, StrValue, TemplateValue } from './types';

/** Every leaf possibility of a value (one-of flattened). */
export function possibilities(value: AbstractValue): AbstractValue[] {
  if (value.kind !== 'oneOf') return [value];
  return value.options.flatMap(possibilities);
}

export type Certainty = 'is' | 'may be';

/**
 * Splits a value's possibilities by a predicate: `matches` are the ones that
 * satisfy it. `certainty` is `is` when every possibility matches, `may be`
 * when only some do (the rest are other values or unknown), undefined when none do.
 */
export function classify<T extends AbstractValue>(
  value: AbstractValue,
  predicate: (v: AbstractValue) => v is T,
): { matches: T[]; certainty: Certainty | undefined } {
  const all = possibilities(value);
  const matches = all.filter(predicate);
  if (matches.length === 0) return { matches, certainty: undefined };
  return { matches, certainty: matches.length === all.length ? 'is' : 'may be' };
}

export function isStringLike(v: AbstractValue): v is StrValue | TemplateValue {
  return v.kind === 'str' || v.kind === 'template';
}

/** The text a string-like value certainly starts with. */
export function knownPrefix(v: StrValue | TemplateValue): string {
  if (v.kind === 'str') return v.value;
  let prefix = '';
  for (const part of v.parts) {
    if (typeof part !== 'string') break;
    prefix += part;
  }
  return prefix;
}

/**
 * The URL scheme of a string-like value, when it is known: `amqp` for
 * `"amqp://{user}@{host}"`. A string without `://` has no scheme (Celery then
 * takes the whole string as an alias or class path).
 */
export function urlScheme(v: StrValue | TemplateValue): string | undefined {
  const prefix = knownPrefix(v);
  const i = prefix.indexOf('://');
  if (i >= 0) return prefix.slice(0, i);
  return undefined;
}

/** Python truthiness, when it is known. */
export function truthiness(v: AbstractValue): boolean | undefined {
  switch (v.kind) {
    case 'str':
      return v.value.length > 0;
    case 'num':
      return v.value !== 0;
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'list':
    case 'tuple':
    case 'set':
      return v.items.length > 0 ? true : v.partial ? undefined : false;
    case 'dict':
      return v.entries.length > 0 ? true : v.partial ? undefined : false;
    case 'template':
      return v.parts.some((p) => typeof p === 'string' && p.length > 0) ? true : undefined;
    case 'oneOf': {
      const all = v.options.map(truthiness);
      return all.every((t) => t === all[0]) ? all[0] : undefined;
    }
    default:
      return undefined;
  }
}

export function isHole(part: string | Hole): part is Hole {
  return typeof part !== 'string';
}

/** A short human rendering for messages, in Python-like syntax. */
export function describeValue(v: AbstractValue, depth = 0): string {
  if (depth > 4) return '...';
  switch (v.kind) {
    case 'str':
      return pyRepr(v.value);
    case 'template':
      return `'${v.parts.map((p) => (typeof p === 'string' ? p : '{…}')).join('')}'`;
    case 'num':
      return String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
    case 'tuple':
    case 'set': {
      const inner = v.items.map((i) => describeValue(i, depth + 1));
      if (v.partial) inner.push('…');
      if (v.kind === 'list') return `[${inner.join(', ')}]`;
      if (v.kind === 'set') return `{${inner.join(', ')}}`;
      return `(${inner.join(', ')}${inner.length === 1 ? ',' : ''})`;
    }
    case 'dict': {
      const inner = v.entries.map((e) => `${describeValue(e.key, depth + 1)}: ${describeValue(e.value, depth + 1)}`);
      if (v.partial) inner.push('…');
      return `{${inner.join(', ')}}`;
    }
    case 'call':
      return `${v.callee.split('.').pop()}(…)`;
    case 'oneOf':
      return v.options.map((o) => describeValue(o, depth + 1)).join(' or ');
    case 'unset':
      return '(unset)';
    case 'unknown':
      return v.envVar ? `$${v.envVar}` : '(unknown)';
  }
}

export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON rendering that keeps unknowns and templates visible (for print-config). */
export function valueToJson(v: AbstractValue, depth = 0): JsonValue {
  if (depth > 32) return { unknown: 'too deeply nested to show' };
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'template':
      return { template: v.parts.map((p) => (typeof p === 'string' ? p : `{${p.hole}}`)).join('') };
    case 'num':
    case 'bool':
      return v.value;
    case 'none':
      return null;
    case 'list':
    case 'tuple':
    case 'set': {
      const items = v.items.map((i) => valueToJson(i, depth + 1));
      const out: { [key: string]: JsonValue } = { [v.kind]: items };
      if (v.partial) out.partial = true;
      return v.kind === 'list' && !v.partial ? items : out;
    }
    case 'dict': {
      const entries = v.entries.map((e) => [valueToJson(e.key, depth + 1), valueToJson(e.value, depth + 1)] as JsonValue[]);
      const allStringKeys = v.entries.every((e) => e.key.kind === 'str');
      if (allStringKeys && !v.partial) {
        const obj: { [key: string]: JsonValue } = {};
        v.entries.forEach((e, i) => (obj[(e.key as StrValue).value] = entries[i]![1]!));
        return obj;
      }
      return { dict: entries, ...(v.partial ? { partial: true } : {}) };
    }
    case 'call':
      return {
        call: v.callee,
        args: v.args.map((a) => valueToJson(a, depth + 1)),
        kwargs: Object.fromEntries(v.kwargs.map((k) => [k.name, valueToJson(k.value, depth + 1)])),
      };
    case 'oneOf':
      return { oneOf: v.options.map((o) => valueToJson(o, depth + 1)) };
    case 'unset':
      return { unset: true };
    case 'unknown':
      return v.envVar ? { unknown: v.reason, env: v.envVar } : { unknown: v.reason };
  }
}

/**
 * The string elements of a sequence value (e.g. accept_content), when the
 * value is certainly a list/tuple/set of known strings. Undefined otherwise.
 */
export function knownStringItems(v: AbstractValue): { items: StrValue[]; kind: 'list' | 'tuple' | 'set' } | undefined {
  if (v.kind !== 'list' && v.kind !== 'tuple' && v.kind !== 'set') return undefined;
  if (v.partial) return undefined;
  const items: StrValue[] = [];
  for (const item of v.items) {
    if (item.kind !== 'str') return undefined;
    items.push(item);
  }
  return { items, kind: v.kind };
}
