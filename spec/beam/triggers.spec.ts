/**
 * The composite and watermark triggers in a running reducer, ported from Beam Java's trigger state
 * machine tests (`AfterEach`, `AfterAll`, `AfterFirst`, `OrFinally`, `Repeatedly`, `AfterWatermark`,
 * `DefaultTrigger`, `Never`). Beam asks a trigger once per window per bundle, after all its elements.
 */
import {
  GLOBAL_WINDOW,
  END_OF_GLOBAL_WINDOW,
  afterAll,
  afterCount,
  afterEach,
  afterFirst,
  afterWatermarkTrigger,
  fixedWindows,
  neverTrigger,
  orFinally,
  repeatedly,
  slidingWindows,
} from '../../src/index';
import { pane, scenario, w } from './scenario';

const W0 = w(0, 10);
const W100 = w(0, 100);
const early = (index: number, isLast = false) => ({ index, onTimeIndex: -1, isFirst: index === 0, isLast });
const onTime = (index: number, isLast: boolean) => ({ index, onTimeIndex: 0, isFirst: index === 0, isLast });

describe('Beam scenarios: composite triggers', () => {
  it('afterEach runs each sub-trigger to its end, in order', () => {
    const s = scenario({
      windowFn: fixedWindows(10),
      trigger: afterEach(
        orFinally(repeatedly(afterCount(2)), afterCount(3)),
        orFinally(repeatedly(afterCount(5)), afterWatermarkTrigger()),
      ),
      accumulation: 'discarding',
      allowedLateness: 100,
    });
    s.bundle(1);
    expect(s.take()).toEqual([]);
    s.bundle(2); // the repeated count of 2 fires; the count of 3 has seen 2
    s.bundle(3, 4, 5); // the count of 3 is reached: the first phase fires and ends
    s.bundle(6, 7, 8, 9); // four: would end the first phase again, but the second needs five
    expect(s.take()).toEqual([pane(W0, [1, 2], 'EARLY', early(0), 9), pane(W0, [3, 4, 5], 'EARLY', early(1), 9)]);
    s.bundle(9);
    expect(s.take()).toEqual([pane(W0, [6, 7, 8, 9, 9], 'EARLY', early(2), 9)]);
    s.watermark(10);
    expect(s.take()).toEqual([pane(W0, [], 'ON_TIME', { index: 3, onTimeIndex: 0, isFirst: false, isLast: true }, 9)]);
    s.bundle(3);
    expect(s.reducer.metrics.droppedClosed).toBe(1);
  });

  it.each([
    ['afterAll(afterCount(1), afterCount(2))', afterAll(afterCount(1), afterCount(2))],
    ['afterAll(afterCount(2), afterCount(1))', afterAll(afterCount(2), afterCount(1))],
  ])('%s fires once both are satisfied, whichever is first, and finishes', (_name, trigger) => {
    const s = scenario({ windowFn: fixedWindows(100), trigger, allowedLateness: 100 });
    s.each(1);
    expect(s.take()).toEqual([]);
    s.each(2, 3);
    expect(s.take()).toEqual([pane(W100, [1, 2], 'EARLY', early(0, true), 99)]);
    expect(s.reducer.metrics.droppedClosed).toBe(1);
  });

  it('afterFirst fires when either sub-trigger is ready (here the watermark) and finishes', () => {
    const s = scenario({ windowFn: fixedWindows(100), trigger: afterFirst(afterCount(2), afterWatermarkTrigger()), allowedLateness: 100 });
    s.bundle(1);
    s.watermark(100);
    s.bundle(2);
    expect(s.take()).toEqual([pane(W100, [1], 'ON_TIME', onTime(0, true), 99)]);
    expect(s.reducer.metrics.droppedClosed).toBe(1);
  });

  it('orFinally: when the main trigger fires and finishes, the whole trigger finishes', () => {
    const s = scenario({ windowFn: fixedWindows(100), trigger: orFinally(afterCount(2), afterCount(100)), allowedLateness: 100 });
    s.each(1, 2);
    expect(s.take()).toEqual([pane(W100, [1, 2], 'EARLY', early(0, true), 99)]);
  });

  it('orFinally: a repeated main trigger keeps firing while the until-trigger is not ready', () => {
    const s = scenario({
      windowFn: fixedWindows(100),
      trigger: orFinally(repeatedly(afterCount(2)), afterCount(100)),
      accumulation: 'discarding',
      allowedLateness: 100,
    });
    s.each(1, 2);
    s.bundle(3, 4);
    expect(s.take()).toEqual([pane(W100, [1, 2], 'EARLY', early(0), 99), pane(W100, [3, 4], 'EARLY', early(1), 99)]);
  });

  it('orFinally: the until-trigger counts across firings of the main trigger and ends it', () => {
    const s = scenario({
      windowFn: fixedWindows(10),
      trigger: orFinally(repeatedly(afterCount(2)), afterCount(3)),
      accumulation: 'discarding',
      allowedLateness: 100,
    });
    s.each(1, 2, 3, 4);
    expect(s.take()).toEqual([pane(W0, [1, 2], 'EARLY', early(0), 9), pane(W0, [3], 'EARLY', early(1, true), 9)]);
    expect(s.reducer.metrics.droppedClosed).toBe(1);
  });

  it('repeatedly(afterCount(5)) fires every five elements and never finishes', () => {
    const s = scenario({ trigger: repeatedly(afterCount(5)), accumulation: 'discarding' });
    s.each(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    expect(s.take()).toEqual([
      pane(GLOBAL_WINDOW, [1, 2, 3, 4, 5], 'EARLY', early(0), END_OF_GLOBAL_WINDOW),
      pane(GLOBAL_WINDOW, [6, 7, 8, 9, 10], 'EARLY', early(1), END_OF_GLOBAL_WINDOW),
    ]);
    expect(s.reducer.metrics).toMatchObject({ droppedClosed: 0, openWindows: 1 });
  });
});

describe('Beam scenarios: watermark triggers', () => {
  it('early and late firings: EARLY by count, ON_TIME at the watermark, then a LATE pane per late element, never finishing', () => {
    const s = scenario({
      windowFn: fixedWindows(100),
      trigger: afterWatermarkTrigger({ early: afterCount(2), late: afterCount(1) }),
      accumulation: 'accumulating',
      allowedLateness: 100,
    });
    s.each(1, 2);
    s.watermark(100);
    s.each(3, 4);
    expect(s.take()).toEqual([
      pane(W100, [1, 2], 'EARLY', early(0), 99),
      pane(W100, [1, 2], 'ON_TIME', { index: 1, onTimeIndex: 0, isFirst: false, isLast: false }, 99),
      pane(W100, [1, 2, 3], 'LATE', { index: 2, onTimeIndex: 1, isFirst: false, isLast: false }, 99),
      pane(W100, [1, 2, 3, 4], 'LATE', { index: 3, onTimeIndex: 2, isFirst: false, isLast: false }, 99),
    ]);
  });

  it('early firings only: the ON_TIME pane ends the window', () => {
    const s = scenario({ windowFn: fixedWindows(100), trigger: afterWatermarkTrigger({ early: afterCount(5) }), accumulation: 'accumulating', allowedLateness: 100 });
    s.each(1);
    s.watermark(100);
    s.each(2);
    expect(s.take()).toEqual([pane(W100, [1], 'ON_TIME', onTime(0, true), 99)]);
    expect(s.reducer.metrics.droppedClosed).toBe(1);
  });

  it('default trigger, fixed windows: each window fires when the watermark passes its end, and keeps firing for late data', () => {
    const s = scenario({ windowFn: fixedWindows(100), accumulation: 'accumulating', allowedLateness: 1000 });
    s.bundle(1, 101);
    s.watermark(99);
    expect(s.take()).toEqual([]);
    s.watermark(100);
    s.bundle(2);
    s.watermark(200);
    expect(s.take()).toEqual([
      pane(W100, [1], 'ON_TIME', onTime(0, false), 99),
      pane(W100, [1, 2], 'LATE', { index: 1, onTimeIndex: 1, isFirst: false, isLast: false }, 99),
      pane(w(100, 200), [101], 'ON_TIME', onTime(0, false), 199),
    ]);
  });

  it('default trigger, sliding windows: overlapping windows fire one by one as the watermark passes each end', () => {
    const s = scenario({ windowFn: slidingWindows(100, 50) });
    s.bundle(1, 50); // 1 in [-50, 50) and [0, 100); 50 in [0, 100) and [50, 150)
    s.watermark(50);
    expect(s.take()).toEqual([pane(w(-50, 50), [1], 'ON_TIME', onTime(0, true), 49)]);
    s.watermark(99);
    expect(s.take()).toEqual([]);
    s.watermark(100);
    expect(s.take()).toEqual([pane(w(0, 100), [1, 50], 'ON_TIME', onTime(0, true), 99)]);
    s.watermark(150);
    expect(s.take()).toEqual([pane(w(50, 150), [50], 'ON_TIME', onTime(0, true), 149)]);
  });

  it('never: the data comes out only at garbage collection, as the ON_TIME and last pane while the hold kept the output watermark back', () => {
    const s = scenario({ windowFn: fixedWindows(10), trigger: neverTrigger(), allowedLateness: 100 });
    s.bundle(1, 2);
    s.watermark(10);
    s.watermark(109);
    expect(s.take()).toEqual([]);
    s.watermark(110);
    expect(s.take()).toEqual([pane(W0, [1, 2], 'ON_TIME', onTime(0, true), 9)]);
  });
});
