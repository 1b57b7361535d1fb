import type { JetStreamClient } from '@nats-io/jetstream';
import { requireOneOf, requireOptions } from '../internal/checks.js';
import type { Positioned, ReplayableSource, SourcePosition } from '../io/replayableSource.js';
import { describeValue } from '../time.js';
import { requireSubjectPrefix } from './streams.js';
import { decodeMessage, type KeyGroupRecord } from './wireFormat.js';

/**
 * Options of {@link keyGroupSource}.
 *
 * @category Scale-out
 */
export interface KeyGroupSourceOptions {
  /** The input stream's name. */
  readonly stream: string;
  /** The producer's `subjectPrefix`: the key group is read from `<subjectPrefix>.<keyGroup>`. */
  readonly subjectPrefix: string;
  readonly keyGroup: number;
  /**
   * `'live'` (default): a read waits for new messages until it is stopped. `'end'`: a read ends after
   * the last message the subject held when it started (a bounded run, as for a batch or a test).
   */
  readonly until?: 'live' | 'end' | undefined;
  /** Ends every read (its iteration completes) once aborted, even while it waits for a message. */
  readonly signal?: ReadStop | undefined;
}

/**
 * Ends a key group's reads: `stop()` closes the read in progress and any later one (an `AbortController`
 * without the DOM types).
 *
 * @category Scale-out
 */
export class ReadStop {
  private listeners = new Set<() => void>();
  aborted = false;

  stop(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const l of this.listeners) l();
    this.listeners.clear();
  }

  /** Calls `listener` on stop (at once when already stopped: a read that registers late still ends); returns the function that removes it. */
  onStop(listener: () => void): () => void {
    if (this.aborted) {
      listener();
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A position `[streamSequence, index]`: after the record at `index` of the message at that sequence. */
function parsePosition(from: SourcePosition | undefined): readonly [number, number] {
  if (from === undefined) return [1, -1];
  if (Array.isArray(from) && from.length === 2 && Number.isSafeInteger(from[0]) && (from[0] as number) >= 1 && Number.isSafeInteger(from[1]) && (from[1] as number) >= -1) {
    return [from[0] as number, from[1] as number];
  }
  throw new TypeError(`keyGroupSource: a position must be [streamSequence, index] as the source handed it out, got ${describeValue(from)}`);
}

/**
 * One key group of a key-grouped stream as a {@link ReplayableSource}: its events and the broadcast
 * watermark markers, in the producer's order, each with the position `[streamSequence, index]` (the
 * message's sequence in the stream and the record's index in its batch). `read(position)` resumes
 * right after that record, through an ordered consumer started at that sequence. The records are the
 * `EventTimeRecord`s a pipeline reads: markers become watermark records (punctuated watermarks, one per
 * marker, so a replay sees the same watermarks at the same places). A gap or a step back in the
 * producer's message numbers errors the read. Kafka: a partition read from an offset.
 *
 * @example
 * const source = keyGroupSource<Spend>(js, { stream: 'EVENTS', subjectPrefix: 'events', keyGroup: 3 });
 * fromReplayableSource(source).pipe(map((p) => p.value), fixedWindow(60_000), combinePerKey(...))
 *
 * @category Scale-out
 */
export function keyGroupSource<T>(js: JetStreamClient, options: KeyGroupSourceOptions): ReplayableSource<KeyGroupRecord<T>> {
  const o = requireOptions('keyGroupSource', options);
  if (typeof js !== 'object' || js === null || typeof js.consumers?.get !== 'function') {
    throw new TypeError(`keyGroupSource: js must be a JetStreamClient (jetstream(connection)), got ${describeValue(js)}`);
  }
  if (typeof o.stream !== 'string' || o.stream.length === 0) throw new TypeError(`keyGroupSource: stream must be a stream name, got ${describeValue(o.stream)}`);
  requireSubjectPrefix('keyGroupSource', 'subjectPrefix', o.subjectPrefix);
  if (!Number.isInteger(o.keyGroup) || o.keyGroup < 0) {
    throw new RangeError(`keyGroupSource: keyGroup must be a non-negative integer, got ${describeValue(o.keyGroup)}`);
  }
  requireOneOf('keyGroupSource', 'until', o.until, ['live', 'end']);
  const subject = `${o.subjectPrefix}.${o.keyGroup}`;
  const bounded = o.until === 'end';
  return {
    read: (from) => {
      const [startSeq, skipThrough] = parsePosition(from);
      return (async function* (): AsyncGenerator<Positioned<KeyGroupRecord<T>>> {
        const consumer = await js.consumers.get(o.stream, { filter_subjects: subject, opt_start_seq: startSeq });
        if (o.signal?.aborted === true || (bounded && (await consumer.info(true)).num_pending === 0)) return;
        const messages = await consumer.consume();
        // Closing the messages ends the loop below even while it waits for the next one.
        const removeStop = o.signal?.onStop(() => void messages.close());
        let lastN = 0;
        try {
          for await (const m of messages) {
            const where = `message ${m.seq} of ${subject}`;
            const body = decodeMessage<T>(m.string(), where);
            if (lastN !== 0 && body.n !== lastN + 1) {
              throw new Error(`keyGroupSource: ${where} has the producer's number ${body.n}, expected ${lastN + 1}: messages are missing or out of order`);
            }
            lastN = body.n;
            const skip = m.seq === startSeq ? skipThrough : -1;
            if ('e' in body) {
              const events = body.e;
              for (let i = skip + 1; i < events.length; i++) {
                const [timestamp, value] = events[i]!;
                yield { value: { kind: 'element', value, timestamp }, position: [m.seq, i] };
              }
            } else if (skip < 0) {
              yield { value: body.idle === true ? { kind: 'watermark', watermark: body.w, idle: true } : { kind: 'watermark', watermark: body.w }, position: [m.seq, 0] };
            }
            if (bounded && m.info.pending === 0) return;
          }
        } finally {
          removeStop?.();
          await messages.close();
        }
      })();
    },
  };
}
