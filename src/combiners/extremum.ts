import { builtIn, type CombineFn } from './combineFn.js';
import { withExactMerge } from './exactMerge.js';
import { requireFunction } from '../internal/checks.js';
import { naturalOrder, type Compare } from './compare.js';
import { extremumCoder } from '../state/accumulatorCoders.js';

/**
 * The accumulator of `min` and `max`: whether a value was seen, and the best so far.
 *
 * @category Combiners
 */
export interface ExtremumAccumulator<V> {
  has: boolean;
  value: V | undefined;
}

/**
 * The CombineFn behind `Combine.min` and `Combine.max`: keeps the value that `better(candidate, kept)`
 * prefers. Ties keep the value already held, so among equal values the earliest seen (and in a merge,
 * the one from the earlier accumulator) wins; give a total order to make ties impossible.
 */
export function extremum<T, V>(
  op: string,
  sign: 1 | -1,
  select: ((value: T) => V) | undefined,
  compare: Compare<V> | undefined,
): CombineFn<T, ExtremumAccumulator<V>, V | undefined> {
  if (select !== undefined) requireFunction(op, 'select', select);
  if (compare !== undefined) requireFunction(op, 'compare', compare);
  const pick = select ?? ((v: T) => v as unknown as V);
  const cmp = compare ?? naturalOrder<V>(op);
  const offer = (acc: ExtremumAccumulator<V>, v: V): void => {
    if (!acc.has) {
      // Checks that the natural order can rank the very first value too.
      if (compare === undefined) cmp(v, v);
      acc.has = true;
      acc.value = v;
    } else if (sign * cmp(v, acc.value as V) > 0) {
      acc.value = v;
    }
  };
  const fn = builtIn<CombineFn<T, ExtremumAccumulator<V>, V | undefined>>({
    createAccumulator: () => ({ has: false, value: undefined }),
    addInput: (acc, value) => {
      offer(acc, pick(value));
      return acc;
    },
    mergeAccumulators: (accs) => {
      const out: ExtremumAccumulator<V> = { has: false, value: undefined };
      for (const a of accs) if (a.has) offer(out, a.value as V);
      return out;
    },
    extractOutput: (acc) => acc.value,
    accumulatorCoder: extremumCoder<V>(op),
  });
  if (compare !== undefined) return fn;
  // In their natural order, numbers equal to one another are one value (but 0 and -0; NaN has no rank):
  // which of them an extremum keeps does not matter, so merging gives what offering one by one gives.
  // Not so for Dates, strings beside numbers ('1' and 1 rank alike), or a compare of the caller's.
  const isPlainNumber = (v: unknown) => typeof v === 'number' && v === v && !Object.is(v, -0);
  return withExactMerge(fn, {
    accepts: (value: T) => isPlainNumber(pick(value)),
    exact: (acc) => !acc.has || isPlainNumber(acc.value),
    mergeInto: (target, source) => {
      if (source.has) offer(target, source.value as V);
      return target;
    },
  });
}
