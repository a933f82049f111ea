// The tagged JSON encoding of Python values that `print-config --format json`
// prints. Plain JSON stands only for what it cannot mistake: a string is a
// str, true/false a bool, null None, an integer number an int, an array a
// list whose every item is known. Everything else is an object whose "type"
// says what it is, so a dict holding a key named "tuple" can never read as a
// tuple, and 1.0 stays a float after a round trip through any JSON parser.
// The shape is documented in docs/print-config.md; test/differential decodes
// real Celery's values into the same encoding and compares them exactly.
import type { AbstractValue, Hole } from './types';

export type TaggedJson = string | number | boolean | null | TaggedJson[] | { readonly [key: string]: TaggedJson };

const MAX_DEPTH = 32;

/** A float: `value` is the number (JSON has no 1.0), or "inf", "-inf", "nan". */
function float(value: number): TaggedJson {
  return { type: 'float', value: Number.isFinite(value) ? value : Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
}

/** A template's part: known text, or a hole (`$VAR` / `$VAR:-default` is one the environment fills). */
function part(p: string | Hole): TaggedJson {
  if (typeof p === 'string') return p;
  const variable = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(p.hole)?.[1];
  return { type: 'unknown', reason: p.hole, ...(variable ? { env: variable } : {}) };
}

/** The tagged encoding of what the engine knows about a value. */
export function taggedValueJson(v: AbstractValue, depth = 0): TaggedJson {
  if (depth > MAX_DEPTH) return { type: 'unknown', reason: 'too deeply nested to show' };
  const inner = (x: AbstractValue) => taggedValueJson(x, depth + 1);
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'bool':
      return v.value;
    case 'none':
      return null;
    case 'num':
      return v.isInt && Number.isFinite(v.value) ? v.value : float(v.value);
    case 'template':
      return { type: 'template', parts: v.parts.map(part) };
    case 'list':
      if (!v.partial) return v.items.map(inner);
      return { type: 'list', items: v.items.map(inner), partial: true };
    case 'tuple':
    case 'set':
      return { type: v.kind, items: v.items.map(inner), ...(v.partial ? { partial: true } : {}) };
    case 'dict':
      return { type: 'dict', entries: v.entries.map((e) => [inner(e.key), inner(e.value)]), ...(v.partial ? { partial: true } : {}) };
    case 'call':
      return {
        type: 'call',
        callee: v.callee,
        args: v.args.map(inner),
        kwargs: Object.fromEntries(v.kwargs.map((k) => [k.name, inner(k.value)])),
      };
    case 'oneOf':
      return { type: 'oneOf', options: v.options.map(inner) };
    case 'unset':
      return { type: 'unset' };
    case 'unknown':
      return { type: 'unknown', reason: v.reason, ...(v.envVar ? { env: v.envVar } : {}) };
  }
}
