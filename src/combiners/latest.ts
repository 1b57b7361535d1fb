import { isFiniteNumber, requireFunction } from '../internal/checks.js';
import { describeValue, type Instant } from '../time.js';
import { builtIn, type CombineFn } from './combineFn.js';
import { latestCoder } from '../state/accumulatorCoders.js';

/**
 * The accumulator of {@link latest}: whether a value was seen, the latest one and its event time.
 *
 * @category Combiners
 */
export interface LatestAccumulator<T> {
  has: boolean;
  value: T | undefined;
  time: Instant;
}

/**
 * The value with the greatest event time; `undefined` for an empty window. Beam: `Latest.globally()` /
 * `Latest.perKey()`. A CombineFn sees values, not their timestamps, so `timeOf` gives each value's
 * event time (usually the same function given to `assignEventTime`). Ties keep the value seen first,
 * as Beam's `Latest` does (a later value replaces the kept one only when strictly later); in a merge,
 * the earlier accumulator in the list wins a tie.
 *
 * @param timeOf - Gives each value's event time.
 *
 * @example combinePerKey((r) => r.sensor, Combine.latest((r) => r.time)) // the last reading per sensor
 *
 * @category Combiners
 */
export function latest<T>(timeOf: (value: T) => Instant): CombineFn<T, LatestAccumulator<T>, T | undefined> {
  requireFunction('latest', 'timeOf', timeOf);
  return builtIn({
    createAccumulator: () => ({ has: false, value: undefined, time: Number.NEGATIVE_INFINITY }),
    addInput: (acc, value) => {
      const t = timeOf(value);
      if (!isFiniteNumber(t)) {
        throw new TypeError(`latest: timeOf must return a finite number of epoch ms, got ${describeValue(t)}`);
      }
      if (!acc.has || t > acc.time) {
        acc.has = true;
        acc.value = value;
        acc.time = t;
      }
      return acc;
    },
    mergeAccumulators: (accs) => {
      const out: LatestAccumulator<T> = { has: false, value: undefined, time: Number.NEGATIVE_INFINITY };
      for (const a of accs) {
        if (a.has && (!out.has || a.time > out.time)) {
          out.has = true;
          out.value = a.value;
          out.time = a.time;
        }
      }
      return out;
    },
    extractOutput: (acc) => acc.value,
    accumulatorCoder: latestCoder<T>(),
  });
}
