/**
 * What a few built-in CombineFns promise beyond the CombineFn contract: for the inputs they accept,
 * merging two accumulators gives exactly what adding the inputs of both one by one gives, in any order.
 * A count does; so does a sum of whole numbers, since floating point adds whole numbers exactly while
 * the sum stays within `Number.MAX_SAFE_INTEGER` (beyond it every way of adding rounds, each its own
 * way); a sum of fractions does not (`(0.1 + 0.2) + 0.3 !== 0.1 + (0.2 + 0.3)`), nor does a list (its
 * order would change). A mean of whole numbers is a sum and a count; a minimum or maximum of numbers in
 * their natural order keeps one of several equal numbers, which are one value.
 *
 * A grouping of sliding windows uses it to add an element once per slice of time instead of once per
 * window (`core/slices.ts`), and so gives the same panes as adding to every window. Internal: user
 * CombineFns do not have it, and are added to every window.
 */
import type { CombineFn } from './combineFn.js';

/** The exact merge of a CombineFn's accumulators (see the module's description). */
export interface ExactMerge<In, Acc> {
  /** True when adding `input` keeps the promise: the caller then may add it to a partial accumulator. */
  accepts(input: In): boolean;
  /** True when `acc` is within the promise (one a partial accumulator may be merged into). */
  exact(acc: Acc): boolean;
  /** Merges `source` into `target` (both within the promise) and returns the result; may change `target`. */
  mergeInto(target: Acc, source: Acc): Acc;
}

const EXACT_MERGE = Symbol('rxjs-event-time/exact-merge');

/** Marks `fn` as merging exactly as `merge` says, and returns it. */
export function withExactMerge<In, Acc, Out>(fn: CombineFn<In, Acc, Out>, merge: ExactMerge<NoInfer<In>, NoInfer<Acc>>): CombineFn<In, Acc, Out> {
  Object.defineProperty(fn, EXACT_MERGE, { value: merge });
  return fn;
}

/** The exact merge of a CombineFn marked with {@link withExactMerge}, or undefined. */
export function exactMergeOf<In, Acc>(fn: CombineFn<In, Acc, unknown>): ExactMerge<In, Acc> | undefined {
  return (fn as unknown as Record<symbol, ExactMerge<In, Acc> | undefined>)[EXACT_MERGE];
}

