import type { OperatorFunction } from 'rxjs';
import { requireFunction } from '../internal/checks.js';
import { requireCombineFn, type CombineFn } from '../combiners/combineFn.js';
import { toList } from '../combiners/toList.js';
import type { Pane } from '../core/pane.js';
import type { EventTimeRecord } from '../core/records.js';
import { grouping, type GroupingOptions } from './grouping.js';
import { requireGroupingOptions } from './groupingOptions.js';

/**
 * Groups elements by key and window and folds each group with a CombineFn, emitting a pane whenever
 * the windowing strategy's trigger fires. Beam: `Combine.perKey(fn)` (after `WithKeys`). Keys are
 * compared by value (`['u1', 'eu']` twice is one key; see `encodeKey`); a pane carries the key as the
 * first element of its window gave it. A bad record (the key function or the CombineFn throws, or the
 * key is `undefined`) errors the stream, or becomes a dead letter with `onError: 'route'`.
 *
 * The result is a stream of {@link Pane}s: `{ key, window, value, pane, timestamp }`.
 *
 * @param key - Gives each element's key.
 * @param combineFn - Folds the elements of one key and window into the pane's value (a `Combine.*` combiner, `combineFields`, or any CombineFn).
 * @param options - The grouping's options: `scheduler`, `onDropped`, `deadLetters`, `metrics`, `onMetrics`, `onFiring`, `onError`.
 *
 * @example
 * events$.pipe(
 *   assignEventTime((e) => e.time),
 *   fixedWindow(60_000),
 *   combinePerKey((e) => e.user, sum((e) => e.amount)),
 * )
 *
 * @category Operators
 */
export function combinePerKey<In, K, Acc, Out>(
  key: (value: In) => K,
  combineFn: CombineFn<In, Acc, Out>,
  options: GroupingOptions<In> = {},
): OperatorFunction<EventTimeRecord<In>, Pane<Out, K>> {
  requireFunction('combinePerKey', 'key', key);
  requireCombineFn('combinePerKey', combineFn);
  requireGroupingOptions('combinePerKey', options);
  return (source) => grouping('combinePerKey', source, key, combineFn, options);
}

/**
 * Groups elements by key and window and emits the values of each pane as an array (arrival order).
 * Beam: `GroupByKey` (after `WithKeys`). Keys and bad records are treated as in {@link combinePerKey}.
 *
 * @param key - Gives each element's key.
 * @param options - The grouping's options, as for {@link combinePerKey}.
 *
 * @example events$.pipe(assignEventTime((e) => e.time), fixedWindow(60_000), groupByKey((e) => e.user))
 *
 * @category Operators
 */
export function groupByKey<In, K>(key: (value: In) => K, options: GroupingOptions<In> = {}): OperatorFunction<EventTimeRecord<In>, Pane<In[], K>> {
  requireFunction('groupByKey', 'key', key);
  requireGroupingOptions('groupByKey', options);
  return (source) => grouping('groupByKey', source, key, toList<In>(), options);
}
