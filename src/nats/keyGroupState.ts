import type { SourcePosition } from '../io/replayableSource.js';

/**
 * What a worker starts a key group from: the position to read on from (`undefined`: the first message
 * of the key group's subject). With durable operator snapshots this also carries the grouping's state
 * as of that position; without them, the only correct start is the beginning.
 *
 * @category Scale-out
 */
export interface KeyGroupStart {
  readonly position?: SourcePosition | undefined;
}

/**
 * Where a worker gets a key group's starting point, the one seam between the worker and durable state.
 * {@link replayFromStart} is the implementation that needs no state; a checkpoint store that keeps each
 * key group's snapshot and position (written with a compare-and-set, so a former owner cannot
 * overwrite a new one) plugs in here. Flink: restoring a key group from a checkpoint.
 *
 * @category Scale-out
 */
export interface KeyGroupStateStore {
  /** Called once per owned key group before its read starts. */
  start(keyGroup: number): Promise<KeyGroupStart>;
}

/**
 * Starts every key group from its first message and rebuilds its state by replaying it: correct for a
 * deterministic pipeline whose panes are published with `Nats-Msg-Id`s (the replay's panes are dropped
 * as duplicates), as long as the input stream keeps everything and the output's duplicate window
 * outlasts the replay. Restoring from checkpoints replaces it once operator snapshots exist.
 *
 * @category Scale-out
 */
export const replayFromStart: KeyGroupStateStore = {
  start: () => Promise.resolve({}),
};
