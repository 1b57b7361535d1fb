import type { CheckpointRecord } from '../core/records.js';

/**
 * Aligns checkpoint records across the inputs of an operator with several inputs (Flink's aligned
 * checkpoints): once an input has delivered a barrier (or a restore), what it sends next waits until
 * every input still open has delivered the same record; the operator then handles the record once, and
 * replays what waited, in order. So the operator's state in a checkpoint stands at the same point of
 * every input.
 */
export class BarrierAlignment<I> {
  private pending: CheckpointRecord | undefined;
  private readonly arrived: boolean[];
  /** What waits, in arrival order: an input's items, and its completion (`COMPLETED`). */
  private held: { readonly input: number; readonly item: I | typeof COMPLETED }[] = [];

  constructor(
    private readonly op: string,
    inputs: number,
    /** Whether an input is still open (a completed input takes no part). */
    private readonly isOpen: (input: number) => boolean,
  ) {
    this.arrived = new Array<boolean>(inputs).fill(false);
  }

  /** True when what `input` sends now must wait: it has delivered the pending record, others not yet. */
  holds(input: number): boolean {
    return this.pending !== undefined && this.arrived[input];
  }

  /** Keeps an input's item until the pending record is complete. */
  hold(input: number, item: I): void {
    this.held.push({ input, item });
  }

  /**
   * A checkpoint record from `input`: the record, when every open input has now delivered it (handle it
   * once, then {@link replay} what waited), else undefined.
   */
  arrive(input: number, record: CheckpointRecord): CheckpointRecord | undefined {
    if (this.pending === undefined) {
      this.pending = record;
      this.arrived.fill(false);
    } else if (record.states !== this.pending.states || record.kind !== this.pending.kind) {
      throw new Error(`${this.op}: its inputs delivered different checkpoints (${this.pending.kind} ${this.pending.states.id}, then ${record.kind} ${record.states.id}): feed every input from one checkpointed run`);
    }
    this.arrived[input] = true;
    return this.complete();
  }

  /** An input completed: it no longer takes part, so the pending record may be complete now. */
  inputClosed(): CheckpointRecord | undefined {
    return this.pending === undefined ? undefined : this.complete();
  }

  /** Keeps an input's completion behind the pending record, like its items. */
  holdCompletion(input: number): void {
    this.held.push({ input, item: COMPLETED });
  }

  /**
   * Hands what waited for the record just completed back to the operator, in arrival order: each item
   * to `item`, each completion to `completed` (they may be held again, behind the next record).
   */
  replay(item: (input: number, item: I) => void, completed: (input: number) => void): void {
    const held = this.held;
    this.held = [];
    for (const h of held) {
      if (h.item === COMPLETED) completed(h.input);
      else item(h.input, h.item);
    }
  }

  private complete(): CheckpointRecord | undefined {
    for (let i = 0; i < this.arrived.length; i++) if (!this.arrived[i] && this.isOpen(i)) return undefined;
    const done = this.pending;
    this.pending = undefined;
    return done;
  }
}

/** An input's completion, held behind a checkpoint record. */
const COMPLETED = Symbol('completed');
