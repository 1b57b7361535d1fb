/**
 * The RxJS variants: a naive groupBy/reduce pipeline and this package's operators. Each returns a
 * promise that settles when its output completes.
 */
import { asapScheduler, groupBy, map, mergeMap, Observable, reduce, VirtualTimeScheduler, type OperatorFunction } from 'rxjs';
import {
  afterProcessingTime,
  afterWatermark,
  assignEventTime,
  Combine,
  combineFields,
  combinePerKey,
  fixedWindow,
  sessionWindow,
  slidingWindow,
  type EventTimeRecord,
} from '../src/index.js';
import type { TimeParams } from './baselines.js';
import type { ResultTable } from './collector.js';
import type { HeapProbe } from './probe.js';
import { CLOCK_STEP, type Event } from './workload.js';

/** How the package's pipeline is fed and configured. */
export interface OursOptions {
  readonly windows: 'fixed' | 'sliding' | 'session';
  /** Session gap (ms), for session windows. */
  readonly gap?: number;
  /** Early firings every 10 s of processing time, on a virtual clock the source moves by 1 ms per event. */
  readonly early?: boolean;
  /**
   * `undefined`: one synchronous burst with `emitWatermark: 'perElement'`. A number: the source emits
   * that many events per macrotask and the watermark follows each burst (`'afterBurst'`, on asapScheduler).
   */
  readonly chunk?: number;
}

/**
 * The source: every event through `next`, with one heap probe tick per event. Synchronous, or in
 * bursts of `chunk` events yielding to the event loop in between; `beforeEach(i)` moves a clock.
 */
function source(input: Iterable<Event>, probe: HeapProbe, chunk: number | undefined, beforeEach?: (i: number) => void): Observable<Event> {
  return new Observable<Event>((sub) => {
    // An indexed loop over an array (the main rows), as the baseline loops do; the iterator for generated input.
    const arr = Array.isArray(input) ? (input as Event[]) : undefined;
    const it = arr === undefined ? input[Symbol.iterator]() : undefined;
    let i = 0;
    const burst = (limit: number) => {
      for (let n = 0; n < limit; n++) {
        let value: Event;
        if (arr !== undefined) {
          if (i >= arr.length) {
            sub.complete();
            return false;
          }
          value = arr[i];
        } else {
          const r = it!.next();
          if (r.done) {
            sub.complete();
            return false;
          }
          value = r.value;
        }
        if (beforeEach !== undefined) beforeEach(i);
        i++;
        sub.next(value);
        probe.tick();
        if (sub.closed) return false;
      }
      return true;
    };
    if (chunk === undefined) {
      burst(Number.POSITIVE_INFINITY);
      return;
    }
    let handle: NodeJS.Immediate | undefined;
    const step = () => {
      if (burst(chunk)) handle = setImmediate(step);
    };
    step();
    return () => {
      if (handle !== undefined) clearImmediate(handle);
    };
  });
}

function drain<T>(o: Observable<T>, onValue: (v: T) => void): Promise<void> {
  return new Promise((resolve, reject) => o.subscribe({ next: onValue, error: reject, complete: resolve }));
}

const floorMod = (a: number, n: number) => {
  const r = a % n;
  return r < 0 ? r + n : r;
};

/**
 * What a typical developer writes without event-time support (fixed windows only):
 *
 *   from(events).pipe(
 *     groupBy((e) => `${e.key}|${e.t - floorMod(e.t, size)}`),
 *     mergeMap((g) => g.pipe(
 *       reduce((a, e) => ({ count: a.count + 1, sum: a.sum + e.amount }), { count: 0, sum: 0 }),
 *       map((a) => [g.key, a]),
 *     )),
 *   )
 *
 * It has no watermark: every group stays open until the source completes (state grows with the number
 * of (key, window) pairs, nothing is emitted while the stream runs, lateness is not a notion).
 */
export function naiveRx(input: Iterable<Event>, p: TimeParams, probe: HeapProbe, out: ResultTable): Promise<void> {
  const { size } = p;
  const pipeline = source(input, probe, undefined).pipe(
    groupBy((e) => `${e.key}|${e.t - floorMod(e.t, size)}`),
    mergeMap((g) =>
      g.pipe(
        reduce((a, e) => ({ count: a.count + 1, sum: a.sum + e.amount }), { count: 0, sum: 0 }),
        map((a) => [g.key, a] as const),
      ),
    ),
  );
  return drain(pipeline, ([id, a]) => {
    const bar = id.lastIndexOf('|');
    const start = Number(id.slice(bar + 1));
    out.put(id.slice(0, bar), start, start + size, a.count, a.sum);
  });
}

/**
 * This package:
 *
 *   source.pipe(
 *     assignEventTime((e) => e.t, { watermark: 5_000, emitWatermark: 'perElement' }),
 *     fixedWindow(60_000),                        // or slidingWindow(60_000, 10_000), sessionWindow(gap)
 *     afterWatermark({ allowedLateness: 10_000, accumulation: 'accumulating' }),
 *                                                 // early row: early: afterProcessingTime(10_000)
 *     combinePerKey((e) => e.key, combineFields({ count: Combine.count(), sum: Combine.sum((e) => e.amount) })),
 *   )
 */
export function ours(input: Iterable<Event>, p: TimeParams, o: OursOptions, probe: HeapProbe, out: ResultTable): Promise<void> {
  // Processing time for the early row: a virtual clock the source moves 1 s every 1,000 events.
  const clock = o.early ? new VirtualTimeScheduler() : undefined;
  const tick =
    clock === undefined
      ? undefined
      : (i: number) => {
          if (i % CLOCK_STEP !== 0) return;
          const target = i;
          clock.schedule(() => undefined, target - clock.now());
          clock.maxFrames = target;
          clock.flush();
        };
  const windowing: OperatorFunction<EventTimeRecord<Event>, EventTimeRecord<Event>> =
    o.windows === 'fixed' ? fixedWindow(p.size) : o.windows === 'sliding' ? slidingWindow(p.size, p.period) : sessionWindow(o.gap!);
  const pipeline = source(input, probe, o.chunk, tick).pipe(
    assignEventTime((e: Event) => e.t, {
      watermark: p.outOfOrderness,
      ...(o.chunk === undefined ? { emitWatermark: 'perElement' as const } : { scheduler: asapScheduler }),
    }),
    windowing,
    afterWatermark(
      o.early
        ? { early: afterProcessingTime(10_000), allowedLateness: p.allowedLateness, accumulation: 'accumulating' }
        : { allowedLateness: p.allowedLateness, accumulation: 'accumulating' },
    ),
    combinePerKey(
      (e: Event) => e.key,
      combineFields({ count: Combine.count<Event>(), sum: Combine.sum((e: Event) => e.amount) }),
      clock === undefined ? {} : { scheduler: clock },
    ),
  );
  return drain(pipeline, (p) => {
    if (p.pane.isLast) out.put(p.key, p.window.start, p.window.end, p.value.count, p.value.sum);
    else out.partial(p.key, p.window.start, p.window.end, p.value.count, p.value.sum);
  });
}
