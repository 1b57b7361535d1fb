import type { DropReason, DroppedElement, ReducerMetrics } from '../core/reducer.js';
import { describeValue, formatInstant, type Instant } from '../time.js';
import { describeWindow, type Window } from '../windows/window.js';

/** Why an input value did not reach a pane: a lateness rule of the grouping, or bad input. */
export type DeadLetterReason =
  | DropReason
  /** The event-time function returned something that is not an epoch-ms number within ±8.64e15. */
  | 'invalid-event-time'
  /** The event-time function threw. */
  | 'event-time-function-threw';

/**
 * An input value that was routed aside instead of reaching a pane, with the reason. Flink: a late
 * record sent to the `OutputTag` of `sideOutputLateData`; Beam counts such values
 * (`droppedDueToLateness`, `droppedDueToClosedWindow`) where we hand them over.
 *
 * @example
 * const late = new Subject<DeadLetter<Spend>>();
 * late.subscribe((d) => console.warn(d.operator, d.reason, d.message));
 */
export interface DeadLetter<T = unknown> {
  /** The operator that routed it: `'assignEventTime'`, `'combinePerKey'`, ... */
  readonly operator: string;
  readonly reason: DeadLetterReason;
  readonly value: T;
  /** The event time, when the value had a valid one. */
  readonly timestamp?: Instant;
  /**
   * The window the value was refused by (a value in several windows gives one letter per refusing window);
   * absent for bad input and for a value the window function gave no window (`'no-window'`).
   */
  readonly window?: Window;
  /** The operator's input watermark when the value arrived. */
  readonly watermark: Instant;
  /** What happened, for people. */
  readonly message: string;
}

/** Where dead letters go: any observer with `next`, typically an RxJS `Subject`. */
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

/** A dead letter for a value whose event time could not be read. */
export function invalidLetter<T>(op: string, reason: DeadLetterReason, value: T, watermark: Instant, rule: string): DeadLetter<T> {
  return { operator: op, reason, value, watermark, message: `${op}: ${rule} (value: ${describeValue(value)})` };
}

/**
 * A snapshot of a grouping's counters, pushed after every input record that changed them (and never
 * through the scheduler, so observing it does not change when anything happens). Beam's counters
 * `droppedDueToLateness` and `droppedDueToClosedWindow` are `droppedLate` and `droppedClosed` here.
 */
export interface GroupingMetrics extends Readonly<ReducerMetrics> {
  readonly operator: string;
  /**
   * `droppedLate + droppedClosed + droppedNoWindow`: the grouping's dead letters (element-window pairs
   * refused by the lateness rules, and elements without a window), so `elementsIn` is the pairs in panes plus `dropped`.
   */
  readonly dropped: number;
  readonly inputWatermark: Instant;
  readonly outputWatermark: Instant;
}

/** Where metric snapshots go: any observer with `next`, typically a `Subject` or `BehaviorSubject`. */
export interface MetricsSink {
  /** Receives a snapshot after each input record that changed the counters. */
  next(metrics: GroupingMetrics): void;
}
