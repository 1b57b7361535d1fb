import type { CombineFn } from '../combiners/combineFn.js';
import type { StateCodec, WatermarkProgress } from '../core/operatorStates.js';
import type { WatermarkGenerator, WatermarkStrategy } from '../core/watermarks.js';
import type { Reducer } from '../core/reducer.js';
import { restoreJoin, snapshotJoin, type JoinCoders, type JoinInputWatermarks, type JoinParts } from '../core/joinSnapshot.js';
import { restoreReducer, snapshotReducer, type ReducerSnapshot, type SnapshotCoders } from '../core/reducerSnapshot.js';
import { accumulatorCoderOf } from './accumulatorCoderOf.js';
import type { Coder, Encoded } from './coder.js';
import { jsonValueCoder } from './jsonValue.js';
import { keyCoder } from './keyCoder.js';

/** The coders of one CombineFn's reducer, made once per CombineFn. */
const codersByFn = new WeakMap<object, SnapshotCoders<unknown, unknown>>();

function codersOf<K, Acc>(op: string, combineFn: CombineFn<never, Acc, unknown>): SnapshotCoders<K, Acc> {
  let coders = codersByFn.get(combineFn) as SnapshotCoders<K, Acc> | undefined;
  if (coders === undefined) {
    coders = { key: keyCoder as Coder<K>, acc: accumulatorCoderOf(combineFn, op), out: outputCoder(op) };
    codersByFn.set(combineFn, coders as SnapshotCoders<unknown, unknown>);
  }
  return coders;
}

/** `jsonValueCoder` with errors that name the operator and what it was encoding. */
function namedValueCoder(op: string, what: string): Coder<unknown> {
  return {
    name: jsonValueCoder.name,
    encode: (value) => {
      try {
        return jsonValueCoder.encode(value);
      } catch (e) {
        throw new TypeError(`${op}: cannot encode ${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    },
    decode: (encoded) => jsonValueCoder.decode(encoded),
  };
}

/** Output values of the panes a retracting grouping will withdraw. */
const outputCoder = (op: string): Coder<unknown> => namedValueCoder(op, 'the output of a pane to withdraw');

/** A join's coders: key identities through `keyCoder`, buffered values through `jsonValueCoder`. */
const joinCoders = (op: string): JoinCoders => ({ key: keyCoder, value: namedValueCoder(op, 'a buffered element') });

/**
 * How operators store their state in this package's checkpoints: a grouping's reducer as one JSON
 * document (`snapshotReducer`), keys through `keyCoder`, accumulators through the CombineFn's coder
 * (`accumulatorCoderOf`), and a retracting grouping's outputs still to withdraw through `jsonValueCoder`; an event-time join's
 * state as one JSON document (`snapshotJoin`), key identities through `keyCoder`, buffered values
 * through `jsonValueCoder`.
 *
 * @category Durable state
 */
export const checkpointStateCodec: StateCodec = {
  saveReducer<In, K, Acc, Out>(op: string, reducer: Reducer<In, K, Acc, Out>, combineFn: CombineFn<In, Acc, Out>): Encoded {
    return snapshotReducer(reducer, codersOf<K, Acc>(op, combineFn as CombineFn<never, Acc, unknown>)) as unknown as Encoded;
  },
  restoreReducer<In, K, Acc, Out>(op: string, reducer: Reducer<In, K, Acc, Out>, combineFn: CombineFn<In, Acc, Out>, saved: Encoded): void {
    restoreReducer(reducer, saved as unknown as ReducerSnapshot, codersOf<K, Acc>(op, combineFn as CombineFn<never, Acc, unknown>));
  },
  saveWatermark<T>(watermark: WatermarkProgress, generator: WatermarkGenerator<T> | undefined, strategy: WatermarkStrategy<T>): Encoded {
    if (generator !== undefined && generator.snapshot === undefined) {
      throw new Error(`the watermark generator of ${strategy.description} cannot be checkpointed: give it snapshot() and restore()`);
    }
    return { max: watermark.max, current: watermark.current, sent: watermark.sent, generator: generator?.snapshot?.() ?? null };
  },
  saveJoin(op: string, parts: JoinParts, inputs: JoinInputWatermarks): Encoded {
    return snapshotJoin(parts, inputs, joinCoders(op));
  },
  restoreJoin(op: string, parts: JoinParts, saved: Encoded): JoinInputWatermarks {
    return restoreJoin(op, parts, saved, joinCoders(op));
  },
  restoreWatermark<T>(saved: Encoded, generator: WatermarkGenerator<T> | undefined, strategy: WatermarkStrategy<T>): WatermarkProgress {
    const s = saved as { max: number; current: number; sent: number; generator: Encoded };
    if (generator !== undefined) {
      if (generator.restore === undefined) throw new Error(`the watermark generator of ${strategy.description} cannot be restored: give it snapshot() and restore()`);
      generator.restore(s.generator);
    }
    return { max: s.max, current: s.current, sent: s.sent };
  },
};
