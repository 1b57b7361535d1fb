/**
 * The one stream protocol between the operators of this package, and its fast path.
 *
 * **Records.** Operators exchange {@link EventTimeRecord}s: `element` (a value, its event time, and its
 * windows once a grouping has put it in some), `bundle` (elements that arrive together), `watermark`
 * ("no earlier event time follows", late data excepted; `idle` when a source went quiet) and `strategy`
 * (the windowing strategy of the elements that follow).
 *
 * **Order rules**, kept by every producer here and relied on by every consumer:
 * 1. A stream that carries a strategy sends exactly one strategy record, first, before any other record
 *    ({@link FusedSource.strategyRecords} says whether it does; a stream that does not has the default
 *    strategy). A later, different strategy is an error once elements have arrived.
 * 2. Watermarks never decrease; the last one, at completion, is `MAX_TIMESTAMP`.
 * 3. One input at a time: a consumer handles one record inside a step of its {@link StepGate}; input that
 *    arrives while a step runs (fed back from downstream) waits until the step ends.
 *
 * **Two ways to carry the same records.** Any Observable of records works (that is how users and plain
 * RxJS operators take part). Between two operators of this package the records need not be allocated:
 * a producer built with {@link fusedStream} is a {@link FusedSource}, and a consumer is a
 * {@link RecordSink}; {@link subscribeRecords} connects the two with one direct call per element, and
 * falls back to plain subscription for any other Observable, so fusion changes what a record costs,
 * never what flows. On a plain subscription the strategy record goes out with the first record after
 * it rather than while the stream is subscribed, so that every subscriber of a `share()` made before
 * the stream's first record gets it (see {@link FusedStream}). A grouping's pane stream emits plain
 * panes to users and keeps its record form (panes as elements, with the output watermark and strategy)
 * for the next operator of this package (see `paneStream` and `recordsOf` in stream.ts).
 */
import { Observable, Subscription, type TeardownLogic } from 'rxjs';
import { recordProblem, type ControlRecord, type EventTimeRecord, type StrategyRecord } from '../core/records.js';
import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import { invalidValueError } from './errors.js';
import type { StepGate } from './stepGate.js';
import { recordsOf } from './stream.js';

/**
 * The receiving end of the protocol: one method per kind of record; elements arrive unallocated. Every
 * consumer of this package implements it (the grouping, the strategy operators, merges and joins), and
 * a {@link FusedSource} calls it directly. Implementations are plain objects of arrow functions (methods
 * may be passed on detached).
 */
export interface RecordSink<T> {
  readonly element: (value: T, timestamp: Instant, windows: readonly Window[] | undefined) => void;
  readonly record: (record: ControlRecord<T>) => void;
  /**
   * A plain watermark (not an idle mark), unallocated: the same as `record({ kind: 'watermark', watermark })`,
   * for the consumers on the per-element path (a per-element watermark is one per element). A consumer
   * without it gets the record; producers send through {@link sendWatermark}.
   */
  readonly watermark?: ((watermark: Instant) => void) | undefined;
  readonly error: (e: unknown) => void;
  readonly complete: () => void;
  /**
   * The consumer's step gate, offered to a producer that shares it ({@link FusedSource.sharesGate}): the
   * producer then takes all its input through this gate and calls the sink only from inside its steps,
   * so the consumer's methods run inside a step already and need no check of their own.
   */
  readonly gate?: StepGate | undefined;
}

/** How a stream carries its strategy (see {@link FusedSource.strategyRecords}); `undefined` when unknown. */
export type StrategyRecords = 'first' | 'none';

/**
 * The sending end of the fast path: a record stream of this package that can also be subscribed with a
 * {@link RecordSink}, whose methods it then calls directly. {@link FusedStream} implements it;
 * {@link subscribeRecords} is the one place that uses it.
 */
export interface FusedSource<T> {
  /** Subscribes `sink`: the records of one subscription, as calls on the sink, under the order rules. */
  subscribeSink(sink: RecordSink<T>): Subscription;
  /**
   * How the stream carries its windowing strategy: `'first'`, its first record is always its one strategy
   * record; `'none'`, it never sends one (its elements have the default strategy). A strategy operator
   * downstream then knows the upstream strategy before any element, without checking elements one by one.
   */
  readonly strategyRecords: StrategyRecords;
  /**
   * Whether it shares its consumer's step gate: subscribed with a sink that offers a {@link StepGate}, its
   * own input (its source, its timers) goes through that gate, and everything it sends comes from inside
   * a step of it (apart from a strategy record sent while subscribing, before any input). A pipeline of
   * fused operators then checks once per element, where the element enters, that no step is running.
   */
  readonly sharesGate: boolean;
}

/** The fused form of `source` when it is a {@link FusedSource} (a pane stream's record form counts), else `undefined`. */
export function fusedSourceOf<T>(source: Observable<unknown>): FusedSource<T> | undefined {
  const records = recordsOf<T>(source) as Partial<FusedSource<T>>;
  return typeof records.subscribeSink === 'function' ? (records as FusedSource<T>) : undefined;
}

/** True when `source` is a fused stream that shares its consumer's step gate (see {@link FusedSource.sharesGate}). */
export function sharesGate(source: Observable<unknown>): boolean {
  return fusedSourceOf(source)?.sharesGate === true;
}

/** How `source` carries its strategy, when it says so (see {@link FusedSource.strategyRecords}). */
export function strategyRecordsOf(source: Observable<unknown>): StrategyRecords | undefined {
  const fused = source as Partial<FusedSource<unknown>>;
  return typeof fused.subscribeSink === 'function' ? fused.strategyRecords : undefined;
}

/** What a fused producer promises about its output. */
export interface FusedStreamOptions {
  /** How it sends its strategy record (see {@link FusedSource.strategyRecords}). */
  readonly strategy: StrategyRecords;
  /** Whether it shares the step gate its consumer offers (see {@link FusedSource.sharesGate}). */
  readonly sharesGate: boolean;
}

/**
 * A record stream produced by calling a sink: a {@link FusedSource} for the operators of this package,
 * and an ordinary Observable of records for anyone else (an adapter then turns the calls into records).
 */
export class FusedStream<T> extends Observable<EventTimeRecord<T>> implements FusedSource<T> {
  readonly strategyRecords: StrategyRecords;
  readonly sharesGate: boolean;
  readonly #produce: (sink: RecordSink<T>) => TeardownLogic;

  constructor(produce: (sink: RecordSink<T>) => TeardownLogic, options: FusedStreamOptions) {
    super((subscriber) => {
      // A strategy record goes out with the first record after it, not when the producer sends it while
      // being subscribed: a stream multicast with `share()` is subscribed once, by its first subscriber,
      // and the others, subscribed before any element, would otherwise miss it and silently group their
      // elements under the default strategy.
      let started = false;
      let held: StrategyRecord[] | undefined;
      const start = () => {
        started = true;
        if (held !== undefined) for (const r of held) subscriber.next(r);
        held = undefined;
      };
      return produce({
        element: (value, timestamp, windows) => {
          if (!started) start();
          subscriber.next(windows === undefined ? { kind: 'element', value, timestamp } : { kind: 'element', value, timestamp, windows });
        },
        record: (r) => {
          if (started) return subscriber.next(r);
          if (r.kind === 'strategy') return void (held ??= []).push(r);
          start();
          subscriber.next(r);
        },
        error: (e) => {
          if (!started) start();
          subscriber.error(e);
        },
        complete: () => {
          if (!started) start();
          subscriber.complete();
        },
      });
    });
    this.#produce = produce;
    this.strategyRecords = options.strategy;
    this.sharesGate = options.sharesGate;
  }

  subscribeSink(sink: RecordSink<T>): Subscription {
    const subscription = new Subscription();
    let closed = false;
    // Once errored or completed, nothing more reaches the sink, as with an RxJS subscriber.
    // Elements go straight through: our producers stop at completion, and the per-element call is the hot path.
    const onWatermark = sink.watermark;
    const guarded: RecordSink<T> = {
      gate: sink.gate,
      element: sink.element,
      record: (r) => {
        if (!closed) sink.record(r);
      },
      watermark:
        onWatermark === undefined
          ? undefined
          : (wm) => {
              if (!closed) onWatermark(wm);
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
    subscription.add(this.#produce(guarded));
    return subscription;
  }
}

/** Sends a plain watermark to `sink`: through its watermark lane when it has one, as a record otherwise. */
export function sendWatermark<T>(sink: RecordSink<T>, watermark: Instant): void {
  if (sink.watermark !== undefined) sink.watermark(watermark);
  else sink.record({ kind: 'watermark', watermark });
}

/**
 * A record stream produced by calling a sink (see {@link FusedStream}). Subscribed by one of our
 * operators, the sink is theirs; subscribed by anyone else, an adapter turns the calls into records.
 */
export function fusedStream<T>(produce: (sink: RecordSink<T>) => TeardownLogic, options: FusedStreamOptions): FusedStream<T> {
  return new FusedStream(produce, options);
}

/**
 * Subscribes a sink to an event-time input: directly when the input is a {@link FusedSource}, through
 * records otherwise. Records from a stream this package did not build are checked first: a value that is
 * not a well-formed record (a plain value, an element with a NaN time) errors the sink naming `op` and the
 * rule, instead of vanishing. Fused producers are this package's own, so their elements are not checked again.
 */
export function subscribeRecords<T>(op: string, source: Observable<unknown>, sink: RecordSink<T>): Subscription {
  const fused = fusedSourceOf<T>(source);
  if (fused !== undefined) return fused.subscribeSink(sink);
  const records = recordsOf<T>(source);
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
