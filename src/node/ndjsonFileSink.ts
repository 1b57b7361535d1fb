import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { requireFunction, requireOptions } from '../internal/checks.js';
import { describeValue } from '../time.js';
import { syncDirectory } from './syncDirectory.js';

const OP = 'ndjsonFileSink';

/**
 * Options of {@link NdjsonFileSink.open}.
 *
 * @category Sources and sinks
 */
export interface NdjsonFileSinkOpenOptions {
  /**
   * Cut the file back to this many bytes before writing: the durable length a restored checkpoint
   * recorded, so lines written after that checkpoint (and written again by the replay) are not kept
   * twice. `0` starts a fresh file; without it, writing continues at the file's end.
   */
  readonly truncateTo?: number | undefined;
}

/**
 * Options of {@link ndjsonFileSink}.
 *
 * @category Sources and sinks
 */
export interface NdjsonFileSinkOptions<T> {
  /**
   * Writes one value as its line's text, without the line break: for a JSON form of your own (escaped
   * characters, a fixed field order). It must return a string without `\n` or `\r`; anything else refuses
   * the whole batch. Default `JSON.stringify`.
   */
  readonly stringify?: ((value: T) => string) | undefined;
}

/**
 * An append-only NDJSON file that can tell how much of it is on disk and be cut back to such a length,
 * the output side of exactly-once processing: a checkpoint records {@link NdjsonFileSink.flush}'s
 * length with the source position, and a restore opens the sink with `truncateTo` that length, then
 * replays the source from the position. Readers that must never see output a crash will take back read
 * only up to the length in the latest checkpoint. Flink: a file sink that truncates to the checkpointed
 * length on recovery.
 *
 * @category Sources and sinks
 */
export interface NdjsonFileSink<T> {
  /** Opens (creating if missing) the file, cut back to `truncateTo` when given; resolves with the length writing starts at. */
  open(options?: NdjsonFileSinkOpenOptions): Promise<number>;
  /** Appends one line per value (`JSON.stringify`, or the `stringify` option); a value that has no line refuses the whole batch. */
  write(values: readonly T[]): Promise<void>;
  /** Flushes what was written to disk (fsync) and resolves with the file's durable length in bytes. */
  flush(): Promise<number>;
  /** Flushes, closes the file and resolves with its durable length. */
  close(): Promise<number>;
  /** Bytes written so far, durable or not. */
  readonly length: number;
  /** Bytes known to be on disk: the length the last `flush` or `open` returned. */
  readonly durableLength: number;
}

/**
 * An {@link NdjsonFileSink} writing to `path`. Calls may overlap: they run one after the other, in the
 * order they were made.
 *
 * @param path - The file; created by `open` when missing.
 * @param options - `stringify`: the text of a value's line (default `JSON.stringify`).
 *
 * @example
 * const sink = ndjsonFileSink<Pane<string, number>>('out/panes.ndjson');
 * await sink.open({ truncateTo: restored?.sinkLength ?? 0 });
 * await sink.write(panes);
 * const sinkLength = await sink.flush(); // record it in the next checkpoint
 *
 * @category Sources and sinks
 */
export function ndjsonFileSink<T = unknown>(path: string, options?: NdjsonFileSinkOptions<T>): NdjsonFileSink<T> {
  if (typeof path !== 'string' || path === '') throw new TypeError(`${OP}: path must be a non-empty string, got ${describeValue(path)}`);
  const { stringify } = requireOptions(OP, options);
  if (stringify !== undefined) requireFunction(OP, 'stringify', stringify);
  const lineOf: (value: T) => string | undefined = stringify ?? JSON.stringify;
  let file: FileHandle | undefined;
  let closed = false;
  let length = 0;
  let durableLength = 0;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `step` after every call made before it; a failed call does not stop the next. */
  const inTurn = <R>(step: () => Promise<R>): Promise<R> => {
    const done = queue.then(step);
    queue = done.catch(() => undefined);
    return done;
  };

  const opened = (what: string): FileHandle => {
    if (file === undefined) throw new Error(closed ? `${OP}: ${what} after close() on ${path}` : `${OP}: ${what} before open() on ${path}`);
    return file;
  };

  return {
    open(options?: NdjsonFileSinkOpenOptions) {
      return inTurn(async () => {
        if (file !== undefined || closed) throw new Error(`${OP}: ${path} is already ${closed ? 'closed' : 'open'}`);
        const { truncateTo } = requireOptions(OP, options);
        if (truncateTo !== undefined && (typeof truncateTo !== 'number' || !Number.isSafeInteger(truncateTo) || truncateTo < 0)) {
          throw new TypeError(`${OP}: truncateTo must be a length in bytes (a non-negative integer), got ${describeValue(truncateTo)}`);
        }
        const handle = await open(path, constants.O_RDWR | constants.O_CREAT);
        try {
          const { size } = await handle.stat();
          if (truncateTo !== undefined) {
            if (truncateTo > size) {
              throw new RangeError(`${OP}: cannot truncate ${path} to ${truncateTo} bytes, it has only ${size}: output the checkpoint counted as written is gone`);
            }
            await handle.truncate(truncateTo);
          }
          await handle.sync();
          // A newly created file survives a crash only once its directory entry does.
          await syncDirectory(dirname(path));
          length = durableLength = truncateTo ?? size;
        } catch (e) {
          await handle.close();
          throw e;
        }
        file = handle;
        return length;
      });
    },
    write(values: readonly T[]) {
      return inTurn(async () => {
        const handle = opened('write');
        if (!Array.isArray(values)) throw new TypeError(`${OP}: write takes an array of values, got ${describeValue(values)}`);
        let text = '';
        for (let i = 0; i < values.length; i++) {
          const line = lineOf(values[i]);
          if (typeof line !== 'string') throw new TypeError(`${OP}: value ${i} of the batch has no JSON form, got ${describeValue(values[i])}; nothing of the batch was written`);
          if (stringify !== undefined && /[\n\r]/.test(line)) throw new TypeError(`${OP}: stringify must return one line, got a line break for value ${i} of the batch; nothing of the batch was written`);
          text += `${line}\n`;
        }
        const bytes = Buffer.from(text, 'utf8');
        let done = 0;
        try {
          while (done < bytes.length) {
            const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, length + done);
            done += bytesWritten;
          }
        } catch (e) {
          // A batch is written whole or not at all: a part of it would leave a torn last line.
          await handle.truncate(length).catch(() => undefined);
          throw e;
        }
        length += bytes.length;
      });
    },
    flush() {
      return inTurn(async () => {
        await opened('flush').sync();
        durableLength = length;
        return durableLength;
      });
    },
    close() {
      return inTurn(async () => {
        const handle = opened('close');
        file = undefined;
        closed = true;
        try {
          await handle.sync();
          durableLength = length;
        } finally {
          await handle.close();
        }
        return durableLength;
      });
    },
    get length() {
      return length;
    },
    get durableLength() {
      return durableLength;
    },
  };
}
