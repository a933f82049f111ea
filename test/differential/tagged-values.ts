// Comparing values in print-config's tagged JSON encoding with the values
// real Celery holds, encoded the same way by oracle.py. Both sides are
// normalised first (a set's order is Python's hash order; a timedelta is its
// length however it was written), then compared exactly; a value print-config
// does not know matches only where the unknown part depends on the
// deployment's environment.

export type Tagged = string | number | boolean | null | Tagged[] | { readonly [key: string]: Tagged };

const show = (x: unknown): string => JSON.stringify(x) ?? 'undefined';

function isObject(v: Tagged): v is { readonly [key: string]: Tagged } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const TIMEDELTA_SECONDS: Readonly<Record<string, number>> = { days: 86400, seconds: 1, microseconds: 1e-6, milliseconds: 1e-3, minutes: 60, hours: 3600, weeks: 604800 };

/** A number a tagged int or float stands for. */
function numberOf(v: Tagged): number | undefined {
  if (typeof v === 'number') return v;
  if (isObject(v) && v.type === 'float' && typeof v.value === 'number') return v.value;
  return undefined;
}

export function normalize(v: Tagged): Tagged {
  if (Array.isArray(v)) return v.map(normalize);
  if (!isObject(v)) return v;
  switch (v.type) {
    case 'set': {
      const items = (v.items as Tagged[]).map(normalize);
      return { ...v, items: items.sort((a, b) => (show(a) < show(b) ? -1 : show(a) > show(b) ? 1 : 0)) };
    }
    case 'tuple':
    case 'list':
      return { ...v, items: (v.items as Tagged[]).map(normalize) };
    case 'dict':
      return { ...v, entries: (v.entries as Tagged[][]).map(([k, x]) => [normalize(k!), normalize(x!)]) };
    case 'call': {
      if (v.callee !== 'datetime.timedelta') return v;
      // timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks): its length.
      const args = v.args as Tagged[];
      const kwargs = v.kwargs as Record<string, Tagged>;
      const order = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
      let seconds = 0;
      const parts: Array<[string, Tagged]> = [...args.map((a, i) => [order[i]!, a] as [string, Tagged]), ...Object.entries(kwargs)];
      for (const [name, value] of parts) {
        const n = numberOf(value);
        if (n === undefined || TIMEDELTA_SECONDS[name] === undefined) return v;
        seconds += n * TIMEDELTA_SECONDS[name]!;
      }
      return { type: 'timedelta', seconds };
    }
    case 'oneOf':
      return { ...v, options: (v.options as Tagged[]).map(normalize) };
    default:
      return v;
  }
}

export function sameValue(a: Tagged, b: Tagged): boolean {
  return show(normalize(a)) === show(normalize(b));
}

/** Whether the value holds a part print-config does not know because the deployment's environment decides it. */
export function dependsOnEnvironment(v: Tagged): boolean {
  if (Array.isArray(v)) return v.some(dependsOnEnvironment);
  if (!isObject(v)) return false;
  if (v.type === 'unknown') return typeof v.env === 'string';
  return Object.values(v).some((x) => x !== null && typeof x === 'object' && dependsOnEnvironment(x));
}

/** Whether what print-config says may be the value Celery has: equal, or one of its possibilities, with unknown parts that the environment decides. */
export function mayBe(engine: Tagged, celery: Tagged): boolean {
  const e = normalize(engine);
  const c = normalize(celery);
  if (show(e) === show(c)) return true;
  if (!isObject(e)) {
    if (Array.isArray(e) && Array.isArray(c)) return e.length === c.length && e.every((x, i) => mayBe(x, c[i]!));
    return false;
  }
  switch (e.type) {
    case 'unknown':
      return typeof e.env === 'string';
    case 'oneOf':
      return (e.options as Tagged[]).some((o) => mayBe(o, c));
    case 'template': {
      if (typeof c !== 'string') return false;
      const parts = e.parts as Tagged[];
      if (!parts.every((p) => typeof p === 'string' || dependsOnEnvironment(p))) return false;
      const pattern = parts.map((p) => (typeof p === 'string' ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '[\\s\\S]*')).join('');
      return new RegExp(`^${pattern}$`).test(c);
    }
    default:
      return false;
  }
}

/** The value as a plain JSON value (str, number, bool, null, arrays of them), undefined when it is not fully known. */
export function plain(v: Tagged): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const items = v.map(plain);
    return items.some((i) => i === undefined) ? undefined : items;
  }
  switch (v.type) {
    case 'float':
      return typeof v.value === 'number' ? v.value : undefined;
    case 'tuple':
    case 'set': {
      if (v.partial) return undefined;
      const items = (v.items as Tagged[]).map(plain);
      if (items.some((i) => i === undefined)) return undefined;
      return v.type === 'set' ? items.sort((a, b) => (show(a) < show(b) ? -1 : 1)) : items;
    }
    default:
      return undefined;
  }
}

/** A value's possibilities as plain values: the known ones, and whether the deployment's environment may give another. */
export function optionsOf(v: Tagged): { known: unknown[]; environment: boolean } {
  const options = typeof v === 'object' && v !== null && !Array.isArray(v) && v.type === 'oneOf' ? (v.options as Tagged[]) : [v];
  const known = options.filter((o) => !dependsOnEnvironment(o)).map(plain);
  return { known, environment: known.length < options.length };
}
