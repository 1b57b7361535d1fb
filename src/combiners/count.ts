import { builtIn, type CombineFn } from './combineFn.js';
import { withExactMerge } from './exactMerge.js';
import { numberCoder } from '../state/accumulatorCoders.js';

/**
 * Counts the values. Beam: `Count.perKey()` / `Count.globally()`'s CombineFn.
 *
 * @example combinePerKey((e) => e.user, Combine.count())
 */
export function count<T = unknown>(): CombineFn<T, number, number> {
  const fn = builtIn<CombineFn<T, number, number>>({
    createAccumulator: () => 0,
    addInput: (acc) => acc + 1,
    retractInput: (acc) => acc - 1,
    mergeAccumulators: (accs) => {
      let n = 0;
      for (const a of accs) n += a;
      return n;
    },
    extractOutput: (acc) => acc,
    accumulatorCoder: numberCoder('count'),
  });
  // Counts are whole numbers: merged, they are what counting one by one gives.
  return withExactMerge(fn, { accepts: () => true, exact: Number.isSafeInteger, mergeInto: (a, b) => a + b });
}
