import { asyncScheduler, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { END_OF_GLOBAL_WINDOW, MAX_TIMESTAMP, MIN_TIMESTAMP, describeValue, isValidEventTime, isValidTimestamp, type Duration, type Instant } from '../time.js';
import { requireFunction, requireOptionalFunction, requireOptionalScheduler, requireOptionalSink, requireOptionalString } from '../internal/checks.js';
import type { CheckpointRecord, EventTimeRecord } from '../core/records.js';
import { ControlledInput } from './controlledInput.js';
import { boundedOutOfOrderness, idleMark, type WatermarkStrategy } from '../core/watermarks.js';
import { invalidLetter, type DeadLetterReason, type DeadLetterSink } from './deadLetters.js';
import { invalidValueError, operatorError, sourceError, userCodeError } from './errors.js';
import { fusedStream, sendWatermark } from './fusion.js';
import { scheduleAt } from './scheduleAt.js';
import { BUSY, IDLE, StepGate } from './stepGate.js';

/**
 * Options of {@link assignEventTime}.
 *
 * @category Operators
 */
export interface AssignEventTimeOptions<T> {
  /**
   * How the watermark follows the event times: a strategy (`boundedOutOfOrderness`, `monotonicTimestamps`,
   * `punctuatedWatermark`, `withIdleness(...)`), or a number of ms of allowed out-of-orderness
   * (shorthand for `boundedOutOfOrderness(ms)`). Default 0: the watermark is the largest event time seen.
   */
  readonly watermark?: WatermarkStrategy<T> | Duration | undefined;
  /**
   * What to do with a value whose event time cannot be read (the function throws, or returns anything
   * but a finite number of epoch ms from -8.64e15 to {@link END_OF_GLOBAL_WINDOW}: `undefined`, `NaN`,
   * `Infinity`, a string, a `Date`, a time in the last day before `MAX_TIMESTAMP`):
   * `'error'` (default) errors the stream naming the rule and the value; `'drop'` skips it and calls
   * `onInvalidValue`; `'route'` skips it and sends a {@link DeadLetter} to `deadLetters`.
   */
  readonly onInvalid?: 'error' | 'drop' | 'route' | undefined;
  /** Called for each value skipped under `onInvalid: 'drop'` or `'route'`. */
  readonly onInvalidValue?: ((value: T, reason: string) => void) | undefined;
  /** Where `onInvalid: 'route'` sends skipped values (required with it): pass a `Subject`. */
  readonly deadLetters?: DeadLetterSink<T> | undefined;
  /**
   * When a new watermark is sent downstream. `'afterBurst'` (default): once the values the source emits
   * synchronously together have passed, through the scheduler, like a runner that moves watermarks
   * between bundles; so `from(array)` is one bundle whose watermark goes straight to +infinity (a batch
   * run). `'perElement'`: right after each element that moves it (state is freed as early as possible
   * even inside one long synchronous burst).
   */
  readonly emitWatermark?: 'afterBurst' | 'perElement' | undefined;
  /** Where the `'afterBurst'` watermark and the idleness timer are scheduled. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike | undefined;
  /** The id its watermark state is filed under in checkpoints (see `GroupingOptions.uid`). Default `assignEventTime#n`. */
  readonly uid?: string | undefined;
}

const RULE = 'event time must be a finite number of epoch ms within ±8.64e15';

function invalidRule(t: unknown): string {
  if (isValidTimestamp(t)) {
    return `event time must be at most the end of the global window (${END_OF_GLOBAL_WINDOW}, one day before MAX_TIMESTAMP), got ${describeValue(t)}`;
  }
  const hint = t instanceof Date ? ' (use date.getTime())' : typeof t === 'string' ? ' (parse it to epoch ms first)' : '';
  return `${RULE}, got ${describeValue(t)}${hint}`;
}

function validate<T>(options: AssignEventTimeOptions<T>): WatermarkStrategy<T> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`assignEventTime: options must be an object, got ${describeValue(options)}`);
  }
  const wm = options.watermark ?? 0;
  if (typeof wm === 'number' && !(Number.isFinite(wm) && wm >= 0)) {
    throw new RangeError(`assignEventTime: watermark must be a non-negative finite number of ms (the allowed out-of-orderness) or a WatermarkStrategy, got ${describeValue(wm)}`);
  }
  const strategy = (typeof wm === 'number' ? boundedOutOfOrderness(wm) : wm) as WatermarkStrategy<T>;
  if (typeof strategy !== 'object' || strategy === null || typeof strategy.create !== 'function') {
    throw new TypeError(`assignEventTime: watermark must be a number of ms or a WatermarkStrategy, got ${describeValue(wm)}`);
  }
  const onInvalid = options.onInvalid ?? 'error';
  if (onInvalid !== 'error' && onInvalid !== 'drop' && onInvalid !== 'route') {
    throw new RangeError(`assignEventTime: onInvalid must be 'error', 'drop' or 'route', got ${describeValue(onInvalid)}`);
  }
  if (onInvalid === 'route' && (typeof options.deadLetters !== 'object' || options.deadLetters === null || typeof options.deadLetters.next !== 'function')) {
    throw new TypeError(`assignEventTime: onInvalid 'route' needs a deadLetters sink with next(), got ${describeValue(options.deadLetters)}`);
  }
  requireOptionalFunction('assignEventTime', 'onInvalidValue', options.onInvalidValue);
  requireOptionalSink('assignEventTime', 'deadLetters', options.deadLetters);
  requireOptionalScheduler('assignEventTime', 'scheduler', options.scheduler);
  requireOptionalString('assignEventTime', 'uid', options.uid);
  const emitWatermark = options.emitWatermark ?? 'afterBurst';
  if (emitWatermark !== 'afterBurst' && emitWatermark !== 'perElement') {
    throw new RangeError(`assignEventTime: emitWatermark must be 'afterBurst' or 'perElement', got ${describeValue(emitWatermark)}`);
  }
  return strategy;
}

/**
 * Stamps each value with its event time and derives a watermark from the stamps; when the source
 * completes the watermark jumps to +infinity, so `from(array)` is a batch run. The entry point of every
 * event-time pipeline. Beam: `WithTimestamps.of(fn)` plus the source's watermark; Flink:
 * `assignTimestampsAndWatermarks`. Event times are whole milliseconds, as in Beam: a fractional time is
 * floored (the value itself is left as it is), and a time after {@link END_OF_GLOBAL_WINDOW} is invalid.
 *
 * @param eventTime - Reads a value's event time, in epoch ms.
 * @param options - The watermark (`watermark`: a number of ms of allowed out-of-orderness, or a strategy such as `boundedOutOfOrderness`), what to do with an invalid event time (`onInvalid`, `onInvalidValue`, `deadLetters`), when to send the watermark (`emitWatermark`) and the `scheduler`.
 *
 * @example
 * from(events).pipe(assignEventTime((e) => e.event_time * 1000, { watermark: 5_000 }))
 *
 * @category Operators
 */
export function assignEventTime<T>(eventTime: (value: T) => Instant, options: AssignEventTimeOptions<T> = {}): OperatorFunction<T, EventTimeRecord<T>> {
  requireFunction('assignEventTime', 'eventTime', eventTime);
  const strategy = validate(options);
  const onInvalid = options.onInvalid ?? 'error';
  const eager = options.emitWatermark === 'perElement';
  const scheduler = options.scheduler ?? asyncScheduler;
  const idleTimeout = strategy.idleTimeout;
  return (source) =>
    fusedStream<T>((sink) => {
      const generator = strategy.create();
      const bounded = strategy.maxOutOfOrderness;
      let max = MIN_TIMESTAMP;
      let current = MIN_TIMESTAMP;
      let sent = MIN_TIMESTAMP;
      let pending: Subscription | undefined;
      let idleTimer: Subscription | undefined;
      let lastActivity = 0;
      let finished = false;
      const flush = () => {
        pending = undefined;
        if (current > sent) {
          sent = current;
          sendWatermark(sink, current);
        }
      };
      const stopTimers = () => {
        finished = true;
        pending?.unsubscribe();
        pending = undefined;
        idleTimer?.unsubscribe();
        idleTimer = undefined;
      };
      // One timer at a time: on expiry it re-arms for the rest of the timeout if elements came meanwhile.
      const armIdle = (delay: Duration) => {
        idleTimer = scheduleAt(scheduler, scheduler.now() + delay, () => {
          idleTimer = undefined;
          if (finished) return;
          const quiet = scheduler.now() - lastActivity;
          if (quiet < idleTimeout!) return armIdle(idleTimeout! - quiet);
          step(goIdle);
        });
      };
      const goIdle = () => {
        if (pending !== undefined) {
          pending.unsubscribe();
          flush();
        }
        sink.record(idleMark(sent));
      };
      // Input that arrives while a step runs (fed from downstream) waits for it to end. Fused with a
      // grouping, the gate is the grouping's: one check per element for both.
      const gate = sink.gate ?? new StepGate();
      const step = (work: () => void): void => {
        if (gate.state !== IDLE) return gate.defer(() => step(work));
        gate.state = BUSY;
        work();
        gate.leave();
      };
      const flushStep = () => step(flush);
      const fail = (e: unknown) => {
        stopTimers();
        sink.error(e);
        gate.close();
      };
      const reject = (value: T, reason: DeadLetterReason, rule: string, e?: unknown) => {
        if (onInvalid === 'error') return fail(e === undefined ? invalidValueError('assignEventTime', rule) : userCodeError('assignEventTime', rule, e));
        try {
          options.onInvalidValue?.(value, rule);
        } catch (err) {
          return fail(userCodeError('assignEventTime', 'the onInvalidValue callback threw', err));
        }
        if (onInvalid !== 'route') return;
        try {
          options.deadLetters!.next(invalidLetter('assignEventTime', reason, value, sent, rule));
        } catch (err) {
          fail(userCodeError('assignEventTime', 'the deadLetters sink threw', err));
        }
      };
      if (idleTimeout !== undefined) {
        lastActivity = scheduler.now();
        armIdle(idleTimeout);
      }
      // The watermark from a generator other than bounded out-of-orderness.
      const fromGenerator = (t: Instant, value: T) => {
        let next: Instant;
        try {
          // Watermarks are whole ms too: a fractional one is floored, or an element it admits (a time at or
          // after it) could be late once its own time is floored.
          next = Math.floor(generator.onEvent(t, value));
        } catch (e) {
          return fail(operatorError('assignEventTime', e));
        }
        if (next > current) {
          current = next;
          if (eager) flush();
          else if (pending === undefined && !finished) pending = scheduler.schedule(flushStep);
        }
      };
      const deferNext = (value: T) => gate.defer(() => onNext(value));
      // One function for the whole element path, so that the compiler can inline the grouping's into it.
      // Nothing below throws: user functions are guarded, and our downstream operators catch their own.
      const onNext = (value: T): void => {
        if (gate.state !== IDLE) return deferNext(value);
        gate.state = BUSY;
        if (idleTimeout !== undefined) {
          lastActivity = scheduler.now();
          if (idleTimer === undefined) armIdle(idleTimeout);
        }
        let t: unknown;
        try {
          t = eventTime(value);
        } catch (e) {
          reject(value, 'event-time-function-threw', `the eventTime function threw for ${describeValue(value)}`, e);
          return gate.leave();
        }
        if (typeof t !== 'number' || !isValidEventTime(t)) {
          reject(value, 'invalid-event-time', invalidRule(t));
          return gate.leave();
        }
        // Event times are whole milliseconds, as in Beam: a fraction is floored (the value keeps it), so
        // window membership, end-of-window firing and the lateness rule agree for every time.
        const time = Math.floor(t);
        sink.element(value, time, undefined);
        if (bounded === undefined) fromGenerator(time, value);
        else if (time > max) {
          // Bounded out-of-orderness, inline: the watermark only moves with a new largest event time.
          max = time;
          const next = Math.floor(time - bounded);
          if (next > current) {
            current = next;
            if (eager) flush();
            // Not after a subscriber left during the element: that would leave a timer behind.
            else if (pending === undefined && !finished) pending = scheduler.schedule(flushStep);
          }
        }
        gate.leave();
      };
      const complete = () => {
        stopTimers();
        sink.record({ kind: 'watermark', watermark: MAX_TIMESTAMP });
        sink.complete();
        gate.close();
      };
      // A checkpointed run's input also carries barriers and a restore: the watermark state goes into
      // them (and comes back from them), then they go on downstream in order with the elements.
      const control = (rec: CheckpointRecord) => {
        const { states } = rec;
        const id = states.idOf('assignEventTime', options.uid);
        // Bounded out-of-orderness is tracked here, inline; other strategies keep state in their generator.
        const own = bounded === undefined ? generator : undefined;
        try {
          if (rec.kind === 'barrier') {
            // The watermark due so far goes before the barrier, as it would before any later element.
            if (pending !== undefined) {
              pending.unsubscribe();
              flush();
            }
            states.put(id, states.codec.saveWatermark({ max, current, sent }, own, strategy));
          } else {
            const saved = states.take(id);
            if (saved !== undefined) ({ max, current, sent } = states.codec.restoreWatermark(saved, own, strategy));
          }
        } catch (e) {
          return fail(operatorError('assignEventTime', e));
        }
        sink.record(rec);
      };
      const observer = {
        next: onNext,
        error: (e: unknown) => step(() => fail(sourceError('assignEventTime', e))),
        complete: () => step(complete),
      };
      const upstream =
        source instanceof ControlledInput ? source.subscribeControlled({ ...observer, control: (rec) => step(() => control(rec)) }) : source.subscribe(observer);
      return () => {
        stopTimers();
        gate.close();
        upstream.unsubscribe();
      };
    }, { strategy: 'none', sharesGate: true });
}
