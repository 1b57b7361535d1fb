import { asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { isBuiltIn, type CombineFn } from '../combiners/combineFn.js';
import { droppedLetter, rejectedLetter, type DeadLetter, type DeadLetterSink, type MetricsSink } from './deadLetters.js';
import { callUserCode, operatorError, pushToUserSink, sourceError } from './errors.js';
import { MetricsReporter } from './metricsReporter.js';
import { BUSY, CLOSED, IDLE, StepGate } from './stepGate.js';
import { watermark, type ControlRecord } from '../core/records.js';
import { Reducer } from '../core/reducer.js';
import type { DroppedElement, Firing, ReducerMetrics, ReducerSink } from '../core/reducerTypes.js';
import type { Pane } from '../core/pane.js';
import { DEFAULT_STRATEGY, describeStrategy, outputStrategy, sameStrategy, type WindowingStrategy } from '../core/strategy.js';
import { MAX_TIMESTAMP, type Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import { sharesGate, subscribeRecords } from './fusion.js';
import { paneStream, type PaneStream } from './stream.js';
import { WakeUpTimer } from './wakeUpTimer.js';
import { GroupingCheckpoint } from './groupingCheckpoint.js';
import { guardCombineFn, guardKey, isContractError } from './userCode.js';

/**
 * Options shared by the grouping operators (`combinePerKey`, `groupByKey`, `coGroupByKey`).
 *
 * @category Operators
 */
export interface GroupingOptions<In> {
  /**
   * The processing-time clock and timer queue for processing-time triggers. Default `asyncScheduler`
   * (which `TestScheduler.run` turns into virtual time).
   */
  readonly scheduler?: SchedulerLike | undefined;
  /**
   * Receives every element that is dropped (beyond allowed lateness, for a window whose trigger finished,
   * or given no window by the window function).
   */
  readonly onDropped?: ((drop: DroppedElement<In>) => void) | undefined;
  /**
   * A side output for the same drops as {@link GroupingOptions.onDropped}, and for bad records under
   * `onError: 'route'`, as {@link DeadLetter}s with the operator and a message: pass a `Subject` and
   * subscribe to it. Flink: `sideOutputLateData(tag)`. Every input element-window pair ends up in
   * exactly one pane or one dead letter, and so does every element the window function gave no window.
   */
  readonly deadLetters?: DeadLetterSink<In> | undefined;
  /**
   * Receives a {@link GroupingMetrics} snapshot after every input record that changed the counters or
   * watermarks (synchronously: observing it does not change the pipeline's timing). Pass a `Subject`.
   */
  readonly metrics?: MetricsSink | undefined;
  /** Receives the grouping's live counters once per subscription, before any input. */
  readonly onMetrics?: ((metrics: Readonly<ReducerMetrics>) => void) | undefined;
  /** Receives every pane with how it came about (cause, watermarks, processing time, ready triggers), just before it is emitted. */
  readonly onFiring?: ((pane: Pane<unknown, unknown>, firing: Firing) => void) | undefined;
  /**
   * What one bad record does: the key function throws, the key is invalid (`undefined`, or anything
   * `encodeKey` refuses), or the CombineFn's `createAccumulator`/`addInput` throws for the element.
   * `'fail'` (default) errors the stream naming the operator, the rule and the value; `'route'` sends
   * the element to `deadLetters` (required with it) with the error as `cause`, counts it in
   * `badRecords`, and goes on. Errors no single element causes (`mergeAccumulators`, `extractOutput`,
   * a CombineFn returning a Promise) end the stream under both. Kafka Streams: a processing exception
   * handler answering FAIL or CONTINUE.
   */
  readonly onError?: 'fail' | 'route' | undefined;
  /**
   * The id its state is filed under in checkpoints (Flink: `uid()`). Default: the operator's name and
   * its place among the operators of that name (`combinePerKey#1`), which holds while the pipeline is
   * built the same way; set it to keep a checkpoint usable when operators are added or moved.
   */
  readonly uid?: string | undefined;
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
  const safeKey = guardKey(op, key);
  // This package's CombineFns name themselves in their errors; only user CombineFns get the wrapper.
  const safeFn = isBuiltIn(combineFn) ? combineFn : guardCombineFn(op, combineFn);
  const { deadLetters, onDropped, onFiring, onMetrics } = options;
  return paneStream<Out, K>((out) => {
    const wantRecords = out.wantRecords;
    let strategy: WindowingStrategy = DEFAULT_STRATEGY;
    let reducer: Reducer<In, K, Acc, Out> | undefined;
    let upstream: Subscription | undefined;
    // One step at a time: input fed from downstream while a step emits waits for it (see StepGate).
    // Closed during a step (a subscriber that unsubscribes on a pane), the step still holds the reducer,
    // so its state is dropped when the step ends.
    const gate = new StepGate(() => reducer?.dispose());
    const metrics = options.metrics === undefined ? undefined : new MetricsReporter(op, options.metrics);
    const checkpoints = new GroupingCheckpoint<In, K, Acc, Out>(op, options.uid, combineFn);
    // A processing-time wake-up is a step like any input.
    // Processing time is read once a step of the gate, and every part of the step sees that time: a
    // clock read costs about 40 ns (Date.now), and under a processing-time trigger the checks for due
    // timers and the trigger's check of an element would each read it, for the element and again for
    // the watermark after it (a fused upstream sends both in one step).
    let timeOfStep = -1;
    let stepTime: Instant = 0;
    const now = (): Instant => {
      if (timeOfStep !== gate.ended) {
        timeOfStep = gate.ended;
        stepTime = scheduler.now();
      }
      return stepTime;
    };
    const wakeUps = new WakeUpTimer(scheduler, () => inStep(wakeStep), now);

    const release = () => {
      const stepping = gate.close();
      wakeUps.stop();
      if (!stepping) reducer?.dispose();
      upstream?.unsubscribe();
    };
    const fail = (e: unknown) => {
      if (gate.state === CLOSED) return;
      release();
      // The failed step has unwound (fail is called from its catch): its state can go before the last report.
      reducer?.dispose();
      if (reducer !== undefined) metrics?.reportBeforeError(reducer);
      out.error(operatorError(op, e));
    };
    // What a reducer step reports, in the order it happens: panes and drops, then the output watermark and
    // the next processing-time wake-up. Nothing goes out once the subscriber has gone.
    const sink: ReducerSink<K, Out, In> = {
      pane: (p, firing) => {
        if (gate.state === CLOSED) return;
        if (onFiring !== undefined && firing !== undefined) callUserCode(op, 'the onFiring callback threw', onFiring, p, firing);
        out.pane(p);
      },
      dropped: (d) => {
        if (gate.state === CLOSED) return;
        if (onDropped !== undefined) callUserCode(op, 'the onDropped callback threw', onDropped, d, undefined);
        if (deadLetters !== undefined) pushToUserSink(op, 'the deadLetters sink threw', deadLetters, droppedLetter(op, d));
      },
      rejected: (bad) => {
        if (gate.state === CLOSED) return;
        if (isContractError(bad.error)) throw bad.error;
        if (deadLetters !== undefined) pushToUserSink(op, 'the deadLetters sink threw', deadLetters, rejectedLetter(op, bad));
      },
      outputWatermark: (wm) => {
        if (wantRecords && gate.state !== CLOSED) out.record(watermark(wm));
      },
      wakeUp: (at) => {
        if (gate.state !== CLOSED) wakeUps.request(at);
      },
      explain: onFiring !== undefined,
    };
    const ensure = (): Reducer<In, K, Acc, Out> => {
      if (reducer === undefined) {
        reducer = new Reducer<In, K, Acc, Out>({ strategy, key: safeKey, combineFn: safeFn, now, onError: options.onError }, sink);
        if (onMetrics !== undefined) callUserCode(op, 'the onMetrics callback threw', onMetrics, reducer.metrics, undefined);
        if (wantRecords) out.record({ kind: 'strategy', strategy: outputStrategy(strategy) });
      }
      return reducer;
    };
    // Each step runs the reducer, which reports panes, drops, the output watermark and its next wake-up
    // through the sink; the metrics are read after it. Timers already due fire before new input, as when
    // a runner's clock moves before the next bundle.
    const afterStep = (r: Reducer<In, K, Acc, Out>): void => {
      if (metrics !== undefined && gate.state !== CLOSED) metrics.report(r);
    };
    const wakeStep = (): void => {
      try {
        const r = reducer ?? ensure();
        r.advanceProcessingTime();
        afterStep(r);
      } catch (e) {
        fail(e);
      }
    };
    // The input, each call inside a step: from the gated entries below, or straight from a fused
    // upstream that shares the gate (one check per element, where it enters the pipeline).
    const elementStep = (value: In, timestamp: Instant, windows: readonly Window[] | undefined): void => {
      try {
        const r = reducer ?? ensure();
        if (wakeUps.isDue()) r.advanceProcessingTime();
        r.processElement(value, timestamp, windows);
        afterStep(r);
      } catch (e) {
        fail(e);
      }
    };
    // A watermark, as a record or through the lane of a fused upstream.
    const watermarkStep = (wm: Instant): void => {
      try {
        const r = reducer ?? ensure();
        if (wakeUps.isDue()) r.advanceProcessingTime();
        r.advanceWatermark(wm);
        afterStep(r);
      } catch (e) {
        fail(e);
      }
    };
    const recordStep = (rec: ControlRecord<In>): void => {
      try {
        if (rec.kind === 'strategy') {
          if (reducer !== undefined && !sameStrategy(strategy, rec.strategy)) {
            throw new Error(`the windowing strategy changed after elements arrived, from ${describeStrategy(strategy)} to ${describeStrategy(rec.strategy)}`);
          }
          strategy = rec.strategy;
          return;
        }
        if (rec.kind === 'barrier' || rec.kind === 'restore') {
          checkpoints.handle(rec, reducer, ensure);
          if (wantRecords) out.record(rec);
          return;
        }
        if (rec.kind === 'watermark') return watermarkStep(rec.watermark);
        const r = reducer ?? ensure();
        if (rec.kind === 'clock') {
          // The clock jumped: the timers now due fire once, below, and none is scheduled on the scheduler.
          // The strategy is settled by now (it comes first), and goes downstream before anything else.
          wakeUps.followClock();
          if (wantRecords) out.record(rec);
        }
        if (wakeUps.isDue()) r.advanceProcessingTime();
        if (rec.kind === 'bundle') r.processBundle(rec.elements);
        afterStep(r);
      } catch (e) {
        fail(e);
      }
    };
    const errorStep = (e: unknown): void => {
      if (gate.state === CLOSED) return;
      release();
      // No reducer call is under way (errors come between steps of the upstream): its state can go now.
      reducer?.dispose();
      if (reducer !== undefined) metrics?.reportBeforeError(reducer);
      out.error(sourceError(op, e));
    };
    const completeStep = (): void => {
      try {
        const r = reducer ?? ensure();
        if (wakeUps.isDue()) r.advanceProcessingTime();
        // The last step fires every window; no wake-up is scheduled after it.
        wakeUps.stop();
        r.advanceWatermark(MAX_TIMESTAMP);
        afterStep(r);
      } catch (e) {
        fail(e);
      }
      if (gate.state !== CLOSED) {
        release();
        out.complete();
      }
    };
    // The gated entries, for an upstream that does not share the gate.
    const deferElement = (value: In, timestamp: Instant, windows: readonly Window[] | undefined) => gate.defer(() => onElement(value, timestamp, windows));
    const onElement = (value: In, timestamp: Instant, windows: readonly Window[] | undefined): void => {
      if (gate.state !== IDLE) return deferElement(value, timestamp, windows);
      gate.state = BUSY;
      elementStep(value, timestamp, windows);
      gate.leave();
    };
    const onRecord = (rec: ControlRecord<In>): void => {
      if (gate.state !== IDLE) return gate.defer(() => onRecord(rec));
      gate.state = BUSY;
      recordStep(rec);
      gate.leave();
    };
    const inStep = (work: () => void): void => {
      if (gate.state !== IDLE) return gate.defer(() => inStep(work));
      gate.state = BUSY;
      work();
      gate.leave();
    };
    upstream = subscribeRecords<In>(
      op,
      source,
      sharesGate(source)
        ? { gate, element: elementStep, record: recordStep, watermark: watermarkStep, error: errorStep, complete: completeStep }
        : { element: onElement, record: onRecord, error: (e) => inStep(() => errorStep(e)), complete: () => inStep(completeStep) },
    );
    if (gate.state === CLOSED) upstream.unsubscribe();
    return release;
  });
}
