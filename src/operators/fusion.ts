/**
 * Fusion of this package's operators. Between two of our operators, records need not be allocated and
 * pushed through RxJS subscribers: a stream built with {@link fusedStream} can also be subscribed with a
 * {@link RecordSink}, whose methods are called directly. `subscribeRecords` uses that path when the
 * source offers it, and plain subscription otherwise, so fusion never changes what flows, only its cost.
 */
import { Observable, Subscription, type TeardownLogic } from 'rxjs';
import type { BundleRecord, ClockRecord, EventTimeRecord, StrategyRecord, WatermarkRecord } from '../core/records.js';
import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import { recordsOf } from './stream.js';

/**
 * The receiving end of a fused stream: one method per kind of record. Elements arrive unallocated.
 * Implementations are plain objects of arrow functions (methods may be passed on detached).
 */
export interface RecordSink<T> {
  readonly element: (value: T, timestamp: Instant, windows: readonly Window[] | undefined) => void;
  readonly record: (record: BundleRecord<T> | WatermarkRecord | StrategyRecord | ClockRecord) => void;
  readonly error: (e: unknown) => void;
  readonly complete: () => void;
}

/** The property under which a fused stream offers direct subscription with a sink. */
export const SUBSCRIBE_FUSED: unique symbol = Symbol.for('rxjs-event-time/subscribe-fused');

interface Fusable<T> {
  readonly [SUBSCRIBE_FUSED]: (sink: RecordSink<T>) => Subscription;
}

/**
 * A record stream produced by calling a sink. Subscribed by one of our operators, the sink is theirs;
 * subscribed by anyone else, an adapter turns the calls into records.
 */
export function fusedStream<T>(produce: (sink: RecordSink<T>) => TeardownLogic): Observable<EventTimeRecord<T>> {
  const stream = new Observable<EventTimeRecord<T>>((subscriber) =>
    produce({
      element: (value, timestamp, windows) =>
        subscriber.next(windows === undefined ? { kind: 'element', value, timestamp } : { kind: 'element', value, timestamp, windows }),
      record: (r) => subscriber.next(r),
      error: (e) => subscriber.error(e),
      complete: () => subscriber.complete(),
    }),
  );
  const subscribeFused = (sink: RecordSink<T>): Subscription => {
    const subscription = new Subscription();
    let closed = false;
    // Once errored or completed, nothing more reaches the sink, as with an RxJS subscriber.
    // Elements go straight through: our producers stop at completion, and the per-element call is the hot path.
    const guarded: RecordSink<T> = {
      element: sink.element,
      record: (r) => {
        if (!closed) sink.record(r);
      },
      error: (e) => {
        if (closed) return;
        closed = true;
        sink.error(e);
        subscription.unsubscribe();
      },
      complete: () => {
        if (closed) return;
        closed = true;
        sink.complete();
        subscription.unsubscribe();
      },
    };
    subscription.add(() => (closed = true));
    subscription.add(produce(guarded));
    return subscription;
  };
  return Object.assign(stream, { [SUBSCRIBE_FUSED]: subscribeFused });
}

/** Subscribes a sink to an event-time input: directly when the input is fused, through records otherwise. */
export function subscribeRecords<T>(source: Observable<unknown>, sink: RecordSink<T>): Subscription {
  const records = recordsOf<T>(source);
  const fused = (records as Partial<Fusable<T>>)[SUBSCRIBE_FUSED];
  if (fused !== undefined) return fused(sink);
  return records.subscribe({
    next: (r) => (r.kind === 'element' ? sink.element(r.value, r.timestamp, r.windows) : sink.record(r)),
    error: (e: unknown) => sink.error(e),
    complete: () => sink.complete(),
  });
}
