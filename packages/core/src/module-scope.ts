// Module-level names as Python would have them after running the module top
// to bottom, with branches merged into one-of values instead of guessed.
import type { AbstractValue, SourceSpan } from './types';
import { oneOf } from './evaluator';

export type SlotKind = 'value' | 'function' | 'class' | 'import';

export interface Slot {
  readonly name: string;
  /** Computed on first read: most module names are never asked for. */
  readonly value: AbstractValue;
  readonly kind: SlotKind;
  /** The name as written at its (last) assignment. */
  readonly keySpan: SourceSpan;
  /** The assigned expression. */
  readonly valueSpan: SourceSpan;
  /** After if/else and friends: the expressions the other paths assign. */
  readonly branchValueSpans?: readonly SourceSpan[];
  /** Earlier unconditional assignments this one replaced, oldest first. */
  readonly shadowed: readonly Slot[];
  /**
   * Set on a narrowing (inside a branch that tests the name): the assignment
   * it narrows. A narrowing is no assignment: it creates no binding and ends
   * with its branch.
   */
  readonly narrows?: Slot;
  /**
   * Set when the assigned expression is a call of this function (as written),
   * and nothing else: `FEATURE = env.bool('FEATURE')`.
   */
  readonly call?: string | undefined;
}

/** The assignment a slot stands for: itself, or the one a narrowing narrows. */
function assignmentOf(slot: Slot): Slot {
  return slot.narrows ?? slot;
}

export interface SlotInit {
  readonly name: string;
  readonly kind: SlotKind;
  readonly keySpan: SourceSpan;
  readonly valueSpan: SourceSpan;
  /** Or a function that gathers them on first read. */
  readonly branchValueSpans?: readonly SourceSpan[] | (() => readonly SourceSpan[]) | undefined;
  readonly call?: string | undefined;
  readonly compute: () => AbstractValue;
}

/**
 * A slot whose value is computed once, when first read. `seq` is set when the
 * slot is written to a scope: the point in the module its line ran at.
 */
class LazySlot implements Slot {
  private cached: AbstractValue | undefined;
  private computing = false;
  seq = 0;
  readonly name: string;
  readonly kind: SlotKind;
  readonly keySpan: SourceSpan;
  readonly valueSpan: SourceSpan;
  private spans: readonly SourceSpan[] | (() => readonly SourceSpan[]) | undefined;
  readonly call: string | undefined;
  private readonly compute: () => AbstractValue;

  constructor(
    init: SlotInit,
    readonly shadowed: readonly Slot[],
  ) {
    this.name = init.name;
    this.kind = init.kind;
    this.keySpan = init.keySpan;
    this.valueSpan = init.valueSpan;
    this.spans = init.branchValueSpans;
    this.call = init.call;
    this.compute = init.compute;
  }

  get branchValueSpans(): readonly SourceSpan[] | undefined {
    if (typeof this.spans === 'function') this.spans = this.spans();
    return this.spans?.length ? this.spans : undefined;
  }

  get value(): AbstractValue {
    if (this.cached) return this.cached;
    if (this.computing) return { kind: 'unknown', reason: `${this.name} refers to itself` };
    this.computing = true;
    try {
      this.cached = this.compute();
    } finally {
      this.computing = false;
    }
    return this.cached;
  }
}

export function makeSlot(init: SlotInit, shadowed: readonly Slot[]): WrittenSlot {
  return new LazySlot(init, shadowed);
}

/**
 * A slot that stands at another slot's place: its spans are that slot's,
 * read when asked, and it is no call (`call` marks an assignment's own
 * expression, which this is not).
 */
abstract class SlotAtAnother implements WrittenSlot {
  seq = 0;
  readonly kind: SlotKind;
  abstract readonly value: AbstractValue;
  abstract readonly branchValueSpans: readonly SourceSpan[] | undefined;

  constructor(
    readonly name: string,
    /** The slot whose assignment this one points at. */
    protected readonly at: Slot,
    readonly shadowed: readonly Slot[],
  ) {
    this.kind = at.kind;
  }

  get keySpan(): SourceSpan {
    return this.at.keySpan;
  }

  get valueSpan(): SourceSpan {
    return this.at.valueSpan;
  }

  get call(): undefined {
    return undefined;
  }
}

/**
 * A name another module's slot was imported as (`from .base import *`,
 * `from .base import X as Y`): its value and alternatives are the other
 * slot's, read through. A star import copies hundreds of names per module,
 * and most are never read.
 */
export class ImportedSlot extends SlotAtAnother {
  constructor(name: string, at: Slot, shadowed: readonly Slot[]) {
    // A name star-imported through a chain of modules points at the assignment itself, not
    // at a chain of imports as long as the modules': reading it must not nest that deep.
    super(name, at instanceof ImportedSlot ? at.at : at, shadowed);
  }

  get value(): AbstractValue {
    return this.at.value;
  }

  get branchValueSpans(): readonly SourceSpan[] | undefined {
    return this.at.branchValueSpans;
  }
}

/** A slot as a scope stores it: `seq` is set when it is written, the point in the module its line ran at. */
export interface WrittenSlot extends Slot {
  seq: number;
}

/** What a name holds on one path of a branch: the slot's value, narrowed by the branch's condition. */
class NarrowedSlot extends SlotAtAnother {
  private cached: AbstractValue | undefined;
  readonly narrows: Slot;

  constructor(
    current: Slot,
    private readonly narrow: (value: AbstractValue) => AbstractValue,
  ) {
    super(current.name, current, current.shadowed);
    this.narrows = assignmentOf(current);
  }

  get branchValueSpans(): readonly SourceSpan[] | undefined {
    return this.at.branchValueSpans;
  }

  get value(): AbstractValue {
    // The current slot guards its own self-reference; the narrowing only rewrites what it gives.
    this.cached ??= this.narrow(this.at.value);
    return this.cached;
  }
}

/**
 * A name after the paths of a branch join: the last path's assignment stands
 * for it (its spans), and its value is one of what each path left. Settings
 * files have hundreds of such names and read few of them, so everything is
 * worked out when asked.
 */
class MergedSlot extends SlotAtAnother {
  private cached: AbstractValue | undefined;
  private computing = false;
  private spans: readonly SourceSpan[] | undefined;

  constructor(
    name: string,
    /** The last path's assignment: the merged name points at it. */
    last: Slot,
    /** What each path left, in order; undefined when every path left the same slot (`last`). */
    private readonly versions: ReadonlyArray<Slot | undefined> | undefined,
    shadowed: readonly Slot[],
  ) {
    super(name, last, shadowed);
  }

  // Findings about one path's value belong at that path's assignment, so every path's expression is kept.
  get branchValueSpans(): readonly SourceSpan[] | undefined {
    if (!this.versions) return this.at.branchValueSpans;
    if (this.spans === undefined) {
      const found = new Set<SourceSpan>();
      for (const v of this.versions) {
        if (!v || v.kind !== 'value') continue;
        found.add(v.valueSpan);
        for (const s of v.branchValueSpans ?? []) found.add(s);
      }
      found.delete(this.at.valueSpan);
      this.spans = [...found];
    }
    return this.spans.length ? this.spans : undefined;
  }

  get value(): AbstractValue {
    if (this.cached) return this.cached;
    // The paths' slots were written before this one and cannot see it; the guard is for safety's sake.
    if (this.computing) return { kind: 'unknown', reason: `${this.name} refers to itself` };
    this.computing = true;
    try {
      this.cached = !this.versions
        ? this.at.value
        : oneOf(
            this.versions.map((version): AbstractValue => {
              if (version === undefined) return { kind: 'unset' };
              if (version.kind === 'value') return version.value;
              return { kind: 'unknown', reason: `${this.name} is a ${version.kind} on some paths` };
            }),
          );
    } finally {
      this.computing = false;
    }
    return this.cached;
  }
}

/** Most names are assigned once: they share one empty list instead of making their own. */
const NOTHING_SHADOWED: readonly Slot[] = Object.freeze([]);

/**
 * A scope that forks cheaply: a fork records only what its branch changes and
 * reads everything else through its parent. Every write carries a sequence
 * number so a value computed later still sees names as they were when its
 * line ran (`at`).
 */
export class ModuleScope {
  /** A name's writes on this path, oldest first: one slot, or several once it is written again. */
  private readonly own = new Map<string, WrittenSlot | WrittenSlot[]>();
  /** null marks a name that is no longer an import on this path. Made on first import: most forks have none. */
  private ownImports: Map<string, string | null> | undefined;
  /** Shared by a module's scope and its forks: the clock, and every name ever imported on any path. */
  private readonly shared: { now: number; readonly imported: Set<string> };

  constructor(private readonly parent?: ModuleScope) {
    this.shared = parent ? parent.shared : { now: 0, imported: new Set() };
  }

  /** The current point in the module, for values computed later. */
  get now(): number {
    return this.shared.now;
  }

  fork(): ModuleScope {
    return new ModuleScope(this);
  }

  get(name: string, at = Infinity): Slot | undefined {
    const versions = this.own.get(name);
    if (versions !== undefined) {
      if (!Array.isArray(versions)) {
        if (versions.seq <= at) return versions;
      } else {
        for (let i = versions.length - 1; i >= 0; i--) if (versions[i]!.seq <= at) return versions[i]!;
      }
    }
    return this.parent?.get(name, at);
  }

  private write(slot: WrittenSlot): void {
    slot.seq = ++this.shared.now;
    const versions = this.own.get(slot.name);
    if (versions === undefined) this.own.set(slot.name, slot);
    else if (Array.isArray(versions)) versions.push(slot);
    else this.own.set(slot.name, [versions, slot]);
  }

  /** The last write of each name on this path. */
  private latest(versions: WrittenSlot | WrittenSlot[]): WrittenSlot {
    return Array.isArray(versions) ? versions[versions.length - 1]! : versions;
  }

  /** Replaces a slot's value (augmented assignment, dict updates) without counting it as a new assignment. */
  replace(previous: Slot, compute: () => AbstractValue): void {
    // Not the previous call any more (`X = f(); X += [1]`), so `call` is left out.
    const { name, kind, keySpan, valueSpan, branchValueSpans } = previous;
    this.write(makeSlot({ name, kind, keySpan, valueSpan, branchValueSpans, compute }, previous.shadowed));
  }

  assign(init: SlotInit): void {
    this.assignSlot(makeSlot(init, this.shadowedBy(init.name)));
  }

  /** What a new assignment of `name` replaces: earlier unconditional assignments, oldest first. */
  shadowedBy(name: string): readonly Slot[] {
    const found = this.get(name);
    const previous = found && assignmentOf(found);
    return previous && previous.kind === 'value' ? [...previous.shadowed, previous] : NOTHING_SHADOWED;
  }

  /** Assigns a slot built with `shadowedBy(slot.name)` (no closure per line: settings files have thousands). */
  assignSlot(slot: WrittenSlot): void {
    const name = slot.name;
    this.write(slot);
    if (slot.kind !== 'import' && this.shared.imported.has(name) && this.importOf(name) !== undefined) (this.ownImports ??= new Map()).set(name, null);
  }

  /** Narrows a module name on this path (a fork for one branch); names that are no plain values are left alone. */
  narrow(name: string, narrow: (value: AbstractValue) => AbstractValue): void {
    const current = this.get(name);
    if (current?.kind === 'value') this.write(new NarrowedSlot(current, narrow));
  }

  setImport(name: string, path: string): void {
    (this.ownImports ??= new Map()).set(name, path);
    this.shared.imported.add(name);
  }

  valueOf(name: string, at = Infinity): AbstractValue | undefined {
    const slot = this.get(name, at);
    return slot && slot.kind === 'value' ? slot.value : undefined;
  }

  importOf(name: string): string | undefined {
    const own = this.ownImports?.get(name);
    if (own !== undefined) return own ?? undefined;
    return this.parent?.importOf(name);
  }

  /** Every import visible here (for classifying the module). */
  importPaths(): string[] {
    const seen = new Map<string, string | null>();
    for (let s: ModuleScope | undefined = this; s; s = s.parent) for (const [k, v] of s.ownImports ?? []) if (!seen.has(k)) seen.set(k, v);
    return [...seen.values()].filter((v): v is string => v !== null);
  }

  /** Every slot visible here. */
  slots(): Slot[] {
    if (!this.parent) {
      // The module's own scope, asked once per read: no fork to look through.
      const out: Slot[] = [];
      for (const versions of this.own.values()) out.push(this.latest(versions));
      return out;
    }
    const names = new Set<string>();
    for (let s: ModuleScope | undefined = this; s; s = s.parent) for (const k of s.own.keys()) names.add(k);
    return [...names].map((n) => this.get(n)!);
  }

  /**
   * Joins forks of this scope that ran alternative paths (if/elif/else,
   * try/except, a loop body that may not run). A name set on only some paths
   * becomes a one-of with what it held before, or `unset`.
   */
  merge(branches: readonly ModuleScope[]): void {
    const names = new Set<string>();
    for (const b of branches) {
      for (const name of b.own.keys()) names.add(name);
      for (const [name, path] of b.ownImports ?? []) (this.ownImports ??= new Map()).set(name, path);
    }
    for (const name of names) {
      const before = this.get(name);
      const unchanged = before && assignmentOf(before);
      // A path that only narrowed the name did not assign it; its narrowed value is still what the name holds there.
      const versions: Array<Slot | undefined> = [];
      let last: Slot | undefined;
      let single = true;
      for (const b of branches) {
        const version = b.get(name);
        if (versions.length > 0 && version !== versions[0]) single = false;
        versions.push(version);
        if (version !== undefined && assignmentOf(version) !== unchanged) last = assignmentOf(version);
      }
      if (last === undefined) continue;
      this.write(new MergedSlot(name, last, single ? undefined : versions, before?.shadowed ?? NOTHING_SHADOWED));
    }
  }
}
