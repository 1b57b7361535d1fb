import { approxCountDistinct } from './approxCountDistinct.js';
import { approxQuantiles } from './approxQuantiles.js';
import { combineFields } from './combineFields.js';
import { count } from './count.js';
import { countDistinct } from './countDistinct.js';
import { latest } from './latest.js';
import { max } from './max.js';
import { mean } from './mean.js';
import { min } from './min.js';
import { sum } from './sum.js';
import { toArray } from './toArray.js';
import { toList } from './toList.js';
import { top } from './top.js';

/**
 * The built-in CombineFns under one name, so that `count`, `min`, `max` and `toArray` (RxJS operator
 * names too) never shadow RxJS imports: `Combine.count()`, `Combine.sum((e) => e.amount)`,
 * `Combine.mean(...)`, `Combine.top(3)`, `Combine.fields({...})`. Beam: the `Combine` transforms and
 * the `Count`, `Sum`, `Mean`, `Min`, `Max`, `Top`, `Latest`, `ApproximateUnique`, `ApproximateQuantiles` CombineFns.
 *
 * @example combinePerKey((r) => r.sensor, Combine.fields({ avg: Combine.mean((r) => r.c), hottest: Combine.max((r) => r.c) }))
 */
export const Combine = Object.freeze({
  /** Counts the values (Beam `Count`). */
  count,
  /** Sums numbers or selected numbers (Beam `Sum`). */
  sum,
  /** Collects the values in arrival order (what `GroupByKey` buffers). */
  toList,
  /** Several CombineFns in one pass, one output field each (Beam `CombineFns.compose`). */
  fields: combineFields,
  /** Arithmetic mean (Beam `Mean`). */
  mean,
  /** Smallest value (Beam `Min`). */
  min,
  /** Largest value (Beam `Max`). */
  max,
  /** The n largest values, largest first (Beam `Top.of`). */
  top,
  /** The value with the greatest event time (Beam `Latest`). */
  latest,
  /** Same as `toList`. */
  toArray,
  /** Exact number of distinct values. */
  countDistinct,
  /** HyperLogLog estimate of the number of distinct values (Beam `ApproximateUnique`). */
  approxCountDistinct,
  /** Approximate quantiles with a stated rank-error bound (Beam `ApproximateQuantiles`). */
  approxQuantiles,
});
