/**
 * The server killed with SIGKILL and restarted on the same store: its deduplication state comes back
 * from disk, so a producer re-run and a worker replay store nothing twice. And a reader refuses a key
 * group whose producer numbers skip.
 */
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { afterCount, afterWatermark, Combine, combinePerKey, fixedWindow, type EventTimeStream } from '../../src/index';
import { createProducer, runWorker } from '../../src/nats/index';
import { startNatsServer, type NatsTestServer } from '../helpers/natsServer';
import { clicks, ensureSpecStreams, type Click } from './records';

jest.setTimeout(30_000);

const BATCHING = { key: (c: Click) => c.user, eventTime: (c: Click) => c.t, keyGroups: 4, batchSize: 100, markerEvery: 300, watermark: 3_000 } as const;
const pipeline = (e$: EventTimeStream<Click>) =>
  e$.pipe(fixedWindow(10_000), afterWatermark({ early: afterCount(2), allowedLateness: 10_000, accumulation: 'discarding' }), combinePerKey((c: Click) => c.user, Combine.count<Click>()));

async function produce(js: JetStreamClient, events: readonly Click[]) {
  const producer = createProducer(js, { ...BATCHING, subjectPrefix: 'in.crash' });
  for (const e of events) await producer.send(e);
  return producer.finish();
}

const work = (js: JetStreamClient, subjectPrefix = 'in.crash') =>
  runWorker(js, { input: { stream: 'IN', subjectPrefix }, output: { subject: 'out.crash' }, keyGroups: [0, 1, 2, 3], pipeline, until: 'end' }).done;

describe('a server crash', () => {
  let server: NatsTestServer;

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(() => server?.stop());

  it('keeps input and output exactly once across kill -9 and restart', async () => {
    const events = clicks(21, 1_200);
    let nc = await connect({ servers: server.url });
    let js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    await ensureSpecStreams(jsm);
    const produced = await produce(js, events);
    const first = await work(js);
    expect(first.stored).toBe(first.panes);
    await nc.close();

    await server.kill();
    await server.restart();

    nc = await connect({ servers: server.url });
    js = jetstream(nc);
    expect(await produce(js, events)).toEqual({ stored: 0, duplicates: produced.stored });
    expect(await work(js)).toEqual({ events: 1_200, panes: first.panes, stored: 0, duplicates: first.panes, checkpoints: 0, fenced: 0 });
    const out = await (await jetstreamManager(nc)).streams.info('OUT');
    expect(out.state.messages).toBe(first.panes);
    await nc.close();
  });

  it('a key group whose producer numbers skip errors the worker, naming the message', async () => {
    const nc = await connect({ servers: server.url });
    const js = jetstream(nc);
    await js.publish('in.gap.0', JSON.stringify({ n: 1, e: [[1_000, { user: 'a', t: 1_000, amount: 1 }]] }));
    const second = await js.publish('in.gap.0', JSON.stringify({ n: 3, w: 8.64e15 }));
    await expect(runWorker(js, { input: { stream: 'IN', subjectPrefix: 'in.gap' }, output: { subject: 'out.gap' }, keyGroups: [0], pipeline, until: 'end' }).done).rejects.toThrow(
      // The grouping reports its source's error with the source's message.
      `combinePerKey: the source errored: keyGroupSource: message ${second.seq} of in.gap.0 has the producer's number 3, expected 2: messages are missing or out of order`,
    );
    await nc.close();
  });
});
