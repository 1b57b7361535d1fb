/**
 * The joins' state is bounded by the watermark: over a long stream run (both inputs out of order by up
 * to 5 ms, watermarks after every element), what a join holds never exceeds what its bounds, its
 * allowed lateness and the out-of-orderness let match, and it is nothing once the watermark has passed everything.
 */
import { Subject } from 'rxjs';
import { assignEventTime, intervalJoin, temporalJoin, type EventTimeRecord, type IntervalJoinMetrics, type TemporalJoinMetrics } from '../../src/index';

interface Ev {
  readonly k: number;
  readonly t: number;
}

const N = 20_000;
const KEYS = 50;
const OUT_OF_ORDER = 5;

/** One element per ms per side, each up to OUT_OF_ORDER ms early or late (seeded, so the run is the same every time). */
function events(seed: number): Ev[] {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  return Array.from({ length: N }, (_, i) => ({ k: Math.floor(rnd() * KEYS), t: 1_000 + i + Math.floor(rnd() * (OUT_OF_ORDER + 1)) }));
}

/** Feeds both sides alternately through assignEventTime (a watermark after every element), tracking the most the join held. */
function stream<M>(
  join: (left$: import('rxjs').Observable<EventTimeRecord<Ev>>, right$: import('rxjs').Observable<EventTimeRecord<Ev>>, onMetrics: (m: M) => void) => import('rxjs').Observable<EventTimeRecord<unknown>>,
  held: (m: M) => number,
): { peak: number; afterWatermark: number; afterComplete: number; outputs: number; metrics: M } {
  const left = new Subject<Ev>();
  const right = new Subject<Ev>();
  const stamp = assignEventTime((e: Ev) => e.t, { watermark: OUT_OF_ORDER, emitWatermark: 'perElement' });
  let metrics: M | undefined;
  let outputs = 0;
  join(left.pipe(stamp), right.pipe(stamp), (m) => (metrics = m)).subscribe((r) => {
    if (r.kind === 'element') outputs++;
  });
  const [ls, rs] = [events(1), events(2)];
  let peak = 0;
  for (let i = 0; i < N; i++) {
    left.next(ls[i]);
    right.next(rs[i]);
    peak = Math.max(peak, held(metrics!));
  }
  // Both watermarks far past every element, the inputs still open.
  left.next({ k: 0, t: 1_000_000 });
  right.next({ k: 0, t: 1_000_000 });
  const afterWatermark = held(metrics!);
  const metricsThen = { ...metrics! };
  const outputsThen = outputs;
  left.complete();
  right.complete();
  return { peak, afterWatermark, afterComplete: held(metrics!), outputs: outputsThen, metrics: metricsThen };
}

describe('join state is bounded by the watermark', () => {
  it('intervalJoin holds about (upperBound - lowerBound + allowedLateness + out-of-orderness) ms of each side, then nothing', () => {
    const [lowerBound, upperBound, allowedLateness] = [-20, 10, 15];
    const run = stream<IntervalJoinMetrics>(
      (l$, r$, onMetrics) => l$.pipe(intervalJoin(r$, { key: (e: Ev) => e.k, otherKey: (e: Ev) => e.k, lowerBound, upperBound, allowedLateness, onMetrics })),
      (m) => m.buffered,
    );
    // A left element stays until the watermark minus lateness passes t + upperBound, a right one t - lowerBound;
    // the watermark trails the newest time by the out-of-orderness, and times run up to that much ahead.
    const span = (u: number) => u + allowedLateness + 2 * OUT_OF_ORDER + 2;
    expect(run.peak).toBeLessThanOrEqual(span(upperBound) + span(-lowerBound));
    expect(run.peak).toBeGreaterThan(0);
    expect(run.outputs).toBeGreaterThan(N / 2);
    // The two far elements remain (each may still meet the other side's next elements), nothing older.
    expect(run.afterWatermark).toBe(2);
    expect(run.metrics.droppedLate).toBe(0);
    expect(run.afterComplete).toBe(0);
  });

  it('temporalJoin holds the elements waiting for the table, the newest versions and one per key, then one per key, and nothing once both end', () => {
    const allowedLateness = 10;
    const run = stream<TemporalJoinMetrics>(
      (l$, r$, onMetrics) => l$.pipe(temporalJoin(r$, { key: (e: Ev) => e.k, tableKey: (e: Ev) => e.k, missing: 'emit-undefined', allowedLateness, onMetrics })),
      (m) => m.buffered,
    );
    const span = allowedLateness + 2 * OUT_OF_ORDER + 2;
    // Waiting elements: those within `span` of the table's watermark; versions: those newer than the horizon, plus one per key.
    expect(run.peak).toBeLessThanOrEqual(span + span + KEYS);
    // Every element but the far one is out; it waits for the table to pass 1_000_000 + lateness.
    expect(run.outputs).toBe(N);
    expect(run.metrics.pending).toBe(1);
    // Per key the latest version at or before the horizon, and key 0's far version.
    expect(run.metrics.versions).toBe(KEYS + 1);
    expect(run.afterWatermark).toBe(KEYS + 2);
    expect(run.afterComplete).toBe(0);
  });
});
