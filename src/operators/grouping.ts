import { asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { isBuiltIn, type CombineFn } from '../combiners/combineFn.js';
import { describeValue } from '../time.js';
import { droppedLetter, type DeadLetter, type DeadLetterSink, type GroupingMetrics, type MetricsSink } from './deadLetters.js';
import { operatorError, sourceError, userCodeError } from './errors.js';
import { element, watermark, type BundleRecord, type ClockRecord, type StrategyRecord, type WatermarkRecord } from '../core/records.js';
import { Reducer, type DroppedElement, type Firing, type ReducerMetrics, type ReducerSink } from '../core/reducer.js';
import type { Pane } from '../core/pane.js';
import { DEFAULT_STRATEGY, outputStrategy, type WindowingStrategy } from '../core/strategy.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Instant } from '../time.js';
import { describeTrigger } from '../triggers/trigger.js';
import { subscribeRecords } from './fusion.js';
import { paneStream, type PaneStream } from './stream.js';

/** Options shared by the grouping operators (`combinePerKey`, `groupByKey`, `coGroupByKey`). */
export interface GroupingOptions<In> {
  /**
   * The processing-time clock and timer queue for processing-time triggers. Default `asyncScheduler`
   * (which `TestScheduler.run` turns into virtual time).
   */
  readonly scheduler?: SchedulerLike;
  /** Receives every element that is dropped (beyond allowed lateness, or for a window whose trigger finished). */
  readonly onDropped?: (drop: DroppedElement<In>) => void;
  /**
   * A side output for the same drops as {@link GroupingOptions.onDropped}, as {@link DeadLetter}s with the
   * operator and a message: pass a `Subject` and subscribe to it. Flink: `sideOutputLateData(tag)`.
   * Every input element-window pair ends up in exactly one pane or one dead letter.
   */
  readonly deadLetters?: DeadLetterSink<In>;
  /**
   * Receives a {@link GroupingMetrics} snapshot after every input record that changed the counters or
   * watermarks (synchronously: observing it does not change the pipeline's timing). Pass a `Subject`.
   */
  readonly metrics?: MetricsSink;
  /** Receives the grouping's live counters once per subscription, before any input. */
  readonly onMetrics?: (metrics: Readonly<ReducerMetrics>) => void;
  /** Receives every pane with how it came about (cause, watermarks, processing time, ready triggers), just before it is emitted. */
  readonly onFiring?: (pane: Pane<unknown, unknown>, firing: Firing) => void;
}

export { operatorError } from './errors.js';

/** The key function, with a throw turned into an error naming the operator and the value. */
function guardKey<In, K>(op: string, key: (value: In) => K): (value: In) => K {
  return (value) => {
    try {
      return key(value);
    } catch (e) {
      throw userCodeError(op, `the key function threw for ${describeValue(value)}`, e);
    }
  };
}

/**
 * The CombineFn, with a throw from any method turned into an error naming the operator and the method.
 * Each wrapper has the method's fixed arity: `addInput` runs once per element, and a rest-argument
 * wrapper would allocate an array per call.
 */
function guardCombineFn<In, Acc, Out>(op: string, fn: CombineFn<In, Acc, Out>): CombineFn<In, Acc, Out> {
  const threw = (name: string, e: unknown) => userCodeError(op, `combineFn.${name} threw`, e);
  // Inherits from the original so that optional members this shell does not know about stay visible.
  const guarded = Object.create(fn) as CombineFn<In, Acc, Out>;
  guarded.createAccumulator = () => {
    try {
      return fn.createAccumulator();
    } catch (e) {
      throw threw('createAccumulator', e);
    }
  };
  guarded.addInput = (acc, input) => {
    try {
      return fn.addInput(acc, input);
    } catch (e) {
      throw threw('addInput', e);
    }
  };
  guarded.mergeAccumulators = (accs) => {
    try {
      return fn.mergeAccumulators(accs);
    } catch (e) {
      throw threw('mergeAccumulators', e);
    }
  };
  guarded.extractOutput = (acc) => {
    try {
      return fn.extractOutput(acc);
    } catch (e) {
      throw threw('extractOutput', e);
    }
  };
  const compact = fn.compact;
  if (compact !== undefined) {
    guarded.compact = (acc) => {
      try {
        return compact.call(fn, acc);
      } catch (e) {
        throw threw('compact', e);
      }
    };
  }
  return guarded;
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
  const safeKey = guardKey(op, key);
  // This package's CombineFns name themselves in their errors; only user CombineFns get the wrapper.
  const safeFn = isBuiltIn(combineFn) ? combineFn : guardCombineFn(op, combineFn);
  const { deadLetters, metrics: metricsSink } = options;
  return paneStream<Out, K>((out, wantRecords) => {
    let strategy: WindowingStrategy = DEFAULT_STRATEGY;
    let reducer: Reducer<In, K, Acc, Out> | undefined;
    let forwarded: Instant = MIN_TIMESTAMP;
    let timer: Subscription | undefined;
    let timerAt = Number.POSITIVE_INFINITY;
    // The earliest processing timer the scheduled action was set for: never later than the reducer's
    // earliest live one, since every step that files a timer ends with `schedule`.
    let timerFor = Number.POSITIVE_INFINITY;
    let done = false;
    // Processing time moves only with the source's clock records (a test stream's jumping clock).
    let clocked = false;
    let upstream: Subscription | undefined;

    const cancelTimer = () => {
      timer?.unsubscribe();
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      timerFor = Number.POSITIVE_INFINITY;
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
      if (reducer !== undefined) report(reducer);
      out.error(operatorError(op, e));
    };
    const onFiring = options.onFiring;
    const sink: ReducerSink<K, Out, In> = {
      pane: (p, firing) => {
        if (onFiring !== undefined && firing !== undefined) onFiring(p, firing);
        out.next(element(p, p.timestamp, [p.window]));
      },
      dropped: (d) => {
        options.onDropped?.(d);
        deadLetters?.next(droppedLetter(op, d));
      },
      explain: onFiring !== undefined,
    };
    let last: GroupingMetrics | undefined;
    // Pushed synchronously after a step, never scheduled, so observers cannot shift any timing.
    const report = (r: Reducer<In, K, Acc, Out>) => {
      if (metricsSink === undefined) return;
      const m = r.metrics;
      if (
        last !== undefined &&
        last.elementsIn === m.elementsIn &&
        last.panesOut === m.panesOut &&
        last.openWindows === m.openWindows &&
        last.droppedLate === m.droppedLate &&
        last.droppedClosed === m.droppedClosed &&
        last.inputWatermark === r.inputWatermark &&
        last.outputWatermark === r.outputWatermark
      ) {
        return;
      }
      last = { operator: op, ...m, dropped: m.droppedLate + m.droppedClosed, inputWatermark: r.inputWatermark, outputWatermark: r.outputWatermark };
      metricsSink.next(last);
    };
    const ensure = (): Reducer<In, K, Acc, Out> => {
      if (reducer === undefined) {
        reducer = new Reducer<In, K, Acc, Out>({ strategy, key: safeKey, combineFn: safeFn, now }, sink);
        options.onMetrics?.(reducer.metrics);
        if (wantRecords) out.next({ kind: 'strategy', strategy: outputStrategy(strategy) });
      }
      return reducer;
    };
    const schedule = (r: Reducer<In, K, Acc, Out>) => {
      if (clocked) return;
      if (!r.hasProcessingTimers) {
        if (timer !== undefined) cancelTimer();
        return;
      }
      const next = r.nextProcessingTimer();
      if (next === Number.POSITIVE_INFINITY) return cancelTimer();
      // Processing-time timers fire when the clock is strictly after them.
      const fireAt = next + 1;
      if (timer !== undefined && timerAt <= fireAt) return;
      cancelTimer();
      timerAt = fireAt;
      timerFor = next;
      timer = scheduler.schedule(() => {
        timer = undefined;
        timerAt = Number.POSITIVE_INFINITY;
        timerFor = Number.POSITIVE_INFINITY;
        if (done) return;
        try {
          r.advanceProcessingTime();
          afterStep(r);
        } catch (e) {
          fail(e);
        }
      }, Math.max(0, fireAt - now()));
    };
    // The output watermark and the metrics after a step; the completing step has no timers left to schedule.
    const forward = (r: Reducer<In, K, Acc, Out>) => {
      if (wantRecords && r.outputWatermark > forwarded) {
        forwarded = r.outputWatermark;
        out.next(watermark(forwarded));
      }
      report(r);
    };
    const afterStep = (r: Reducer<In, K, Acc, Out>) => {
      forward(r);
      schedule(r);
    };
    // Timers already due fire before new input, as when a runner's clock moves before the next bundle.
    const fireDue = (r: Reducer<In, K, Acc, Out>): boolean => {
      if (!(r.hasProcessingTimers && r.nextProcessingTimer() < now())) return false;
      r.advanceProcessingTime();
      return true;
    };
    const onRecord = (rec: BundleRecord<In> | WatermarkRecord | StrategyRecord | ClockRecord) => {
      if (done) return;
      try {
        switch (rec.kind) {
          case 'strategy':
            if (reducer !== undefined && !sameStrategy(strategy, rec.strategy)) {
              throw new Error('the windowing strategy changed after elements arrived');
            }
            strategy = rec.strategy;
            return;
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
          case 'clock': {
            // The clock jumped: the timers now due fire once, and none is scheduled on the scheduler.
            clocked = true;
            cancelTimer();
            if (wantRecords) out.next(rec);
            if (reducer !== undefined && fireDue(reducer)) afterStep(reducer);
            return;
          }
        }
      } catch (e) {
        fail(e);
      }
    };
    upstream = subscribeRecords<In>(source, {
      element: (value, timestamp, windows) => {
        if (done) return;
        try {
          const r = reducer ?? ensure();
          // Per element, the processing-time work is two comparisons unless a timer is due or was filed:
          // a due timer fires first (as a runner's clock moves before the next bundle), and a timer the
          // element files is scheduled after it. Otherwise an element changes no timer, so the step
          // needs no follow-up unless someone reads output watermarks or metrics.
          let followUp = wantRecords || metricsSink !== undefined;
          if (timer !== undefined && timerFor < now() && fireDue(r)) followUp = true;
          const filed = r.processingTimersFiled;
          r.processElement(value, timestamp, windows);
          if (followUp || r.processingTimersFiled !== filed) afterStep(r);
        } catch (e) {
          fail(e);
        }
      },
      record: onRecord,
      error: (e: unknown) => {
        if (done) return;
        release();
        if (reducer !== undefined) report(reducer);
        out.error(sourceError(op, e));
      },
      complete: () => {
        if (done) return;
        try {
          const r = ensure();
          fireDue(r);
          r.advanceWatermark(MAX_TIMESTAMP);
          forward(r);
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
