import { Observable } from 'rxjs';
import { describeValue } from '../time.js';

/**
 * Where a record sits in a replayable source, as a JSON value the source defines (a byte offset for a
 * file, an offset per partition for a log). It means "resume after this record": reading from it gives
 * the records that follow. Flink calls it a split's position; Kafka a committed offset.
 *
 * @category Sources and sinks
 */
export type SourcePosition = string | number | boolean | null | readonly SourcePosition[] | { readonly [key: string]: SourcePosition };

/**
 * A record of a replayable source with the position just after it. A checkpoint taken after this
 * record has been processed records `position`, so a restore resumes with the next record.
 *
 * @category Sources and sinks
 */
export interface Positioned<T> {
  readonly value: T;
  /** Resume after this record: `read(position)` starts with the record that follows. */
  readonly position: SourcePosition;
}

/**
 * A source that can be read again from any position it handed out, the input side of exactly-once
 * processing (Flink: a replayable source; Beam: an `UnboundedSource` with checkpoint marks).
 *
 * @example
 * const source = ndjsonFileSource('events.ndjson');
 * for await (const { value, position } of source.read(savedPosition)) handle(value, position);
 *
 * @category Sources and sinks
 */
export interface ReplayableSource<T> {
  /**
   * Reads the records after `from` (from the beginning when it is `undefined`), in order. Ending the
   * iteration early (`break`, `return()`) releases what the read holds, such as an open file.
   */
  read(from?: SourcePosition): AsyncIterable<Positioned<T>>;
}

/**
 * Reads a {@link ReplayableSource} as an Observable of positioned records, from `from` on. The next
 * record is read only after the previous one has been delivered (an asynchronous pull, so a slow
 * synchronous consumer slows the read); unsubscribing stops the read and releases what it holds
 * (an open file is closed once the read in flight returns). An error of the source ends the stream
 * with that error.
 *
 * @example
 * fromReplayableSource(ndjsonFileSource('events.ndjson'), checkpoint?.position)
 *   .subscribe(({ value, position }) => console.log(value, position));
 *
 * @category Sources and sinks
 */
export function fromReplayableSource<T>(source: ReplayableSource<T>, from?: SourcePosition): Observable<Positioned<T>> {
  if (typeof source !== 'object' || source === null || typeof source.read !== 'function') {
    throw new TypeError(`fromReplayableSource: source must have a read(from) method, got ${describeValue(source)}`);
  }
  return new Observable<Positioned<T>>((subscriber) => {
    let iterator: AsyncIterator<Positioned<T>>;
    try {
      iterator = source.read(from)[Symbol.asyncIterator]();
    } catch (e) {
      subscriber.error(e);
      return;
    }
    let stopped = false;
    const pump = async () => {
      try {
        for (;;) {
          const step = await iterator.next();
          if (stopped) return;
          if (step.done === true) {
            stopped = true;
            subscriber.complete();
            return;
          }
          subscriber.next(step.value);
          if (stopped) return;
        }
      } catch (e) {
        if (!stopped) {
          stopped = true;
          subscriber.error(e);
        }
      }
    };
    void pump();
    return () => {
      if (stopped) return;
      stopped = true;
      // An async generator queues return() behind the pending next(), so the file closes after it.
      // Nobody is left to hear a failure to close.
      void Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => undefined);
    };
  });
}
