// Module-level names as Python would have them after running the module top
// to bottom, with branches merged into one-of values instead of guessed.
import type { AbstractValue, SourceSpan } from './types';
import { MAX_OPTIONS, oneOf } from './evaluator';
import { computeNested, computeSlotValue, MAX_GROWTH, ShadowList, stopGrowing } from './slot-chains';

/** `deleted`: removed by `del NAME`; the module no longer has the name. */
export type SlotKind = 'value' | 'function' | 'class' | 'import' | 'deleted';

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
  readonly shadowed: ShadowList;
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
  /** For a `deleted` slot: what the name held before `del` removed it. */
  readonly deletes?: Slot;
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
  /** How many replacements in a row (`X += ...`, `X.append(...)`) made this value. */
  growth = 0;
  readonly name: string;
  readonly kind: SlotKind;
  readonly keySpan: SourceSpan;
  readonly valueSpan: SourceSpan;
  private spans: readonly SourceSpan[] | (() => readonly SourceSpan[]) | undefined;
  readonly call: string | undefined;
  private readonly compute: () => AbstractValue;

  constructor(
    init: SlotInit,
    readonly shadowed: ShadowList,
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
      this.cached = computeSlotValue(this, this.compute);
    } finally {
      this.computing = false;
    }
    return this.cached;
  }
}

/**
 * Works out now everything a module's names would work out when first read
 * by a module that imports them (values, the other paths' expressions, what
 * they replaced or deleted), so the module's syntax trees can be freed while
 * importers are still to be read (engine.ts). A value does not depend on
 * when it is read (each sees names as they were at its line), so reading it
 * here gives what the importer would have got.
 */
export function settleSlots(slots: readonly Slot[]): void {
  // A stack, not recursion: a name deleted again and again chains its slots.
  const stack: Array<[Slot, boolean]> = slots.map((slot) => [slot, true]);
  while (stack.length > 0) {
    const [slot, withShadowed] = stack.pop()!;
    void slot.value;
    void slot.branchValueSpans;
    if (slot.deletes) stack.push([slot.deletes, true]);
    if (slot.narrows) stack.push([slot.narrows, true]);
    // What a binding lists as replaced (toBinding in extract.ts): each one's value and alternatives, not theirs in turn.
    if (withShadowed && slot.shadowed.length > 0) for (const s of slot.shadowed.toArray()) stack.push([s, false]);
  }
}

export function makeSlot(init: SlotInit, shadowed: ShadowList): WrittenSlot {
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

  /** The slot at the end of `at`'s chain of slots at another's place, whose spans are this one's: asked directly, a chain as long as a file's elif tests would nest as deep. */
  protected readonly spansAt: Slot;

  constructor(
    readonly name: string,
    /** The slot whose assignment this one points at. */
    protected readonly at: Slot,
    readonly shadowed: ShadowList,
  ) {
    this.kind = at.kind;
    this.spansAt = at instanceof SlotAtAnother ? at.spansAt : at;
  }

  get keySpan(): SourceSpan {
    return this.spansAt.keySpan;
  }

  get valueSpan(): SourceSpan {
    return this.spansAt.valueSpan;
  }

  get call(): undefined {
    return undefined;
  }

  /** The slot this one stands for. */
  get passesOn(): Slot {
    return this.at;
  }
}

/**
 * A name another module's slot was imported as (`from .base import *`,
 * `from .base import X as Y`): its value and alternatives are the other
 * slot's, read through. A star import copies hundreds of names per module,
 * and most are never read.
 */
export class ImportedSlot extends SlotAtAnother {
  constructor(name: string, at: Slot, shadowed: ShadowList) {
    // A name star-imported through a chain of modules points at the assignment itself, not
    // at a chain of imports as long as the modules': reading it must not nest that deep.
    super(name, at instanceof ImportedSlot ? at.at : at, shadowed);
  }

  get value(): AbstractValue {
    return this.at.value;
  }

  get branchValueSpans(): readonly SourceSpan[] | undefined {
    return alternativesOf(this.at);
  }
}

/** A slot's branchValueSpans, read past slots that only pass on another's (imports, narrowings) without nesting. */
function alternativesOf(slot: Slot): readonly SourceSpan[] | undefined {
  let at = slot;
  while (at instanceof ImportedSlot || at instanceof NarrowedSlot) at = at.passesOn;
  return at.branchValueSpans;
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
    return alternativesOf(this.at);
  }

  get value(): AbstractValue {
    // The current slot guards its own self-reference; the narrowing only rewrites what it gives.
    this.cached ??= computeSlotValue(this, () => this.narrow(this.at.value));
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
    shadowed: ShadowList,
  ) {
    super(name, last, shadowed);
  }

  // Findings about one path's value belong at that path's assignment, so every path's expression is kept.
  get branchValueSpans(): readonly SourceSpan[] | undefined {
    if (!this.versions) return alternativesOf(this.at);
    const versions = this.versions;
    this.spans ??= computeNested(
      () => void this.branchValueSpans,
      () => {
        const found = new Set<SourceSpan>();
        // Bounded like a value's possibilities (evaluator.ts): a chain of merges would otherwise keep n² spans.
        collect: for (const v of versions) {
          if (!v || v.kind !== 'value') continue;
          found.add(v.valueSpan);
          for (const s of v.branchValueSpans ?? []) {
            if (found.size > MAX_OPTIONS) break collect;
            found.add(s);
          }
        }
        found.delete(this.at.valueSpan);
        return [...found];
      },
    );
    return this.spans.length ? this.spans : undefined;
  }

  get value(): AbstractValue {
    if (this.cached) return this.cached;
    // The paths' slots were written before this one and cannot see it; the guard is for safety's sake.
    if (this.computing) return { kind: 'unknown', reason: `${this.name} refers to itself` };
    this.computing = true;
    try {
      this.cached = computeSlotValue(this, () => this.mergedValue());
    } finally {
      this.computing = false;
    }
    return this.cached;
  }

  private mergedValue(): AbstractValue {
    if (!this.versions) return this.at.value;
    return oneOf(
      this.versions.map((version): AbstractValue => {
        if (version === undefined) return { kind: 'unset' };
        if (version.kind === 'value') return version.value;
        if (version.kind === 'deleted') return { kind: 'unset' };
        return { kind: 'unknown', reason: `${this.name} is a ${version.kind} on some paths` };
      }),
    );
  }
}

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
        // Versions are in write order, so by seq: the last one at or before `at`, by bisection
        // (a name written 100,000 times, each write reading the one before, was quadratic).
        let lo = 0;
        let hi = versions.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (versions[mid]!.seq <= at) lo = mid + 1;
          else hi = mid;
        }
        if (lo > 0) return versions[lo - 1]!;
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
    const growth = (previous instanceof LazySlot ? previous.growth : 0) + 1;
    const slot = new LazySlot({ name, kind, keySpan, valueSpan, branchValueSpans, compute: growth > MAX_GROWTH ? () => stopGrowing(previous.value, name) : compute }, previous.shadowed);
    slot.growth = growth;
    this.write(slot);
  }

  assign(init: SlotInit): void {
    this.assignSlot(makeSlot(init, this.shadowedBy(init.name)));
  }

  /** `del NAME`: the name is gone from here on; the slot remembers what it held. */
  delete(name: string, keySpan: SourceSpan, valueSpan: SourceSpan): void {
    const previous = this.get(name);
    const slot = new LazySlot({ name, kind: 'deleted', keySpan, valueSpan, compute: () => ({ kind: 'unknown', reason: `${name} was deleted (del ${name})` }) }, ShadowList.EMPTY);
    this.write(Object.assign(slot, previous ? { deletes: assignmentOf(previous) } : {}));
  }

  /** What a new assignment of `name` replaces: earlier unconditional assignments, oldest first. */
  shadowedBy(name: string): ShadowList {
    const found = this.get(name);
    const previous = found && assignmentOf(found);
    return previous && previous.kind === 'value' ? previous.shadowed.with(previous) : ShadowList.EMPTY;
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

  /** Each imported name visible here, with the dotted path it is imported as. */
  importedNames(): Map<string, string> {
    const seen = new Map<string, string | null>();
    for (let s: ModuleScope | undefined = this; s; s = s.parent) for (const [k, v] of s.ownImports ?? []) if (!seen.has(k)) seen.set(k, v);
    return new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
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
    // Only the names a branch wrote can differ from what this scope holds: a branch that did not
    // write a name reads it here. Visiting each branch's own writes keeps an elif chain of n
    // paths, each testing another name, at n work instead of n².
    const writers = new Map<string, number[]>();
    branches.forEach((b, i) => {
      for (const name of b.own.keys()) {
        const list = writers.get(name);
        if (list) list.push(i);
        else writers.set(name, [i]);
      }
      for (const [name, path] of b.ownImports ?? []) (this.ownImports ??= new Map()).set(name, path);
    });
    const forkedHere = branches.every((b) => b.parent === this);
    for (const [name, written] of writers) {
      const before = this.get(name);
      const unchanged = before && assignmentOf(before);
      // A path that only narrowed the name did not assign it; its narrowed value is still what the name holds there.
      let last: Slot | undefined;
      for (const i of written) {
        const version = branches[i]!.get(name);
        if (version !== undefined && assignmentOf(version) !== unchanged) last = assignmentOf(version);
      }
      if (last === undefined) continue;
      // What each path left, in path order, each slot once (a path that wrote nothing leaves `before`).
      const versions: Array<Slot | undefined> = [];
      const seen = new Set<Slot | undefined>();
      const add = (version: Slot | undefined) => {
        if (seen.has(version)) return;
        seen.add(version);
        versions.push(version);
      };
      if (forkedHere) {
        let next = 0;
        for (const i of written) {
          if (i > next) add(before);
          add(branches[i]!.get(name));
          next = i + 1;
        }
        if (next < branches.length) add(before);
      } else {
        for (const b of branches) add(b.get(name));
      }
      this.write(new MergedSlot(name, last, versions.length === 1 ? undefined : versions, before?.shadowed ?? ShadowList.EMPTY));
    }
  }

  /** Writes, on this path, what the failed tests of an if/elif chain say about a name (FailedTests). */
  narrowAs(narrowed: Slot): void {
    this.write(new NarrowedSlot(narrowed, (value) => value));
  }
}

/**
 * What the failed tests of an if/elif chain say about the names they test
 * (`x != '0'` and `x != '1'` and ...), kept as one chain per name that each
 * later path starts from: an elif chain of n tests narrowed n² times. A
 * path inherits the chains of at most MAX_NARROWED_NAMES names; others keep
 * their value whole (narrowing only ever removes possibilities).
 */
export class FailedTests {
  private readonly chains = new Map<string, Slot>();

  constructor(private readonly outer: ModuleScope) {}

  /** Records that a test that narrows `name` with `narrow` failed. */
  fail(name: string, narrow: (value: AbstractValue) => AbstractValue): void {
    const chain = this.chains.get(name);
    if (chain === undefined && this.chains.size >= MAX_NARROWED_NAMES) return;
    const base = chain ?? this.outer.get(name);
    if (base?.kind !== 'value') return;
    this.chains.set(name, new NarrowedSlot(base, narrow));
  }

  /** Narrows, on `scope` (a fork of the outer scope for one path), every name a failed test narrowed. */
  applyTo(scope: ModuleScope): void {
    for (const chain of this.chains.values()) scope.narrowAs(chain);
  }
}

const MAX_NARROWED_NAMES = 100;