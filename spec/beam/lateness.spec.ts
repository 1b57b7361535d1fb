/**
 * Lateness, dropping and garbage collection, ported from the scenarios of Beam Java's
 * `ReduceFnRunnerTest`, plus the boundary cases of the drop rules (`LateDataUtils`).
 */
import {
  END_OF_GLOBAL_WINDOW,
  MAX_TIMESTAMP,
  afterCount,
  afterEach,
  afterWatermarkTrigger,
  fixedWindows,
  neverTrigger,
  slidingWindows,
} from '../../src/index';
import { garbageCollectionTime } from '../../src/core';
import { pane, scenario, w } from './scenario';

const W0 = w(0, 10);
const onTimeOnly = { index: 0, onTimeIndex: 0, isFirst: true, isLast: true };
const onTimeFirst = { index: 0, onTimeIndex: 0, isFirst: true, isLast: false };

describe('Beam scenarios: lateness and dropping', () => {
  it.each(['discarding', 'accumulating'] as const)('a finished trigger drops later data of its window (%s)', (accumulation) => {
    const s = scenario({ windowFn: fixedWindows(10), trigger: afterEach(afterCount(2), afterCount(1)), accumulation, allowedLateness: 100, timestampCombiner: 'earliest' });
    s.each(1, 2, 3, 4);
    expect(s.take()).toEqual([
      pane(W0, [1, 2], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, 1),
      pane(W0, accumulation === 'discarding' ? [3] : [1, 2, 3], 'EARLY', { index: 1, onTimeIndex: -1, isFirst: false, isLast: true }, 3),
    ]);
    expect(s.reducer.metrics).toMatchObject({ droppedClosed: 1, droppedLate: 0 });
    expect(s.drops).toEqual([{ value: 4, timestamp: 4, window: W0, reason: 'window-closed', watermark: expect.any(Number) }]);
  });

  it('the plain watermark trigger finishes on time, so a late element within the allowed lateness is dropped as closed', () => {
    const s = scenario({ windowFn: fixedWindows(10), trigger: afterWatermarkTrigger(), allowedLateness: 100 });
    s.bundle(1);
    s.watermark(10);
    s.bundle(2);
    expect(s.take()).toEqual([pane(W0, [1], 'ON_TIME', onTimeOnly, 9)]);
    expect(s.reducer.metrics).toMatchObject({ droppedClosed: 1, droppedLate: 0 });
  });

  it('sliding windows: an element is dropped once per closed window it belongs to, and kept in the open ones', () => {
    const s = scenario({ windowFn: slidingWindows(100, 30), trigger: afterWatermarkTrigger(), allowedLateness: 1000 });
    // 23 belongs to [-60, 40), [-30, 70), [0, 100); 40 to [-30, 70), [0, 100), [30, 130)
    s.bundle([10, 23], [12, 40]);
    expect(s.reducer.metrics.droppedClosed).toBe(0);
    s.watermark(70);
    // 60 belongs to [-30, 70), closed by now, and to [0, 100), [30, 130), [60, 160), still open
    s.bundle([14, 60]);
    expect(s.reducer.metrics.droppedClosed).toBe(1);
    s.watermark(130);
    // 40 belongs to [-30, 70), [0, 100), [30, 130): all closed
    s.bundle([16, 40]);
    expect(s.reducer.metrics).toMatchObject({ droppedClosed: 4, droppedLate: 0 });
    expect(s.take()).toEqual([
      pane(w(-60, 40), [10], 'ON_TIME', onTimeOnly, 39),
      pane(w(-30, 70), [10, 12], 'ON_TIME', onTimeOnly, 69),
      pane(w(0, 100), [10, 12, 14], 'ON_TIME', onTimeOnly, 99),
      pane(w(30, 130), [12, 14], 'ON_TIME', onTimeOnly, 129),
    ]);
  });

  it('allowed lateness exactly reached: the element is still kept; one more millisecond and it is dropped as too late', () => {
    const s = scenario({ windowFn: fixedWindows(10), accumulation: 'accumulating', allowedLateness: 5 });
    s.bundle(1);
    s.watermark(10);
    s.watermark(14); // = maxTimestamp 9 + lateness 5: not yet expired
    s.bundle(3);
    s.watermark(15);
    s.bundle(4);
    expect(s.take()).toEqual([
      pane(W0, [1], 'ON_TIME', onTimeFirst, 9),
      pane(W0, [1, 3], 'LATE', { index: 1, onTimeIndex: 1, isFirst: false, isLast: false }, 9),
    ]);
    expect(s.reducer.metrics).toMatchObject({ droppedLate: 1, droppedClosed: 0 });
    expect(s.drops).toEqual([{ value: 4, timestamp: 4, window: W0, reason: 'beyond-allowed-lateness', watermark: 15 }]);
  });

  it('allowed lateness 0: the ON_TIME pane is also the last, and any later element is dropped as too late', () => {
    const s = scenario({ windowFn: fixedWindows(10), allowedLateness: 0 });
    s.bundle(1);
    s.watermark(10);
    s.bundle(5);
    expect(s.take()).toEqual([pane(W0, [1], 'ON_TIME', onTimeOnly, 9)]);
    expect(s.reducer.metrics).toMatchObject({ droppedLate: 1, droppedClosed: 0 });
  });

  it('an element at maxTimestamp belongs to the window ending just after it; a watermark at maxTimestamp does not fire it', () => {
    const s = scenario({ windowFn: fixedWindows(10) });
    s.bundle(9, 10);
    s.watermark(9);
    expect(s.take()).toEqual([]);
    s.watermark(10); // the end of [0, 10): strictly after its maxTimestamp
    expect(s.take()).toEqual([pane(W0, [9], 'ON_TIME', onTimeOnly, 9)]);
    s.watermark(19);
    expect(s.take()).toEqual([]);
    s.watermark(20);
    expect(s.take()).toEqual([pane(w(10, 20), [10], 'ON_TIME', onTimeOnly, 19)]);
  });

  it('data that only ever arrives behind the watermark makes a first pane that is LATE', () => {
    const s = scenario({ windowFn: fixedWindows(10), allowedLateness: 100 });
    s.watermark(15);
    s.bundle(3);
    expect(s.take()).toEqual([pane(W0, [3], 'LATE', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 9)]);
  });

  it('a late element that does not fire the late trigger is held for and emitted in the final pane at garbage collection', () => {
    const s = scenario({ windowFn: fixedWindows(10), trigger: afterWatermarkTrigger({ late: afterCount(2) }), allowedLateness: 100 });
    s.watermark(0);
    s.bundle(1);
    s.watermark(109);
    s.bundle(2);
    expect(s.reducer.outputWatermark).toBe(109);
    s.watermark(110);
    expect(s.take()).toEqual([
      pane(W0, [1], 'ON_TIME', onTimeFirst, 9),
      pane(W0, [2], 'LATE', { index: 1, onTimeIndex: 1, isFirst: false, isLast: true }, 9),
    ]);
    expect(s.reducer.outputWatermark).toBe(110);
  });

  it('garbage collection near the end of time is capped at the end of the global window', () => {
    const lateness = 365 * 86_400_000;
    const t = END_OF_GLOBAL_WINDOW - lateness + 1;
    const fn = fixedWindows(10);
    const [window] = fn.assign(t);
    expect(window.maxTimestamp).toBeLessThan(END_OF_GLOBAL_WINDOW);
    expect(window.maxTimestamp + lateness).toBeGreaterThan(END_OF_GLOBAL_WINDOW);
    expect(garbageCollectionTime(window, lateness)).toBe(END_OF_GLOBAL_WINDOW);

    const s = scenario({
      windowFn: fn,
      trigger: afterWatermarkTrigger({ late: neverTrigger() }),
      allowedLateness: lateness,
      timestampCombiner: 'earliest',
    });
    s.bundle([13, t]);
    s.watermark(window.maxTimestamp);
    expect(s.take()).toEqual([]);
    s.bundle([42, t]);
    s.watermark(END_OF_GLOBAL_WINDOW);
    expect(s.take()).toEqual([pane(window, [13, 42], 'ON_TIME', onTimeFirst, t)]);
    s.watermark(MAX_TIMESTAMP);
    expect(s.take()).toEqual([]);
    expect(s.reducer.metrics.openWindows).toBe(0);
  });
});
