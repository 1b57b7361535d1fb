/**
 * `rxjs-event-time/core`: the parts for those who build event-time operators of their own; a pipeline
 * needs only the main entry. What is here is the machinery the package's operators are made of:
 *
 * - the {@link Reducer}, the per-key, per-window state machine every grouping runs on (Beam's
 *   `ReduceFnRunner`), with its configuration and its sink;
 * - the record protocol (see ARCHITECTURE.md): the record constructors and check, and
 *   {@link recordsOf} / {@link EVENT_TIME_RECORDS}, how a grouping's pane stream keeps its record form
 *   (with the output watermark) for the next event-time operator;
 * - helpers over windows and watermarks: {@link windowId}, {@link garbageCollectionTime},
 *   {@link isIdleMark}.
 *
 * Import from `rxjs-event-time/core`. These are less settled than the main entry: they follow the
 * engine's needs.
 *
 * @example
 * import { Reducer, DEFAULT_STRATEGY } from 'rxjs-event-time/core';
 */
export { Reducer } from './core/reducer.js';
export type {
  ReducerConfig,
  ReducerMetrics,
  ReducerSink,
  Input,
  DroppedElement,
  DropReason,
  BadRecordReason,
  RejectedElement,
  Firing,
  FiringCause,
} from './core/reducerTypes.js';
export { DEFAULT_STRATEGY, garbageCollectionTime, type WindowingStrategy } from './core/strategy.js';
export {
  element,
  watermark,
  recordProblem,
  type EventTimeRecord,
  type ElementRecord,
  type BundleRecord,
  type WatermarkRecord,
  type StrategyRecord,
} from './core/records.js';
export { idleMark, isIdleMark, type SourceWatermarkRecord } from './core/watermarks.js';
export { EVENT_TIME_RECORDS, recordsOf, type EventTimeStream, type PaneStream } from './operators/stream.js';
export { windowId } from './windows/window.js';
export {
  REDUCER_SNAPSHOT_VERSION,
  snapshotReducer,
  restoreReducer,
  type ReducerSnapshot,
  type WindowSnapshot,
  type StateSnapshot,
  type SnapshotCoders,
} from './core/reducerSnapshot.js';
export type { Coder, Encoded } from './state/coder.js';
