/**
 * `rxjs-event-time/node`: sources and sinks on Node's file system, for pipelines that keep their state
 * across a crash (exactly-once output). The main entry never loads these, so browser bundles stay free
 * of `fs`.
 *
 * - {@link ndjsonFileSource}: an NDJSON file as a {@link ReplayableSource}, whose positions are byte
 *   offsets; {@link fromReplayableSource} reads one as an Observable;
 * - {@link directoryCheckpointStore}: a {@link CheckpointStore} in a directory, with atomic writes and
 *   checksums;
 * - {@link ndjsonFileSink}: an NDJSON file that tells its durable length and is cut back to it on
 *   restore.
 *
 * See docs/sources-and-sinks.md.
 *
 * @example
 * import { ndjsonFileSource, directoryCheckpointStore, ndjsonFileSink } from 'rxjs-event-time/node';
 */
export { ndjsonFileSource, type NdjsonFileSourceOptions } from './ndjsonFileSource.js';
export { directoryCheckpointStore, type DirectoryCheckpointStoreOptions } from './directoryCheckpointStore.js';
export { ndjsonFileSink, type NdjsonFileSink, type NdjsonFileSinkOpenOptions, type NdjsonFileSinkOptions } from './ndjsonFileSink.js';
export { fromReplayableSource, type Positioned, type ReplayableSource, type SourcePosition } from '../io/replayableSource.js';
export type { Checkpoint, CheckpointStore } from '../io/checkpointStore.js';
export { batchFold, batchPipeline, foldBatch, type BatchFold, type BatchColumn } from './batchFold.js';
export { batchFolder, foldBatchInParallel, type BatchFolder, type BatchFolderOptions, type BatchFoldTimes } from './foldBatchInParallel.js';
