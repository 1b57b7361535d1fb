import { isFiniteNumber, requireFunction } from '../internal/checks.js';
import { describeValue } from '../time.js';
import { builtIn, type CombineFn } from './combineFn.js';
import { withExactMerge } from './exactMerge.js';
import { numberCoder } from '../state/accumulatorCoders.js';

/**
 * Sums numbers, or the numbers `select` picks out of each value. Beam: `Sum.ofDoubles()` / `Sum.ofLongs()`.
 * A selected value that is not a finite number throws, naming the value, so that a typo does not
 * silently yield `NaN`.
 *
 * @example combinePerKey((e) => e.user, sum((e) => e.amount))
 *
 * @category Combiners
 */
export function sum(): CombineFn<number, number, number>;
/**
 * Of the numbers `select` picks out of each value; the value type comes from the grouping, from `select`'s parameter annotation, or explicitly: `sum<Reading>((r) => r.celsius)`.
 *
 * @param select - Picks the number of each value.
 */
export function sum<T>(select: (value: T) => number): CombineFn<T, number, number>;
export function sum<T>(select?: (value: T) => number): CombineFn<T, number, number> {
  if (select !== undefined) requireFunction('sum', 'select', select);
  const pick = select ?? ((v: T) => v as unknown as number);
  const addInput = (acc: number, value: T) => {
    const x = pick(value);
    if (!isFiniteNumber(x)) {
      throw new TypeError(`sum: each value must be a finite number, got ${describeValue(x)}`);
    }
    return acc + x;
  };
  const fn = builtIn<CombineFn<T, number, number>>({
    createAccumulator: () => 0,
    addInput,
    retractInput: (acc, value) => acc - addInput(0, value),
    mergeAccumulators: (accs) => {
      let s = 0;
      for (const a of accs) s += a;
      return s;
    },
    extractOutput: (acc) => acc,
    accumulatorCoder: numberCoder('sum'),
  });
  // Whole numbers add exactly (within the safe range), so sums of them merge into what adding one by one gives.
  return withExactMerge(fn, { accepts: (value: T) => Number.isSafeInteger(pick(value)), exact: Number.isSafeInteger, mergeInto: (a, b) => a + b });
}
