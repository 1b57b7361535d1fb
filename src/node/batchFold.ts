/**
 * What a parallel batch fold runs: a {@link BatchFold} definition (event time, key, windowing,
 * CombineFn) that the calling thread and every worker load from the same module, and the
 * single-thread pipeline it stands for ({@link batchPipeline}).
 */
import { from, type Observable, type OperatorFunction } from 'rxjs';
import type { CombineFn } from '../combiners/combineFn.js';
import type { Pane } from '../core/pane.js';
import type { EventTimeRecord } from '../core/records.js';
import { assignEventTime } from '../operators/assignEventTime.js';
import { combinePerKey } from '../operators/combinePerKey.js';
import type { Coder } from '../state/coder.js';
import { describeValue } from '../time.js';

/**
 * How a field of an event crosses to a worker: `'number'` in a `Float64Array` column (every value must
 * be a number), `'value'` as an index into a table of the field's distinct values (any value the
 * structured clone algorithm copies: strings, bigints, Dates, arrays, plain objects).
 *
 * @category Scale-out
 */
export type BatchColumn = 'number' | 'value';

/**
 * A batch fold: the parts of `assignEventTime(eventTime) → windowing → combinePerKey(key, combine)`.
 * Functions cannot cross to a worker thread, so the definition lives in a module that the calling
 * thread and each worker load (export it, e.g. `export default batchFold({...})`). Beam: a
 * `PTransform` of `Window.into` and `Combine.perKey`, run by a batch runner over a bounded input.
 *
 * @example
 * // sums.ts
 * export default batchFold({
 *   eventTime: (e: Sale) => e.t,
 *   key: (e) => e.user,
 *   windowing: fixedWindow(60_000),
 *   combine: combineFields({ count: Combine.count<Sale>(), sum: Combine.sum((e: Sale) => e.amount) }),
 *   columns: { user: 'value', t: 'number', amount: 'number' },
 * });
 *
 * @category Scale-out
 */
export interface BatchFold<T, K = unknown, Acc = unknown, V = unknown> {
  /** The event time of an event (epoch ms), as `assignEventTime` takes it. */
  readonly eventTime: (event: T) => number;
  /** The key of an event, as `combinePerKey` takes it; it also decides which worker folds the event. */
  readonly key: (event: T) => K;
  /** The operators between `assignEventTime` and `combinePerKey`: a window, and a trigger if wanted. */
  readonly windowing: OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
  /** Folds the events of one key and window into a pane's value. */
  readonly combine: CombineFn<T, Acc, V>;
  /**
   * The fields of an event, sent as columns instead of cloned objects (much cheaper for flat events).
   * A worker rebuilds each event as a plain object of exactly these fields, in this order, so list
   * every field the definition reads. Without it events are sent by structured clone.
   */
  readonly columns?: Readonly<Record<string, BatchColumn>>;
  /**
   * Writes pane values for the trip back from a worker, for values the structured clone algorithm
   * does not keep (class instances lose their prototype, functions cannot be cloned).
   */
  readonly valueCoder?: Coder<V>;
}

/**
 * Checks a {@link BatchFold} definition and returns it frozen; the function a definition module calls.
 *
 * @example export default batchFold({ eventTime: (e) => e.t, key: (e) => e.user, windowing: fixedWindow(60_000), combine: Combine.count() })
 *
 * @category Scale-out
 */
export function batchFold<T, K, Acc, V>(definition: BatchFold<T, K, Acc, V>): BatchFold<T, K, Acc, V> {
  requireBatchFold('batchFold', definition);
  return Object.freeze({ ...definition });
}

/** Throws a `TypeError` naming `op` unless `d` is a usable {@link BatchFold}. */
export function requireBatchFold(op: string, d: unknown): asserts d is BatchFold<unknown> {
  if (typeof d !== 'object' || d === null) throw new TypeError(`${op}: the definition must be an object, got ${describeValue(d)}`);
  const def = d as Record<string, unknown>;
  for (const f of ['eventTime', 'key', 'windowing'] as const) {
    if (typeof def[f] !== 'function') throw new TypeError(`${op}: ${f} must be a function, got ${describeValue(def[f])}`);
  }
  const c = def.combine as Record<string, unknown> | null | undefined;
  if (typeof c !== 'object' || c === null || typeof c.createAccumulator !== 'function' || typeof c.addInput !== 'function') {
    throw new TypeError(`${op}: combine must be a CombineFn, got ${describeValue(c)}`);
  }
  if (def.columns !== undefined) {
    const cols = def.columns as Record<string, unknown> | null;
    if (typeof cols !== 'object' || cols === null || Object.keys(cols).length === 0) {
      throw new TypeError(`${op}: columns must be an object naming at least one field, got ${describeValue(cols)}`);
    }
    for (const [name, kind] of Object.entries(cols)) {
      if (kind !== 'number' && kind !== 'value') throw new TypeError(`${op}: columns.${name} must be 'number' or 'value', got ${describeValue(kind)}`);
    }
  }
  const vc = def.valueCoder as Record<string, unknown> | null | undefined;
  if (vc !== undefined && (typeof vc !== 'object' || vc === null || typeof vc.encode !== 'function' || typeof vc.decode !== 'function')) {
    throw new TypeError(`${op}: valueCoder must be a Coder (encode and decode), got ${describeValue(vc)}`);
  }
}

/**
 * The single-thread pipeline a {@link BatchFold} stands for: `assignEventTime(eventTime)` (its default
 * watermark, which a synchronous batch first moves at its end, to +infinity), the windowing, and
 * `combinePerKey(key, combine)`. `foldBatchInParallel` gives the panes this gives over `from(events)`.
 *
 * @example from(events).pipe(batchPipeline(sums)).subscribe(console.log)
 *
 * @category Scale-out
 */
export function batchPipeline<T, K, Acc, V>(definition: BatchFold<T, K, Acc, V>): OperatorFunction<T, Pane<V, K>> {
  requireBatchFold('batchPipeline', definition);
  return pipelineWith<T, K, V>(definition as BatchFold<T, K, unknown, unknown>, definition.combine as CombineFn<T, unknown, V>);
}

/** The pipeline of `definition` with another CombineFn of the same input (a worker's tagging wrapper). */
export function pipelineWith<T, K, V>(definition: BatchFold<T, K, unknown, unknown>, combine: CombineFn<T, unknown, V>): OperatorFunction<T, Pane<V, K>> {
  return (events: Observable<T>) => events.pipe(assignEventTime(definition.eventTime), definition.windowing, combinePerKey(definition.key, combine));
}

/**
 * Runs the single-thread pipeline of `definition` over `events` and collects its panes: the reference
 * a parallel fold is measured and checked against.
 *
 * @example const panes = await foldBatch(events, sums)
 *
 * @category Scale-out
 */
export function foldBatch<T, K, Acc, V>(events: readonly T[], definition: BatchFold<T, K, Acc, V>): Promise<Pane<V, K>[]> {
  const pipeline = batchPipeline(definition);
  return new Promise((resolve, reject) => {
    const panes: Pane<V, K>[] = [];
    from(events)
      .pipe(pipeline)
      .subscribe({ next: (p) => panes.push(p), error: reject, complete: () => resolve(panes) });
  });
}
