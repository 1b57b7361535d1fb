import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, describeValue, isValidTimestamp, type Duration, type Instant } from '../time.js';
import { requireFunction } from '../combiners/combineFn.js';
import type { EventTimeRecord } from '../core/records.js';
import { boundedOutOfOrderness, type WatermarkStrategy } from '../core/watermarks.js';

/** Options of {@link assignEventTime}. */
export interface AssignEventTimeOptions<T> {
  /**
   * How the watermark follows the event times: a strategy, or a number of ms of allowed out-of-orderness
   * (shorthand for `boundedOutOfOrderness(ms)`). Default 0: the watermark is the largest event time seen.
   */
  readonly watermark?: WatermarkStrategy | Duration;
  /**
   * What to do with a value whose event time is not a finite number of epoch ms within ±8.64e15:
   * `'error'` (default) errors the stream, `'drop'` skips it and calls `onInvalidValue`.
   */
  readonly onInvalid?: 'error' | 'drop';
  /** Called for each value skipped under `onInvalid: 'drop'`. */
  readonly onInvalidValue?: (value: T, reason: string) => void;
  /**
   * When a new watermark is sent downstream. `'afterBurst'` (default): once the values the source emits
   * synchronously together have passed, through the scheduler, like a runner that moves watermarks
   * between bundles; so `from(array)` is one bundle whose watermark goes straight to +infinity (a batch
   * run). `'perElement'`: right after each element that moves it (state is freed as early as possible
   * even inside one long synchronous burst).
   */
  readonly emitWatermark?: 'afterBurst' | 'perElement';
  /** Where the `'afterBurst'` watermark is scheduled. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Stamps each value with its event time and derives a watermark from the stamps; when the source
 * completes the watermark jumps to +infinity, so `from(array)` is a batch run. The entry point of every
 * event-time pipeline. Beam: `WithTimestamps.of(fn)` plus the source's watermark.
 *
 * @example
 * from(events).pipe(assignEventTime((e) => e.event_time * 1000, { watermark: 5_000 }))
 */
export function assignEventTime<T>(eventTime: (value: T) => Instant, options: AssignEventTimeOptions<T> = {}): OperatorFunction<T, EventTimeRecord<T>> {
  requireFunction('assignEventTime', 'eventTime', eventTime);
  const wm = options.watermark ?? 0;
  const strategy: WatermarkStrategy = typeof wm === 'number' ? boundedOutOfOrderness(wm) : wm;
  if (typeof strategy !== 'object' || strategy === null || typeof strategy.create !== 'function') {
    throw new TypeError(`assignEventTime: watermark must be a number of ms or a WatermarkStrategy, got ${describeValue(wm)}`);
  }
  const onInvalid = options.onInvalid ?? 'error';
  if (onInvalid !== 'error' && onInvalid !== 'drop') {
    throw new RangeError(`assignEventTime: onInvalid must be 'error' or 'drop', got ${describeValue(onInvalid)}`);
  }
  const emitWatermark = options.emitWatermark ?? 'afterBurst';
  if (emitWatermark !== 'afterBurst' && emitWatermark !== 'perElement') {
    throw new RangeError(`assignEventTime: emitWatermark must be 'afterBurst' or 'perElement', got ${describeValue(emitWatermark)}`);
  }
  const eager = emitWatermark === 'perElement';
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<EventTimeRecord<T>>((subscriber) => {
      const generator = strategy.create();
      let current = MIN_TIMESTAMP;
      let sent = MIN_TIMESTAMP;
      let pending: Subscription | undefined;
      const flush = () => {
        pending = undefined;
        if (current > sent) {
          sent = current;
          subscriber.next({ kind: 'watermark', watermark: current });
        }
      };
      const upstream = source.subscribe({
        next: (value) => {
          let t: unknown;
          try {
            t = eventTime(value);
          } catch (e) {
            subscriber.error(new Error(`assignEventTime: the eventTime function threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
            return;
          }
          if (typeof t !== 'number' || !isValidTimestamp(t)) {
            const reason = `event time must be a finite number of epoch ms within ±8.64e15, got ${describeValue(t)}`;
            if (onInvalid === 'drop') {
              options.onInvalidValue?.(value, reason);
              return;
            }
            subscriber.error(new TypeError(`assignEventTime: ${reason}`));
            return;
          }
          subscriber.next({ kind: 'element', value, timestamp: t });
          const next = generator.onEvent(t);
          if (next > current) {
            current = next;
            if (eager) flush();
            else if (pending === undefined) pending = scheduler.schedule(flush);
          }
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          pending?.unsubscribe();
          pending = undefined;
          subscriber.next({ kind: 'watermark', watermark: MAX_TIMESTAMP });
          subscriber.complete();
        },
      });
      return () => {
        pending?.unsubscribe();
        upstream.unsubscribe();
      };
    });
}
