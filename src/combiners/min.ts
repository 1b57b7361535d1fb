import type { CombineFn } from './combineFn.js';
import type { Compare } from './compare.js';
import { extremum, type ExtremumAccumulator } from './extremum.js';

/**
 * The smallest value, or the smallest of what `select` picks out of each value, by `compare` (default:
 * the natural order of numbers, strings, bigints and Dates). An empty window gives `undefined`.
 * Beam: `Min.of(comparator)` / `Min.ofDoubles()` / `Min.perKey()`. Exported only as `Combine.min`, because
 * RxJS has a `min` operator. Ties keep the earliest seen value.
 *
 * @param select - Picks what is compared and returned of each value; default the value itself.
 * @param compare - Orders the selected values; default their natural order.
 *
 * @example combinePerKey((t) => t.symbol, Combine.min((t) => t.price))
 * @example Combine.min(undefined, (a, b) => a.price - b.price) // the whole cheapest trade
 */
export function min<T, V = T>(select?: (value: T) => V, compare?: Compare<V>): CombineFn<T, ExtremumAccumulator<V>, V | undefined> {
  return extremum('Combine.min', -1, select, compare);
}
