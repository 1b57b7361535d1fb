import { describeValue } from '../time.js';
import { requireFunction } from '../internal/checks.js';
import { builtIn, type CombineFn } from './combineFn.js';
import { naturalOrder, type Compare } from './compare.js';
import { listCoder } from '../state/accumulatorCoders.js';

/**
 * The accumulator of {@link top}: at most `n` values kept as a binary heap whose root is the smallest
 * kept value, so a new value only has to beat the root to get in.
 *
 * @category Combiners
 */
export type TopAccumulator<T> = T[];

/**
 * The `n` largest values by `compare` (default: natural order), largest first. Memory is O(n) per
 * accumulator whatever the input size. Beam: `Top.of(n, comparator)` / `Top.largest(n)` / `Top.perKey`.
 * For the smallest values, reverse the comparator. Ties at the cut-off keep the values seen first.
 *
 * @param n - How many values to keep, a positive integer.
 * @param compare - Orders the values; default their natural order.
 *
 * @example combinePerKey((s) => s.game, Combine.top(3, (a, b) => a.score - b.score)) // podium per game
 *
 * @category Combiners
 */
export function top<T>(n: number, compare?: Compare<T>): CombineFn<T, TopAccumulator<T>, T[]> {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`top: n must be a positive integer, got ${describeValue(n)}`);
  if (compare !== undefined) requireFunction('top', 'compare', compare);
  const cmp = compare ?? naturalOrder<T>('top');

  const siftUp = (h: T[], i: number): void => {
    const x = h[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(h[p], x) <= 0) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = x;
  };
  const siftDown = (h: T[], i: number): void => {
    const x = h[i];
    const len = h.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= len) break;
      if (c + 1 < len && cmp(h[c + 1], h[c]) < 0) c += 1;
      if (cmp(h[c], x) >= 0) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = x;
  };
  const offer = (h: T[], v: T): void => {
    if (h.length < n) {
      if (compare === undefined && h.length === 0) cmp(v, v);
      h.push(v);
      siftUp(h, h.length - 1);
    } else if (cmp(v, h[0]) > 0) {
      h[0] = v;
      siftDown(h, 0);
    }
  };
  return builtIn({
    createAccumulator: () => [],
    addInput: (acc, value) => {
      offer(acc, value);
      return acc;
    },
    mergeAccumulators: (accs) => {
      const out: T[] = [];
      for (const a of accs) for (const v of a) offer(out, v);
      return out;
    },
    extractOutput: (acc) => acc.slice().sort((a, b) => cmp(b, a)),
    accumulatorCoder: listCoder<T>('top'),
  });
}
