/**
 * Watermark holds and output timestamps (Beam Java's `WatermarkHold` and `TimestampCombiner`), ported
 * from the hold scenarios of `ReduceFnRunnerTest`.
 */
import { afterCount, afterWatermarkTrigger, fixedWindows, neverTrigger, repeatedly, type TimestampCombiner } from '../../src/index';
import { pane, scenario, w } from './scenario';

const W = w(0, 100);
const early = (index: number) => ({ index, onTimeIndex: -1, isFirst: index === 0, isLast: false });

describe('Beam scenarios: output timestamps and holds', () => {
  it.each([
    ['endOfWindow', 99, 99],
    ['earliest', 10, 30],
    ['latest', 20, 50],
  ] as [TimestampCombiner, number, number][])(
    'accumulating %s: each pane is stamped from the values since the previous firing only',
    (timestampCombiner, firstStamp, secondStamp) => {
      const s = scenario({ windowFn: fixedWindows(100), trigger: repeatedly(afterCount(2)), accumulation: 'accumulating', timestampCombiner });
      s.each(10, 20, 50, 30);
      expect(s.take()).toEqual([pane(W, [10, 20], 'EARLY', early(0), firstStamp), pane(W, [10, 20, 30, 50], 'EARLY', early(1), secondStamp)]);
    },
  );

  it('values behind the output watermark cannot hold it: an EARLIEST pane is stamped by its on-time values, else the end of the window', () => {
    const s = scenario({
      windowFn: fixedWindows(10),
      trigger: afterWatermarkTrigger({ early: afterCount(3), late: neverTrigger() }),
      accumulation: 'accumulating',
      allowedLateness: 10,
      timestampCombiner: 'earliest',
    });
    const W0 = w(0, 10);
    s.watermark(0);
    s.each(1, 3, 2);
    expect(s.take()).toEqual([pane(W0, [1, 2, 3], 'EARLY', early(0), 1)]);
    s.watermark(4);
    s.each(2, 3); // behind the output watermark: only a garbage-collection hold
    s.each(5); // ahead of it: holds at 5
    expect(s.take()).toEqual([pane(W0, [1, 2, 2, 3, 3, 5], 'EARLY', early(1), 5)]);
    s.watermark(8);
    s.each(6, 4); // both behind the output watermark
    s.watermark(10);
    expect(s.take()).toEqual([pane(W0, [1, 2, 2, 3, 3, 4, 5, 6], 'ON_TIME', { index: 2, onTimeIndex: 0, isFirst: false, isLast: false }, 9)]);
    s.each(8); // late and kept; the late trigger never fires, so it waits for garbage collection
    s.watermark(50);
    expect(s.take()).toEqual([pane(W0, [1, 2, 2, 3, 3, 4, 5, 6, 8], 'LATE', { index: 3, onTimeIndex: 1, isFirst: false, isLast: true }, 9)]);
    expect(s.reducer.outputWatermark).toBe(50);
  });

  it.each([
    ['earliest', 30],
    ['endOfWindow', 50],
  ] as [TimestampCombiner, number][])('a pending %s hold keeps the output watermark back until the pane fires', (timestampCombiner, held) => {
    const s = scenario({ windowFn: fixedWindows(100), timestampCombiner });
    s.watermark(0);
    s.bundle(30, 40);
    s.watermark(50);
    expect(s.reducer.outputWatermark).toBe(held);
    s.watermark(100);
    expect(s.take()).toEqual([pane(W, [30, 40], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestampCombiner === 'earliest' ? 30 : 99)]);
    expect(s.reducer.outputWatermark).toBe(100);
  });

  it('the end-of-window timer holds the output watermark at the end of the window even with EARLIEST', () => {
    const s = scenario({ windowFn: fixedWindows(100), timestampCombiner: 'earliest', allowedLateness: 10 });
    s.bundle(30);
    s.watermark(200);
    // the window fires ON_TIME because the output watermark had not passed its end when the timer ran
    expect(s.take()).toEqual([pane(W, [30], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, 30)]);
  });
});
