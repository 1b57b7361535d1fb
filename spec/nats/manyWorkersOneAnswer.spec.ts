/**
 * The model behind scale-out, without a broker: the producer's batcher splits a stream into K = 8 key
 * groups with broadcast watermark markers; one pipeline per key group gives together exactly the panes
 * of one pipeline over everything (K = 1), for windows and triggers whose firing depends only on a
 * key's own elements and on the watermark.
 */
import { from, type Observable } from 'rxjs';
import {
  afterCount, afterWatermark, Combine, combineFields, combinePerKey, fixedWindow, repeatedly, sessionWindow, slidingWindow, triggering,
  type EventTimeRecord, type EventTimeStream, type Pane,
} from '../../src/index';
import { KeyGroupBatcher } from '../../src/nats/index';
import { clicks, recordsOf, sortedPanes, type Click } from './records';

type Pipeline = (events$: EventTimeStream<Click>) => Observable<Pane<unknown, string>>;

const stats = combineFields({ count: Combine.count<Click>(), sum: Combine.sum((c: Click) => c.amount) });
const byUser = (c: Click) => c.user;

/** Name, pipeline, and how many pane timings (EARLY, ON_TIME, LATE) its runs must show at least. */
const PIPELINES: readonly (readonly [string, Pipeline, number])[] = [
  ['fixed windows, the default trigger (late data dropped)', (e$) => e$.pipe(fixedWindow(10_000), combinePerKey(byUser, stats)), 1],
  [
    'fixed windows with early and late firings, accumulating',
    (e$) =>
      e$.pipe(
        fixedWindow(10_000),
        afterWatermark({ early: afterCount(2), late: afterCount(1), allowedLateness: 20_000, accumulation: 'accumulating' }),
        combinePerKey(byUser, stats),
      ),
    3,
  ],
  ['sliding windows, the default trigger with allowed lateness', (e$) => e$.pipe(slidingWindow(30_000, 10_000), afterWatermark({ allowedLateness: 20_000, accumulation: 'accumulating' }), combinePerKey(byUser, stats)), 2],
  [
    'sessions with late firings, discarding',
    (e$) => e$.pipe(sessionWindow(4_000), afterWatermark({ late: afterCount(1), allowedLateness: 30_000, accumulation: 'discarding' }), combinePerKey(byUser, stats)),
    2,
  ],
];

/**
 * A trigger that fires without the watermark: whether its pane after the end of the window is ON_TIME
 * or LATE depends on the grouping's output watermark, which every key's pending elements hold back, so
 * it depends on which keys share a pipeline (Beam on Flink behaves the same). docs/scaling-out.md.
 */
const COUNT_ONLY: Pipeline = (e$) =>
  e$.pipe(fixedWindow(20_000), triggering(repeatedly(afterCount(3)), { accumulation: 'discarding', allowedLateness: 10_000 }), combinePerKey(byUser, stats));

/** Runs the batcher over the clicks and returns each key group's records. */
function split(events: readonly Click[], keyGroups: number, seed: number): EventTimeRecord<Click>[][] {
  const bodies: string[][] = Array.from({ length: keyGroups }, () => []);
  const batcher = new KeyGroupBatcher<Click>('spec', { key: byUser, eventTime: (c) => c.t, keyGroups, batchSize: 4 + (seed % 5), markerEvery: 5 + (seed % 7), watermark: 3_000 }, (kg, n, body) => {
    expect(n).toBe(bodies[kg]!.length + 1);
    bodies[kg]!.push(body);
  });
  for (const [i, e] of events.entries()) {
    batcher.add(e);
    if (i % 97 === 50) batcher.idle();
  }
  batcher.finish();
  return bodies.map((b) => recordsOf<Click>(b));
}

function run(pipeline: Pipeline, records: readonly EventTimeRecord<Click>[]): Pane<unknown, string>[] {
  const panes: Pane<unknown, string>[] = [];
  let completed = false;
  pipeline(from(records)).subscribe({ next: (p) => panes.push(p), complete: () => (completed = true) });
  expect(completed).toBe(true);
  return panes;
}

describe('many key groups, one answer (in memory)', () => {
  it.each(PIPELINES)('%s: the panes of 8 key groups are the panes of one pipeline, over 25 seeded runs', (_, pipeline, kinds) => {
    let timings = new Set<string>();
    for (let seed = 1; seed <= 25; seed++) {
      const events = clicks(seed, 300);
      const [all] = split(events, 1, seed);
      const reference = run(pipeline, all!);
      const groups = split(events, 8, seed);
      expect(groups.filter((g) => g.some((r) => r.kind === 'element')).length).toBeGreaterThanOrEqual(5);
      const scaled = groups.flatMap((records) => run(pipeline, records));
      expect(reference.length).toBeGreaterThan(20);
      expect(sortedPanes(scaled)).toEqual(sortedPanes(reference));
      timings = new Set([...timings, ...reference.map((p) => p.pane.timing)]);
    }
    // The runs had early and late panes where the trigger makes them.
    expect(timings.size).toBeGreaterThanOrEqual(kinds);
  });

  it('a trigger firing without the watermark labels panes by the output watermark, which depends on the partitioning', () => {
    const differs = [1, 2, 3, 4, 5].filter((seed) => {
      const events = clicks(seed, 300);
      const reference = run(COUNT_ONLY, split(events, 1, seed)[0]!);
      const scaled = split(events, 8, seed).flatMap((records) => run(COUNT_ONLY, records));
      return JSON.stringify(sortedPanes(scaled)) !== JSON.stringify(sortedPanes(reference));
    });
    expect(differs.length).toBeGreaterThan(0);
  });

  it('the one-process reference is the stream as assignEventTime would see it: every element and every marker in order', () => {
    const events = clicks(7, 50);
    const [all] = split(events, 1, 7);
    expect(all!.filter((r) => r.kind === 'element').map((r) => (r.kind === 'element' ? r.value : undefined))).toEqual(events);
    const last = all![all!.length - 1]!;
    expect(last).toEqual({ kind: 'watermark', watermark: 8.64e15 });
  });
});
