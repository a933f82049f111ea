// The slot for a plain `NAME = expression` line, which settings files are
// mostly made of. Most such names are never read, so the slot keeps offsets
// and finds, evaluates and builds spans only when asked.
import type { ModuleScope, WrittenSlot } from './module-scope';
import { computeSlotValue, type ShadowList } from './slot-chains';
import type { SyntaxNode } from './parser';
import type { AbstractValue, SourceSpan } from './types';

/** Evaluates a slot's expression against `slot.scope` as it was before the slot was written. */
export type DeferredReader = (slot: DeferredAssignmentSlot) => AbstractValue;

export class DeferredAssignmentSlot implements WrittenSlot {
  private cached: AbstractValue | undefined;
  private computing = false;
  private keySpanMade: SourceSpan | undefined;
  private valueSpanMade: SourceSpan | undefined;
  seq = 0;
  readonly kind = 'value';

  constructor(
    readonly name: string,
    readonly file: string,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    readonly valueStart: number,
    readonly valueEnd: number,
    readonly call: string | undefined,
    readonly shadowed: ShadowList,
    /** The scope (module or branch fork) the line ran in. */
    readonly scope: ModuleScope,
    /** The root of the tree (or piece) holding the line: the expression is looked up under it. */
    readonly container: SyntaxNode,
    private readonly read: DeferredReader,
  ) {}

  get keySpan(): SourceSpan {
    return (this.keySpanMade ??= { file: this.file, start: this.keyStart, end: this.keyEnd });
  }

  get valueSpan(): SourceSpan {
    return (this.valueSpanMade ??= { file: this.file, start: this.valueStart, end: this.valueEnd });
  }

  /** What the scope's clock read when this line ran: names written later are not seen. */
  get at(): number {
    return this.seq - 1;
  }

  get value(): AbstractValue {
    if (this.cached) return this.cached;
    if (this.computing) return { kind: 'unknown', reason: `${this.name} refers to itself` };
    this.computing = true;
    try {
      this.cached = computeSlotValue(this, () => this.read(this));
    } finally {
      this.computing = false;
    }
    return this.cached;
  }
}
