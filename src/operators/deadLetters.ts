import type { BadRecordReason, DropReason, DroppedElement, ReducerMetrics, RejectedElement } from '../core/reducerTypes.js';
import { requireOptions } from '../internal/checks.js';
import { MIN_TIMESTAMP, describeValue, formatInstant, type Instant } from '../time.js';
import { describeWindow, type Window } from '../windows/window.js';

/**
 * Why an input value did not reach a pane: a lateness rule of the grouping, bad input, or a reason of
 * your own (see {@link deadLetter}).
 *
 * @category Operators
 */
export type DeadLetterReason =
  | DropReason
  /** The event-time function returned something that is not an epoch-ms number within ±8.64e15. */
  | 'invalid-event-time'
  /** The event-time function threw. */
  | 'event-time-function-threw'
  /** Under a grouping's `onError: 'route'`: the key function threw, the key is invalid, the CombineFn threw for the value, or a session gap function refused it. */
  | BadRecordReason
  /** A reason of your own, for records you route yourself with {@link deadLetter}. */
  | (string & Record<never, never>);

/**
 * An input value that was routed aside instead of reaching a pane, with the reason. Flink: a late
 * record sent to the `OutputTag` of `sideOutputLateData`; Beam counts such values
 * (`droppedDueToLateness`, `droppedDueToClosedWindow`) where we hand them over.
 *
 * @example
 * const late = new Subject<DeadLetter<Spend>>();
 * late.subscribe((d) => console.warn(d.operator, d.reason, d.message));
 *
 * @category Operators
 */
export interface DeadLetter<T = unknown> {
  /** The operator that routed it: `'assignEventTime'`, `'combinePerKey'`, ... */
  readonly operator: string;
  readonly reason: DeadLetterReason;
  readonly value: T;
  /** The event time, when the value had a valid one. */
  readonly timestamp?: Instant | undefined;
  /**
   * The window the value was refused by (a value in several windows gives one letter per refusing window);
   * absent for bad input and for a value the window function gave no window (`'no-window'`).
   */
  readonly window?: Window | undefined;
  /** The operator's input watermark when the value arrived. */
  readonly watermark: Instant;
  /** What happened, for people. */
  readonly message: string;
  /** The error behind it, when there was one (what the key function or the CombineFn threw). */
  readonly cause?: unknown;
}

/**
 * Where dead letters go: any observer with `next`, typically an RxJS `Subject`.
 *
 * @category Operators
 */
export interface DeadLetterSink<T> {
  /** Receives one dead letter, synchronously, when the value is refused. */
  next(letter: DeadLetter<T>): void;
}

/** Turns a reducer's dropped element into a dead letter. */
export function droppedLetter<T>(op: string, d: DroppedElement<T>): DeadLetter<T> {
  if (d.window === undefined) {
    return {
      operator: op,
      reason: d.reason,
      value: d.value,
      timestamp: d.timestamp,
      watermark: d.watermark,
      message: `${op}: dropped an element at ${formatInstant(d.timestamp)}: the window function gave it no window (a gap between windows, as sliding windows with a period longer than their size leave)`,
    };
  }
  const why =
    d.reason === 'window-closed'
      ? "the window's trigger has finished"
      : `the watermark ${formatInstant(d.watermark)} is past the window's garbage-collection time`;
  return {
    operator: op,
    reason: d.reason,
    value: d.value,
    timestamp: d.timestamp,
    window: d.window,
    watermark: d.watermark,
    message: `${op}: dropped an element at ${formatInstant(d.timestamp)} from ${describeWindow(d.window)}: ${why}`,
  };
}

/** A dead letter for an element a grouping refused as a bad record (`onError: 'route'`). */
export function rejectedLetter<T>(op: string, bad: RejectedElement<T>): DeadLetter<T> {
  const message = bad.error instanceof Error ? bad.error.message : `${op}: ${describeValue(bad.error)}`;
  return {
    operator: op,
    reason: bad.reason,
    value: bad.value,
    timestamp: bad.timestamp,
    watermark: bad.watermark,
    message: `${message.startsWith(`${op}: `) ? '' : `${op}: `}${message} (routed as a dead letter)`,
    cause: bad.error,
  };
}

/**
 * Options of {@link deadLetter}.
 *
 * @category Operators
 */
export interface DeadLetterOptions {
  /** What happened, for people. Default: `<operator>: <reason>`, then the cause's message and the value. */
  readonly message?: string | undefined;
  /** The error behind it, e.g. what `JSON.parse` threw. */
  readonly cause?: unknown;
  /** The value's event time, if it has one. */
  readonly timestamp?: Instant | undefined;
  /** The watermark when the value was refused, if known. Default `MIN_TIMESTAMP` (not known). */
  readonly watermark?: Instant | undefined;
}

/**
 * Builds a dead letter for a record you refuse yourself (a line that does not parse, a record that
 * fails validation), with a reason of your own, so that it travels on the same dead-letter channel as
 * the package's own. Kafka Streams: a deserialization exception handler's dead-letter record.
 *
 * @param operator - The step that refused the value.
 * @param reason - Why, in a word of your own (`'invalid-json'`).
 * @param value - The refused value.
 * @param options - `cause`, `message`, `timestamp` and `watermark`.
 *
 * @example
 * const deadLetters = new Subject<DeadLetter<unknown>>();
 * const events$ = lines$.pipe(
 *   mergeMap((line) => {
 *     try {
 *       return [JSON.parse(line) as Event];
 *     } catch (e) {
 *       deadLetters.next(deadLetter('parseEvent', 'invalid-json', line, { cause: e }));
 *       return [];
 *     }
 *   }),
 * );
 *
 * @category Operators
 */
export function deadLetter<T>(operator: string, reason: string, value: T, options: DeadLetterOptions = {}): DeadLetter<T> {
  if (typeof operator !== 'string' || operator === '') {
    throw new TypeError(`deadLetter: operator must be a non-empty string (the step that refused the value), got ${describeValue(operator)}`);
  }
  if (typeof reason !== 'string' || reason === '') {
    throw new TypeError(`deadLetter: reason must be a non-empty string, got ${describeValue(reason)}`);
  }
  const { cause, timestamp } = requireOptions('deadLetter', options);
  const why = cause === undefined ? '' : `: ${cause instanceof Error ? cause.message : describeValue(cause)}`;
  const letter: { -readonly [P in keyof DeadLetter<T>]: DeadLetter<T>[P] } = {
    operator,
    reason,
    value,
    watermark: options.watermark ?? MIN_TIMESTAMP,
    message: options.message ?? `${operator}: ${reason}${why} (value: ${describeValue(value)})`,
  };
  if (timestamp !== undefined) letter.timestamp = timestamp;
  if (cause !== undefined) letter.cause = cause;
  return letter;
}

/** A dead letter for a value whose event time could not be read. */
export function invalidLetter<T>(op: string, reason: DeadLetterReason, value: T, watermark: Instant, rule: string): DeadLetter<T> {
  return { operator: op, reason, value, watermark, message: `${op}: ${rule} (value: ${describeValue(value)})` };
}

/**
 * A snapshot of a grouping's counters, pushed after every input record that changed them (and never
 * through the scheduler, so observing it does not change when anything happens). Beam's counters
 * `droppedDueToLateness` and `droppedDueToClosedWindow` are `droppedLate` and `droppedClosed` here.
 *
 * @category Operators
 */
export interface GroupingMetrics extends Readonly<ReducerMetrics> {
  readonly operator: string;
  /**
   * `droppedLate + droppedClosed + droppedNoWindow`: the grouping's dead letters (element-window pairs
   * refused by the lateness rules, and elements without a window), so `elementsIn` is the pairs in panes
   * plus `dropped`. Bad records are counted apart, in `badRecords`.
   */
  readonly dropped: number;
  readonly inputWatermark: Instant;
  readonly outputWatermark: Instant;
}

/**
 * Where metric snapshots go: any observer with `next`, typically a `Subject` or `BehaviorSubject`.
 *
 * @category Operators
 */
export interface MetricsSink {
  /**
   * Receives a snapshot after each input record that changed the counters. `source` is one object for
   * all snapshots of one subscription of one operator, and another for any other: the counters are totals
   * per source (a sink that turns them into increments, as the OpenTelemetry adapter does, keys by it).
   */
  next(metrics: GroupingMetrics, source?: object): void;
}
