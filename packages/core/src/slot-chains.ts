// Long chains of slots, read without costing more than their length: a
// name assigned or extended 100,000 times, a chain of names each built from
// the one before, a merge after every branch of a long elif chain. Kept apart
// from module-scope.ts, which says what the slots are.
import type { Slot } from './module-scope';
import type { AbstractValue } from './types';

/**
 * Earlier unconditional assignments of a name, oldest first, as a list each
 * assignment extends by one link and shares with the slots before it:
 * copying the list per assignment made a name assigned n times cost n² in
 * time and memory (100,000 reassignments ran out of memory).
 */
export class ShadowList {
  static readonly EMPTY = new ShadowList(undefined, undefined, 0);

  private constructor(
    private readonly before: ShadowList | undefined,
    private readonly last: Slot | undefined,
    readonly length: number,
  ) {}

  /** This list with `slot` after the rest. */
  with(slot: Slot): ShadowList {
    return new ShadowList(this, slot, this.length + 1);
  }

  toArray(): Slot[] {
    const out = new Array<Slot>(this.length);
    let i = this.length;
    for (let l: ShadowList | undefined = this; l && l.last; l = l.before) out[--i] = l.last;
    return out;
  }
}

/**
 * Reading a name's value may read other names' (`B = A + 'x'`, `X += 'y'`,
 * a branch's merge), and those others': a chain of a thousand names
 * overflowed the stack. Reads nest at most MAX_NESTING deep; a deeper one is
 * abandoned, thrown to the outermost read, done there first (its value is
 * kept), and the abandoned reads are done again, finding it. A chain of n
 * names costs about 2n reads, and no input is deep enough to crash.
 */
const MAX_NESTING = 40;
let nesting = 0;

class ReadFirst {
  constructor(readonly read: () => void) {}
}

/** Computes a slot's value (`compute`, which the slot keeps once it returns) without nesting reads past MAX_NESTING. */
export function computeSlotValue(slot: Slot, compute: () => AbstractValue): AbstractValue {
  return computeNested(() => void slot.value, compute);
}

/**
 * Runs `compute`, a lazy result that `read` asks for and keeps, without
 * nesting such computations past MAX_NESTING (see above).
 */
export function computeNested<T>(read: () => void, compute: () => T): T {
  if (nesting > 0) {
    if (nesting >= MAX_NESTING) throw new ReadFirst(read);
    nesting++;
    try {
      return compute();
    } finally {
      nesting--;
    }
  }
  const first: Array<() => void> = [];
  for (;;) {
    nesting = 1;
    try {
      if (first.length === 0) return compute();
      first[first.length - 1]!();
      first.pop();
    } catch (error) {
      if (!(error instanceof ReadFirst)) throw error;
      first.push(error.read);
    } finally {
      nesting = 0;
    }
  }
}

/**
 * How many times in a row a name's value is extended in place (`X += [...]`,
 * `X.append(...)`, `X[k] = ...`, `X.update(...)`) before celery-lint stops
 * adding to it. Each step copies the value, and every step's value is kept:
 * 100,000 appends took gigabytes. No settings module comes near it.
 */
export const MAX_GROWTH = 1000;

/** A value extended past MAX_GROWTH: what is known so far, marked as possibly holding more. */
export function stopGrowing(before: AbstractValue, name: string): AbstractValue {
  const hole = { hole: `${name} (extended more than ${MAX_GROWTH} times)` };
  switch (before.kind) {
    case 'list':
    case 'tuple':
    case 'set':
    case 'dict':
      return before.partial ? before : { ...before, partial: true };
    case 'str':
      return { kind: 'template', parts: [before.value, hole], ...(before.span ? { span: before.span } : {}) };
    case 'template':
      return isGrowthHole(before.parts[before.parts.length - 1]) ? before : { ...before, parts: [...before.parts, hole] };
    default:
      return before.kind === 'unknown' ? before : { kind: 'unknown', reason: `${name} is extended more than ${MAX_GROWTH} times`, ...(before.span ? { span: before.span } : {}) };
  }
}

function isGrowthHole(part: string | { readonly hole: string } | undefined): boolean {
  return typeof part === 'object' && part.hole.endsWith(` (extended more than ${MAX_GROWTH} times)`);
}
