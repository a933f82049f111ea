// Module-level names as Python would have them after running the module top
// to bottom, with branches merged into one-of values instead of guessed.
import type { AbstractValue, SourceSpan } from './types';
import { oneOf } from './evaluator';

export type SlotKind = 'value' | 'function' | 'class' | 'import';

export interface Slot {
  readonly name: string;
  readonly value: AbstractValue;
  readonly kind: SlotKind;
  /** The name as written at its (last) assignment. */
  readonly keySpan: SourceSpan;
  /** The assigned expression. */
  readonly valueSpan: SourceSpan;
  /** Earlier unconditional assignments this one replaced, oldest first. */
  readonly shadowed: readonly Slot[];
}

export class ModuleScope {
  readonly slots: Map<string, Slot>;
  readonly imports: Map<string, string>;

  constructor(slots?: Map<string, Slot>, imports?: Map<string, string>) {
    this.slots = slots ?? new Map();
    this.imports = imports ?? new Map();
  }

  fork(): ModuleScope {
    return new ModuleScope(new Map(this.slots), new Map(this.imports));
  }

  assign(slot: Omit<Slot, 'shadowed'>): void {
    const previous = this.slots.get(slot.name);
    const shadowed = previous && previous.kind === 'value' ? [...previous.shadowed, previous] : [];
    this.slots.set(slot.name, { ...slot, shadowed });
    if (slot.kind !== 'import') this.imports.delete(slot.name);
  }

  valueOf(name: string): AbstractValue | undefined {
    const slot = this.slots.get(name);
    return slot && slot.kind === 'value' ? slot.value : undefined;
  }

  importOf(name: string): string | undefined {
    return this.imports.get(name);
  }

  /**
   * Joins the scopes of alternative paths (if/elif/else, try/except, a loop
   * body that may not run). A name set on only some paths becomes a one-of
   * with what it held before, or `unset`.
   */
  merge(branches: readonly ModuleScope[]): void {
    const names = new Set<string>();
    for (const b of branches) for (const [name, slot] of b.slots) if (this.slots.get(name) !== slot) names.add(name);
    for (const b of branches) for (const [name, path] of b.imports) this.imports.set(name, path);
    for (const name of names) {
      const before = this.slots.get(name);
      const versions = branches.map((b) => b.slots.get(name));
      const assigned = versions.filter((v): v is Slot => v !== undefined && v !== before);
      const last = assigned[assigned.length - 1]!;
      const options: AbstractValue[] = [];
      for (const version of versions) {
        if (version === undefined) options.push({ kind: 'unset' });
        else if (version.kind === 'value') options.push(version.value);
        else options.push({ kind: 'unknown', reason: `${name} is a ${version.kind} on some paths` });
      }
      const distinct = new Set(versions);
      const value = distinct.size === 1 ? last.value : oneOf(options);
      this.slots.set(name, { ...last, value, shadowed: before?.shadowed ?? [] });
    }
  }
}
