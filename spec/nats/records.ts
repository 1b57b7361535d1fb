/** What the NATS specs share: the records of a key group's messages, seeded clicks, one process's panes, the streams, reading a subject. */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { from, type Observable } from 'rxjs';
import type { EventTimeRecord, EventTimeStream, Pane } from '../../src/index';
import { ensureStream, KeyGroupBatcher, type BatchingOptions } from '../../src/nats/index';
import { decodeMessage } from '../../src/nats/wireFormat';
import { random as seeded } from '../../bench/workload';

/** Turns a key group's messages, as the producer emits them, into the records a pipeline reads. */
export function recordsOf<T>(bodies: readonly string[]): EventTimeRecord<T>[] {
  const records: EventTimeRecord<T>[] = [];
  for (const [i, text] of bodies.entries()) {
    const body = decodeMessage<T>(text, `message ${i + 1}`);
    if ('e' in body) for (const [timestamp, value] of body.e) records.push({ kind: 'element', value, timestamp });
    else records.push(body.idle === true ? { kind: 'watermark', watermark: body.w, idle: true } : { kind: 'watermark', watermark: body.w });
  }
  return records;
}

/** A small seeded generator (mulberry32, the bench's), so a failing run can be replayed from its seed. */
export { seeded };

export interface Click {
  readonly user: string;
  readonly t: number;
  readonly amount: number;
}

/** Clicks of 12 users, mostly ascending in time, some a little and some far out of order. */
export function clicks(seed: number, n: number): Click[] {
  const random = seeded(seed);
  const out: Click[] = [];
  for (let i = 0; i < n; i++) {
    const jitter = random() < 0.1 ? -Math.floor(random() * 40_000) : Math.floor(random() * 3_000);
    out.push({ user: `user-${String.fromCharCode(97 + Math.floor(random() * 12))}`, t: 1_704_067_200_000 + i * 1_000 + jitter, amount: Math.floor(random() * 100) });
  }
  return out;
}

/** Orders panes for a multiset comparison. */
export function sortedPanes<P>(panes: readonly P[]): string[] {
  return panes.map((p) => JSON.stringify(p)).sort();
}

/** JSON with object properties sorted, so equal panes compare equal whatever order they were built in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Every message of `subject` in `stream`, from the first. */
export async function readAll(js: JetStreamClient, stream: string, subject: string): Promise<string[]> {
  const consumer = await js.consumers.get(stream, { filter_subjects: subject });
  if ((await consumer.info(true)).num_pending === 0) return [];
  const out: string[] = [];
  const messages = await consumer.consume();
  for await (const m of messages) {
    out.push(m.string());
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return out;
}

/**
 * The panes of one process: `pipeline` over every event and marker in the producer's order (the
 * batching with one key group), with the producer's extra marker after event `markAt` when given.
 */
export function onePipeline<V, K>(pipeline: (events$: EventTimeStream<Click>) => Observable<Pane<V, K>>, batching: BatchingOptions<Click>, events: readonly Click[], markAt?: number): Pane<V, K>[] {
  const bodies: string[] = [];
  const batcher = new KeyGroupBatcher<Click>('spec', { ...batching, keyGroups: 1 }, (_, __, body) => bodies.push(body));
  for (const [i, e] of events.entries()) {
    batcher.add(e);
    if (i + 1 === markAt) batcher.mark();
  }
  batcher.finish();
  const panes: Pane<V, K>[] = [];
  pipeline(from(recordsOf<Click>(bodies))).subscribe((p) => panes.push(p));
  return panes;
}

/** The streams the NATS specs read and write: IN (`in.*`) and OUT (`out.*`), each refusing repeated message ids for 10 minutes. */
export async function ensureSpecStreams(jsm: JetStreamManager): Promise<void> {
  await ensureStream(jsm, { name: 'IN', subjectPrefix: 'in', duplicateWindow: 600_000 });
  await ensureStream(jsm, { name: 'OUT', subjectPrefix: 'out', duplicateWindow: 600_000 });
}
