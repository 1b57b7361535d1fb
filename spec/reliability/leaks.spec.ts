import { from, Subject, VirtualTimeScheduler } from 'rxjs';
import {
  afterProcessingTime,
  afterWatermark,
  assignEventTime,
  boundedOutOfOrderness,
  Combine,
  combinePerKey,
  fixedWindow,
  withIdleness,
  type ReducerMetrics,
} from '../../src/index';
import { testStream, timestamped, trackScheduler } from '../../src/testing/index';

describe('unsubscribing releases every scheduled action and all state', () => {
  it('assignEventTime: the pending after-burst watermark is cancelled', () => {
    const tracked = trackScheduler(new VirtualTimeScheduler());
    const source = new Subject<number>();
    const sub = source.pipe(assignEventTime((t: number) => t, { scheduler: tracked })).subscribe();
    source.next(5);
    expect(tracked.live).toBe(1);
    sub.unsubscribe();
    expect([tracked.live, tracked.scheduled, tracked.cancelled, tracked.executed]).toEqual([0, 1, 1, 0]);
  });

  it('assignEventTime with idleness: the idleness timer is cancelled, on unsubscribe and on completion', () => {
    const vts = new VirtualTimeScheduler();
    const tracked = trackScheduler(vts);
    const source = new Subject<number>();
    const strategy = withIdleness(boundedOutOfOrderness(0), 1_000);
    const sub = source.pipe(assignEventTime((t: number) => t, { scheduler: tracked, watermark: strategy, emitWatermark: 'perElement' })).subscribe();
    source.next(5);
    expect(tracked.live).toBe(1);
    sub.unsubscribe();
    expect(tracked.live).toBe(0);

    const done = new Subject<number>();
    done.pipe(assignEventTime((t: number) => t, { scheduler: tracked, watermark: strategy })).subscribe();
    expect(tracked.live).toBe(1);
    done.complete();
    expect(tracked.live).toBe(0);
    vts.flush();
    expect(tracked.live).toBe(0);
  });

  it('a grouping with processing-time triggers, fed by a testStream: all timers cancelled and state dropped mid-stream', () => {
    const vts = new VirtualTimeScheduler();
    const tracked = trackScheduler(vts);
    let metrics: Readonly<ReducerMetrics> | undefined;
    const events$ = testStream<string>()
      .addElements(timestamped('a', 1_000), timestamped('b', 61_000))
      .advanceProcessingTime(5)
      .addElements(timestamped('c', 2_000))
      .advanceProcessingTime(100)
      .advanceWatermarkToInfinity()
      .build({ scheduler: tracked, clock: 'frames' });
    const panes: unknown[] = [];
    const sub = events$
      .pipe(
        fixedWindow(60_000),
        afterWatermark({ early: afterProcessingTime(50), accumulation: 'discarding' }),
        combinePerKey((s: string) => s, Combine.count<string>(), { scheduler: tracked, onMetrics: (m) => (metrics = m) }),
      )
      .subscribe((p) => panes.push(p));
    vts.maxFrames = 10;
    vts.flush();
    // testStream's next step (at 105) and the grouping's early-firing timer (at 51) are pending.
    expect(tracked.live).toBe(2);
    expect(metrics!.openWindows).toBe(3);
    sub.unsubscribe();
    expect(tracked.live).toBe(0);
    expect(metrics!.openWindows).toBe(0);
    vts.maxFrames = Number.POSITIVE_INFINITY;
    vts.flush();
    expect(panes).toEqual([]);
  });

  it('a source error cancels the grouping timer and the source watermark, and drops the state', () => {
    const vts = new VirtualTimeScheduler();
    const tracked = trackScheduler(vts);
    const source = new Subject<number>();
    let metrics: Readonly<ReducerMetrics> | undefined;
    let error: unknown;
    source
      .pipe(
        assignEventTime((t: number) => t, { scheduler: tracked, watermark: withIdleness(boundedOutOfOrderness(0), 1_000) }),
        fixedWindow(60_000),
        afterWatermark({ early: afterProcessingTime(50), accumulation: 'discarding' }),
        combinePerKey(() => 'k', Combine.count<number>(), { scheduler: tracked, onMetrics: (m) => (metrics = m) }),
      )
      .subscribe({ error: (e: unknown) => (error = e) });
    source.next(1_000);
    // The idleness timer, the after-burst watermark and the early-firing timer.
    expect([tracked.live, metrics!.openWindows]).toEqual([3, 1]);
    source.error(new Error('gone'));
    expect((error as Error).message).toBe('assignEventTime: the source errored: gone');
    expect([tracked.live, metrics!.openWindows]).toEqual([0, 0]);
  });

  it('a testStream alone: the next step is cancelled', () => {
    const vts = new VirtualTimeScheduler();
    const tracked = trackScheduler(vts);
    const seen: unknown[] = [];
    const sub = testStream<string>()
      .addElements(timestamped('a', 1))
      .advanceProcessingTime(10)
      .addElements(timestamped('b', 2))
      .advanceProcessingTime(10)
      .addElements(timestamped('c', 3))
      .build({ scheduler: tracked, clock: 'frames' })
      .subscribe((r) => seen.push(r));
    vts.maxFrames = 15;
    vts.flush();
    expect([seen.length, tracked.live]).toEqual([2, 1]);
    sub.unsubscribe();
    expect(tracked.live).toBe(0);
  });

  it('a run to completion leaves no live action either', () => {
    const vts = new VirtualTimeScheduler();
    const tracked = trackScheduler(vts);
    from([1_000, 61_000, 2_000])
      .pipe(
        assignEventTime((t: number) => t, { scheduler: tracked, watermark: withIdleness(boundedOutOfOrderness(0), 500) }),
        fixedWindow(60_000),
        afterWatermark({ early: afterProcessingTime(50), accumulation: 'discarding' }),
        combinePerKey(() => 'k', Combine.count<number>(), { scheduler: tracked }),
      )
      .subscribe();
    vts.flush();
    expect(tracked.live).toBe(0);
    expect(tracked.scheduled).toBeGreaterThan(0);
  });
});

describe('memory is bounded by the open windows', () => {
  it('streams a million lazily generated events through fixed windows with at most two windows per key open', () => {
    const N = 1_000_000;
    const KEYS = 8;
    let metrics: Readonly<ReducerMetrics> | undefined;
    let maxOpen = 0;
    function* events(): Generator<number> {
      for (let i = 0; i < N; i++) {
        if (metrics !== undefined && metrics.openWindows > maxOpen) maxOpen = metrics.openWindows;
        yield i;
      }
    }
    // Event time 7 ms per event, up to 49 ms out of order; the watermark allows 50 ms.
    const eventTime = (i: number) => i * 7 - ((i * 31) % 50);
    const vts = new VirtualTimeScheduler();
    let panes = 0;
    let counted = 0;
    from(events())
      .pipe(
        assignEventTime(eventTime, { watermark: 50, emitWatermark: 'perElement', scheduler: vts }),
        fixedWindow(1_000),
        combinePerKey((i: number) => i % KEYS, Combine.count<number>(), { scheduler: vts, onMetrics: (m) => (metrics = m) }),
      )
      .subscribe((p) => {
        panes++;
        counted += p.value;
      });
    vts.flush();
    expect(counted).toBe(N);
    expect(metrics!.elementsIn).toBe(N);
    expect(metrics!.droppedLate + metrics!.droppedClosed).toBe(0);
    expect(panes).toBe(metrics!.panesOut);
    // One accumulator per open (key, window): at most the current and the previous window of each key.
    expect(maxOpen).toBeGreaterThanOrEqual(KEYS);
    expect(maxOpen).toBeLessThanOrEqual(2 * KEYS);
    expect(metrics!.openWindows).toBe(0);
  });
});
