import type { OperatorFunction } from 'rxjs';
import type { EventTimeRecord } from '../core/records.js';
import {
  requireAccumulation,
  requireExplicitAccumulation,
  requireLateness,
  requireTimestampCombiner,
  type AccumulationMode,
  type ClosingBehavior,
  type OnTimeBehavior,
  type TimestampCombiner,
} from '../core/strategy.js';
import { requireOptions } from '../internal/checks.js';
import { describeValue, type Duration } from '../time.js';
import { afterWatermarkTrigger } from '../triggers/factories.js';
import { describeTrigger, type OnceTrigger, type Trigger } from '../triggers/trigger.js';
import { requireTriggerTree } from '../triggers/validateTrigger.js';
import { strategyOperator } from './strategyOperator.js';
import type { EventTimeOperator } from './stream.js';

/**
 * How a trigger's panes relate, how late data may be, and how panes are stamped.
 *
 * @category Triggers
 */
export interface TriggeringOptions {
  /** How long after the end of a window late data is still accepted (ms). Default 0. Beam: `withAllowedLateness`. */
  readonly allowedLateness?: Duration | undefined;
  /**
   * Required when the trigger can fire more than once. Beam: `discardingFiredPanes()` /
   * `accumulatingFiredPanes()`; `'accumulatingAndRetracting'` also withdraws each superseded pane with a
   * retraction (see {@link AccumulationMode}).
   */
  readonly accumulation?: AccumulationMode | undefined;
  /** Default `'endOfWindow'`. Beam: `withTimestampCombiner`. */
  readonly timestampCombiner?: TimestampCombiner | undefined;
  /** Default `'fireAlways'`: the on-time pane is emitted even when empty. Beam: `withOnTimeBehavior`. */
  readonly onTimeBehavior?: OnTimeBehavior | undefined;
  /** Default `'fireIfNonEmpty'`: the final pane at garbage collection only when it has data. */
  readonly closingBehavior?: ClosingBehavior | undefined;
}

/** {@link TriggeringOptions} with the accumulation mode chosen, as a trigger that can fire more than once needs. */
export interface AccumulatingOptions extends TriggeringOptions {
  /** How the panes of one window relate: each holds only its new data, or everything so far. */
  readonly accumulation: AccumulationMode;
}

function validate(op: string, trigger: Trigger, o: TriggeringOptions): void {
  requireOptions(op, o);
  if (o.allowedLateness !== undefined) requireLateness(op, o.allowedLateness);
  if (o.accumulation !== undefined) requireAccumulation(op, o.accumulation);
  if (o.timestampCombiner !== undefined) requireTimestampCombiner(op, o.timestampCombiner);
  if (o.onTimeBehavior !== undefined && o.onTimeBehavior !== 'fireAlways' && o.onTimeBehavior !== 'fireIfNonEmpty') {
    throw new RangeError(`${op}: onTimeBehavior must be 'fireAlways' or 'fireIfNonEmpty', got ${describeValue(o.onTimeBehavior)}`);
  }
  if (o.closingBehavior !== undefined && o.closingBehavior !== 'fireAlways' && o.closingBehavior !== 'fireIfNonEmpty') {
    throw new RangeError(`${op}: closingBehavior must be 'fireAlways' or 'fireIfNonEmpty', got ${describeValue(o.closingBehavior)}`);
  }
  requireExplicitAccumulation(op, trigger, o.allowedLateness ?? 0, o.accumulation);
  if (trigger.kind === 'afterWatermark' && trigger.late !== undefined && (o.allowedLateness ?? 0) === 0) {
    // With no lateness every element behind the end of the window is dropped, so late firings cannot happen.
    throw new RangeError(
      `${op}: late firings need an allowedLateness greater than 0 (later data is dropped), got allowedLateness ${describeValue(o.allowedLateness ?? 0)} with ${describeTrigger(trigger)}`,
    );
  }
}

/**
 * Sets the trigger (any trigger tree) and the lateness and accumulation of the windowing strategy.
 * Beam: `Window.configure().triggering(t).withAllowedLateness(l).accumulatingFiredPanes()`.
 * The types ask for `accumulation` unless the trigger's type shows it fires at most once, as Beam asks
 * for the accumulation mode whenever the trigger is set; allowed lateness beyond 0 still needs it at run time.
 *
 * @param trigger - The trigger tree.
 * @param options - `allowedLateness`, `accumulation` and the other parts of the windowing strategy.
 *
 * @example triggering(repeatedly(afterCount(100)), { accumulation: 'discarding' })
 *
 * @category Triggers
 */
export function triggering(trigger: Trigger, options: AccumulatingOptions): EventTimeOperator;
/** A trigger that fires at most once (Beam's `OnceTrigger`): `accumulation` may be left out. */
export function triggering(trigger: OnceTrigger, options?: TriggeringOptions): EventTimeOperator;
/** The same with the element type given explicitly, e.g. `triggering<Reading>(repeatedly(afterCount(10)), { accumulation: 'discarding' })`. */
export function triggering<T>(trigger: Trigger, options: AccumulatingOptions): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
/** The same with the element type given explicitly, e.g. `triggering<Reading>(afterCount(10))`. */
export function triggering<T>(trigger: OnceTrigger, options?: TriggeringOptions): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
export function triggering<T>(trigger: Trigger, options: TriggeringOptions = {}): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  requireTriggerTree('triggering', 'trigger', trigger);
  validate('triggering', trigger, options);
  return setTrigger<T>('triggering', trigger, options);
}

/** The strategy update of both operators, once their options are checked. */
function setTrigger<T>(op: string, trigger: Trigger, options: TriggeringOptions): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return strategyOperator<T>(op, (s) => ({
    ...s,
    trigger,
    allowedLateness: options.allowedLateness ?? s.allowedLateness,
    accumulation: options.accumulation ?? s.accumulation,
    timestampCombiner: options.timestampCombiner ?? s.timestampCombiner,
    onTimeBehavior: options.onTimeBehavior ?? s.onTimeBehavior,
    closingBehavior: options.closingBehavior ?? s.closingBehavior,
  }));
}

/**
 * Options of {@link afterWatermark} without early or late firings: the ON_TIME pane only (and late panes with allowed lateness).
 *
 * @category Triggers
 */
export interface OnTimeOptions extends TriggeringOptions {
  /** No early firings. */
  readonly early?: undefined;
  /** No late firings. */
  readonly late?: undefined;
}

/** Options of {@link afterWatermark} with early or late firings, so a window fires more than once and `accumulation` is required. */
export interface EarlyLateOptions extends AccumulatingOptions {
  /** Fires repeatedly before the watermark passes the end of the window (EARLY panes). */
  readonly early?: Trigger | undefined;
  /** Fires repeatedly after it, for late data within the allowed lateness (LATE panes). */
  readonly late?: Trigger | undefined;
}

/**
 * Options of the {@link afterWatermark} operator: early and late firings plus the triggering options.
 * With `early` or `late` set, the types require `accumulation`.
 */
export type AfterWatermarkOptions = OnTimeOptions | EarlyLateOptions;

/**
 * Fires each window when the watermark passes its end (the ON_TIME pane), with optional repeated
 * early and late firings. Beam: `AfterWatermark.pastEndOfWindow().withEarlyFirings(e).withLateFirings(l)`
 * set with `Window.configure().triggering(...)`.
 *
 * @param options - The `early` and `late` triggers, `allowedLateness`, `accumulation` and the other parts of the windowing strategy.
 *
 * @example
 * afterWatermark({
 *   early: afterProcessingTime(10_000),
 *   late: afterProcessingTime(10_000),
 *   allowedLateness: 120_000,
 *   accumulation: 'accumulating',
 * })
 *
 * @category Triggers
 */
export function afterWatermark(options?: AfterWatermarkOptions): EventTimeOperator;
/** The same with the element type given explicitly, e.g. `afterWatermark<Reading>({ allowedLateness: 60_000, accumulation: 'discarding' })`. */
export function afterWatermark<T>(options?: AfterWatermarkOptions): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
export function afterWatermark<T>(options: AfterWatermarkOptions = {}): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  requireOptions('afterWatermark', options);
  const { early, late, ...rest } = options;
  const trigger = afterWatermarkTrigger({ early, late });
  validate('afterWatermark', trigger, rest);
  return setTrigger<T>('afterWatermark', trigger, rest);
}
