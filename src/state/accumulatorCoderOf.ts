import type { CombineFn } from '../combiners/combineFn.js';
import type { Coder, Encoded } from './coder.js';
import { fallbackCoder } from './accumulatorCoders.js';
import { EncodeError } from './jsonValue.js';

/**
 * The coder a snapshot uses for a CombineFn's accumulators: its `accumulatorCoder`, or, for a CombineFn
 * without one, the JSON fallback, which writes accumulators made of JSON values (plus `-0`, `NaN`,
 * `±Infinity`, bigints, Dates and `undefined` in a tagged form) and checks each accumulator as it encodes
 * it. Failures name the operator, the combiner and where in the accumulator the value sits:
 * `snapshot: cannot encode the accumulator of toList: a Map at [3].tags; give the CombineFn an accumulatorCoder`.
 * Beam: `CombineFn.getAccumulatorCoder`, whose default infers a coder from the accumulator's type.
 *
 * @param fn - The CombineFn whose accumulators are encoded.
 * @param operatorName - What the messages start with (`snapshot`, `combinePerKey`).
 *
 * @example accumulatorCoderOf(Combine.mean(), 'snapshot').encode({ sum: 6, count: 3 }) // [6, 3]
 *
 * @category State
 */
export function accumulatorCoderOf<Acc>(fn: CombineFn<never, Acc, unknown>, operatorName: string): Coder<Acc> {
  const own = fn.accumulatorCoder;
  const coder = own ?? fallbackCoder<Acc>();
  const of = `the accumulator of ${own === undefined ? 'the CombineFn' : own.name}`;
  return {
    name: coder.name,
    encode: (acc: Acc): Encoded => {
      try {
        return coder.encode(acc);
      } catch (e) {
        if (e instanceof EncodeError) {
          const at = e.path === '' ? '' : ` at ${e.path}`;
          throw new TypeError(`${operatorName}: cannot encode ${of}: ${e.what}${at}; give the CombineFn an accumulatorCoder`, { cause: e });
        }
        throw new TypeError(`${operatorName}: cannot encode ${of}: ${messageOf(e)}`, { cause: e });
      }
    },
    decode: (encoded: Encoded): Acc => {
      try {
        return coder.decode(encoded);
      } catch (e) {
        const message = messageOf(e);
        // The coders of this package name themselves first (`mean: cannot decode ...`): the operator goes in front.
        const named = message.startsWith(`${coder.name}: `) ? message : `cannot decode ${of}: ${message}`;
        throw new TypeError(`${operatorName}: ${named}`, { cause: e });
      }
    },
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
