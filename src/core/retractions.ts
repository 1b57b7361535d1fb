/**
 * Retractions in a grouping's input: panes of an upstream grouping under
 * `accumulation: 'accumulatingAndRetracting'` that withdraw an earlier pane. A grouping whose input may
 * hold them folds them with a CombineFn that takes each one back out (`retractInput`) instead of adding it.
 */
import type { CombineFn } from '../combiners/combineFn.js';
import { describeValue } from '../time.js';

/** True for a pane marked as a retraction. */
export function isRetraction(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { retraction?: unknown }).retraction === true;
}

/**
 * `fn`, with retractions taken back out instead of added. Only a grouping whose input may hold
 * retractions gets it, so the element path of every other grouping keeps its plain `addInput`. A
 * CombineFn without `retractInput` refuses the first retraction.
 */
export function takingRetractions<In, Acc, Out>(fn: CombineFn<In, Acc, Out>): CombineFn<In, Acc, Out> {
  // Inherits from the original so that its other members (compact, a built-in mark) stay visible.
  const wrapped = Object.create(fn) as CombineFn<In, Acc, Out>;
  wrapped.addInput = (acc, value) => {
    if (!isRetraction(value)) return fn.addInput(acc, value);
    if (fn.retractInput === undefined) {
      throw new TypeError(`the CombineFn cannot take back a retraction (it has no retractInput), got a retraction of ${describeValue((value as { value?: unknown }).value)}`);
    }
    return fn.retractInput(acc, value);
  };
  return wrapped;
}
