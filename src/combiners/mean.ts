import { isFiniteNumber, requireFunction } from '../internal/checks.js';
import { describeValue } from '../time.js';
import { builtIn, type CombineFn } from './combineFn.js';
import { withExactMerge } from './exactMerge.js';
import { meanCoder } from '../state/accumulatorCoders.js';

/**
 * The accumulator of {@link mean}: the running sum and count.
 *
 * @category Combiners
 */
export interface MeanAccumulator {
  sum: number;
  count: number;
}

/**
 * The arithmetic mean of numbers, or of the numbers `select` picks out of each value.
 * Beam: `Mean.of()` / `Mean.globally()` / `Mean.perKey()`. An empty window's mean is `NaN`, as in
 * Beam (0 / 0). A selected value that is not a finite number throws, naming the value.
 *
 * @example combinePerKey((r) => r.sensor, Combine.mean((r) => r.celsius))
 *
 * @category Combiners
 */
export function mean(): CombineFn<number, MeanAccumulator, number>;
/**
 * Of the numbers `select` picks out of each value; the value type comes from the grouping, from `select`'s parameter annotation, or explicitly: `mean<Reading>((r) => r.celsius)`.
 *
 * @param select - Picks the number of each value.
 */
export function mean<T>(select: (value: T) => number): CombineFn<T, MeanAccumulator, number>;
export function mean<T>(select?: (value: T) => number): CombineFn<T, MeanAccumulator, number> {
  if (select !== undefined) requireFunction('mean', 'select', select);
  const pick = select ?? ((v: T) => v as unknown as number);
  const fn = builtIn<CombineFn<T, MeanAccumulator, number>>({
    createAccumulator: () => ({ sum: 0, count: 0 }),
    addInput: (acc, value) => {
      const x = pick(value);
      if (!isFiniteNumber(x)) {
        throw new TypeError(`mean: each value must be a finite number, got ${describeValue(x)}`);
      }
      acc.sum += x;
      acc.count += 1;
      return acc;
    },
    retractInput: (acc, value) => {
      const x = pick(value);
      if (!isFiniteNumber(x)) {
        throw new TypeError(`mean: each retracted value must be a finite number, got ${describeValue(x)}`);
      }
      acc.sum -= x;
      acc.count -= 1;
      return acc;
    },
    mergeAccumulators: (accs) => {
      const out = { sum: 0, count: 0 };
      for (const a of accs) {
        out.sum += a.sum;
        out.count += a.count;
      }
      return out;
    },
    extractOutput: (acc) => (acc.count === 0 ? Number.NaN : acc.sum / acc.count),
    accumulatorCoder: meanCoder(),
  });
  // A sum and a count of whole numbers merge exactly (see sum.ts); the division comes only at the output.
  return withExactMerge(fn, {
    accepts: (value: T) => Number.isSafeInteger(pick(value)),
    exact: (acc) => Number.isSafeInteger(acc.sum),
    mergeInto: (target, source) => {
      target.sum += source.sum;
      target.count += source.count;
      return target;
    },
  });
}
