/**
 * Every trigger factory under one name. `Trigger.afterWatermark({...})` is the watermark trigger as a
 * value (to nest it, or pass it to `triggering`); the `afterWatermark({...})` operator sets it on a stream.
 * `Trigger.never()` and `Trigger.default()` are `neverTrigger()` and `defaultTrigger()`.
 *
 * @example triggering(Trigger.repeatedly(Trigger.afterCount(100)), { accumulation: 'discarding' })
 *
 * @category Triggers
 * @module
 */
export {
  afterWatermarkTrigger as afterWatermark,
  afterProcessingTime,
  afterSynchronizedProcessingTime,
  afterCount,
  repeatedly,
  afterEach,
  afterFirst,
  afterAll,
  orFinally,
  neverTrigger as never,
  defaultTrigger as default,
} from './factories.js';
