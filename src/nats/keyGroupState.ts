import type { SourcePosition } from '../io/replayableSource.js';
import type { Encoded } from '../state/coder.js';

/**
 * A pane as the output stream receives it: its `Nats-Msg-Id` suffix (`paneId`) and its JSON body. A
 * checkpoint keeps panes in this form, so republishing them gives the same bytes and ids.
 *
 * @category Scale-out
 */
export interface EncodedPane {
  readonly id: string;
  readonly body: string;
}

/**
 * One key group's checkpoint: where its read stands, its operators' states at that point, and (when
 * panes are published after commit) the panes fired before it that wait to be published. Flink: a key
 * group's part of a completed checkpoint; the pending panes are Kafka's read-committed output.
 *
 * @category Scale-out
 */
export interface KeyGroupCheckpoint {
  /** Counts this key group's checkpoints from 1, across owners. */
  readonly id: number;
  /** The position of the last record before the barrier (`null`: none read yet). */
  readonly position: SourcePosition | null;
  /** Every operator's state, by stable id (`OperatorStates.toJSON()`). */
  readonly operators: Readonly<Record<string, Encoded>>;
  /** Panes fired before the barrier that are published once the checkpoint is committed. */
  readonly pending: readonly EncodedPane[];
  /** The owner that wrote it. */
  readonly owner: string;
  /** Set by an owner handing the key group over: nothing more will be written by it. */
  readonly released: boolean;
}

/**
 * The outcome of a checkpoint write that lost its compare-and-set: another owner has taken the key
 * group over since this one took it, so this one must stop working on it (fencing).
 *
 * @category Scale-out
 */
export class FencedError extends Error {
  constructor(
    readonly keyGroup: number,
    message: string,
  ) {
    super(message);
    this.name = 'FencedError';
  }
}

/**
 * What a worker starts a key group from: the checkpoint to restore (none: from the first message), and
 * how to write the next ones.
 *
 * @category Scale-out
 */
export interface KeyGroupStart {
  /** The checkpoint to restore, or undefined to start from the key group's first message with empty state. */
  readonly checkpoint?: KeyGroupCheckpoint | undefined;
  /**
   * Writes a checkpoint of this key group; rejects with a {@link FencedError} once another owner has
   * taken it. Absent when the store keeps nothing (the worker then never checkpoints).
   */
  readonly save?: ((checkpoint: Omit<KeyGroupCheckpoint, 'owner'>) => Promise<void>) | undefined;
}

/**
 * Where a worker gets a key group's starting point and keeps its checkpoints, the one seam between the
 * worker and durable state. {@link replayFromStart} keeps nothing; `kvStateStore` keeps each key group's
 * checkpoint in a NATS KV bucket with compare-and-set fencing. Flink: restoring a key group from a
 * checkpoint.
 *
 * @category Scale-out
 */
export interface KeyGroupStateStore {
  /**
   * Called once each time a worker takes a key group, before its read starts; taking it fences out earlier
   * owners. `signal.aborted` turns true once the worker no longer wants the key group (a newer assignment
   * moved it away): a take that waits for a hand-over then gives up, rejecting, rather than fence out the
   * key group's next owner.
   */
  start(keyGroup: number, signal?: { readonly aborted: boolean }): Promise<KeyGroupStart>;
}

/**
 * Keeps nothing: every key group starts from its first message and rebuilds its state by replaying it.
 * Correct for a deterministic pipeline whose panes are published at once with `Nats-Msg-Id`s (the
 * replay's panes are dropped as duplicates), as long as the input stream keeps everything and the
 * output's duplicate window outlasts the replay; a worker then has no checkpoint cost at all.
 *
 * @category Scale-out
 */
export const replayFromStart: KeyGroupStateStore = {
  start: () => Promise.resolve({}),
};
