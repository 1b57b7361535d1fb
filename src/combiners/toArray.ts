import type { CombineFn } from './combineFn.js';
import { toList } from './toList.js';

/**
 * Collects the values into an array, in arrival order: the same CombineFn as `toList`, under the name
 * RxJS users expect. Beam: `ToList` / what `GroupByKey` buffers. Exported only as `Combine.toArray`,
 * because RxJS has a `toArray` operator.
 *
 * @example combinePerKey((e) => e.user, Combine.toArray())
 */
export function toArray<T>(): CombineFn<T, T[], T[]> {
  return toList<T>();
}
