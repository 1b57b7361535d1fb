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
  afterWatermark: afterWatermarkTrigger,
  afterProcessingTime,
  afterSynchronizedProcessingTime,
  afterCount,
  repeatedly,
  afterEach,
  afterFirst,
  afterAll,
  orFinally,
  never: neverTrigger,
  default: defaultTrigger,
});
