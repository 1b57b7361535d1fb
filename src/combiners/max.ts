import type { CombineFn } from './combineFn.js';
import type { Compare } from './compare.js';
import { extremum, type ExtremumAccumulator } from './extremum.js';

/**
 * The largest value, or the largest of what `select` picks out of each value, by `compare` (default:
 * the natural order of numbers, strings, bigints and Dates). An empty window gives `undefined`.
 * Beam: `Max.of(comparator)` / `Max.ofDoubles()` / `Max.perKey()`. Exported only as `Combine.max`, because
 * RxJS has a `max` operator. Ties keep the earliest seen value.
 *
 * @param select - Picks what is compared and returned of each value; default the value itself.
 * @param compare - Orders the selected values; default their natural order.
 *
 * @example combinePerKey((t) => t.symbol, Combine.max((t) => t.price))
 */
export function max<T, V = T>(select?: (value: T) => V, compare?: Compare<V>): CombineFn<T, ExtremumAccumulator<V>, V | undefined> {
  return extremum('Combine.max', 1, select, compare);
}
