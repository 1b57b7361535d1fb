import { Observable, type Subscription } from 'rxjs';
import type { EventTimeRecord } from '../core/records.js';
import type { WindowingStrategy } from '../core/strategy.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Instant } from '../time.js';
import { describeTrigger } from '../triggers/trigger.js';
import { idleMark, isIdleMark } from '../core/watermarks.js';
import { requireObservable } from '../internal/checks.js';
import { sourceError } from './errors.js';
import { recordsOf, type EventTimeStream } from './stream.js';

function describeStrategy(s: WindowingStrategy): string {
  return `${s.windowFn?.description ?? 'carried windows'}, ${describeTrigger(s.trigger)}, allowedLateness ${s.allowedLateness}, ${s.accumulation}`;
}

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
 * @example mergeEventTime(clicks$, views$)
 */
export function mergeEventTime<T>(...sources: Observable<EventTimeRecord<T>>[]): EventTimeStream<T> {
  sources.forEach((s, i) => requireObservable('mergeEventTime', `input ${i}`, s));
  return new Observable<EventTimeRecord<T>>((subscriber) => {
    const n = sources.length;
    const watermarks: Instant[] = new Array<Instant>(n).fill(MIN_TIMESTAMP);
    const idle: boolean[] = new Array<boolean>(n).fill(false);
    let idleOut = false;
    let emitted = MIN_TIMESTAMP;
    let strategy: WindowingStrategy | undefined;
    let strategyFrom = -1;
    let completed = 0;
    const subs: Subscription[] = [];
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
      if (wm > emitted) {
        emitted = wm;
        subscriber.next(allIdle ? idleMark(wm) : { kind: 'watermark', watermark: wm });
      } else if (allIdle && !idleOut) {
        subscriber.next(idleMark(emitted));
      }
      idleOut = allIdle;
    };
    const wake = (i: number) => {
      if (!idle[i]) return;
      idle[i] = false;
      advance();
    };
    if (n === 0) {
      subscriber.next({ kind: 'watermark', watermark: MAX_TIMESTAMP });
      subscriber.complete();
      return;
    }
    sources.forEach((source, i) => {
      if (subscriber.closed) return;
      subs.push(
        recordsOf<T>(source).subscribe({
          next: (r) => {
            switch (r.kind) {
              case 'watermark': {
                const goesIdle = isIdleMark(r);
                if (r.watermark > watermarks[i] || goesIdle !== idle[i]) {
                  if (r.watermark > watermarks[i]) watermarks[i] = r.watermark;
                  idle[i] = goesIdle;
                  advance();
                }
                return;
              }
              case 'strategy':
                if (strategy !== undefined && strategyFrom !== i && describeStrategy(strategy) !== describeStrategy(r.strategy)) {
                  subscriber.error(
                    new TypeError(
                      `mergeEventTime: inputs must share one windowing strategy, got ${describeStrategy(strategy)} and ${describeStrategy(r.strategy)}`,
                    ),
                  );
                  return;
                }
                strategy = r.strategy;
                strategyFrom = i;
                subscriber.next(r);
                return;
              default:
                wake(i);
                subscriber.next(r);
            }
          },
          error: (e: unknown) => subscriber.error(sourceError('mergeEventTime', e)),
          complete: () => {
            idle[i] = false;
            watermarks[i] = MAX_TIMESTAMP;
            advance();
            if (++completed === n) subscriber.complete();
          },
        }),
      );
    });
    return () => subs.forEach((s) => s.unsubscribe());
  });
}
