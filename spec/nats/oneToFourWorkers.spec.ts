/**
 * Proof that the number of workers does not change the answer, through a real nats-server: one input
 * stream of seeded clicks, read by 1, 2, 3 and 4 workers owning disjoint key-group ranges, for four
 * pipelines (fixed windows with early and late firings, sliding windows, sessions, the default trigger).
 * Each output subject holds exactly the multiset of panes (key, window, value, pane info, timestamp) of one
 * pipeline over the whole input, one message per distinct pane id.
 */
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { Observable } from 'rxjs';
import { afterCount, afterWatermark, Combine, combineFields, combinePerKey, defaultTrigger, fixedWindow, triggering, sessionWindow, slidingWindow, type EventTimeStream, type Pane } from '../../src/index';
import { createProducer, keyGroupRange, paneId, runWorker } from '../../src/nats/index';
import { startNatsServer, type NatsTestServer } from '../helpers/natsServer';
import { canonical, clicks, ensureSpecStreams, onePipeline, type Click, readAll } from './records';

type NatsConnection = Awaited<ReturnType<typeof connect>>;
type Pipeline = (events$: EventTimeStream<Click>) => Observable<Pane<unknown, string>>;

jest.setTimeout(60_000);

const K = 8;
const EVENTS = 1_200;
const BATCHING = { key: (c: Click) => c.user, eventTime: (c: Click) => c.t, keyGroups: K, batchSize: 40, markerEvery: 150, watermark: 3_000 } as const;
const stats = combineFields({ count: Combine.count<Click>(), sum: Combine.sum((c: Click) => c.amount) });
const byUser = (c: Click) => c.user;

/** Name, subject token, pipeline, and the pane timings its reference must show. */
const PIPELINES: readonly (readonly [string, string, Pipeline, readonly string[]])[] = [
  [
    'fixed windows with early and late firings, accumulating',
    'fixed',
    (e$) => e$.pipe(fixedWindow(10_000), afterWatermark({ early: afterCount(2), late: afterCount(1), allowedLateness: 20_000, accumulation: 'accumulating' }), combinePerKey(byUser, stats)),
    ['EARLY', 'LATE', 'ON_TIME'],
  ],
  [
    'sliding windows, the default trigger with allowed lateness (a late pane at each watermark after late data)',
    'sliding',
    (e$) => e$.pipe(slidingWindow(30_000, 10_000), triggering(defaultTrigger(), { allowedLateness: 20_000, accumulation: 'accumulating' }), combinePerKey(byUser, stats)),
    ['LATE', 'ON_TIME'],
  ],
  [
    'sessions with late firings, discarding',
    'sessions',
    (e$) => e$.pipe(sessionWindow(4_000), afterWatermark({ late: afterCount(1), allowedLateness: 30_000, accumulation: 'discarding' }), combinePerKey(byUser, stats)),
    ['LATE', 'ON_TIME'],
  ],
  ['fixed windows, the default trigger', 'default', (e$) => e$.pipe(fixedWindow(10_000), combinePerKey(byUser, stats)), ['ON_TIME']],
];



describe('1, 2, 3 and 4 workers give the panes of one process (real server)', () => {
  let server: NatsTestServer;
  let nc: NatsConnection;
  let js: JetStreamClient;
  const events = clicks(21, EVENTS);

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    await ensureSpecStreams(jsm);
    const producer = createProducer(js, { ...BATCHING, subjectPrefix: 'in' });
    for (const e of events) await producer.send(e);
    await producer.finish();
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  describe.each(PIPELINES)('%s', (_, token, pipeline, timings) => {
    const reference = onePipeline(pipeline, BATCHING, events);
    const expected = reference.map(canonical).sort();

    it('the reference has the pane timings the trigger makes, each pane under its own id', () => {
      expect(reference.length).toBeGreaterThan(100);
      expect([...new Set(reference.map((p) => p.pane.timing))].sort()).toEqual(timings);
      expect(new Set(reference.map(paneId)).size).toBe(reference.length);
    });

    it.each([1, 2, 3, 4])('%i worker(s)', async (n) => {
      const subject = `out.${token}.${n}`;
      const workers = Array.from({ length: n }, (_, i) =>
        runWorker(js, { input: { stream: 'IN', subjectPrefix: 'in' }, output: { subject }, keyGroups: keyGroupRange(i, n, K), pipeline, until: 'end' }),
      );
      const stats = await Promise.all(workers.map((w) => w.done));
      expect(stats.reduce((sum, s) => sum + s.events, 0)).toBe(EVENTS);
      expect(stats.every((s) => s.events > 0)).toBe(true);
      expect(stats.reduce((sum, s) => sum + s.stored, 0)).toBe(reference.length);
      expect(stats.reduce((sum, s) => sum + s.duplicates, 0)).toBe(0);
      const output = await readAll(js, 'OUT', subject);
      expect(output.length).toBe(new Set(reference.map(paneId)).size);
      expect(output.map((body) => canonical(JSON.parse(body))).sort()).toEqual(expected);
    });
  });
});
