import type { Duration } from '../time.js';

/**
 * When a window's pane is emitted. A trigger is immutable data built by the factories of `factories.ts` and run
 * by the state machine in `stateMachine.ts`. Beam: the `Trigger` classes of `sdks/java/core`.
 *
 * @category Triggers
 */
export type Trigger =
  | DefaultTrigger
  | AfterWatermarkTrigger
  | AfterProcessingTimeTrigger
  | AfterSynchronizedProcessingTimeTrigger
  | AfterCountTrigger
  | RepeatedlyTrigger
  | AfterEachTrigger
  | AfterFirstTrigger
  | AfterAllTrigger
  | OrFinallyTrigger
  | NeverTrigger;

/**
 * Beam's default: fire when the watermark passes the end of the window, and again for every late bundle.
 *
 * @category Triggers
 */
export interface DefaultTrigger { readonly kind: 'default' }
/**
 * Fire when the watermark passes the end of the window, with optional early and late firings.
 *
 * @category Triggers
 */
export interface AfterWatermarkTrigger { readonly kind: 'afterWatermark'; readonly early?: Trigger | undefined; readonly late?: Trigger | undefined }
/**
 * Fire once processing time passes the arrival of the pane's first element plus a delay, optionally aligned.
 *
 * @category Triggers
 */
export interface AfterProcessingTimeTrigger {
  readonly kind: 'afterProcessingTime';
  readonly delay: Duration;
  readonly alignTo?: { readonly period: Duration; readonly offset: Duration } | undefined;
}
/**
 * Continuation of a processing-time trigger after one grouping: fire once processing time moves past the first element's arrival.
 *
 * @category Triggers
 */
export interface AfterSynchronizedProcessingTimeTrigger { readonly kind: 'afterSynchronizedProcessingTime' }
/**
 * Fire once the pane holds at least `count` elements.
 *
 * @category Triggers
 */
export interface AfterCountTrigger { readonly kind: 'afterCount'; readonly count: number }
/**
 * Fire every time the inner trigger fires; never finishes.
 *
 * @category Triggers
 */
export interface RepeatedlyTrigger { readonly kind: 'repeatedly'; readonly trigger: Trigger }
/**
 * Run the triggers one after another, each until it finishes.
 *
 * @category Triggers
 */
export interface AfterEachTrigger { readonly kind: 'afterEach'; readonly triggers: readonly Trigger[] }
/**
 * Fire once, when any of the triggers fires. Beam Java: `AfterFirst`; Python: `AfterAny`.
 *
 * @category Triggers
 */
export interface AfterFirstTrigger { readonly kind: 'afterFirst'; readonly triggers: readonly Trigger[] }
/**
 * Fire once, when all of the triggers have fired.
 *
 * @category Triggers
 */
export interface AfterAllTrigger { readonly kind: 'afterAll'; readonly triggers: readonly Trigger[] }
/**
 * Fire as `trigger` does until `until` fires, then finish.
 *
 * @category Triggers
 */
export interface OrFinallyTrigger { readonly kind: 'orFinally'; readonly trigger: Trigger; readonly until: Trigger }
/**
 * Never fire; the window's data comes out only in the final pane at garbage-collection time.
 *
 * @category Triggers
 */
export interface NeverTrigger { readonly kind: 'never' }
/** The watermark trigger without early or late firings, as `afterWatermarkTrigger()` builds it. */
export interface OnTimeTrigger extends AfterWatermarkTrigger {
  readonly early?: undefined;
  readonly late?: undefined;
}
/**
 * The triggers whose type shows that they fire at most once per window (allowed lateness aside), so the
 * types of `triggering` do not ask for an accumulation mode with them. Beam Java: `OnceTrigger`.
 */
export type OnceTrigger =
  | OnTimeTrigger
  | AfterProcessingTimeTrigger
  | AfterSynchronizedProcessingTimeTrigger
  | AfterCountTrigger
  | AfterFirstTrigger
  | AfterAllTrigger
  | NeverTrigger;

/**
 * True for triggers that fire at most once and then finish (Beam Java's `OnceTrigger`): the watermark
 * trigger without early or late firings, processing time, count, `afterFirst`, `afterAll`, `never`.
 *
 * @category Triggers
 */
export function isOnceTrigger(t: Trigger): t is OnceTrigger {
  switch (t.kind) {
    case 'afterWatermark':
      return t.early === undefined && t.late === undefined;
    case 'afterProcessingTime':
    case 'afterSynchronizedProcessingTime':
    case 'afterCount':
    case 'afterFirst':
    case 'afterAll':
    case 'never':
      return true;
    default:
      return false;
  }
}

/** True when the trigger can fire more than once for a window (so accumulation mode matters). */
export function canFireRepeatedly(t: Trigger): boolean {
  switch (t.kind) {
    case 'default':
    case 'repeatedly':
      return true;
    case 'afterWatermark':
      return t.early !== undefined || t.late !== undefined;
    case 'afterEach':
      return t.triggers.length > 1 || t.triggers.some(canFireRepeatedly);
    case 'orFinally':
      return canFireRepeatedly(t.trigger);
    default:
      return false;
  }
}

/**
 * Renders a trigger the way Beam prints it, e.g. `AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(2))`.
 *
 * @category Triggers
 */
export function describeTrigger(t: Trigger): string {
  const list = (ts: readonly Trigger[]) => ts.map(describeTrigger).join(', ');
  switch (t.kind) {
    case 'default':
      return 'DefaultTrigger';
    case 'never':
      return 'Never';
    case 'afterWatermark': {
      let s = 'AfterWatermark.pastEndOfWindow()';
      if (t.early) s += `.withEarlyFirings(${describeTrigger(t.early)})`;
      if (t.late) s += `.withLateFirings(${describeTrigger(t.late)})`;
      return s;
    }
    case 'afterProcessingTime':
      return `AfterProcessingTime(delay=${t.delay}${t.alignTo ? `, alignedTo=${t.alignTo.period}+${t.alignTo.offset}` : ''})`;
    case 'afterSynchronizedProcessingTime':
      return 'AfterSynchronizedProcessingTime';
    case 'afterCount':
      return `AfterCount(${t.count})`;
    case 'repeatedly':
      return `Repeatedly(${describeTrigger(t.trigger)})`;
    case 'afterEach':
      return `AfterEach(${list(t.triggers)})`;
    case 'afterFirst':
      return `AfterFirst(${list(t.triggers)})`;
    case 'afterAll':
      return `AfterAll(${list(t.triggers)})`;
    case 'orFinally':
      return `${describeTrigger(t.trigger)}.orFinally(${describeTrigger(t.until)})`;
  }
}
