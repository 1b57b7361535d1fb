/**
 * The worked example of SEMANTICS.md (the tutorial pipeline, Java DirectRunner) replayed step by step
 * directly on the reducer: S1..S9, with every pane written out in full and the cause of each firing.
 */
import {
  afterProcessingTime,
  afterWatermarkTrigger,
  Combine,
  combineFields,
  fixedWindows,
  intervalWindow,
  MAX_TIMESTAMP,
  sum,
  type PaneTiming,
  type Window,
} from '../../src/index';
import { reducerHarness } from '../helpers/reducerHarness';

interface Ev {
  readonly user_id: string;
  readonly amount: number;
}

const t0 = 1704067200000;
const p0 = 5_000_000; // processing time at the start; only differences matter
const W0 = intervalWindow(t0, t0 + 60_000);
const W1 = intervalWindow(t0 + 60_000, t0 + 120_000);
const ROOT = 'AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterProcessingTime(delay=10000)).withLateFirings(AfterProcessingTime(delay=10000))';

function tutorial() {
  return reducerHarness(
    {
      windowFn: fixedWindows(60_000),
      trigger: afterWatermarkTrigger({ early: afterProcessingTime(10_000), late: afterProcessingTime(10_000) }),
      allowedLateness: 120_000,
      accumulation: 'accumulating',
    },
    (e: Ev) => e.user_id,
    combineFields({ count: Combine.count<Ev>(), sum: sum((e: Ev) => e.amount) }),
    { explain: true, now: p0 },
  );
}

const ev = (user_id: string, amount: number, seconds: number) => ({ value: { user_id, amount }, timestamp: t0 + seconds * 1000 });

function pane(key: string, window: Window, count: number, total: number, info: [PaneTiming, number, number, boolean, boolean]) {
  const [timing, index, onTimeIndex, isFirst, isLast] = info;
  return { key, window, value: { count, sum: total }, pane: { timing, index, onTimeIndex, isFirst, isLast }, timestamp: window.maxTimestamp };
}

/**
 * Panes of one step ordered by window, then key: the order between keys within one step is
 * runner-defined (processing-time timers due together come out in timer-queue order).
 */
function sorted<T extends { key: string; window: Window }>(panes: T[]): T[] {
  return [...panes].sort((a, b) => a.window.start - b.window.start || a.key.localeCompare(b.key));
}

/** S1..S5 of the script, common to all variants. */
function upToS5(h: ReturnType<typeof tutorial>) {
  h.reducer.advanceWatermark(t0); // S1
  h.reducer.processBundle([ev('u1', 20, 5), ev('u1', 15, 20), ev('u2', 8, 35)]); // S2
  h.clockTo(p0 + 5_000); // S3
  h.reducer.advanceWatermark(t0 + 61_000); // S4
  h.reducer.processBundle([ev('u1', -5, 62), ev('u2', 12, 70), ev('u3', 9, 75)]); // S5
}

describe('SEMANTICS.md worked example on the reducer (Java streaming run)', () => {
  it('S1..S9 produce exactly panes 1-6, each at the step the table gives', () => {
    const h = tutorial();
    // S1: watermark to t0. Nothing else.
    h.reducer.advanceWatermark(t0);
    expect(h.take()).toEqual([]);
    expect(h.reducer.outputWatermark).toBe(t0);

    // S2: three values at p0; early targets p0 + 10 s; not fired.
    h.reducer.processBundle([ev('u1', 20, 5), ev('u1', 15, 20), ev('u2', 8, 35)]);
    expect(h.take()).toEqual([]);
    expect(h.reducer.metrics.openWindows).toBe(2);
    expect(h.reducer.nextProcessingTimer()).toBe(p0 + 10_000);
    // The end-of-window holds keep the output watermark at t0.
    expect(h.reducer.outputWatermark).toBe(t0);

    // S3: processing time p0 + 5 s: no timer is due.
    h.clockTo(p0 + 5_000);
    expect(h.take()).toEqual([]);

    // S4: watermark to t0 + 61 s: the end-of-window firings of W0 (panes 1, 2).
    h.reducer.advanceWatermark(t0 + 61_000);
    expect(h.take()).toEqual([pane('u1', W0, 2, 35, ['ON_TIME', 0, 0, true, false]), pane('u2', W0, 1, 8, ['ON_TIME', 0, 0, true, false])]);
    const s4 = { cause: 'watermark', inputWatermark: t0 + 61_000, outputWatermark: W0.maxTimestamp, processingTime: p0 + 5_000, readyTriggers: [ROOT] };
    expect(h.firings).toEqual([s4, s4]);
    expect(h.reducer.outputWatermark).toBe(t0 + 61_000);

    // S5: three values for W1 at p0 + 5 s: not late, no pane; early targets p0 + 15 s.
    h.reducer.processBundle([ev('u1', -5, 62), ev('u2', 12, 70), ev('u3', 9, 75)]);
    expect(h.take()).toEqual([]);
    expect(h.reducer.metrics.openWindows).toBe(5);

    // S6: processing time p0 + 10 s: W0's stale timers are due at p0 + 10 s, which is not before now: nothing.
    h.clockTo(p0 + 10_000);
    expect(h.take()).toEqual([]);

    // S7: the late value for (u2, W0): kept (within allowed lateness), late target p0 + 20 s, no pane.
    h.reducer.processElement(ev('u2', 3, 50).value, ev('u2', 3, 50).timestamp);
    expect(h.take()).toEqual([]);
    expect(h.drops).toEqual([]);
    // Its GC hold (W0's GC time) does not move the output watermark back.
    expect(h.reducer.outputWatermark).toBe(t0 + 61_000);

    // S8: watermark to t0 + 121 s: the end-of-window firings of W1 (panes 3, 4, 5).
    h.reducer.advanceWatermark(t0 + 121_000);
    expect(h.take()).toEqual([
      pane('u1', W1, 1, -5, ['ON_TIME', 0, 0, true, false]),
      pane('u2', W1, 1, 12, ['ON_TIME', 0, 0, true, false]),
      pane('u3', W1, 1, 9, ['ON_TIME', 0, 0, true, false]),
    ]);
    expect(h.firings.slice(2)).toEqual([
      { ...s4, inputWatermark: t0 + 121_000, outputWatermark: W1.maxTimestamp, processingTime: p0 + 10_000 },
      { ...s4, inputWatermark: t0 + 121_000, outputWatermark: W1.maxTimestamp, processingTime: p0 + 10_000 },
      { ...s4, inputWatermark: t0 + 121_000, outputWatermark: W1.maxTimestamp, processingTime: p0 + 10_000 },
    ]);

    // S9: watermark to +infinity: garbage collection. Only (u2, W0) has new content: pane 6, LATE and last.
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([pane('u2', W0, 2, 11, ['LATE', 1, 1, false, true])]);
    expect(h.firings[5]).toEqual({
      cause: 'garbageCollection',
      inputWatermark: MAX_TIMESTAMP,
      outputWatermark: W0.maxTimestamp + 120_000,
      processingTime: p0 + 10_000,
      readyTriggers: [],
    });
    expect(h.reducer.outputWatermark).toBe(MAX_TIMESTAMP);
    expect(h.reducer.metrics).toEqual({ elementsIn: 7, droppedLate: 0, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 6, openWindows: 0 });
    // The late timer (p0 + 20 s) never produces anything after GC.
    h.clockTo(p0 + 60_000);
    expect(h.take()).toEqual([]);
  });

  it('check 1: had the clock passed p0 + 15 s before the watermark passed W1, W1 would give EARLY panes', () => {
    const h = tutorial();
    upToS5(h);
    h.take();
    h.clockTo(p0 + 15_000);
    expect(h.take()).toEqual([]);
    h.clockTo(p0 + 15_001);
    expect(sorted(h.take())).toEqual([
      pane('u1', W1, 1, -5, ['EARLY', 0, -1, true, false]),
      pane('u2', W1, 1, 12, ['EARLY', 0, -1, true, false]),
      pane('u3', W1, 1, 9, ['EARLY', 0, -1, true, false]),
    ]);
    expect(h.firings.slice(2).map((f) => f?.cause)).toEqual(['processingTime', 'processingTime', 'processingTime']);
    // W0 is in its late phase with no target: its stale early timers give nothing.
    h.reducer.advanceWatermark(t0 + 121_000);
    expect(h.take()).toEqual([
      pane('u1', W1, 1, -5, ['ON_TIME', 1, 0, false, false]),
      pane('u2', W1, 1, 12, ['ON_TIME', 1, 0, false, false]),
      pane('u3', W1, 1, 9, ['ON_TIME', 1, 0, false, false]),
    ]);
  });

  it('check 2: had the clock passed p0 + 20 s after the late value, its pane would be LATE and not last, and GC would emit nothing', () => {
    const h = tutorial();
    upToS5(h);
    h.clockTo(p0 + 10_000);
    h.reducer.processElement(ev('u2', 3, 50).value, ev('u2', 3, 50).timestamp);
    h.take();
    h.clockTo(p0 + 20_001);
    // W1's early timers (p0 + 15 s) are due as well.
    expect(sorted(h.take())).toEqual([
      pane('u2', W0, 2, 11, ['LATE', 1, 1, false, false]),
      pane('u1', W1, 1, -5, ['EARLY', 0, -1, true, false]),
      pane('u2', W1, 1, 12, ['EARLY', 0, -1, true, false]),
      pane('u3', W1, 1, 9, ['EARLY', 0, -1, true, false]),
    ]);
    h.reducer.advanceWatermark(t0 + 121_000);
    h.take();
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([]);
  });

  it('batch run: all seven values, then one jump to +infinity: one ON_TIME, first and last pane per key and window', () => {
    const h = tutorial();
    h.reducer.processBundle([ev('u1', 20, 5), ev('u1', 15, 20), ev('u2', 8, 35), ev('u1', -5, 62), ev('u2', 12, 70), ev('u3', 9, 75), ev('u2', 3, 50)]);
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    const only: [PaneTiming, number, number, boolean, boolean] = ['ON_TIME', 0, 0, true, true];
    expect(h.take()).toEqual([
      pane('u1', W0, 2, 35, only),
      pane('u2', W0, 2, 11, only),
      pane('u1', W1, 1, -5, only),
      pane('u2', W1, 1, 12, only),
      pane('u3', W1, 1, 9, only),
    ]);
    expect(h.firings.map((f) => f?.cause)).toEqual(['garbageCollection', 'garbageCollection', 'garbageCollection', 'garbageCollection', 'garbageCollection']);
  });
});
