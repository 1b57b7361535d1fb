/**
 * The states of a pipeline's operators in one checkpoint, filed by each operator's stable id. A
 * checkpoint barrier carries one to collect into; a restore record carries one to take from.
 */
import type { CombineFn } from '../combiners/combineFn.js';
import type { Encoded } from '../state/coder.js';
import type { JoinInputWatermarks, JoinParts } from './joinSnapshot.js';
import type { Reducer } from './reducer.js';
import type { WatermarkGenerator, WatermarkStrategy } from './watermarks.js';

/**
 * What turns an operator's live state into its stored form and back. A checkpointed run gives it with
 * its records (`checkpointStateCodec`), so a pipeline that never checkpoints does not bundle it.
 *
 * @category Durable state
 */
export interface StateCodec {
  /** A grouping's reducer as stored (keys and accumulators through their coders). */
  saveReducer<In, K, Acc, Out>(op: string, reducer: Reducer<In, K, Acc, Out>, combineFn: CombineFn<In, Acc, Out>): Encoded;
  /** Takes a stored reducer back into a fresh one. */
  restoreReducer<In, K, Acc, Out>(op: string, reducer: Reducer<In, K, Acc, Out>, combineFn: CombineFn<In, Acc, Out>, saved: Encoded): void;
  /** `assignEventTime`'s watermark as stored: the watermark so far, and the generator's own state when it has one. */
  saveWatermark<T>(watermark: WatermarkProgress, generator: WatermarkGenerator<T> | undefined, strategy: WatermarkStrategy<T>): Encoded;
  /** Takes a stored watermark back (into the generator, when there is one); returns the watermark so far. */
  restoreWatermark<T>(saved: Encoded, generator: WatermarkGenerator<T> | undefined, strategy: WatermarkStrategy<T>): WatermarkProgress;
  /** An event-time join's state as stored (keys through `keyCoder`, buffered values through `jsonValueCoder`), with its shell's watermarks. */
  saveJoin(op: string, parts: JoinParts, inputs: JoinInputWatermarks): Encoded;
  /** Takes a stored join back into a fresh one; returns its shell's watermarks. */
  restoreJoin(op: string, parts: JoinParts, saved: Encoded): JoinInputWatermarks;
}

/** How far `assignEventTime`'s watermark has come: the largest event time, the watermark, and the one sent. */
export interface WatermarkProgress {
  readonly max: number;
  readonly current: number;
  readonly sent: number;
}

/**
 * Operator states by stable id (Flink: `uid()`). An operator's id is its `uid` option when it has one,
 * else its name and its place among the operators of that name the record has passed (`combinePerKey#1`),
 * which stays the same as long as the pipeline is built the same way.
 *
 * @category Durable state
 */
export class OperatorStates {
  private readonly states: Record<string, Encoded>;
  private readonly seen = new Map<string, number>();
  private readonly taken = new Set<string>();

  /** @param restored - The states to take from (a restore record), or none (a barrier collects anew). */
  constructor(
    /** The checkpoint's number, counting from 1. */
    readonly id: number,
    /** How operators store their state. */
    readonly codec: StateCodec,
    restored?: Readonly<Record<string, Encoded>>,
  ) {
    this.states = restored === undefined ? {} : { ...restored };
  }

  /** The stable id of the next operator named `op` that the record reaches (its `uid` option wins). */
  idOf(op: string, uid: string | undefined): string {
    if (uid !== undefined) return uid;
    const n = (this.seen.get(op) ?? 0) + 1;
    this.seen.set(op, n);
    return `${op}#${n}`;
  }

  /** Files an operator's state; two operators with one id are refused, naming it. */
  put(id: string, state: Encoded): void {
    if (Object.prototype.hasOwnProperty.call(this.states, id)) {
      throw new Error(`checkpoint ${this.id}: two operators have the id '${id}': give them different uid options`);
    }
    this.states[id] = state;
  }

  /** The state filed under `id`, or undefined (an operator new to the pipeline starts empty). */
  take(id: string): Encoded | undefined {
    this.taken.add(id);
    return Object.prototype.hasOwnProperty.call(this.states, id) ? this.states[id] : undefined;
  }

  /** The states of ids no operator took: a restore into a pipeline without those operators. */
  untaken(): string[] {
    return Object.keys(this.states).filter((id) => !this.taken.has(id));
  }

  /** Every state filed, by id: what a checkpoint stores. */
  toJSON(): Record<string, Encoded> {
    return { ...this.states };
  }
}
