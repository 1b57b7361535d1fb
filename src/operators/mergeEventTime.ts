import { Observable, type Subscription } from 'rxjs';
import type { EventTimeRecord } from '../core/records.js';
import type { WindowingStrategy } from '../core/strategy.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Instant } from '../time.js';
import { describeTrigger } from '../triggers/trigger.js';
import { recordsOf, type EventTimeStream } from './stream.js';

function describeStrategy(s: WindowingStrategy): string {
  return `${s.windowFn?.description ?? 'carried windows'}, ${describeTrigger(s.trigger)}, allowedLateness ${s.allowedLateness}, ${s.accumulation}`;
}

/**
 * Merges event-time streams into one whose watermark is the minimum of the inputs' watermarks (a
 * completed input no longer holds it back). Plain RxJS `merge` cannot do this: it would pass every
 * input's watermark through and let the fastest input make the others' elements late.
 * The inputs must share one windowing strategy, as Beam requires of a `Flatten` or `CoGroupByKey`.
 *
 * @example mergeEventTime(clicks$, views$)
 */
export function mergeEventTime<T>(...sources: Observable<EventTimeRecord<T>>[]): EventTimeStream<T> {
  return new Observable<EventTimeRecord<T>>((subscriber) => {
    const n = sources.length;
    const watermarks: Instant[] = new Array<Instant>(n).fill(MIN_TIMESTAMP);
    let emitted = MIN_TIMESTAMP;
    let strategy: WindowingStrategy | undefined;
    let strategyFrom = -1;
    let completed = 0;
    const subs: Subscription[] = [];
    const advance = () => {
      let min = MAX_TIMESTAMP;
      for (const w of watermarks) if (w < min) min = w;
      if (min > emitted) {
        emitted = min;
        subscriber.next({ kind: 'watermark', watermark: min });
      }
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
              case 'watermark':
                if (r.watermark > watermarks[i]) {
                  watermarks[i] = r.watermark;
                  advance();
                }
                return;
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
                subscriber.next(r);
            }
          },
          error: (e: unknown) => subscriber.error(e),
          complete: () => {
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
