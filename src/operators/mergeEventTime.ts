import { Observable, type Subscription } from 'rxjs';
import { element, type EventTimeRecord } from '../core/records.js';
import { DEFAULT_STRATEGY, describeStrategy, sameStrategy, type WindowingStrategy } from '../core/strategy.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Instant } from '../time.js';
import { idleMark, isIdleMark } from '../core/watermarks.js';
import { requireObservable } from '../internal/checks.js';
import { invalidValueError, sourceError } from './errors.js';
import { subscribeRecords } from './fusion.js';
import { BarrierAlignment } from './barrierAlignment.js';
import { BUSY, IDLE, StepGate } from './stepGate.js';
import type { EventTimeStream } from './stream.js';

/**
 * Merges event-time streams into one whose watermark is the minimum of the inputs' watermarks (a
 * completed input no longer holds it back). Plain RxJS `merge` cannot do this: it would pass every
 * input's watermark through and let the fastest input make the others' elements late.
 * The inputs must share one windowing strategy, as Beam requires of a `Flatten` or `CoGroupByKey`.
 * Beam: `Flatten`; Flink: a multi-input operator's `StatusWatermarkValve`.
 *
 * An input marked idle (see `withIdleness`) does not hold the watermark back until its next element or
 * watermark; when every unfinished input is idle the watermark is the largest of theirs, and the merged
 * stream is marked idle too, as Flink does. A watermark that goes backwards is ignored.
 *
 * The element type is the union of the inputs' element types, as with RxJS `merge`.
 *
 * @param sources - The event-time streams to merge.
 *
 * @example mergeEventTime(clicks$, views$) // EventTimeStream<Click | View>
 *
 * @category Operators
 */
export function mergeEventTime<A extends readonly unknown[]>(...sources: [...{ [I in keyof A]: EventTimeStream<A[I]> }]): EventTimeStream<A[number]>;
/** The same with the element type given explicitly, e.g. `mergeEventTime<Click | View>(clicks$, views$)`. */
export function mergeEventTime<T>(...sources: EventTimeStream<T>[]): EventTimeStream<T>;
export function mergeEventTime(...sources: EventTimeStream<unknown>[]): EventTimeStream<unknown> {
  sources.forEach((s, i) => requireObservable('mergeEventTime', `input ${i}`, s));
  return mergeRecords<unknown>('mergeEventTime', sources);
}

/**
 * {@link mergeEventTime} under the name of the operator that uses it, for its errors. Each input's
 * strategy is settled by its first record (a strategy record, or else the default strategy); the first
 * input to settle sets the merged strategy, sent on once before any other record when it came in a
 * strategy record, and every other input must have the same ({@link sameStrategy}).
 */
export function mergeRecords<T>(op: string, sources: readonly Observable<unknown>[]): EventTimeStream<T> {
  return new Observable<EventTimeRecord<T>>((subscriber) => {
    const n = sources.length;
    const watermarks: Instant[] = new Array<Instant>(n).fill(MIN_TIMESTAMP);
    const idle: boolean[] = new Array<boolean>(n).fill(false);
    const strategies: (WindowingStrategy | undefined)[] = new Array<WindowingStrategy | undefined>(n).fill(undefined);
    let merged: WindowingStrategy | undefined;
    let idleOut = false;
    let emitted = MIN_TIMESTAMP;
    let completed = 0;
    const subs: Subscription[] = [];
    // One input at a time: input fed from downstream while a record goes out waits for it (see StepGate).
    const gate = new StepGate();
    const fail = (e: unknown) => {
      gate.close();
      subscriber.error(e);
    };
    const advance = () => {
      // Finished inputs sit at +infinity and count neither as active nor as idle: when only idle inputs
      // remain, the largest idle watermark is used, not +infinity, so a resuming input is not all late.
      let min = MAX_TIMESTAMP;
      let maxIdle = MIN_TIMESTAMP;
      let active = 0;
      let idleCount = 0;
      for (let i = 0; i < n; i++) {
        const w = watermarks[i];
        if (idle[i]) {
          idleCount++;
          if (w > maxIdle) maxIdle = w;
        } else if (w < MAX_TIMESTAMP) {
          active++;
          if (w < min) min = w;
        }
      }
      const allIdle = active === 0 && idleCount > 0;
      const wm = allIdle ? maxIdle : min;
      const wasIdle = idleOut;
      idleOut = allIdle;
      if (wm > emitted) {
        emitted = wm;
        subscriber.next(allIdle ? idleMark(wm) : { kind: 'watermark', watermark: wm });
      } else if (allIdle && !wasIdle) {
        subscriber.next(idleMark(emitted));
      }
    };
    const wake = (i: number) => {
      if (!idle[i]) return;
      idle[i] = false;
      advance();
    };
    /** Checks an input's strategy against the merged one (the first settles it); false after a mismatch. */
    const agree = (i: number, s: WindowingStrategy, fromRecord: boolean): boolean => {
      strategies[i] = s;
      if (merged === undefined) {
        merged = s;
        if (fromRecord) subscriber.next({ kind: 'strategy', strategy: s });
        return true;
      }
      if (sameStrategy(merged, s)) return true;
      // An input without a window function beside one with, most often lost its strategy record to share().
      const lost = (merged.windowFn === undefined) !== (s.windowFn === undefined) ? SHARED_HINT : '';
      fail(invalidValueError(op, `inputs must share one windowing strategy, got ${describeStrategy(merged)} and ${describeStrategy(s)}${lost}`));
      return false;
    };
    // Checkpoint records wait for one another across the inputs; an input's completion waits behind them too.
    const align = new BarrierAlignment<EventTimeRecord<T>>(op, n, (i) => watermarks[i] < MAX_TIMESTAMP);
    const replay = () => align.replay(handle, complete);
    const handle = (i: number, r: EventTimeRecord<T>): void => {
      if (align.holds(i)) return align.hold(i, r);
      if (r.kind === 'barrier' || r.kind === 'restore') {
        const done = align.arrive(i, r);
        if (done === undefined) return;
        subscriber.next(done);
        return replay();
      }
      if (r.kind === 'strategy') {
        agree(i, r.strategy, strategies[i] === undefined);
        return;
      }
      // A clock record (a test stream's processing-time jump) says nothing of the input's strategy.
      if (r.kind === 'clock') return subscriber.next(r);
      if (strategies[i] === undefined && !agree(i, DEFAULT_STRATEGY, false)) return;
      if (r.kind === 'watermark') {
        const goesIdle = isIdleMark(r);
        if (r.watermark > watermarks[i] || goesIdle !== idle[i]) {
          if (r.watermark > watermarks[i]) watermarks[i] = r.watermark;
          idle[i] = goesIdle;
          advance();
        }
        return;
      }
      wake(i);
      subscriber.next(r);
    };
    const onRecord = (i: number, r: EventTimeRecord<T>): void => {
      if (gate.state !== IDLE) return gate.defer(() => onRecord(i, r));
      gate.state = BUSY;
      handle(i, r);
      gate.leave();
    };
    const onError = (e: unknown): void => {
      if (gate.state !== IDLE) return gate.defer(() => onError(e));
      fail(sourceError(op, e));
    };
    const complete = (i: number): void => {
      if (align.holds(i)) return align.holdCompletion(i);
      idle[i] = false;
      watermarks[i] = MAX_TIMESTAMP;
      const done = align.inputClosed();
      if (done !== undefined) {
        subscriber.next(done);
        replay();
      }
      advance();
      if (++completed === n) {
        gate.close();
        subscriber.complete();
      }
    };
    const onComplete = (i: number): void => {
      if (gate.state !== IDLE) return gate.defer(() => onComplete(i));
      gate.state = BUSY;
      complete(i);
      gate.leave();
    };
    if (n === 0) {
      subscriber.next({ kind: 'watermark', watermark: MAX_TIMESTAMP });
      subscriber.complete();
      return;
    }
    sources.forEach((source, i) => {
      if (subscriber.closed) return;
      subs.push(
        subscribeRecords<T>(op, source, {
          element: (value, timestamp, windows) => onRecord(i, element(value, timestamp, windows)),
          record: (r) => onRecord(i, r),
          error: onError,
          complete: () => onComplete(i),
        }),
      );
    });
    return () => {
      gate.close();
      subs.forEach((s) => s.unsubscribe());
    };
  });
}

const SHARED_HINT =
  ': an input without a strategy record next to one with a window function was most likely shared (share()) after its windowing operator and joined after its first record, so it missed the strategy record; subscribe every consumer before the stream starts, or share before the windowing operator';
