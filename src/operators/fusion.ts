/**
 * Fusion of this package's operators. Between two of our operators, records need not be allocated and
 * pushed through RxJS subscribers: a stream built with {@link fusedStream} can also be subscribed with a
 * {@link RecordSink}, whose methods are called directly. `subscribeRecords` uses that path when the
 * source offers it, and plain subscription otherwise, so fusion never changes what flows, only its cost.
 */
import { Observable, Subscription, type TeardownLogic } from 'rxjs';
import { recordProblem, type BundleRecord, type ClockRecord, type EventTimeRecord, type StrategyRecord, type WatermarkRecord } from '../core/records.js';
import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import { invalidValueError } from './errors.js';
import type { StepGate } from './stepGate.js';
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
  /**
   * The consumer's step gate, offered to a producer that shares it ({@link SHARES_GATE}): the producer
   * then takes all its input through this gate and calls the sink only from inside its steps, so the
   * consumer's methods run inside a step already and need no check of their own.
   */
  readonly gate?: StepGate | undefined;
}

/** The property under which a fused stream offers direct subscription with a sink. */
export const SUBSCRIBE_FUSED: unique symbol = Symbol.for('rxjs-event-time/subscribe-fused');

/**
 * The property under which a stream of this package says how it carries its windowing strategy:
 * `'first'`, its first record is always its one strategy record; `'none'`, it never sends one (its
 * elements have the default strategy). A strategy operator downstream then knows the upstream strategy
 * before any element without checking elements one by one.
 */
export const STRATEGY_RECORDS: unique symbol = Symbol.for('rxjs-event-time/strategy-records');

/** How a stream carries its strategy (see {@link STRATEGY_RECORDS}); `undefined` when unknown. */
export type StrategyRecords = 'first' | 'none';

/**
 * The property under which a fused stream says it shares its consumer's step gate: subscribed with a sink
 * that offers a {@link StepGate}, its own input (its source, its timers) goes through that gate, and
 * everything it sends comes from inside a step of it (apart from a strategy record sent while
 * subscribing, before any input). A pipeline of fused operators then checks once per element, where the
 * element enters, that no step is running.
 */
export const SHARES_GATE: unique symbol = Symbol.for('rxjs-event-time/shares-gate');

/** True when `source` is a fused stream that shares its consumer's step gate (see {@link SHARES_GATE}). */
export function sharesGate(source: Observable<unknown>): boolean {
  return (recordsOf(source) as Partial<Record<typeof SHARES_GATE, boolean>>)[SHARES_GATE] === true;
}

interface Fusable<T> {
  readonly [SUBSCRIBE_FUSED]: (sink: RecordSink<T>) => Subscription;
}

/** How `source` carries its strategy, when it says so. */
export function strategyRecordsOf(source: Observable<unknown>): StrategyRecords | undefined {
  return (source as Partial<Record<typeof STRATEGY_RECORDS, StrategyRecords>>)[STRATEGY_RECORDS];
}

/** What a fused producer promises about its output. */
export interface FusedStreamOptions {
  /** How it sends its strategy record (see {@link STRATEGY_RECORDS}). */
  readonly strategy: StrategyRecords;
  /** Whether it shares the step gate its consumer offers (see {@link SHARES_GATE}). */
  readonly sharesGate: boolean;
}

/**
 * A record stream produced by calling a sink. Subscribed by one of our operators, the sink is theirs;
 * subscribed by anyone else, an adapter turns the calls into records.
 */
export function fusedStream<T>(produce: (sink: RecordSink<T>) => TeardownLogic, options: FusedStreamOptions): Observable<EventTimeRecord<T>> {
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
      gate: sink.gate,
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
  return Object.assign(stream, { [SUBSCRIBE_FUSED]: subscribeFused, [STRATEGY_RECORDS]: options.strategy, [SHARES_GATE]: options.sharesGate });
}

/**
 * Subscribes a sink to an event-time input: directly when the input is fused, through records otherwise.
 * Records from a stream this package did not build are checked first: a value that is not a well-formed
 * record (a plain value, an element with a NaN time) errors the sink naming `op` and the rule, instead of
 * vanishing. Fused producers are this package's own, so their elements are not checked again.
 */
export function subscribeRecords<T>(op: string, source: Observable<unknown>, sink: RecordSink<T>): Subscription {
  const records = recordsOf<T>(source);
  const fused = (records as Partial<Fusable<T>>)[SUBSCRIBE_FUSED];
  if (fused !== undefined) return fused(sink);
  let subscription: Subscription | undefined;
  let refused = false;
  subscription = records.subscribe({
    next: (r) => {
      if (refused) return;
      const problem = recordProblem(r);
      if (problem === undefined) return r.kind === 'element' ? sink.element(r.value, r.timestamp, r.windows) : sink.record(r);
      refused = true;
      subscription?.unsubscribe();
      sink.error(invalidValueError(op, problem));
    },
    error: (e: unknown) => {
      if (!refused) sink.error(e);
    },
    complete: () => {
      if (!refused) sink.complete();
    },
  });
  if (refused) subscription.unsubscribe();
  return subscription;
}
