/**
 * Test helpers for event-time pipelines: a scripted source with virtual processing time.
 * Import from `rxjs-event-time/testing`.
 */
export { testStream, timestamped, TestStreamBuilder, type TimestampedValue, type TestStreamOptions } from './testStream.js';
