import { requireNonNegativeDuration } from '../internal/checks.js';
import { END_OF_GLOBAL_WINDOW, describeValue, type Duration, type Instant } from '../time.js';
import { continuationTrigger, defaultTrigger } from '../triggers/factories.js';
import { canFireRepeatedly, describeTrigger, type Trigger } from '../triggers/trigger.js';
import type { Window } from '../windows/window.js';
import type { WindowFn } from '../windows/windowFn.js';

/**
 * DISCARDING: each pane holds only what arrived since the previous pane. ACCUMULATING: each pane holds
 * everything so far. ACCUMULATING AND RETRACTING: as accumulating, and before each pane that supersedes
 * an earlier one of the same key and window (a later pane, or the first pane of a session that others
 * merged into) the earlier pane comes again marked `retraction: true`, so that a grouping downstream
 * can take its value back out. Beam designed the last mode (`ACCUMULATING_FIRED_PANES` with
 * retractions) and never shipped it.
 *
 * @category Core
 */
export type AccumulationMode = 'discarding' | 'accumulating' | 'accumulatingAndRetracting';

/**
 * Which timestamp a pane gets. Beam: `TimestampCombiner` (END_OF_WINDOW, EARLIEST, LATEST);
 * `'earliestTransformed'` is Beam Python's OUTPUT_AT_EARLIEST_TRANSFORMED: the earliest of the window
 * function's `outputTime` of the elements, which may lie after the window.
 *
 * @category Core
 */
export type TimestampCombiner = 'endOfWindow' | 'earliest' | 'latest' | 'earliestTransformed';

/**
 * Whether an empty on-time pane is emitted. Beam: `Window.OnTimeBehavior`.
 *
 * @category Core
 */
export type OnTimeBehavior = 'fireAlways' | 'fireIfNonEmpty';

/**
 * Whether an empty final pane is emitted at garbage collection. Beam: `Window.ClosingBehavior`.
 *
 * @category Core
 */
export type ClosingBehavior = 'fireIfNonEmpty' | 'fireAlways';

/**
 * Everything that decides how a grouping windows and fires. Beam: `WindowingStrategy`.
 * Operators such as `fixedWindow` and `afterWatermark` set parts of it; the grouping reads it.
 *
 * @category Core
 */
export interface WindowingStrategy {
  /** How elements get windows; `undefined` keeps the windows elements already carry (the global window if none). */
  readonly windowFn: WindowFn | undefined;
  readonly trigger: Trigger;
  readonly allowedLateness: Duration;
  readonly accumulation: AccumulationMode;
  readonly timestampCombiner: TimestampCombiner;
  readonly onTimeBehavior: OnTimeBehavior;
  readonly closingBehavior: ClosingBehavior;
  /**
   * The elements may include retractions: panes of a grouping upstream that ran under
   * `'accumulatingAndRetracting'`. Set on such a grouping's output strategy; a grouping that reads it
   * takes each retraction out of its accumulator (`CombineFn.retractInput`).
   */
  readonly retractions?: boolean | undefined;
}

/**
 * Beam's defaults: global windows, default trigger, no lateness, discarding, end-of-window timestamps.
 *
 * @category Core
 */
export const DEFAULT_STRATEGY: WindowingStrategy = Object.freeze({
  windowFn: undefined,
  trigger: defaultTrigger(),
  allowedLateness: 0,
  accumulation: 'discarding',
  timestampCombiner: 'endOfWindow',
  onTimeBehavior: 'fireAlways',
  closingBehavior: 'fireIfNonEmpty',
});

/**
 * The instant after which a window's state is dropped: `maxTimestamp + allowedLateness`, capped at the end of the global window.
 *
 * @category Core
 */
export function garbageCollectionTime(window: Window, allowedLateness: Duration): Instant {
  const t = window.maxTimestamp + allowedLateness;
  return t > END_OF_GLOBAL_WINDOW ? END_OF_GLOBAL_WINDOW : t;
}

/** Throws unless `ms` is a non-negative finite duration. */
export function requireLateness(op: string, ms: unknown): asserts ms is Duration {
  requireNonNegativeDuration(op, 'allowedLateness', ms);
}

/** Throws unless `mode` is an accumulation mode. */
export function requireAccumulation(op: string, mode: unknown): asserts mode is AccumulationMode {
  if (mode !== 'discarding' && mode !== 'accumulating' && mode !== 'accumulatingAndRetracting') {
    throw new RangeError(`${op}: accumulation must be 'discarding', 'accumulating' or 'accumulatingAndRetracting', got ${describeValue(mode)}`);
  }
}

/** Throws unless `c` is a timestamp combiner. */
export function requireTimestampCombiner(op: string, c: unknown): asserts c is TimestampCombiner {
  if (c !== 'endOfWindow' && c !== 'earliest' && c !== 'latest' && c !== 'earliestTransformed') {
    throw new RangeError(`${op}: timestampCombiner must be 'endOfWindow', 'earliest', 'latest' or 'earliestTransformed', got ${describeValue(c)}`);
  }
}

/**
 * Beam's check (`Window.validate`): a trigger that can fire more than once needs an explicit accumulation
 * mode, because the two modes give different results.
 */
export function requireExplicitAccumulation(op: string, trigger: Trigger, allowedLateness: Duration, mode: AccumulationMode | undefined): void {
  if (mode === undefined && (canFireRepeatedly(trigger) || allowedLateness > 0)) {
    throw new TypeError(
      `${op}: accumulation must be given ('discarding' or 'accumulating') when the trigger can fire more than once, got undefined for ${describeTrigger(trigger)} with allowedLateness ${allowedLateness}`,
    );
  }
}

/**
 * The strategy in words, every part that {@link sameStrategy} compares: the window function, the trigger
 * as Beam prints it, lateness and accumulation, then the timestamp combiner and the on-time and closing
 * behaviours where they are not the defaults.
 *
 * @example describeStrategy(DEFAULT_STRATEGY) // 'carried windows, DefaultTrigger, allowedLateness 0, discarding'
 *
 * @category Core
 */
export function describeStrategy(s: WindowingStrategy): string {
  let text = `${s.windowFn?.description ?? 'carried windows'}, ${describeTrigger(s.trigger)}, allowedLateness ${s.allowedLateness}, ${s.accumulation}`;
  if (s.timestampCombiner !== DEFAULT_STRATEGY.timestampCombiner) text += `, timestampCombiner ${s.timestampCombiner}`;
  if (s.onTimeBehavior !== DEFAULT_STRATEGY.onTimeBehavior) text += `, onTimeBehavior ${s.onTimeBehavior}`;
  if (s.closingBehavior !== DEFAULT_STRATEGY.closingBehavior) text += `, closingBehavior ${s.closingBehavior}`;
  if (s.retractions === true) text += ', with retractions';
  return text;
}

/**
 * Whether two strategies window and fire alike: the one equality used wherever strategies meet (inputs
 * of `mergeEventTime` and `coGroupByKey`, a strategy record reaching a grouping that already has
 * elements). Window functions compare by description, triggers as Beam prints them, so two pipelines
 * built alike are equal although their objects differ. Beam: `WindowingStrategy` compatibility checked
 * by `Flatten` and `CoGroupByKey`.
 *
 * @category Core
 */
export function sameStrategy(a: WindowingStrategy, b: WindowingStrategy): boolean {
  return a === b || describeStrategy(a) === describeStrategy(b);
}

/**
 * The strategy of a grouping's output: windows stay on the elements, the trigger becomes its
 * continuation, and the output has retractions exactly when the grouping makes them.
 */
export function outputStrategy(s: WindowingStrategy): WindowingStrategy {
  const retractions = s.accumulation === 'accumulatingAndRetracting' ? true : undefined;
  return Object.freeze({ ...s, windowFn: undefined, trigger: continuationTrigger(s.trigger), retractions });
}
