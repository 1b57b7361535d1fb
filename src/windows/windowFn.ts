import type { Instant } from '../time.js';
import type { Window } from './window.js';

/**
 * One merge decided by a merging window function: `toMerge` windows become `result`.
 *
 * @category Windows
 */
export interface WindowMerge {
  readonly toMerge: readonly Window[];
  readonly result: Window;
}

/**
 * How elements are assigned to windows. Beam: `WindowFn`.
 *
 * `assign` must be pure; it may return the same frozen array for equal inputs.
 *
 * @category Windows
 */
export interface WindowFn {
  /** A short description used in messages and compatibility checks, e.g. `fixed(60000, 0)`. */
  readonly description: string;
  /** True when windows can merge (sessions). */
  readonly isMerging: boolean;
  /**
   * True when {@link assign} gives every time exactly one window, the one that contains it (from its
   * start, inclusive, to its end, exclusive), whatever the value: fixed and calendar windows. A grouping
   * then files an element whose time falls in the window of the element before it without asking again.
   * Leave it unset when the windows depend on the value or may not contain the time. Beam: a
   * `PartitioningWindowFn`.
   */
  readonly partitionsTime?: boolean;
  /**
   * Set when time falls into slices of `period` ms (from `offset`, as sliding windows' starts do) whose
   * times all get the same `windows` windows from {@link assign}, whatever the value: the newest starts
   * with the slice and the oldest ends with it (sliding windows whose period divides their size). A
   * grouping may then add the elements of a key and slice once (see {@link WindowSlices}). Leave it unset
   * otherwise. Flink: the slices of its SQL window aggregations.
   */
  readonly slices?: WindowSlices;
  /**
   * The windows an element with this event time belongs to. May be empty (a gap between sliding windows,
   * a time after the end of the global window): the grouping then routes the element as a `'no-window'`
   * dead letter. Windows should end by the end of the global window; `intervalWindow` cuts them there.
   * `value` is the element itself, for windows that depend on it (sessions with a gap per element); a
   * merging window function may throw for a value it refuses, which the grouping's `onError` policy
   * then handles as a bad record (`'window-function-threw'`).
   */
  assign(timestamp: Instant, value?: unknown): readonly Window[];
  /** For merging window functions: the merges among the given windows (sorted or not). */
  mergeWindows?(windows: readonly Window[]): WindowMerge[];
  /**
   * The output time of an element under the `'earliestTransformed'` timestamp combiner (default: its
   * event time). Beam Python: `WindowFn.get_transformed_output_time`; Java has no equivalent.
   */
  outputTime?(timestamp: Instant, window: Window): Instant;
}

/**
 * How a window function's windows share slices of time (see {@link WindowFn.slices}).
 *
 * @category Windows
 */
export interface WindowSlices {
  /** The length of a slice, ms: the windows' period. */
  readonly period: number;
  /** Where slices start, ms: slice starts are `offset + k * period`. */
  readonly offset: number;
  /** How many windows every time of a slice belongs to. */
  readonly windows: number;
}
