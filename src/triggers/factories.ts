/**
 * The trigger factories: each checks its arguments and builds the immutable trigger data of
 * `trigger.ts`. Beam: the static constructors of the `Trigger` classes.
 */
import { requireFiniteMs, requireNonNegativeDuration, requireOptions, requirePositiveDuration, requirePositiveInteger } from '../internal/checks.js';
import type { Duration } from '../time.js';
import type {
  AfterAllTrigger,
  AfterCountTrigger,
  AfterEachTrigger,
  AfterFirstTrigger,
  AfterProcessingTimeTrigger,
  AfterSynchronizedProcessingTimeTrigger,
  AfterWatermarkTrigger,
  DefaultTrigger,
  NeverTrigger,
  OnTimeTrigger,
  OrFinallyTrigger,
  RepeatedlyTrigger,
  Trigger,
} from './trigger.js';
import { madeTrigger, requireOnceTrigger, requireTriggerTree, type TriggerShape } from './validateTrigger.js';

const DEFAULT: DefaultTrigger = Object.freeze({ kind: 'default' });
const NEVER: NeverTrigger = Object.freeze({ kind: 'never' });

/** Checks each argument of a variadic factory as a whole tree; `shapes` receives their shapes. */
function requireTriggers(op: string, ts: readonly unknown[], shapes: TriggerShape[]): readonly Trigger[] {
  if (ts.length === 0) throw new RangeError(`${op}: needs at least one trigger, got none`);
  ts.forEach((t, i) => shapes.push(requireTriggerTree(op, `trigger ${i}`, t)));
  return Object.freeze([...(ts as Trigger[])]);
}

/**
 * Beam's default trigger (`DefaultTrigger.of()`): on time at the end of the window, then once per late bundle.
 *
 * @category Triggers
 */
export function defaultTrigger(): DefaultTrigger {
  return DEFAULT;
}

/**
 * The watermark trigger as a value: fires when the watermark passes the end of the window, with
 * repeated `early` firings before it and repeated `late` firings after it.
 * Beam: `AfterWatermark.pastEndOfWindow().withEarlyFirings(e).withLateFirings(l)`.
 * (The operator of the same name, `afterWatermark(...)`, sets this trigger on a stream.)
 *
 * @param opts - The `early` and `late` triggers, both optional.
 *
 * @category Triggers
 */
export function afterWatermarkTrigger(opts?: { early?: undefined; late?: undefined }): OnTimeTrigger;
/** With early or late firings: a trigger that can fire more than once. */
export function afterWatermarkTrigger(opts: { early?: Trigger | undefined; late?: Trigger | undefined }): AfterWatermarkTrigger;
export function afterWatermarkTrigger(opts: { early?: Trigger | undefined; late?: Trigger | undefined } = {}): AfterWatermarkTrigger {
  const { early, late } = requireOptions('afterWatermark', opts);
  const parts: TriggerShape[] = [];
  if (early !== undefined) parts.push(requireTriggerTree('afterWatermark', 'early', early));
  if (late !== undefined) parts.push(requireTriggerTree('afterWatermark', 'late', late));
  return madeTrigger('afterWatermark', Object.freeze({ kind: 'afterWatermark', early, late }), parts);
}

/**
 * Fires once processing time passes the arrival of the pane's first element plus `delay` ms, optionally
 * rounded up to the next `offset + k * period`. Beam: `AfterProcessingTime.pastFirstElementInPane().plusDelayOf(d).alignedTo(p, o)`.
 *
 * @param delay - Ms of processing time after the pane's first element.
 * @param opts - `alignTo: { period, offset }` rounds the target up to the next `offset + k * period`.
 *
 * @example afterProcessingTime(10_000) // 10 s after the first element of the pane arrived
 *
 * @category Triggers
 */
export function afterProcessingTime(
  delay: Duration = 0,
  opts: { alignTo?: { period: Duration; offset?: Duration | undefined } | undefined } = {},
): AfterProcessingTimeTrigger {
  requireNonNegativeDuration('afterProcessingTime', 'delay', delay);
  const align = requireOptions('afterProcessingTime', opts).alignTo;
  let alignTo: AfterProcessingTimeTrigger['alignTo'];
  if (align !== undefined) {
    const { period, offset = 0 } = requireOptions('afterProcessingTime', align, 'alignTo');
    requirePositiveDuration('afterProcessingTime', 'alignTo.period', period);
    requireFiniteMs('afterProcessingTime', 'alignTo.offset', offset);
    alignTo = Object.freeze({ period, offset });
  }
  return madeTrigger('afterProcessingTime', Object.freeze({ kind: 'afterProcessingTime', delay, alignTo }));
}

/**
 * The continuation of processing-time triggers downstream of a grouping. Beam: `AfterSynchronizedProcessingTime`.
 *
 * @category Triggers
 */
export function afterSynchronizedProcessingTime(): AfterSynchronizedProcessingTimeTrigger {
  return madeTrigger('afterSynchronizedProcessingTime', Object.freeze({ kind: 'afterSynchronizedProcessingTime' }));
}

/**
 * Fires once the pane holds at least `count` elements. Beam: `AfterPane.elementCountAtLeast(n)`.
 *
 * @param count - The number of elements, a positive integer.
 *
 * @category Triggers
 */
export function afterCount(count: number): AfterCountTrigger {
  requirePositiveInteger('afterCount', 'count', count);
  // A leaf is checked in one step wherever it is used, so it is not registered with madeTrigger: that
  // keeps the tree checks out of bundles that only build leaf triggers.
  return Object.freeze({ kind: 'afterCount', count });
}

/**
 * Fires whenever `trigger` fires, resetting it each time; never finishes. Beam: `Repeatedly.forever(t)`.
 *
 * @param trigger - The trigger to repeat.
 *
 * @category Triggers
 */
export function repeatedly(trigger: Trigger): RepeatedlyTrigger {
  const shape = requireTriggerTree('repeatedly', 'trigger', trigger);
  return madeTrigger('repeatedly', Object.freeze({ kind: 'repeatedly', trigger }), [shape]);
}

/**
 * Runs each trigger in turn until it finishes; finishes after the last. Beam: `AfterEach.inOrder(...)`.
 *
 * @param triggers - The triggers to run in turn.
 *
 * @category Triggers
 */
export function afterEach(...triggers: Trigger[]): AfterEachTrigger {
  const shapes: TriggerShape[] = [];
  const ts = requireTriggers('afterEach', triggers, shapes);
  return madeTrigger('afterEach', Object.freeze({ kind: 'afterEach', triggers: ts }), shapes);
}

/**
 * Fires once, as soon as any sub-trigger fires. Beam: `AfterFirst.of(...)` (Python `AfterAny`). Sub-triggers must fire at most once.
 *
 * @param triggers - Triggers that fire at most once.
 *
 * @category Triggers
 */
export function afterFirst(...triggers: Trigger[]): AfterFirstTrigger {
  const shapes: TriggerShape[] = [];
  const ts = requireTriggers('afterFirst', triggers, shapes);
  // Beam Java types these arguments as `OnceTrigger`: a repeating one would never let the whole finish.
  ts.forEach((t, i) => requireOnceTrigger('afterFirst', `trigger ${i}`, t));
  return madeTrigger('afterFirst', Object.freeze({ kind: 'afterFirst', triggers: ts }), shapes);
}

/**
 * Fires once, when every sub-trigger has fired. Beam: `AfterAll.of(...)`. Sub-triggers must fire at most once.
 *
 * @param triggers - Triggers that fire at most once.
 *
 * @category Triggers
 */
export function afterAll(...triggers: Trigger[]): AfterAllTrigger {
  const shapes: TriggerShape[] = [];
  const ts = requireTriggers('afterAll', triggers, shapes);
  ts.forEach((t, i) => requireOnceTrigger('afterAll', `trigger ${i}`, t));
  return madeTrigger('afterAll', Object.freeze({ kind: 'afterAll', triggers: ts }), shapes);
}

/**
 * Fires as `trigger` does until `until` fires, then finishes. Beam: `trigger.orFinally(until)`; `until` must fire at most once.
 *
 * @param trigger - The trigger that fires until then.
 * @param until - A trigger that fires at most once and ends the whole trigger.
 *
 * @category Triggers
 */
export function orFinally(trigger: Trigger, until: Trigger): OrFinallyTrigger {
  const shapes = [requireTriggerTree('orFinally', 'trigger', trigger), requireTriggerTree('orFinally', 'until', until)];
  requireOnceTrigger('orFinally', 'until', until);
  return madeTrigger('orFinally', Object.freeze({ kind: 'orFinally', trigger, until }), shapes);
}

/**
 * Never fires; output only at garbage collection. Beam: `Never.ever()`.
 *
 * @category Triggers
 */
export function neverTrigger(): NeverTrigger {
  return NEVER;
}

/**
 * The trigger a grouping's output carries downstream. Beam: `Trigger.getContinuationTrigger()`.
 * Counts become `afterCount(1)`, processing-time delays become synchronized processing time.
 *
 * @category Triggers
 */
export function continuationTrigger(t: Trigger): Trigger {
  switch (t.kind) {
    case 'default':
    case 'never':
    case 'afterSynchronizedProcessingTime':
      return t;
    case 'afterWatermark':
      return afterWatermarkTrigger({
        early: t.early && continuationTrigger(t.early),
        late: t.late && continuationTrigger(t.late),
      });
    case 'afterProcessingTime':
      return afterSynchronizedProcessingTime();
    case 'afterCount':
      return afterCount(1);
    case 'repeatedly':
      return repeatedly(continuationTrigger(t.trigger));
    case 'afterEach': {
      // Beam: the continuation of a sequence is Repeatedly(AfterFirst(continuations)), built without
      // the once-only rule since the continuations of repeating triggers repeat.
      const subs = t.triggers.map(continuationTrigger);
      const first: AfterFirstTrigger = Object.freeze({ kind: 'afterFirst', triggers: Object.freeze(subs) });
      return repeatedly(madeTrigger('continuationTrigger', first, subs.map((s) => requireTriggerTree('continuationTrigger', 'trigger', s))));
    }
    case 'afterFirst':
      return afterFirst(...t.triggers.map(continuationTrigger));
    case 'afterAll':
      return afterAll(...t.triggers.map(continuationTrigger));
    case 'orFinally':
      return orFinally(continuationTrigger(t.trigger), continuationTrigger(t.until));
  }
}
