import fc from 'fast-check';
import { Subject, VirtualTimeScheduler, type Observable } from 'rxjs';
import {
  afterCount,
  afterProcessingTime,
  afterWatermark,
  assignEventTime,
  Combine,
  combinePerKey,
  END_OF_GLOBAL_WINDOW,
  fixedWindow,
  GLOBAL_WINDOW,
  globalWindow,
  groupByKey,
  intervalWindow,
  mergeEventTime,
  punctuatedWatermark,
  repeatedly,
  triggering,
  type DeadLetter,
  type ElementRecord,
  type EventTimeRecord,
  type Pane,
  type PaneTiming,
  type WatermarkRecord,
  type Window,
} from '../../src/index';
import { isIdleMark, windowId } from '../../src/core';
import { trackScheduler } from '../../src/testing/index';

type Info = [PaneTiming, number, number, boolean, boolean];

function pane<V>(key: string, window: Window, value: V, info: Info, timestamp = window.maxTimestamp) {
  const [timing, index, onTimeIndex, isFirst, isLast] = info;
  return { key, window, value, pane: { timing, index, onTimeIndex, isFirst, isLast }, timestamp };
}

const el = (v: number): ElementRecord<number> => ({ kind: 'element', value: v, timestamp: v });
const wm = (t: number): WatermarkRecord => ({ kind: 'watermark', watermark: t });

/**
 * Subscribes to `panes$`, calling `react(n)` after the n-th pane is recorded (where the subscriber feeds
 * the source again, synchronously), then runs `feed`. Records every event with its virtual frame.
 */
function run<V>(vts: VirtualTimeScheduler, panes$: Observable<Pane<V, string>>, feed: () => void, react: (n: number) => void) {
  const out: unknown[] = [];
  let n = 0;
  panes$.subscribe({
    next: (p) => {
      out.push([vts.now(), p]);
      react(++n);
    },
    error: (e: unknown) => out.push([vts.now(), 'error', e]),
    complete: () => out.push([vts.now(), 'complete']),
  });
  feed();
  vts.flush();
  return out;
}

describe('input fed back from inside the output subscriber waits for the step that emitted', () => {
  it('a Subject fed on the first pane: the new element is processed after that step, in no other pane', () => {
    const vts = new VirtualTimeScheduler();
    const s = new Subject<number>();
    const panes$ = s.pipe(
      assignEventTime((t: number) => t, { scheduler: vts }),
      globalWindow(),
      triggering(repeatedly(afterCount(2)), { accumulation: 'discarding' }),
      combinePerKey(() => 'k', Combine.toList<number>(), { scheduler: vts }),
    );
    const out = run(
      vts,
      panes$,
      () => {
        s.next(1);
        s.next(2);
        s.next(3);
        s.complete();
      },
      (n) => {
        if (n === 1) s.next(100);
      },
    );
    const end = END_OF_GLOBAL_WINDOW;
    expect(out).toEqual([
      [0, pane('k', GLOBAL_WINDOW, [1, 2], ['EARLY', 0, -1, true, false], end)],
      // 100 arrived while [1, 2] was going out: it starts the next pane, and 3 completes it.
      [0, pane('k', GLOBAL_WINDOW, [100, 3], ['EARLY', 1, -1, false, false], end)],
      [0, pane('k', GLOBAL_WINDOW, [], ['ON_TIME', 2, 0, false, true], end)],
      [0, 'complete'],
    ]);
  });

  it("assignEventTime: a marker's watermark goes out before an element fed back while the marker was handled", () => {
    interface Ev {
      readonly t: number;
      readonly mark?: number;
    }
    const vts = new VirtualTimeScheduler();
    const s = new Subject<Ev>();
    const drops: unknown[] = [];
    const panes$ = s.pipe(
      assignEventTime((e: Ev) => e.t, { watermark: punctuatedWatermark((e: Ev) => e.mark), emitWatermark: 'perElement', scheduler: vts }),
      fixedWindow(100),
      afterWatermark({ early: afterCount(2), accumulation: 'discarding' }),
      combinePerKey(() => 'k', Combine.toList<Ev>(), { scheduler: vts, onDropped: (d) => drops.push([d.value, d.window, d.reason, d.watermark]) }),
    );
    const out = run(
      vts,
      panes$,
      () => {
        s.next({ t: 1 });
        s.next({ t: 2, mark: 200 });
        s.complete();
      },
      (n) => {
        if (n === 1) s.next({ t: 150 });
      },
    );
    const W0 = intervalWindow(0, 100);
    expect(out).toEqual([
      [0, pane('k', W0, [{ t: 1 }, { t: 2, mark: 200 }], ['EARLY', 0, -1, true, false])],
      [0, pane('k', W0, [], ['ON_TIME', 1, 0, false, true])],
      [0, 'complete'],
    ]);
    // The marker moved the watermark to 200 before 150 was processed: its window [100, 200) had expired.
    expect(drops).toEqual([[{ t: 150 }, intervalWindow(100, 200), 'beyond-allowed-lateness', 200]]);
  });

  it('records fed straight to a grouping: two elements fed back on a pane are not added to the pane going out', () => {
    const vts = new VirtualTimeScheduler();
    const s = new Subject<EventTimeRecord<number>>();
    const panes$ = s.pipe(
      globalWindow(),
      triggering(repeatedly(afterCount(2)), { accumulation: 'discarding' }),
      combinePerKey(() => 'k', Combine.toList<number>(), { scheduler: vts }),
    );
    const out = run(
      vts,
      panes$,
      () => {
        s.next(el(1));
        s.next(el(2));
        s.complete();
      },
      (n) => {
        if (n !== 1) return;
        s.next(el(3));
        s.next(el(4));
      },
    );
    const end = END_OF_GLOBAL_WINDOW;
    expect(out).toEqual([
      [0, pane('k', GLOBAL_WINDOW, [1, 2], ['EARLY', 0, -1, true, false], end)],
      // Not [1, 2, 3, 4]: the discarding pane [1, 2] was emitted before 3 and 4 were processed.
      [0, pane('k', GLOBAL_WINDOW, [3, 4], ['EARLY', 1, -1, false, false], end)],
      [0, pane('k', GLOBAL_WINDOW, [], ['ON_TIME', 2, 0, false, true], end)],
      [0, 'complete'],
    ]);
  });

  it('a watermark, an element and completion fed back on an EARLY pane: the ON_TIME pane does not repeat its element, the late one is a dead letter', () => {
    const vts = new VirtualTimeScheduler();
    const s = new Subject<EventTimeRecord<number>>();
    const letters: DeadLetter<number>[] = [];
    const deadLetters = new Subject<DeadLetter<number>>();
    deadLetters.subscribe((d) => letters.push(d));
    const panes$ = s.pipe(
      fixedWindow(10),
      afterWatermark({ early: afterCount(1), allowedLateness: 100, accumulation: 'discarding' }),
      combinePerKey(() => 'k', Combine.toList<number>(), { scheduler: vts, deadLetters }),
    );
    const out = run(
      vts,
      panes$,
      () => {
        s.next(el(1));
        s.next(el(2));
      },
      (n) => {
        if (n !== 1) return;
        s.next(wm(10));
        s.next(el(5));
        s.complete();
      },
    );
    const W = intervalWindow(0, 10);
    expect(out).toEqual([
      [0, pane('k', W, [1], ['EARLY', 0, -1, true, false])],
      // The watermark is processed after the element's step: the ON_TIME pane holds nothing new.
      [0, pane('k', W, [], ['ON_TIME', 1, 0, false, true])],
      [0, 'complete'],
    ]);
    // The trigger finished with the ON_TIME pane, so 5 is dropped (counted and routed), never lost.
    expect(letters).toEqual([
      {
        operator: 'combinePerKey',
        reason: 'window-closed',
        value: 5,
        timestamp: 5,
        window: W,
        watermark: 10,
        message: expect.stringContaining('combinePerKey: dropped an element'),
      },
    ]);
  });

  it('an element fed back on a pane from a processing-time firing waits for that firing', () => {
    const vts = new VirtualTimeScheduler();
    const s = new Subject<EventTimeRecord<number>>();
    const panes$ = s.pipe(
      fixedWindow(10),
      afterWatermark({ early: afterProcessingTime(5), accumulation: 'discarding' }),
      combinePerKey(() => 'k', Combine.toList<number>(), { scheduler: vts }),
    );
    const out = run(
      vts,
      panes$,
      () => {
        s.next(el(1));
        vts.flush();
        s.complete();
      },
      (n) => {
        if (n === 1) s.next(el(3));
      },
    );
    const W = intervalWindow(0, 10);
    expect(out).toEqual([
      // The timer set at 0 for 5 fires at 6; 3 arrives then, sets the next target 11, which fires at 12.
      [6, pane('k', W, [1], ['EARLY', 0, -1, true, false])],
      [12, pane('k', W, [3], ['EARLY', 1, -1, false, false])],
      [12, pane('k', W, [], ['ON_TIME', 2, 0, false, true])],
      [12, 'complete'],
    ]);
  });

  it('through assignEventTime (fused with the grouping, one gate for both): an element fed back on a timer pane waits for that firing', () => {
    const vts = new VirtualTimeScheduler();
    const s = new Subject<number>();
    const panes$ = s.pipe(
      assignEventTime((t: number) => t, { scheduler: vts }),
      fixedWindow(10),
      afterWatermark({ early: afterProcessingTime(5), accumulation: 'discarding' }),
      combinePerKey(() => 'k', Combine.toList<number>(), { scheduler: vts }),
    );
    const out = run(
      vts,
      panes$,
      () => {
        s.next(1);
        vts.flush();
        s.complete();
      },
      (n) => {
        if (n === 1) s.next(3);
      },
    );
    const W = intervalWindow(0, 10);
    expect(out).toEqual([
      [6, pane('k', W, [1], ['EARLY', 0, -1, true, false])],
      [12, pane('k', W, [3], ['EARLY', 1, -1, false, false])],
      [12, pane('k', W, [], ['ON_TIME', 2, 0, false, true])],
      [12, 'complete'],
    ]);
  });

  it('mergeEventTime: idleness fed back on a watermark is applied after it, so the idle mark goes out once', () => {
    const a = new Subject<EventTimeRecord<number>>();
    const b = new Subject<EventTimeRecord<number>>();
    const out: unknown[] = [];
    mergeEventTime(a, b).subscribe((r) => {
      out.push(r.kind === 'watermark' ? [isIdleMark(r) ? 'idle' : 'watermark', r.watermark] : r);
      if (out.length !== 1) return;
      b.next({ kind: 'watermark', watermark: 10, idle: true });
      a.next({ kind: 'watermark', watermark: 10, idle: true });
      b.next({ kind: 'watermark', watermark: 12, idle: true });
    });
    b.next(wm(5));
    a.next(wm(10));
    // Everything is idle already, and 12 stays the largest idle watermark: nothing to send.
    a.next({ kind: 'watermark', watermark: 11, idle: true });
    expect(out).toEqual([
      ['watermark', 5],
      // Fed back on the first watermark: b idle at 10 moves the minimum to 10 (a), then everything idle.
      ['watermark', 10],
      ['idle', 10],
      ['idle', 12],
    ]);
  });

  it('a subscriber that unsubscribes on a pane stops the step: no later pane, callback or timer', () => {
    const vts = new VirtualTimeScheduler();
    const tracked = trackScheduler(vts);
    const s = new Subject<EventTimeRecord<number>>();
    const fired: number[] = [];
    const panes: unknown[] = [];
    const sub = s
      .pipe(
        fixedWindow(10),
        afterWatermark({ early: afterProcessingTime(5), accumulation: 'discarding' }),
        combinePerKey((v: number) => `k${v}`, Combine.count<number>(), { scheduler: tracked, onFiring: (p) => fired.push(p.value as number) }),
      )
      .subscribe((p) => {
        panes.push(p);
        sub.unsubscribe();
      });
    s.next({ kind: 'bundle', elements: [el(1), el(2), el(3)] });
    expect(tracked.live).toBe(1);
    vts.flush();
    // Three windows were due at once; the subscriber left after the first.
    expect(panes).toEqual([pane('k1', intervalWindow(0, 10), 1, ['EARLY', 0, -1, true, false])]);
    expect(fired).toEqual([1]);
    expect(tracked.live).toBe(0);
    expect(s.observed).toBe(false);
  });

  it('the same through assignEventTime, fused with the grouping: the state is dropped once the step ends', () => {
    const vts = new VirtualTimeScheduler();
    const tracked = trackScheduler(vts);
    const s = new Subject<number>();
    const fired: number[] = [];
    let metrics: { openWindows: number } | undefined;
    const sub = s
      .pipe(
        assignEventTime((t: number) => t, { scheduler: tracked }),
        fixedWindow(10),
        afterWatermark({ early: afterCount(1), accumulation: 'discarding' }),
        combinePerKey((v: number) => `k${v}`, Combine.count<number>(), { scheduler: tracked, onFiring: (p) => fired.push(p.value as number), onMetrics: (m) => (metrics = m) }),
      )
      .subscribe(() => sub.unsubscribe());
    s.next(1);
    s.next(2);
    expect(fired).toEqual([1]);
    expect(metrics!.openWindows).toBe(0);
    expect(tracked.live).toBe(0);
    expect(s.observed).toBe(false);
  });
});

describe('property: with input fed back from the subscriber, every element-window pair is in exactly one pane or one dead letter', () => {
  it('random scripts, fixed windows, discarding, assorted triggers', () => {
    const script = fc.record({
      first: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 8 }),
      // On the n-th pane, the subscriber feeds these event times (or moves the watermark by `by`).
      feedback: fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant('elements' as const), times: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 3 }) }),
          fc.record({ kind: fc.constant('watermark' as const), by: fc.integer({ min: 0, max: 20 }) }),
        ),
        { maxLength: 6 },
      ),
      trigger: fc.constantFrom('repeatedCount', 'earlyLate', 'default'),
      lateness: fc.constantFrom(0, 15),
    });
    fc.assert(
      fc.property(script, ({ first, feedback, trigger, lateness }) => {
        const vts = new VirtualTimeScheduler();
        const s = new Subject<EventTimeRecord<{ id: number }>>();
        const letters: DeadLetter<{ id: number }>[] = [];
        const deadLetters = new Subject<DeadLetter<{ id: number }>>();
        deadLetters.subscribe((d) => letters.push(d));
        const fed: { id: number; t: number }[] = [];
        let watermark = 0;
        let closed = false;
        const send = (t: number) => {
          // Fed back after the source completed: the Subject drops it, so it is not input.
          if (closed) return;
          const item = { id: fed.length, t };
          fed.push(item);
          s.next({ kind: 'element', value: item, timestamp: t });
        };
        const t =
          trigger === 'repeatedCount'
            ? triggering<{ id: number }>(repeatedly(afterCount(2)), { allowedLateness: lateness, accumulation: 'discarding' })
            : trigger === 'earlyLate'
              ? afterWatermark<{ id: number }>({ early: afterCount(2), ...(lateness > 0 ? { late: afterCount(1) } : {}), allowedLateness: lateness, accumulation: 'discarding' })
              : afterWatermark<{ id: number }>({ allowedLateness: lateness, accumulation: 'discarding' });
        const panes: Pane<{ id: number }[], string>[] = [];
        let completed = false;
        s.pipe(fixedWindow(20), t, groupByKey(() => 'k', { scheduler: vts, deadLetters })).subscribe({
          next: (p) => {
            panes.push(p);
            const step = feedback[panes.length - 1];
            if (step === undefined) return;
            if (step.kind === 'elements') step.times.forEach(send);
            else s.next(wm((watermark += step.by)));
          },
          complete: () => (completed = true),
        });
        first.forEach((time, i) => {
          send(time);
          if (i % 3 === 2) s.next(wm((watermark += 10)));
        });
        closed = true;
        s.complete();
        vts.flush();
        expect(completed).toBe(true);
        const inPanes = panes.flatMap((p) => p.value.map((v) => `${v.id}@${windowId(p.window)}`));
        const dropped = letters.map((d) => `${d.value.id}@${windowId(d.window!)}`);
        const expected = fed.map((item) => `${item.id}@${windowId(intervalWindow(Math.floor(item.t / 20) * 20, Math.floor(item.t / 20) * 20 + 20))}`);
        // Exactly once: no pair twice, none missing, nothing invented.
        expect([...inPanes, ...dropped].sort()).toEqual(expected.sort());
      }),
      { numRuns: 300 },
    );
  });

  it('through assignEventTime (one gate for the fused pipeline): elements and completion fed back from panes of elements, watermarks and timers', () => {
    const script = fc.record({
      first: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 9 }),
      feedback: fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.record({ kind: fc.constant('elements' as const), times: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 3 }) }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('complete' as const) }) },
        ),
        { maxLength: 6 },
      ),
      early: fc.constantFrom('count', 'processingTime'),
      outOfOrder: fc.constantFrom(0, 10),
      lateness: fc.constantFrom(0, 15),
    });
    fc.assert(
      fc.property(script, ({ first, feedback, early, outOfOrder, lateness }) => {
        const vts = new VirtualTimeScheduler();
        const s = new Subject<{ id: number; t: number }>();
        const letters: DeadLetter<{ id: number; t: number }>[] = [];
        const deadLetters = new Subject<DeadLetter<{ id: number; t: number }>>();
        deadLetters.subscribe((d) => letters.push(d));
        const fed: { id: number; t: number }[] = [];
        let closed = false;
        const send = (t: number) => {
          if (closed) return;
          const item = { id: fed.length, t };
          fed.push(item);
          s.next(item);
        };
        const close = () => {
          closed = true;
          s.complete();
        };
        const panes: Pane<{ id: number; t: number }[], string>[] = [];
        let completed = false;
        s.pipe(
          assignEventTime((e: { id: number; t: number }) => e.t, { watermark: outOfOrder, scheduler: vts }),
          fixedWindow(20),
          afterWatermark({ early: early === 'count' ? afterCount(2) : afterProcessingTime(3), allowedLateness: lateness, accumulation: 'discarding' }),
          groupByKey(() => 'k', { scheduler: vts, deadLetters }),
        ).subscribe({
          next: (p) => {
            panes.push(p);
            const step = feedback[panes.length - 1];
            if (step === undefined) return;
            if (step.kind === 'elements') step.times.forEach(send);
            else close();
          },
          complete: () => (completed = true),
        });
        first.forEach((time, i) => {
          send(time);
          // Let the after-burst watermark and the processing-time timers run between bursts.
          if (i % 3 === 2) vts.flush();
        });
        close();
        vts.flush();
        expect(completed).toBe(true);
        const inPanes = panes.flatMap((p) => p.value.map((v) => `${v.id}@${windowId(p.window)}`));
        const dropped = letters.map((d) => `${d.value.id}@${windowId(d.window!)}`);
        const expected = fed.map((item) => `${item.id}@${windowId(intervalWindow(Math.floor(item.t / 20) * 20, Math.floor(item.t / 20) * 20 + 20))}`);
        expect([...inPanes, ...dropped].sort()).toEqual(expected.sort());
      }),
      { numRuns: 300 },
    );
  });
});
