/**
 * Membership and rebalancing on a real server, workers in this process each with its own connection:
 * key groups move between workers by checkpoint as workers join and leave (2 -> 3 -> 1 mid-run), and the
 * output stream ends with exactly the panes of one process; two workers share the events evenly.
 */
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { Observable } from 'rxjs';
import { afterCount, afterWatermark, Combine, combinePerKey, fixedWindow, type EventTimeStream, type Pane } from '../../src/index';
import { createProducer, kvStateStore, runClusterWorker, type ClusterWorker } from '../../src/nats/index';
import { startNatsServer, type NatsTestServer } from '../helpers/natsServer';
import { canonical, ensureSpecStreams, onePipeline, seeded, type Click, readAll } from './records';

type NatsConnection = Awaited<ReturnType<typeof connect>>;

// Membership runs on real time (heartbeats, expiry): generous limits, so a loaded machine only makes it slower.
jest.setTimeout(180_000);

const K = 12;
const BATCHING = { key: (c: Click) => c.user, eventTime: (c: Click) => c.t, keyGroups: K, batchSize: 50, markerEvery: 300, watermark: 3_000 } as const;
const pipeline = (e$: EventTimeStream<Click>): Observable<Pane<number, string>> =>
  e$.pipe(fixedWindow(10_000), afterWatermark({ early: afterCount(3), late: afterCount(1), allowedLateness: 20_000, accumulation: 'accumulating' }), combinePerKey((c: Click) => c.user, Combine.sum((c: Click) => c.amount)));

/** Clicks of `users` users, mostly in order, one in ten up to 40 s late. */
function manyClicks(seed: number, n: number, users: number): Click[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => ({
    user: `u${Math.floor(random() * users)}`,
    t: 1_704_067_200_000 + i * 200 + (random() < 0.1 ? -Math.floor(random() * 40_000) : Math.floor(random() * 2_000)),
    amount: Math.floor(random() * 100),
  }));
}

function onePipelinePanes(events: readonly Click[]): string[] {
  return onePipeline(pipeline, BATCHING, events).map(canonical).sort();
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


describe('a cluster of workers', () => {
  let server: NatsTestServer;
  const connections: NatsConnection[] = [];
  let js: JetStreamClient;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    server = await startNatsServer();
    const nc = await connect({ servers: server.url });
    connections.push(nc);
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
    await ensureSpecStreams(jsm);
  });

  afterAll(async () => {
    for (const nc of connections) await nc.close();
    await server?.stop();
  });

  /** A worker of cluster `name` on a connection of its own. */
  async function start(name: string, id: string, buckets: { name: string; checkpoints: KV }): Promise<ClusterWorker> {
    const nc = await connect({ servers: server.url });
    connections.push(nc);
    const wjs = jetstream(nc);
    const kvm = new Kvm(wjs);
    return runClusterWorker(wjs, {
      input: { stream: 'IN', subjectPrefix: `in.${name}` },
      output: { subject: `out.${name}` },
      pipeline,
      state: kvStateStore({ kv: await kvm.open(`${buckets.name}-checkpoints`), owner: id, handoverWait: 2_000 }),
      checkpointEvery: 200,
      cluster: { kv: await kvm.open(`${buckets.name}-members`), id, keyGroups: K, heartbeat: 200, timeout: 3_000 },
    });
  }

  async function buckets(name: string) {
    const kvm = new Kvm(js);
    await kvm.create(`${name}-members`);
    return { name, checkpoints: await kvm.create(`${name}-checkpoints`) };
  }

  async function until(what: string, check: () => Promise<boolean> | boolean, ms = 120_000) {
    for (let waited = 0; waited < ms; waited += 100) {
      if (await check()) return;
      await pause(100);
    }
    throw new Error(`spec: gave up waiting for ${what}`);
  }

  /** How many panes the output stream holds under `subject`, without reading them. */
  const stored = async (subject: string) => (await jsm.streams.info('OUT', { subjects_filter: subject })).state.subjects?.[subject] ?? 0;

  const owners = (w: ClusterWorker) => Object.keys(w.membership.assignment()?.owners ?? {}).length;

  it('rescaling 2 -> 3 -> 1 workers mid-run moves key groups by checkpoint: exactly the panes of one process', async () => {
    const events = manyClicks(41, 6_000, 60);
    const reference = onePipelinePanes(events);
    const b = await buckets('rescale');
    const producer = createProducer(js, { ...BATCHING, subjectPrefix: 'in.rescale' });
    const w1 = await start('rescale', 'w1', b);
    const w2 = await start('rescale', 'w2', b);
    await until('two owners', () => owners(w1) === 2 && owners(w2) === 2);
    for (const e of events.slice(0, 2_000)) await producer.send(e);
    await producer.flush();
    const w3 = await start('rescale', 'w3', b);
    await until('three owners', () => owners(w1) === 3);
    for (const e of events.slice(2_000, 4_000)) await producer.send(e);
    await producer.flush();
    await w1.stop();
    await w3.stop();
    await until('one owner', () => owners(w2) === 1 && w2.worker.owned().length === K);
    for (const e of events.slice(4_000)) await producer.send(e);
    await producer.finish();
    await until('every pane', async () => (await stored('out.rescale')) >= reference.length);
    const stats = await w2.stop();
    const output = (await readAll(js, 'OUT', 'out.rescale')).map((p) => canonical(JSON.parse(p))).sort();
    expect(output).toEqual(reference);
    expect(stats.fenced).toBe(0);
    // Every key group's last checkpoint is the final owner's.
    for (let kg = 0; kg < K; kg++) expect(JSON.parse((await b.checkpoints.get(`kg.${kg}`))!.string())).toMatchObject({ owner: 'w2', released: true });
  });

  it('two workers each handle 50 ± 10% of the events', async () => {
    const events = manyClicks(42, 4_000, 400);
    const b = await buckets('split');
    const w1 = await start('split', 'a', b);
    const w2 = await start('split', 'b', b);
    await until('two owners', () => w1.worker.owned().length === K / 2 && w2.worker.owned().length === K / 2);
    const producer = createProducer(js, { ...BATCHING, subjectPrefix: 'in.split' });
    for (const e of events) await producer.send(e);
    await producer.finish();
    const reference = onePipelinePanes(events);
    await until('every pane', async () => (await stored('out.split')) >= reference.length);
    const [s1, s2] = [await w1.stop(), await w2.stop()];
    expect(s1.events + s2.events).toBe(4_000);
    expect(s1.events / 4_000).toBeGreaterThan(0.4);
    expect(s2.events / 4_000).toBeGreaterThan(0.4);
    expect((await readAll(js, 'OUT', 'out.split')).map((p) => canonical(JSON.parse(p))).sort()).toEqual(reference);
  });
});
