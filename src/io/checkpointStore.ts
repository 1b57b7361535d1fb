import { describeValue } from '../time.js';

/**
 * One saved checkpoint: an increasing id and the state as text. The store keeps `data` as it is given
 * (it does not parse it); the package's own checkpoints put a JSON document there, and a caller with
 * binary state encodes it (base64) first. Flink: a completed checkpoint with its metadata.
 *
 * @category Sources and sinks
 */
export interface Checkpoint {
  /** Increases with each checkpoint of a run: `latest()` is the one with the highest id. A non-negative safe integer. */
  readonly id: number;
  /** The state, typically a JSON document. */
  readonly data: string;
}

/**
 * Where checkpoints are kept, durably: a checkpoint `save` has resolved survives a crash, and a
 * checkpoint whose save was cut short is never returned. One writer at a time. Flink: a
 * `CheckpointStorage` with its completed-checkpoint store; the package's embedded default is
 * `directoryCheckpointStore` from `rxjs-event-time/node`.
 *
 * @example
 * const store: CheckpointStore = directoryCheckpointStore('state/checkpoints', { keep: 3 });
 * await store.save({ id: 7, data: JSON.stringify(state) });
 * const restored = await store.latest(); // { id: 7, data: '...' }, or undefined on a first run
 *
 * @category Sources and sinks
 */
export interface CheckpointStore {
  /** Writes a checkpoint durably; resolves once it would survive a crash. A checkpoint with the same id is replaced. */
  save(checkpoint: Checkpoint): Promise<void>;
  /** The complete checkpoint with the highest id, or `undefined` when there is none. */
  latest(): Promise<Checkpoint | undefined>;
  /** The ids of the complete checkpoints kept, ascending. */
  list(): Promise<readonly number[]>;
  /** The complete checkpoint with this id, or `undefined` when it is not kept (or did not verify). */
  load(id: number): Promise<Checkpoint | undefined>;
}

/** A checkpoint id: a non-negative safe integer, named in the error when it is not. */
export function requireCheckpointId(op: string, id: unknown): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new TypeError(`${op}: checkpoint id must be a non-negative safe integer, got ${describeValue(id)}`);
  }
  return id;
}
