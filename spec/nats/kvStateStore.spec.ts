/**
 * Checkpoints per key group in NATS KV on a real server: a worker checkpoints, a new owner restores and
 * reads on after the checkpoint's position, a former owner's write is refused (fencing), large state goes
 * to the object store, and panes published after commit reach the output once.
 */
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { VirtualAction, VirtualTimeScheduler, type Observable } from 'rxjs';
import { afterCount, afterWatermark, Combine, combineFields, combinePerKey, fixedWindow, type EventTimeStream, type Pane } from '../../src/index';
import { createProducer, FencedError, keyGroupRange, kvStateStore, runWorker, type KeyGroupCheckpoint } from '../../src/nats/index';
import { startNatsServer, type NatsTestServer } from '../helpers/natsServer';
import { canonical, clicks, ensureSpecStreams, onePipeline, type Click, readAll } from './records';

type NatsConnection = Awaited<ReturnType<typeof connect>>;

jest.setTimeout(30_000);

const K = 4;
const BATCHING = { key: (c: Click) => c.user, eventTime: (c: Click) => c.t, keyGroups: K, batchSize: 50, markerEvery: 200, watermark: 3_000 } as const;
const stats = combineFields({ count: Combine.count<Click>(), sum: Combine.sum((c: Click) => c.amount) });
const pipeline = (e$: EventTimeStream<Click>): Observable<Pane<unknown, string>> =>
  e$.pipe(
    fixedWindow(10_000),
    afterWatermark({ early: afterCount(2), late: afterCount(1), allowedLateness: 20_000, accumulation: 'accumulating' }),
    combinePerKey((c: Click) => c.user, stats),
  );

/** The panes of one process, with the producer's extra marker after event `markAt`, as the spec's producer sends it. */
function onePipelinePanes(events: readonly Click[], markAt: number): string[] {
  return onePipeline(pipeline, BATCHING, events, markAt).map(canonical).sort();
}


describe('checkpoints per key group in NATS KV', () => {
  let server: NatsTestServer;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let kv: KV;
  let objects: ObjectStore;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    await ensureSpecStreams(jsm);
    kv = await new Kvm(js).create('checkpoints');
    objects = await new Objm(js).create('checkpoint-blobs');
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  const checkpointOf = async (prefix: string, kg: number): Promise<KeyGroupCheckpoint & { ref?: string }> => JSON.parse((await kv.get(`${prefix}.${kg}`))!.string()) as KeyGroupCheckpoint;

  for (const mode of ['immediate', 'afterCommit'] as const) {
    it(`a new owner restores each key group and reads on after its checkpoint (${mode}): the output is one process's, nothing replayed`, async () => {
      const events = clicks(31, 2_400);
      const name = `resume-${mode}`;
      const producer = createProducer(js, { ...BATCHING, subjectPrefix: `in.${name}` });
      for (const e of events.slice(0, 1_500)) await producer.send(e);
      await producer.mark();
      await producer.flush();
      const options = {
        input: { stream: 'IN', subjectPrefix: `in.${name}` },
        output: { subject: `out.${name}`, mode },
        keyGroups: keyGroupRange(0, 1, K),
        pipeline,
        until: 'end',
        checkpointEvery: 100,
      } as const;
      const first = await runWorker(js, { ...options, state: kvStateStore({ kv, owner: `a-${mode}`, keyPrefix: name }) }).done;
      expect(first.events).toBe(1_500);
      expect(first.checkpoints).toBeGreaterThan(10);
      for (let kg = 0; kg < K; kg++) expect((await checkpointOf(name, kg)).owner).toBe(`a-${mode}`);

      for (const e of events.slice(1_500)) await producer.send(e);
      await producer.finish();
      const second = await runWorker(js, { ...options, state: kvStateStore({ kv, owner: `b-${mode}`, keyPrefix: name }) }).done;
      // Only the events after the checkpoints were read again, and no pane came twice.
      expect(second.events).toBe(900);
      expect(first.duplicates + second.duplicates).toBe(0);
      expect(first.stored + second.stored).toBe(first.panes + second.panes);
      for (let kg = 0; kg < K; kg++) expect((await checkpointOf(name, kg)).owner).toBe(`b-${mode}`);
      const output = (await readAll(js, 'OUT', `out.${name}`)).map((p) => canonical(JSON.parse(p))).sort();
      expect(output).toEqual(onePipelinePanes(events, 1_500));
    });
  }

  it('a former owner is fenced: its checkpoint is refused once another owner took the key group', async () => {
    const a = await kvStateStore({ kv, owner: 'a', keyPrefix: 'fence' }).start(0);
    await a.save!({ id: 1, position: [3, 0], operators: {}, pending: [], released: false });
    const b = await kvStateStore({ kv, owner: 'b', keyPrefix: 'fence' }).start(0);
    expect(b.checkpoint).toEqual({ layout: 1, id: 1, position: [3, 0], operators: {}, pending: [], released: false, owner: 'b' });
    const refused = a.save!({ id: 2, position: [4, 0], operators: {}, pending: [], released: false });
    await expect(refused).rejects.toThrow(new FencedError(0, 'kvStateStore: key group 0 has a newer owner than a: checkpoint 2 refused'));
    await expect(refused).rejects.toBeInstanceOf(FencedError);
    await b.save!({ id: 2, position: [5, 1], operators: {}, pending: [], released: false });
    expect(await checkpointOf('fence', 0)).toEqual({ layout: 1, id: 2, position: [5, 1], operators: {}, pending: [], released: false, owner: 'b' });
  });

  it('a take waiting for the former owner to release gives up once the worker no longer wants the key group, and fences nobody', async () => {
    const a = await kvStateStore({ kv, owner: 'a', keyPrefix: 'unwanted' }).start(0);
    await a.save!({ id: 1, position: [3, 0], operators: {}, pending: [], released: false });
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const signal = { aborted: false };
    let outcome: string | undefined;
    kvStateStore({ kv, owner: 'b', keyPrefix: 'unwanted', handoverWait: 10_000, scheduler })
      .start(0, signal)
      .then(
        () => (outcome = 'taken'),
        (e: unknown) => (outcome = (e as Error).message),
      );
    // b polls for a's release on virtual time; its assignment moves the key group away after 1 s.
    for (let frame = 0; outcome === undefined && frame < 20_000; frame += 25) {
      if (frame === 1_000) signal.aborted = true;
      scheduler.maxFrames = frame;
      scheduler.flush();
      // The KV reads go to the real server between the polls.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(outcome).toBe('kvStateStore: b gave up taking key group 0: it is no longer wanted');
    await a.save!({ id: 2, position: [4, 0], operators: {}, pending: [], released: true });
    expect(await checkpointOf('unwanted', 0)).toEqual({ layout: 1, id: 2, position: [4, 0], operators: {}, pending: [], released: true, owner: 'a' });
  });

  it('a checkpoint over maxInline goes to the object store with a pointer in KV, and the superseded object is deleted', async () => {
    const store = kvStateStore({ kv, objects, owner: 'big', keyPrefix: 'big', maxInline: 1_000 });
    const start = await store.start(2);
    const operators = { 'combinePerKey#1': { blob: 'x'.repeat(5_000) } };
    await start.save!({ id: 1, position: [9, 4], operators, pending: [], released: false });
    expect(await checkpointOf('big', 2)).toEqual({ layout: 1, id: 1, owner: 'big', released: false, ref: 'big.2.big.1' });
    await start.save!({ id: 2, position: [10, 0], operators, pending: [{ id: 'p', body: '{}' }], released: true });
    expect(await objects.getBlob('big.2.big.1')).toBeNull();
    const restored = await kvStateStore({ kv, objects, owner: 'next', keyPrefix: 'big' }).start(2);
    expect(restored.checkpoint).toEqual({ layout: 1, id: 2, position: [10, 0], operators, pending: [{ id: 'p', body: '{}' }], released: true, owner: 'big' });
    expect(() => kvStateStore({ kv, owner: '' })).toThrow(new TypeError('kvStateStore: owner must be a non-empty string, got ""'));
    const small = await kvStateStore({ kv, owner: 'small', keyPrefix: 'small', maxInline: 10 }).start(0);
    await expect(small.save!({ id: 1, position: null, operators, pending: [], released: false })).rejects.toThrow(RangeError);
  });

  it("output.mode 'afterCommit' without a store that saves is refused", () => {
    expect(() =>
      runWorker(js, { input: { stream: 'IN', subjectPrefix: 'in' }, output: { subject: 'out', mode: 'afterCommit' }, keyGroups: [0], pipeline }),
    ).toThrow(new TypeError("runWorker: output.mode 'afterCommit' needs a state store that keeps checkpoints (kvStateStore), got replayFromStart"));
  });
});
