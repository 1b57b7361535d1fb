import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterCount, Combine, combinePerKey, fixedWindow, MAX_TIMESTAMP, MIN_TIMESTAMP, triggering, type DeadLetter, type GroupingMetrics } from '../../src/index';
import { eventTimeMarbles, expectPanes } from '../../src/testing/index';

const scheduler = () => new TestScheduler((a, e) => expect(a).toEqual(e));
const W0 = { start: 0, end: 60_000, maxTimestamp: 59_999 };

describe('dead letters and metrics of a grouping', () => {
  it('routes an element beyond the allowed lateness with its window, watermark and reason', () => {
    scheduler().run(({ cold, flush }) => {
      const deadLetters = new Subject<DeadLetter<string>>();
      const letters: DeadLetter<string>[] = [];
      deadLetters.subscribe((d) => letters.push(d));
      const events$ = cold(...eventTimeMarbles('a (W:2m) b c |', { a: ['a', '10s'], b: ['b', '30s'], c: ['c', '130s'] }));
      const panes$ = events$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>(), { deadLetters }));
      expectPanes(panes$, { flush }).toBe(`
        @1 k [0s, 1m) ON_TIME #0/0 first last 1
        @9 k [2m, 3m) ON_TIME #0/0 first last 1
      `);
      expect(letters).toEqual([
        {
          operator: 'combinePerKey',
          reason: 'beyond-allowed-lateness',
          value: 'b',
          timestamp: 30_000,
          window: W0,
          watermark: 120_000,
          message:
            "combinePerKey: dropped an element at 1970-01-01T00:00:30.000Z from [1970-01-01T00:00:00.000Z, 1970-01-01T00:01:00.000Z): the watermark 1970-01-01T00:02:00.000Z is past the window's garbage-collection time",
        },
      ]);
    });
  });

  it("routes an element for a window whose trigger finished as 'window-closed'", () => {
    scheduler().run(({ cold, flush }) => {
      const letters: DeadLetter<string>[] = [];
      const events$ = cold(...eventTimeMarbles('a b (W:+inf) |', { a: ['a', '1s'], b: ['b', '2s'] }));
      const panes$ = events$.pipe(
        fixedWindow(60_000),
        triggering(afterCount(1), { accumulation: 'discarding' }),
        combinePerKey(() => 'k', Combine.toList<string>(), { deadLetters: { next: (d) => letters.push(d) } }),
      );
      expectPanes(panes$, { flush }).toBe('@0 k [0s, 1m) EARLY #0/-1 first last ["a"]');
      expect(letters.map((d) => [d.value, d.reason, d.window, d.watermark])).toEqual([['b', 'window-closed', W0, MIN_TIMESTAMP]]);
    });
  });

  const METRICS_DIAGRAM = 'a a (W:2m) b (W:2m) c |';
  const PANES = `
    @2 k [0s, 1m) ON_TIME #0/0 first last 2
    @16 k [2m, 3m) ON_TIME #0/0 first last 1
  `;

  it('gives the same panes at the same frames without a metrics observer', () => {
    scheduler().run(({ cold, flush }) => {
      const events$ = cold(...eventTimeMarbles(METRICS_DIAGRAM, { a: ['a', '10s'], b: ['b', '30s'], c: ['c', '130s'] }));
      expectPanes(events$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>())), { flush }).toBe(PANES);
    });
  });

  it('pushes a metrics snapshot after each record that changed something, synchronously', () => {
    scheduler().run(({ cold, flush }) => {
      const metrics = new Subject<GroupingMetrics>();
      const seen: string[] = [];
      metrics.subscribe((m) => seen.push(`${m.operator} in=${m.elementsIn} dropped=${m.dropped} panes=${m.panesOut} open=${m.openWindows} wm=${m.inputWatermark}/${m.outputWatermark}`));
      const events$ = cold(...eventTimeMarbles(METRICS_DIAGRAM, { a: ['a', '10s'], b: ['b', '30s'], c: ['c', '130s'] }));
      const panes$ = events$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>(), { metrics }));
      expectPanes(panes$, { flush }).toBe(PANES);
      expect(seen).toEqual([
        `combinePerKey in=1 dropped=0 panes=0 open=1 wm=${MIN_TIMESTAMP}/${MIN_TIMESTAMP}`,
        `combinePerKey in=2 dropped=0 panes=0 open=1 wm=${MIN_TIMESTAMP}/${MIN_TIMESTAMP}`,
        'combinePerKey in=2 dropped=0 panes=1 open=0 wm=120000/120000',
        'combinePerKey in=3 dropped=1 panes=1 open=0 wm=120000/120000',
        'combinePerKey in=4 dropped=1 panes=1 open=1 wm=120000/120000',
        `combinePerKey in=4 dropped=1 panes=2 open=0 wm=${MAX_TIMESTAMP}/${MAX_TIMESTAMP}`,
      ]);
    });
  });
});
