import { describeValue } from '../time.js';
import type { Coder } from '../state/coder.js';

/**
 * How values are folded into one result per key and window. Beam: `Combine.CombineFn`.
 *
 * - `createAccumulator()` returns an empty accumulator;
 * - `addInput(acc, x)` folds one value in and returns the accumulator (it may mutate and return `acc`);
 * - `mergeAccumulators(accs)` combines several (it may mutate and return the first); it must be
 *   associative and commutative, because session windows merge and panes may be pre-combined;
 * - `extractOutput(acc)` reads the result. Unlike Beam Java it must not change `acc`, because in
 *   accumulating mode the same accumulator keeps growing after a pane is emitted;
 * - `compact(acc)` optionally shrinks an accumulator that is kept between firings;
 * - `accumulatorCoder` optionally writes accumulators as JSON for a snapshot of durable state; every
 *   built-in CombineFn has one, and one without it gets the JSON fallback (see `accumulatorCoderOf`).
 *
 * @category Combiners
 */
export interface CombineFn<In, Acc, Out> {
  /** A new, empty accumulator. */
  createAccumulator(): Acc;
  /** Folds one input into the accumulator and returns it (it may be the same object, changed). */
  addInput(acc: Acc, input: In): Acc;
  /** Combines accumulators into one; associative and commutative. It may change and return the first. */
  mergeAccumulators(accs: readonly Acc[]): Acc;
  /** The result for an accumulator; must leave the accumulator as it was. */
  extractOutput(acc: Acc): Out;
  /** Optionally shrinks an accumulator that is kept between panes (accumulating mode). */
  compact?(acc: Acc): Acc;
  /**
   * Optionally takes one input back out of the accumulator, undoing an earlier `addInput` of an equal
   * input: what a grouping does with a retraction (a pane withdrawn by an upstream grouping under
   * `accumulation: 'accumulatingAndRetracting'`). A CombineFn without it refuses retractions.
   */
  retractInput?(acc: Acc, input: In): Acc;
  /**
   * Writes accumulators as JSON and reads them back, for snapshots of durable state; used only when a
   * snapshot is taken or restored, never per element. Beam: `CombineFn.getAccumulatorCoder`.
   */
  readonly accumulatorCoder?: Coder<Acc>;
}

/**
 * The input type of a CombineFn.
 *
 * @category Combiners
 */
export type CombineInput<F> = F extends CombineFn<infer I, unknown, unknown> ? I : never;
/**
 * The output type of a CombineFn.
 *
 * @category Combiners
 */
export type CombineOutput<F> = F extends CombineFn<never, unknown, infer O> ? O : never;

/** Throws unless `fn` has the four required CombineFn methods. */
export function requireCombineFn(op: string, fn: unknown): asserts fn is CombineFn<unknown, unknown, unknown> {
  const f = fn as Record<string, unknown> | null;
  for (const m of ['createAccumulator', 'addInput', 'mergeAccumulators', 'extractOutput']) {
    if (typeof f !== 'object' || f === null || typeof f[m] !== 'function') {
      throw new TypeError(`${op}: combineFn must be a CombineFn with a ${m}() method, got ${describeValue(fn)}`);
    }
  }
  const coder = (f as { accumulatorCoder?: Partial<Record<string, unknown>> }).accumulatorCoder;
  if (coder !== undefined && !(typeof coder?.name === 'string' && typeof coder.encode === 'function' && typeof coder.decode === 'function')) {
    throw new TypeError(`${op}: combineFn.accumulatorCoder must be a Coder (name, encode, decode), got ${describeValue(coder)}`);
  }
}


const BUILT_IN = Symbol.for('rxjs-event-time/built-in-combine-fn');

/**
 * Marks a CombineFn of this package. Its errors already name it and the rule it enforces, so a grouping
 * calls it without the per-call wrapper it puts around user CombineFns (the hot path of every element).
 */
export function builtIn<F extends CombineFn<never, unknown, unknown>>(fn: F): F {
  Object.defineProperty(fn, BUILT_IN, { value: true });
  return fn;
}

/** True for a CombineFn marked with {@link builtIn}. */
export function isBuiltIn(fn: unknown): boolean {
  return typeof fn === 'object' && fn !== null && (fn as Record<symbol, unknown>)[BUILT_IN] === true;
}
