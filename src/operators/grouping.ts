import { asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { CombineFn } from '../combiners/combineFn.js';
import { element, watermark, type EventTimeRecord } from '../core/records.js';
import { Reducer, type DroppedElement, type Firing, type ReducerMetrics, type ReducerSink } from '../core/reducer.js';
import type { Pane } from '../core/pane.js';
import { DEFAULT_STRATEGY, outputStrategy, type WindowingStrategy } from '../core/strategy.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Instant } from '../time.js';
import { describeTrigger } from '../triggers/trigger.js';
import { paneStream, recordsOf, type PaneStream } from './stream.js';

/** Options shared by the grouping operators (`combinePerKey`, `groupByKey`, `coGroupByKey`). */
export interface GroupingOptions<In> {
  /**
   * The processing-time clock and timer queue for processing-time triggers. Default `asyncScheduler`
   * (which `TestScheduler.run` turns into virtual time).
   */
  readonly scheduler?: SchedulerLike;
  /** Receives every element that is dropped (beyond allowed lateness, or for a window whose trigger finished). */
  readonly onDropped?: (drop: DroppedElement<In>) => void;
  /** Receives the grouping's live counters once per subscription, before any input. */
  readonly onMetrics?: (metrics: Readonly<ReducerMetrics>) => void;
  /** Receives every pane with how it came about (cause, watermarks, processing time, ready triggers), just before it is emitted. */
  readonly onFiring?: (pane: Pane<unknown, unknown>, firing: Firing) => void;
}

/** Wraps an error thrown by user code or a rule so its message names the operator. */
export function operatorError(op: string, e: unknown): Error {
  if (e instanceof Error) {
    if (e.message.startsWith(`${op}: `)) return e;
    const Ctor = e instanceof TypeError ? TypeError : e instanceof RangeError ? RangeError : Error;
    return new Ctor(`${op}: ${e.message}`, { cause: e });
  }
  return new Error(`${op}: ${String(e)}`, { cause: e });
}

function sameStrategy(a: WindowingStrategy, b: WindowingStrategy): boolean {
  return (
    a === b ||
    (a.windowFn?.description === b.windowFn?.description &&
      describeTrigger(a.trigger) === describeTrigger(b.trigger) &&
      a.allowedLateness === b.allowedLateness &&
      a.accumulation === b.accumulation &&
      a.timestampCombiner === b.timestampCombiner &&
      a.onTimeBehavior === b.onTimeBehavior &&
      a.closingBehavior === b.closingBehavior)
  );
}

/**
 * The shell around a {@link Reducer}: turns records into reducer calls, panes into records, and
 * processing-time wake-ups into actions on the injected scheduler. Every scheduled action is cancelled
 * and all state dropped on unsubscribe.
 */
export function grouping<In, K, Acc, Out>(
  op: string,
  source: Observable<unknown>,
  key: (value: In) => K,
  combineFn: CombineFn<In, Acc, Out>,
  options: GroupingOptions<In>,
): PaneStream<Out, K> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const now = () => scheduler.now();
  return paneStream<Out, K>((out, wantRecords) => {
    let strategy: WindowingStrategy = DEFAULT_STRATEGY;
    let reducer: Reducer<In, K, Acc, Out> | undefined;
    let forwarded: Instant = MIN_TIMESTAMP;
    let timer: Subscription | undefined;
    let timerAt = Number.POSITIVE_INFINITY;
    let done = false;
    let upstream: Subscription | undefined;

    const cancelTimer = () => {
      timer?.unsubscribe();
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
    };
    const release = () => {
      done = true;
      cancelTimer();
      reducer?.dispose();
      upstream?.unsubscribe();
    };
    const fail = (e: unknown) => {
      if (done) return;
      release();
      out.error(operatorError(op, e));
    };
    const onFiring = options.onFiring;
    const sink: ReducerSink<K, Out, In> = {
      pane: (p, firing) => {
        if (onFiring !== undefined && firing !== undefined) onFiring(p, firing);
        out.next(element(p, p.timestamp, [p.window]));
      },
      dropped: (d) => options.onDropped?.(d),
      explain: onFiring !== undefined,
    };
    const ensure = (): Reducer<In, K, Acc, Out> => {
      if (reducer === undefined) {
        reducer = new Reducer<In, K, Acc, Out>({ strategy, key, combineFn, now }, sink);
        options.onMetrics?.(reducer.metrics);
        if (wantRecords) out.next({ kind: 'strategy', strategy: outputStrategy(strategy) });
      }
      return reducer;
    };
    const schedule = (r: Reducer<In, K, Acc, Out>) => {
      if (!r.hasProcessingTimers) return cancelTimer();
      const next = r.nextProcessingTimer();
      if (next === Number.POSITIVE_INFINITY) return cancelTimer();
      // Processing-time timers fire when the clock is strictly after them.
      const fireAt = next + 1;
      if (timer !== undefined && timerAt <= fireAt) return;
      cancelTimer();
      timerAt = fireAt;
      timer = scheduler.schedule(() => {
        timer = undefined;
        timerAt = Number.POSITIVE_INFINITY;
        if (done) return;
        try {
          r.advanceProcessingTime();
          afterStep(r);
        } catch (e) {
          fail(e);
        }
      }, Math.max(0, fireAt - now()));
    };
    const afterStep = (r: Reducer<In, K, Acc, Out>) => {
      if (wantRecords && r.outputWatermark > forwarded) {
        forwarded = r.outputWatermark;
        out.next(watermark(forwarded));
      }
      schedule(r);
    };
    // Timers already due fire before new input, as when a runner's clock moves before the next bundle.
    const fireDue = (r: Reducer<In, K, Acc, Out>) => {
      if (r.hasProcessingTimers && r.nextProcessingTimer() < now()) r.advanceProcessingTime();
    };
    const onRecord = (rec: EventTimeRecord<In>) => {
      if (done) return;
      try {
        switch (rec.kind) {
          case 'strategy':
            if (reducer !== undefined && !sameStrategy(strategy, rec.strategy)) {
              throw new Error('the windowing strategy changed after elements arrived');
            }
            strategy = rec.strategy;
            return;
          case 'element': {
            const r = ensure();
            fireDue(r);
            r.processElement(rec.value, rec.timestamp, rec.windows);
            return afterStep(r);
          }
          case 'bundle': {
            const r = ensure();
            fireDue(r);
            r.processBundle(rec.elements);
            return afterStep(r);
          }
          case 'watermark': {
            const r = ensure();
            fireDue(r);
            r.advanceWatermark(rec.watermark);
            return afterStep(r);
          }
        }
      } catch (e) {
        fail(e);
      }
    };
    upstream = recordsOf<In>(source).subscribe({
      next: onRecord,
      error: (e: unknown) => {
        if (done) return;
        release();
        out.error(e);
      },
      complete: () => {
        if (done) return;
        try {
          const r = ensure();
          fireDue(r);
          r.advanceWatermark(MAX_TIMESTAMP);
          if (wantRecords && r.outputWatermark > forwarded) {
            forwarded = r.outputWatermark;
            out.next(watermark(forwarded));
          }
        } catch (e) {
          return fail(e);
        }
        release();
        out.complete();
      },
    });
    if (done) upstream.unsubscribe();
    return release;
  });
}
