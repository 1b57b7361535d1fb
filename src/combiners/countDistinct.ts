import { builtIn, type CombineFn } from './combineFn.js';
import { requireFunction } from '../internal/checks.js';
import { setCoder } from '../state/accumulatorCoders.js';

/**
 * The exact number of distinct values, or of distinct keys `select` picks out of each value, compared
 * as a `Set` compares (SameValueZero: `1` and `'1'` differ, objects count by identity, so select a
 * primitive key from objects). Memory grows with the number of distinct values; for large ones use
 * `approxCountDistinct`. Beam: `Count.perElement()` followed by a count, or `Distinct` then `Count`.
 *
 * @param select - Picks what is counted of each value; default the value itself.
 *
 * @example combinePerKey((v) => v.page, countDistinct((v) => v.userId)) // unique visitors per page
 *
 * @category Combiners
 */
export function countDistinct<T, K = T>(select?: (value: T) => K): CombineFn<T, Set<K>, number> {
  if (select !== undefined) requireFunction('countDistinct', 'select', select);
  const pick = select ?? ((v: T) => v as unknown as K);
  return builtIn({
    createAccumulator: () => new Set<K>(),
    addInput: (acc, value) => acc.add(pick(value)),
    mergeAccumulators: (accs) => {
      const out = new Set<K>();
      for (const a of accs) for (const k of a) out.add(k);
      return out;
    },
    extractOutput: (acc) => acc.size,
    accumulatorCoder: setCoder<K>('countDistinct'),
  });
}
