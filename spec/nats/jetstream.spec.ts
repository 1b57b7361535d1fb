/**
 * The scale-out pieces against a real nats-server with JetStream (spec/helpers/natsServer.ts): the
 * producer's batches and markers with input deduplication, a key group read and resumed from a
 * position, output exactly once by `Nats-Msg-Id`, and two workers whose output stream holds exactly
 * the panes of one process.
 */
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { Observable } from 'rxjs';
import { afterCount, afterWatermark, Combine, combineFields, combinePerKey, fixedWindow, type EventTimeStream, type Pane } from '../../src/index';
import { createProducer, keyGroupOf, keyGroupRange, keyGroupSource, runWorker, type Positioned, type KeyGroupRecord } from '../../src/nats/index';
import { startNatsServer, type NatsTestServer } from '../helpers/natsServer';
import { canonical, clicks, ensureSpecStreams, onePipeline, recordsOf, type Click, readAll } from './records';

type NatsConnection = Awaited<ReturnType<typeof connect>>;

jest.setTimeout(30_000);

const K = 8;
const BATCHING = { key: (c: Click) => c.user, eventTime: (c: Click) => c.t, keyGroups: K, batchSize: 100, markerEvery: 400, watermark: 3_000 } as const;

const stats = combineFields({ count: Combine.count<Click>(), sum: Combine.sum((c: Click) => c.amount) });
const pipeline = (e$: EventTimeStream<Click>): Observable<Pane<unknown, string>> =>
  e$.pipe(
    fixedWindow(10_000),
    afterWatermark({ early: afterCount(2), late: afterCount(1), allowedLateness: 20_000, accumulation: 'accumulating' }),
    combinePerKey((c: Click) => c.user, stats),
  );

/** The panes of one process: one pipeline over every event and marker in the producer's order. */
function onePipelinePanes(events: readonly Click[]): string[] {
  return onePipeline(pipeline, BATCHING, events).map(canonical).sort();
}

async function produce(js: JetStreamClient, subjectPrefix: string, events: readonly Click[]) {
  const producer = createProducer(js, { ...BATCHING, subjectPrefix });
  for (const e of events) await producer.send(e);
  return producer.finish();
}


async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe('rxjs-event-time/nats on a real server', () => {
  let server: NatsTestServer;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
    await ensureSpecStreams(jsm);
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('the producer batches each key group, broadcasts markers, and a re-run stores nothing twice', async () => {
    const events = clicks(11, 2_000);
    const first = await produce(js, 'in.produce', events);
    // 2 000 events in batches of at most 100 per key group, cut at each of 5 markers plus the final one.
    const perGroup = await Promise.all(Array.from({ length: K }, (_, kg) => readAll(js, 'IN', `in.produce.${kg}`)));
    const messages = perGroup.flat();
    expect(first).toEqual({ stored: messages.length, duplicates: 0 });
    const batches = messages.map((m) => JSON.parse(m) as { n: number; e?: unknown[]; w?: number });
    expect(batches.filter((b) => b.w !== undefined)).toHaveLength(K * 6);
    expect(batches.reduce((sum, b) => sum + (b.e?.length ?? 0), 0)).toBe(2_000);
    expect(Math.max(...batches.map((b) => b.e?.length ?? 0))).toBe(100);
    for (const [kg, bodies] of perGroup.entries()) {
      expect(bodies.map((b) => (JSON.parse(b) as { n: number }).n)).toEqual(bodies.map((_, i) => i + 1));
      for (const e of recordsOf<Click>(bodies)) if (e.kind === 'element') expect(keyGroupOf(e.value.user, K)).toBe(kg);
      expect(JSON.parse(bodies[bodies.length - 1]!)).toEqual({ n: bodies.length, w: 8.64e15 });
    }
    const again = await produce(js, 'in.produce', events);
    expect(again).toEqual({ stored: 0, duplicates: messages.length });
    expect((await Promise.all(Array.from({ length: K }, (_, kg) => readAll(js, 'IN', `in.produce.${kg}`)))).flat()).toEqual(messages);
  });

  it('a key group reads as a replayable source and resumes right after any position it handed out', async () => {
    const events = clicks(12, 1_500);
    await produce(js, 'in.source', events);
    // The busiest key group: positions inside and at the ends of its batches of 100.
    const perGroup = await Promise.all(Array.from({ length: K }, (_, kg) => readAll(js, 'IN', `in.source.${kg}`)));
    const keyGroup = perGroup.reduce((best, b, kg) => (b.length > perGroup[best]!.length ? kg : best), 0);
    const bodies = perGroup[keyGroup]!;
    const source = keyGroupSource<Click>(js, { stream: 'IN', subjectPrefix: 'in.source', keyGroup, until: 'end' });
    const all: Positioned<KeyGroupRecord<Click>>[] = await collect(source.read());
    expect(all.length).toBeGreaterThan(250);
    expect(all.map((p) => p.value)).toEqual(recordsOf<Click>(bodies));
    for (const cut of [0, 1, 99, 100, 101, Math.floor(all.length / 2), all.length - 2]) {
      const rest = await collect(source.read(all[cut]!.position));
      expect(rest).toEqual(all.slice(cut + 1));
    }
    expect(await collect(source.read(all[all.length - 1]!.position))).toEqual([]);
    expect(() => source.read('x')).toThrow(new TypeError('keyGroupSource: a position must be [streamSequence, index] as the source handed it out, got "x"'));
  });

  it('a key group pipeline replayed from the first message publishes each pane once: the replay is refused as duplicates', async () => {
    const events = clicks(13, 1_500);
    await produce(js, 'in.dedup', events);
    const options = { input: { stream: 'IN', subjectPrefix: 'in.dedup' }, output: { subject: 'out.dedup' }, keyGroups: keyGroupRange(0, 1, K), pipeline, until: 'end' } as const;
    const first = await runWorker(js, options).done;
    const stored = await readAll(js, 'OUT', 'out.dedup');
    expect(first).toEqual({ events: 1_500, panes: stored.length, stored: stored.length, duplicates: 0, checkpoints: 0, fenced: 0 });
    const second = await runWorker(js, options).done;
    expect(second).toEqual({ events: 1_500, panes: first.panes, stored: 0, duplicates: first.panes, checkpoints: 0, fenced: 0 });
    const output = await readAll(js, 'OUT', 'out.dedup');
    expect(output).toEqual(stored);
    expect(output.map((p) => canonical(JSON.parse(p))).sort()).toEqual(onePipelinePanes(events));
  });

  it('two workers owning half the key groups each fill the output stream with exactly the panes of one process', async () => {
    const events = clicks(14, 3_000);
    await produce(js, 'in.two', events);
    const worker = (index: number) =>
      runWorker(js, { input: { stream: 'IN', subjectPrefix: 'in.two' }, output: { subject: 'out.two' }, keyGroups: keyGroupRange(index, 2, K), pipeline, until: 'end' });
    const [a, b] = await Promise.all([worker(0).done, worker(1).done]);
    expect(a.events + b.events).toBe(3_000);
    // Both did a real share of the work.
    expect(Math.min(a.events, b.events)).toBeGreaterThan(900);
    expect(a.duplicates + b.duplicates).toBe(0);
    const output = (await readAll(js, 'OUT', 'out.two')).map((p) => canonical(JSON.parse(p))).sort();
    const reference = onePipelinePanes(events);
    expect(reference.filter((p) => p.includes('"EARLY"')).length).toBeGreaterThan(0);
    expect(reference.filter((p) => p.includes('"LATE"')).length).toBeGreaterThan(0);
    expect(output).toEqual(reference);
  });
});
