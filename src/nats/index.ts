/**
 * `rxjs-event-time/nats`: one pipeline scaled out over many worker processes through NATS JetStream,
 * with one answer. The main entry never loads it, and the `@nats-io/*` clients are optional peers.
 *
 * - {@link keyGroupOf}, {@link keyGroupRange}: keys to key groups, key groups to workers;
 * - {@link ensureStream}, {@link createProducer}: a key-grouped input stream with broadcast watermark markers;
 * - {@link keyGroupSource}: one key group as a {@link ReplayableSource} of event-time records;
 * - {@link panePublisher}, {@link paneId}: output exactly once by `Nats-Msg-Id` deduplication;
 * - {@link runWorker}: the user's pipeline per owned key group, checkpointed through a {@link KeyGroupStateStore}
 *   ({@link kvStateStore}: NATS KV with compare-and-set fencing, or {@link replayFromStart});
 *
 * See docs/scaling-out.md.
 *
 * @example
 * import { createProducer, runWorker, keyGroupRange } from 'rxjs-event-time/nats';
 */
export { DEFAULT_KEY_GROUPS, keyGroupOf, keyGroupRange } from './keyGroups.js';
export { paneId } from './paneId.js';
export { KeyGroupBatcher, type BatchEmit, type BatchingOptions } from './batcher.js';
export type { KeyGroupRecord } from './wireFormat.js';
export { ensureStream, type EnsureStreamOptions } from './streams.js';
export { createProducer, type Producer, type ProducerOptions, type ProducerStats } from './producer.js';
export { keyGroupSource, ReadStop, type KeyGroupSourceOptions } from './keyGroupSource.js';
export { encodePane, panePublisher, type PanePublisher, type PanePublisherOptions } from './panePublisher.js';
export { FencedError, replayFromStart, type EncodedPane, type KeyGroupCheckpoint, type KeyGroupStart, type KeyGroupStateStore } from './keyGroupState.js';
export { kvStateStore, type KvStateStoreOptions } from './kvStateStore.js';
export { joinCluster, type Assignment, type Membership, type MembershipOptions } from './membership.js';
export { runClusterWorker, type ClusterWorker, type ClusterWorkerOptions } from './clusterWorker.js';
export { runWorker, type KeyGroupPipeline, type Worker, type WorkerOptions, type WorkerStats } from './worker.js';
export { fromReplayableSource, type Positioned, type ReplayableSource, type SourcePosition } from '../io/replayableSource.js';
