import {
  afterAll,
  afterCount,
  afterEach,
  afterFirst,
  afterProcessingTime,
  afterSynchronizedProcessingTime,
  afterWatermarkTrigger,
  defaultTrigger,
  neverTrigger,
  orFinally,
  repeatedly,
} from './trigger.js';

/**
 * Every trigger factory under one name. `Trigger.afterWatermark({...})` is the watermark trigger as a
 * value (to nest it, or pass it to `triggering`); the `afterWatermark({...})` operator sets it on a stream.
 */
export const Trigger = Object.freeze({
  /** The watermark trigger as a value, with optional early and late firings. */
  afterWatermark: afterWatermarkTrigger,
  /** Fires once processing time passes the pane's first arrival plus a delay. */
  afterProcessingTime,
  /** The continuation of processing-time triggers after one grouping. */
  afterSynchronizedProcessingTime,
  /** Fires once the pane holds at least n elements. */
  afterCount,
  /** Fires every time the inner trigger fires; never finishes. */
  repeatedly,
  /** Runs the triggers one after another. */
  afterEach,
  /** Fires once, when any sub-trigger fires (Beam Python `AfterAny`). */
  afterFirst,
  /** Fires once, when all sub-triggers have fired. */
  afterAll,
  /** Fires as the first trigger does until the second fires, then finishes. */
  orFinally,
  /** Never fires; output only at garbage collection. */
  never: neverTrigger,
  /** Beam's default trigger: on time, then once per late bundle. */
  default: defaultTrigger,
});
