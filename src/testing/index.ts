/**
 * Test helpers for event-time pipelines: a scripted source with virtual processing time.
 * Import from `rxjs-event-time/testing`.
 */
export { testStream, timestamped, TestStreamBuilder, type TimestampedValue, type TestStreamOptions, type TestStreamClock } from './testStream.js';

// Event-time marbles, pane expectations, scheduler tracking
export { eventTimeMarbles, type EventTimeMarbles, type EventTimeMarblesOptions } from './marbles.js';
export { parseEventTime, formatEventTime, type EventTimeLiteral } from './instants.js';
export { expectPanes, type ExpectPanesOptions, type PaneExpectation } from './expectPanes.js';
export { formatPane, formatValue, formatWindow } from './formatPane.js';
export { trackScheduler, TrackedScheduler } from './trackScheduler.js';
