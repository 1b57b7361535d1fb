import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { requireCheckpointId, type Checkpoint, type CheckpointStore } from '../io/checkpointStore.js';
import { requireOptions, requirePositiveInteger } from '../internal/checks.js';
import { describeValue } from '../time.js';
import { syncDirectory } from './syncDirectory.js';

const OP = 'directoryCheckpointStore';
const FORMAT = 'rxjs-event-time checkpoint 1';
/** `checkpoint-<id, 16 digits>.json`: the digits make name order id order. */
const NAME = /^checkpoint-(\d{16})\.json$/;
const TEMP = /^\.checkpoint-\d{16}\.\d+\.\d+\.tmp$/;

/**
 * Options of {@link directoryCheckpointStore}.
 *
 * @category Sources and sinks
 */
export interface DirectoryCheckpointStoreOptions {
  /** How many of the newest checkpoints to keep; older ones are deleted after each save. Default 3. */
  readonly keep?: number | undefined;
}

/**
 * A {@link CheckpointStore} in a directory of the local file system, the embedded default. Each
 * checkpoint is one file, written to a temporary file, flushed to disk (fsync), renamed into place and
 * made durable by an fsync of the directory; the file carries a SHA-256 of its contents, so a file cut
 * short by a crash or damaged later is never read as a checkpoint (`latest()` falls back to the newest
 * one that verifies). After each save only the newest `keep` checkpoints stay, and temporary files left
 * by a crashed writer are removed. One writer at a time: saves of one store run one after the other.
 * Flink: a file-system checkpoint storage with its retained checkpoints.
 *
 * @param dir - The directory; created on the first save.
 * @param options - `keep` (default 3).
 *
 * @example
 * const store = directoryCheckpointStore('state/checkpoints', { keep: 3 });
 * await store.save({ id: 1, data: JSON.stringify({ position: 120, sinkLength: 4096 }) });
 * const last = await store.latest();
 *
 * @category Sources and sinks
 */
export function directoryCheckpointStore(dir: string, options?: DirectoryCheckpointStoreOptions): CheckpointStore {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`${OP}: dir must be a non-empty string, got ${describeValue(dir)}`);
  const o = requireOptions(OP, options);
  if (o.keep !== undefined) requirePositiveInteger(OP, 'keep', o.keep);
  const keep = o.keep ?? 3;
  let tempCount = 0;
  let saving: Promise<void> = Promise.resolve();

  const fileOf = (id: number) => join(dir, `checkpoint-${String(id).padStart(16, '0')}.json`);

  const write = async (id: number, data: string) => {
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.checkpoint-${String(id).padStart(16, '0')}.${process.pid}.${tempCount++}.tmp`);
    const file = await open(temp, 'w');
    try {
      await file.writeFile(encode(id, data));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, fileOf(id));
    await syncDirectory(dir);
    await prune();
  };

  const prune = async () => {
    const names = await readdir(dir);
    const ids = idsIn(names);
    const doomed = [...ids.slice(0, Math.max(0, ids.length - keep)).map(fileOf), ...names.filter((n) => TEMP.test(n)).map((n) => join(dir, n))];
    await Promise.all(doomed.map((path) => rm(path, { force: true })));
  };

  const load = async (id: number): Promise<Checkpoint | undefined> => {
    let text: string;
    try {
      text = await readFile(fileOf(id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    return decode(id, text);
  };

  const storedIds = async (): Promise<number[]> => {
    try {
      return idsIn(await readdir(dir));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  };

  return {
    save(checkpoint: Checkpoint) {
      if (typeof checkpoint !== 'object' || checkpoint === null) {
        return Promise.reject(new TypeError(`${OP}: save needs a checkpoint { id, data }, got ${describeValue(checkpoint)}`));
      }
      const { id, data } = checkpoint;
      try {
        requireCheckpointId(OP, id);
      } catch (e) {
        return Promise.reject(e);
      }
      if (typeof data !== 'string') return Promise.reject(new TypeError(`${OP}: checkpoint data must be a string (a JSON document), got ${describeValue(data)}`));
      const done = saving.then(() => write(id, data));
      // A failed save does not stop the next one; its caller sees the failure.
      saving = done.catch(() => undefined);
      return done;
    },
    async latest() {
      const ids = await storedIds();
      for (let i = ids.length - 1; i >= 0; i--) {
        const checkpoint = await load(ids[i]!);
        if (checkpoint !== undefined) return checkpoint;
      }
      return undefined;
    },
    async list() {
      const ids = await storedIds();
      const verified = await Promise.all(ids.map(async (id) => ((await load(id)) === undefined ? undefined : id)));
      return verified.filter((id): id is number => id !== undefined);
    },
    load(id: number) {
      try {
        requireCheckpointId(OP, id);
      } catch (e) {
        return Promise.reject(e);
      }
      return load(id);
    },
  };
}

function idsIn(names: readonly string[]): number[] {
  const ids: number[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (m !== null) ids.push(Number(m[1]));
  }
  return ids.sort((a, b) => a - b);
}

function digest(id: number, data: string): string {
  return createHash('sha256').update(`${id}\n`).update(data).digest('hex');
}

function encode(id: number, data: string): string {
  return `${JSON.stringify({ format: FORMAT, id, sha256: digest(id, data), data })}\n`;
}

/** The checkpoint in a file's text, or `undefined` when the text is cut short, damaged or not one of ours. */
function decode(id: number, text: string): Checkpoint | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const f = parsed as { format?: unknown; id?: unknown; sha256?: unknown; data?: unknown };
  if (f.format !== FORMAT || f.id !== id || typeof f.data !== 'string' || f.sha256 !== digest(id, f.data)) return undefined;
  return { id, data: f.data };
}
