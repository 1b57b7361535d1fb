/**
 * Retractions law: whatever the arrival order (within the allowed lateness) and however the panes fire,
 * a grouping downstream that sums the panes of an `'accumulatingAndRetracting'` grouping, taking each
 * retraction back out, ends with the batch run's final value for every key and window, and with
 * nothing (no pane left, sum 0) for the windows that only existed on the way (sessions merged away).
 */
import fc from 'fast-check';
import { VirtualTimeScheduler, type Observable, type OperatorFunction } from 'rxjs';
import {
  afterCount,
  afterWatermark,
  asEventTime,
  Combine,
  combineFields,
  combinePerKey,
  fixedWindow,
  repeatedly,
  sessionWindow,
  slidingWindow,
  triggering,
  type EventTimeRecord,
  type Pane,
} from '../../src/index';
import { testStream, timestamped, type TestStreamBuilder } from '../../src/testing/index';

interface Ev {
  readonly key: string;
  readonly v: number;
  readonly t: number;
}

const LATENESS = 50;

const windowings: Record<string, () => OperatorFunction<EventTimeRecord<Ev>, EventTimeRecord<Ev>>> = {
  fixed: () => fixedWindow(20),
  sliding: () => slidingWindow(30, 10),
  sessions: () => sessionWindow(15),
  'sessions of a gap per element': () => sessionWindow((e: Ev) => 3 + e.v * 2),
};

const wid = (key: string, w: { start: number; end: number }) => `${key}@[${w.start},${w.end})`;

function collect<T>(panes$: Observable<T>, scheduler: VirtualTimeScheduler): T[] {
  const out: T[] = [];
  let error: unknown;
  panes$.subscribe({ next: (p) => out.push(p), error: (e: unknown) => (error = e) });
  scheduler.flush();
  if (error !== undefined) throw error;
  return out;
}

/** The final value per key and window: all events in one bundle, then the watermark to +infinity. */
function batch(events: readonly Ev[], windowing: () => OperatorFunction<EventTimeRecord<Ev>, EventTimeRecord<Ev>>): Map<string, number> {
  const scheduler = new VirtualTimeScheduler();
  const panes$ = testStream<Ev>()
    .addElements(...events.map((e) => timestamped(e, e.t)))
    .advanceWatermarkToInfinity()
    .build({ scheduler })
    .pipe(windowing(), combinePerKey((e: Ev) => e.key, Combine.sum((e: Ev) => e.v), { scheduler }));
  return new Map(collect(panes$ as Observable<Pane<number, string>>, scheduler).map((p) => [wid(p.key, p.window), p.value]));
}

interface Arrival {
  readonly event: Ev;
  /** Where to move the watermark after it, as a fraction of the room left before a remaining event would be late beyond the lateness. */
  readonly watermark: number | null;
}

function stream(arrivals: readonly Arrival[], early: number, windowing: () => OperatorFunction<EventTimeRecord<Ev>, EventTimeRecord<Ev>>) {
  const scheduler = new VirtualTimeScheduler();
  let b: TestStreamBuilder<Ev> = testStream<Ev>();
  let wm = -1;
  arrivals.forEach((a, i) => {
    b = b.addElements(timestamped(a.event, a.event.t));
    const rest = arrivals.slice(i + 1).map((x) => x.event.t);
    if (a.watermark === null || rest.length === 0) return;
    // An event stays within the lateness of every window it belongs to while the watermark is at most its time plus the lateness.
    const limit = Math.min(...rest) + LATENESS;
    const to = Math.floor(wm + (limit - wm) * a.watermark);
    if (to > wm) b = b.advanceWatermarkTo((wm = to));
  });
  const dropped: unknown[] = [];
  const totals$ = b.build({ scheduler }).pipe(
    windowing(),
    afterWatermark({ early: afterCount(early), late: afterCount(1), allowedLateness: LATENESS, accumulation: 'accumulatingAndRetracting' }),
    combinePerKey((e: Ev) => e.key, Combine.sum((e: Ev) => e.v), { scheduler, onDropped: (d) => dropped.push(d) }),
    asEventTime(),
    triggering(repeatedly(afterCount(1)), { accumulation: 'discarding', allowedLateness: 1e9 }),
    combinePerKey(
      (p: Pane<number, string>) => p.key,
      combineFields({ panes: Combine.count<Pane<number, string>>(), sum: Combine.sum((p: Pane<number, string>) => p.value) }),
      { scheduler, onDropped: (d) => dropped.push(d) },
    ),
  );
  const out = collect(totals$ as Observable<Pane<{ panes: number; sum: number }, string>>, scheduler);
  expect(dropped).toEqual([]);
  const totals = new Map<string, { panes: number; sum: number }>();
  for (const p of out) {
    const id = wid(p.key, p.window);
    const t = totals.get(id) ?? { panes: 0, sum: 0 };
    totals.set(id, { panes: t.panes + p.value.panes, sum: t.sum + p.value.sum });
  }
  return totals;
}

const eventsArb = fc.array(fc.record({ key: fc.constantFrom('a', 'b'), v: fc.integer({ min: 1, max: 9 }), t: fc.integer({ min: 0, max: 150 }) }), { minLength: 1, maxLength: 12 });
const scenarioArb = eventsArb.chain((events) =>
  fc.record({
    events: fc.constant(events),
    order: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
    watermarks: fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 2 }), { minLength: events.length, maxLength: events.length }),
    early: fc.constantFrom(1, 2),
  }),
);

describe('retractions: a downstream total per window equals the batch run', () => {
  for (const [name, windowing] of Object.entries(windowings)) {
    it(name, () => {
      fc.assert(
        fc.property(scenarioArb, ({ events, order, watermarks, early }) => {
          const expected = batch(events, windowing);
          const totals = stream(
            order.map((event, i) => ({ event, watermark: watermarks[i] })),
            early,
            windowing,
          );
          for (const [id, sum] of expected) expect([id, totals.get(id)]).toEqual([id, { panes: 1, sum }]);
          for (const [id, t] of totals) if (!expected.has(id)) expect([id, t]).toEqual([id, { panes: 0, sum: 0 }]);
        }),
        { numRuns: 150 },
      );
    });
  }
});
