import type { JetStreamClient } from '@nats-io/jetstream';
import { requireOptions } from '../internal/checks.js';
import type { Instant } from '../time.js';
import { AckedPublishes, requirePublisher } from './ackedPublishes.js';
import { KeyGroupBatcher, type BatchingOptions } from './batcher.js';
import { requireSubjectPrefix } from './streams.js';

/**
 * Options of {@link createProducer}.
 *
 * @category Scale-out
 */
export interface ProducerOptions<T> extends BatchingOptions<T> {
  /** Messages go to `<subjectPrefix>.<keyGroup>`. */
  readonly subjectPrefix: string;
  /** Publishes awaiting their acknowledgement at most (default 256). */
  readonly maxInFlight?: number | undefined;
}

/**
 * Counts of a producer's messages.
 *
 * @category Scale-out
 */
export interface ProducerStats {
  /** Messages the stream stored. */
  readonly stored: number;
  /** Messages the stream refused as repeats of an earlier `Nats-Msg-Id`. */
  readonly duplicates: number;
}

/**
 * Publishes events into a key-grouped stream. See {@link createProducer}.
 *
 * @category Scale-out
 */
export interface Producer<T> {
  /** Adds an event; resolves when there is room for more publishes in flight. */
  send(value: T): Promise<void>;
  /** Broadcasts a watermark marker now (see `KeyGroupBatcher.mark`). */
  mark(watermark?: Instant): Promise<void>;
  /** Broadcasts an idle mark. */
  idle(): Promise<void>;
  /** Publishes every pending batch and waits for all acknowledgements. */
  flush(): Promise<ProducerStats>;
  /** Ends the input: the watermark goes to +infinity in every key group; then flushes. */
  finish(): Promise<ProducerStats>;
}

/**
 * Publishes events into per-key-group subjects of a JetStream stream, in batches (one message carries
 * up to `batchSize` events), with watermark markers broadcast to every key group, and a `Nats-Msg-Id`
 * on each message so that running the producer again over the same input stores nothing twice (within
 * the stream's duplicate window): message `n` of subject `s` has the id `s/n`. One producer writes a subject prefix: the key groups' order of events and
 * markers is that producer's order. Kafka Streams calls the subjects a partitioned topic; Flink the
 * key groups of a keyed stream.
 *
 * @example
 * const producer = createProducer(js, { subjectPrefix: 'events', key: (e) => e.user, eventTime: (e) => e.t, watermark: 5_000 });
 * for (const e of events) await producer.send(e);
 * await producer.finish();
 *
 * @category Scale-out
 */
export function createProducer<T>(js: JetStreamClient, options: ProducerOptions<T>): Producer<T> {
  const o = requireOptions('createProducer', options);
  requirePublisher('createProducer', js);
  requireSubjectPrefix('createProducer', 'subjectPrefix', o.subjectPrefix);
  const acks = new AckedPublishes('createProducer', js, o.maxInFlight ?? 256);
  const batcher = new KeyGroupBatcher<T>('createProducer', o, (kg, n, body) => {
    // One connection keeps the publishes of a subject in order, so they may overlap.
    // The id is the subject and the message's number in it: the same input gives the same ids again,
    // and deduplication is per stream, so the subject keeps two producers' ids apart.
    const subject = `${o.subjectPrefix}.${kg}`;
    acks.publish(subject, body, `${subject}/${n}`);
  });
  const check = () => acks.check();
  const room = () => acks.room();
  const flush = async (): Promise<ProducerStats> => {
    check();
    batcher.flush();
    return acks.drain();
  };
  return {
    send: async (value) => {
      check();
      batcher.add(value);
      await room();
    },
    mark: async (watermark) => {
      check();
      batcher.mark(watermark);
      await room();
    },
    idle: async () => {
      check();
      batcher.idle();
      await room();
    },
    flush,
    finish: async () => {
      check();
      batcher.finish();
      return flush();
    },
  };
}
