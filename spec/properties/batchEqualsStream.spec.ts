/**
 * Batch equals stream: whatever the arrival order, bundling, watermark moves and processing-time moves,
 * as long as no element arrives beyond the allowed lateness, a stream run ends with the same value per
 * (key, window) as the batch run of the same events. Accumulating: the last pane per key and window
 * equals the batch pane. Discarding: the panes per key and window add up to the batch pane.
 */
import fc from 'fast-check';
import { from, VirtualTimeScheduler, type Observable } from 'rxjs';
import {
  afterProcessingTime,
  afterWatermark,
  assignEventTime,
  Combine,
  combineFields,
  combinePerKey,
  fixedWindow,
  type AccumulationMode,
  type EventTimeRecord,
  type Pane,
} from '../../src/index';
import { testStream, timestamped, type TestStreamBuilder } from '../../src/testing/index';

interface Ev {
  readonly user: string;
  readonly amount: number;
  readonly t: number;
}
interface Spend {
  readonly count: number;
  readonly sum: number;
}

const SIZE = 60;
const LATENESS = 120;
const gcTime = (t: number) => t - (((t % SIZE) + SIZE) % SIZE) + SIZE - 1 + LATENESS;

/** The tutorial pipeline (scaled to ms): fixed windows, early/late processing-time firings, count and sum per user. */
function spend(mode: AccumulationMode, scheduler: VirtualTimeScheduler, dropped: unknown[]) {
  return (events$: Observable<EventTimeRecord<Ev>>): Observable<Pane<Spend, string>> =>
    events$.pipe(
      fixedWindow(SIZE),
      afterWatermark({ early: afterProcessingTime(10), late: afterProcessingTime(10), allowedLateness: LATENESS, accumulation: mode }),
      combinePerKey((e: Ev) => e.user, combineFields({ count: Combine.count<Ev>(), sum: Combine.sum((e: Ev) => e.amount) }), {
        scheduler,
        onDropped: (d) => dropped.push(d),
      }),
    );
}

function collect(panes$: Observable<Pane<Spend, string>>, scheduler: VirtualTimeScheduler): Pane<Spend, string>[] {
  const out: Pane<Spend, string>[] = [];
  let error: unknown;
  panes$.subscribe({ next: (p) => out.push(p), error: (e: unknown) => (error = e) });
  scheduler.flush();
  if (error !== undefined) throw error;
  return out;
}

const id = (p: Pane<Spend, string>) => `${p.key}@${p.window.start}`;

interface Step {
  /** Put the next element in the same bundle as this one. */
  readonly joinNext: boolean;
  /** Where to move the watermark, as a fraction of the room left before any remaining element would be dropped. */
  readonly watermark: number | null;
  readonly processingTime: number;
}

const eventArb = fc.record({
  user: fc.constantFrom('u1', 'u2', 'u3'),
  amount: fc.integer({ min: -50, max: 50 }),
  t: fc.integer({ min: 0, max: 299 }),
});
const stepArb: fc.Arbitrary<Step> = fc.record({
  joinNext: fc.boolean(),
  watermark: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  processingTime: fc.integer({ min: 0, max: 15 }),
});
const scenarioArb = fc.array(eventArb, { minLength: 1, maxLength: 12 }).chain((events) =>
  fc.record({
    events: fc.constant(events),
    order: fc.shuffledSubarray([...events.keys()], { minLength: events.length, maxLength: events.length }),
    steps: fc.array(stepArb, { minLength: events.length, maxLength: events.length }),
    mode: fc.constantFrom<AccumulationMode>('accumulating', 'discarding'),
  }),
);

/** The stream script: bundles in arrival order, then watermark and processing-time moves that never make a remaining element expire. */
function script(events: readonly Ev[], order: readonly number[], steps: readonly Step[]): TestStreamBuilder<Ev> {
  let b = testStream<Ev>();
  let watermark = Number.NEGATIVE_INFINITY;
  let bundle: Ev[] = [];
  order.forEach((index, i) => {
    bundle.push(events[index]);
    const step = steps[i];
    const last = i === order.length - 1;
    if (step.joinNext && !last) return;
    b = b.addElements(...bundle.map((e) => timestamped(e, e.t)));
    bundle = [];
    if (step.watermark !== null) {
      const remaining = order.slice(i + 1).map((j) => gcTime(events[j].t));
      const bound = remaining.length > 0 ? Math.min(...remaining) : 1_000;
      const from = Number.isFinite(watermark) ? watermark : 0;
      const target = Math.floor(from + step.watermark * (bound - from));
      if (target > watermark && target <= bound) {
        b = b.advanceWatermarkTo(target);
        watermark = target;
      }
    }
    if (step.processingTime > 0) b = b.advanceProcessingTime(step.processingTime);
  });
  return b.advanceWatermarkToInfinity();
}

describe('batch equals stream (tutorial pipeline)', () => {
  it('gives the same final count and sum per (key, window) in both accumulation modes', () => {
    fc.assert(
      fc.property(scenarioArb, ({ events, order, steps, mode }) => {
        const dropped: unknown[] = [];
        const batchScheduler = new VirtualTimeScheduler();
        const batch = collect(from(events).pipe(assignEventTime((e: Ev) => e.t, { scheduler: batchScheduler }), spend(mode, batchScheduler, dropped)), batchScheduler);
        const streamScheduler = new VirtualTimeScheduler();
        const stream = collect(script(events, order, steps).build({ scheduler: streamScheduler }).pipe(spend(mode, streamScheduler, dropped)), streamScheduler);

        expect(dropped).toEqual([]);
        // The batch run has one ON_TIME, only pane per key and window.
        const expected = new Map<string, Spend>();
        for (const p of batch) {
          expect(p.pane).toEqual({ timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true });
          expect(expected.has(id(p))).toBe(false);
          expected.set(id(p), p.value);
        }
        const actual = new Map<string, Spend>();
        for (const p of stream) {
          const before = actual.get(id(p));
          actual.set(id(p), mode === 'accumulating' || before === undefined ? p.value : { count: before.count + p.value.count, sum: before.sum + p.value.sum });
        }
        expect(Object.fromEntries([...actual].sort())).toEqual(Object.fromEntries([...expected].sort()));
      }),
      { numRuns: 150 },
    );
  });

  it('the script generator respects allowed lateness (a late arrival near the bound is kept)', () => {
    // u1 at 5 (window [0, 60), GC time 179) arrives after the watermark moved to exactly 179.
    const events: Ev[] = [
      { user: 'u1', amount: 1, t: 100 },
      { user: 'u1', amount: 2, t: 5 },
    ];
    const steps: Step[] = [
      { joinNext: false, watermark: 1, processingTime: 0 },
      { joinNext: false, watermark: null, processingTime: 0 },
    ];
    const s = new VirtualTimeScheduler();
    const dropped: unknown[] = [];
    const panes = collect(script(events, [0, 1], steps).build({ scheduler: s }).pipe(spend('accumulating', s, dropped)), s);
    expect(dropped).toEqual([]);
    expect(panes.map((p) => [p.key, p.window.start, p.value, p.pane.timing])).toEqual([
      ['u1', 60, { count: 1, sum: 1 }, 'ON_TIME'],
      ['u1', 0, { count: 1, sum: 2 }, 'LATE'],
    ]);
  });
});
