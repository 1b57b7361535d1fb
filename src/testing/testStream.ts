import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { isFiniteNumber, requireOptionalScheduler, requireOptions } from '../internal/checks.js';
import { scheduleAt } from '../operators/scheduleAt.js';
import type { ClockRecord, ElementRecord, EventTimeRecord } from '../core/records.js';
import { END_OF_GLOBAL_WINDOW, MAX_TIMESTAMP, describeValue, isValidEventTime, isValidTimestamp, type Duration, type Instant } from '../time.js';

/**
 * A value with the event time it should carry. Beam: `TimestampedValue`.
 *
 * @category Testing
 */
export interface TimestampedValue<T> {
  readonly value: T;
  readonly timestamp: Instant;
}

/** The reason `t` is not an event time, as the rule part of an error message. */
function eventTimeRule(t: unknown): string {
  return isValidTimestamp(t)
    ? `must be at most the end of the global window (${END_OF_GLOBAL_WINDOW}), got ${describeValue(t)}`
    : `must be a finite number of epoch ms within ±8.64e15, got ${describeValue(t)}`;
}

/**
 * Pairs a value with an event time (epoch ms, at most {@link END_OF_GLOBAL_WINDOW}). Beam:
 * `TimestampedValue.of(value, instant)`. A fractional time is floored when the element is added, as
 * `assignEventTime` does.
 *
 * @param value - The element.
 * @param timestamp - Its event time in epoch ms.
 *
 * @category Testing
 */
export function timestamped<T>(value: T, timestamp: Instant): TimestampedValue<T> {
  if (!isValidEventTime(timestamp)) throw new TypeError(`timestamped: timestamp ${eventTimeRule(timestamp)}`);
  return { value, timestamp };
}

type Step<T> =
  | { readonly kind: 'elements'; readonly elements: readonly ElementRecord<T>[] }
  | { readonly kind: 'watermark'; readonly watermark: Instant }
  | { readonly kind: 'processingTime'; readonly advance: Duration };

/**
 * How processing time moves in a test stream:
 * - `'jumps'` (default), Beam's `TestClock`: `advanceProcessingTime(ms)` moves processing time by `ms`
 *   at once, and then every processing-time timer that is due fires once (a window whose timers all
 *   fell due in the jump is asked once); between steps processing time stands still. The groupings
 *   downstream take their clock from the stream and schedule no wake-ups of their own.
 * - `'frames'`: processing time is the scheduler's virtual time, which passes frame by frame, so a
 *   timer fires at its own frame inside a jump (as a live clock would), before the later steps.
 *
 * @category Testing
 */
export type TestStreamClock = 'jumps' | 'frames';

/**
 * Options of {@link TestStreamBuilder.build}.
 *
 * @category Testing
 */
export interface TestStreamOptions {
  /** The scheduler whose virtual time is processing time. Default `asyncScheduler` (virtual inside `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike | undefined;
  /** How processing time moves; default `'jumps'`, as Beam's `TestStream`. See {@link TestStreamClock}. */
  readonly clock?: TestStreamClock | undefined;
}

/**
 * A scripted event-time source for tests and demos: elements, watermark moves and processing-time
 * moves, in order. Beam: `TestStream`. Processing time is the scheduler's virtual time: each
 * `advanceProcessingTime(ms)` moves the following steps `ms` frames later. By default it jumps there as
 * Beam's test clock does, firing the timers then due once each (see {@link TestStreamClock}).
 *
 * Immutable: every method returns a new builder.
 *
 * @example
 * testStream<number>().addElements(timestamped(1, 1)).advanceProcessingTime(10).build()
 *   .pipe(fixedWindow(10), triggering(orFinally(repeatedly(afterProcessingTime(0)), afterProcessingTime(5)), { accumulation: 'discarding' }),
 *     combinePerKey(() => 'a', Combine.toList()))
 * // one pane [0, 10) [1], EARLY and last, at frame 10: both timers fell due in the jump
 *
 * @category Testing
 */
export class TestStreamBuilder<T> {
  private constructor(private readonly steps: readonly Step<T>[]) {}

  /** A builder with no steps. */
  static create<T>(): TestStreamBuilder<T> {
    return new TestStreamBuilder<T>([]);
  }

  /** Adds elements as one bundle, at the current processing time. Fractional times are floored to whole ms. */
  addElements(...values: TimestampedValue<T>[]): TestStreamBuilder<T> {
    if (values.length === 0) throw new RangeError('testStream.addElements: needs at least one element, got none');
    const elements = values.map((v, i) => {
      if (typeof v !== 'object' || v === null || !isValidTimestamp((v as TimestampedValue<T>).timestamp)) {
        throw new TypeError(
          `testStream.addElements: element ${i} must be { value, timestamp } with a finite epoch-ms timestamp (use timestamped()), got ${describeValue(v)}`,
        );
      }
      if (!isValidEventTime(v.timestamp)) throw new TypeError(`testStream.addElements: element ${i}: timestamp ${eventTimeRule(v.timestamp)}`);
      return { kind: 'element' as const, value: v.value, timestamp: Math.floor(v.timestamp) };
    });
    return new TestStreamBuilder([...this.steps, { kind: 'elements', elements }]);
  }

  /** Moves the watermark forward to `t` (epoch ms, a fraction floored as event times are). A watermark may not go backwards. */
  advanceWatermarkTo(t: Instant): TestStreamBuilder<T> {
    if (!isValidTimestamp(t)) {
      throw new TypeError(`testStream.advanceWatermarkTo: watermark must be a finite number of epoch ms within ±8.64e15, got ${describeValue(t)}`);
    }
    const last = this.lastWatermark();
    if (last !== undefined && t < last) {
      throw new RangeError(`testStream.advanceWatermarkTo: the watermark may not go backwards, got ${t} after ${last}`);
    }
    return new TestStreamBuilder([...this.steps, { kind: 'watermark', watermark: Math.floor(t) }]);
  }

  /** Moves processing time forward by `ms`. */
  advanceProcessingTime(ms: Duration): TestStreamBuilder<T> {
    if (!isFiniteNumber(ms) || ms <= 0) {
      throw new RangeError(`testStream.advanceProcessingTime: ms must be a positive finite number, got ${describeValue(ms)}`);
    }
    return new TestStreamBuilder([...this.steps, { kind: 'processingTime', advance: ms }]);
  }

  /** Moves the watermark to +infinity: no more input. The stream then completes. */
  advanceWatermarkToInfinity(): TestStreamBuilder<T> {
    return new TestStreamBuilder([...this.steps, { kind: 'watermark', watermark: MAX_TIMESTAMP }]);
  }

  private lastWatermark(): Instant | undefined {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const s = this.steps[i];
      if (s.kind === 'watermark') return s.watermark;
    }
    return undefined;
  }

  /**
   * The event-time stream: use it in place of `assignEventTime(...)` in a pipeline. Steps at the start
   * are emitted on subscribe; later ones on the scheduler, `advanceProcessingTime` frames apart. It
   * completes after the last step (which, for a grouping downstream, moves the watermark to +infinity).
   * With the default `'jumps'` clock, a clock record goes first and after every processing-time move.
   */
  build(options: TestStreamOptions = {}): Observable<EventTimeRecord<T>> {
    requireOptions('testStream.build', options);
    requireOptionalScheduler('testStream.build', 'scheduler', options.scheduler);
    const scheduler = options.scheduler ?? asyncScheduler;
    const clock = options.clock ?? 'jumps';
    if (clock !== 'jumps' && clock !== 'frames') {
      throw new RangeError(`testStream.build: clock must be 'jumps' or 'frames', got ${describeValue(clock)}`);
    }
    const jumps = clock === 'jumps';
    const steps = this.steps;
    return new Observable<EventTimeRecord<T>>((subscriber) => {
      let i = 0;
      // Emits steps until the next processing-time move; returns that move, or undefined at the end.
      const run = (): Duration | undefined => {
        if (jumps) subscriber.next(CLOCK);
        while (i < steps.length && !subscriber.closed) {
          const step = steps[i++];
          if (step.kind === 'processingTime') return step.advance;
          if (step.kind === 'watermark') subscriber.next({ kind: 'watermark', watermark: step.watermark });
          else subscriber.next(step.elements.length === 1 ? step.elements[0] : { kind: 'bundle', elements: step.elements });
        }
        subscriber.complete();
        return undefined;
      };
      const first = run();
      if (first === undefined) return;
      // Each step schedules the next from the scheduler itself, not from inside the running action:
      // a virtual-time action rescheduled from within holds the new action as a child, so a long script
      // built a chain as deep as its steps that unsubscribing had to walk recursively.
      let pending: Subscription | undefined;
      const step = () => {
        pending = undefined;
        const next = run();
        if (next !== undefined) pending = scheduleAt(scheduler, scheduler.now() + next, step);
      };
      pending = scheduleAt(scheduler, scheduler.now() + first, step);
      return () => pending?.unsubscribe();
    });
  }
}

const CLOCK: ClockRecord = Object.freeze({ kind: 'clock' });

/**
 * Starts a {@link TestStreamBuilder}. Beam: `TestStream.create(coder)`.
 *
 * @category Testing
 */
export function testStream<T>(): TestStreamBuilder<T> {
  return TestStreamBuilder.create<T>();
}
