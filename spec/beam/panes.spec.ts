/**
 * Pane info sequences, empty on-time panes and final panes, ported from the scenarios of Beam Java's
 * `ReduceFnRunnerTest` (runners-core) with real triggers in place of mocked ones.
 */
import {
  END_OF_GLOBAL_WINDOW,
  GLOBAL_WINDOW,
  MAX_TIMESTAMP,
  afterCount,
  afterEach,
  afterFirst,
  afterProcessingTime,
  afterWatermarkTrigger,
  fixedWindows,
  orFinally,
  repeatedly,
} from '../../src/index';
import { pane, scenario, w } from './scenario';

const first = { index: 0, onTimeIndex: -1, isFirst: true, isLast: false };
const W0 = w(0, 10);

describe('Beam scenarios: pane info', () => {
  it('default trigger, accumulating: one ON_TIME pane, then each late bundle a LATE pane with everything so far', () => {
    const fixed = scenario({ accumulation: 'accumulating', allowedLateness: 100, windowFn: fixedWindows(10) });
    fixed.watermark(0);
    fixed.bundle(1);
    fixed.watermark(10);
    fixed.bundle(3);
    fixed.bundle(4);
    expect(fixed.take()).toEqual([
      pane(W0, [1], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 9),
      pane(W0, [1, 3], 'LATE', { index: 1, onTimeIndex: 1, isFirst: false, isLast: false }, 9),
      pane(W0, [1, 3, 4], 'LATE', { index: 2, onTimeIndex: 2, isFirst: false, isLast: false }, 9),
    ]);
  });

  it('default trigger, discarding: a late pane holds only the late element', () => {
    const s = scenario({ accumulation: 'discarding', allowedLateness: 100, windowFn: fixedWindows(10) });
    s.watermark(0);
    s.bundle(1, 2);
    s.watermark(10);
    s.bundle(3);
    expect(s.take()).toEqual([
      pane(W0, [1, 2], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 9),
      pane(W0, [3], 'LATE', { index: 1, onTimeIndex: 1, isFirst: false, isLast: false }, 9),
    ]);
  });

  const countOrWatermark = repeatedly(afterFirst(afterCount(2), afterWatermarkTrigger()));

  it('EARLY by count, then an empty ON_TIME pane, then an empty final LATE pane when closing fires always (discarding)', () => {
    const s = scenario({
      windowFn: fixedWindows(10),
      trigger: countOrWatermark,
      accumulation: 'discarding',
      allowedLateness: 100,
      timestampCombiner: 'earliest',
      closingBehavior: 'fireAlways',
    });
    s.watermark(0);
    s.bundle(1, 2);
    expect(s.take()).toEqual([pane(W0, [1, 2], 'EARLY', first, 1)]);
    s.watermark(50);
    expect(s.take()).toEqual([pane(W0, [], 'ON_TIME', { index: 1, onTimeIndex: 0, isFirst: false, isLast: false }, 9)]);
    s.watermark(150);
    expect(s.take()).toEqual([pane(W0, [], 'LATE', { index: 2, onTimeIndex: 1, isFirst: false, isLast: true }, 9)]);
  });

  it('accumulating with closing fireIfNonEmpty: the ON_TIME pane repeats the values, and no final pane without new data', () => {
    const s = scenario({
      windowFn: fixedWindows(10),
      trigger: countOrWatermark,
      accumulation: 'accumulating',
      allowedLateness: 100,
      timestampCombiner: 'earliest',
    });
    s.watermark(0);
    s.bundle(1, 2);
    s.watermark(20);
    s.watermark(250);
    expect(s.take()).toEqual([
      pane(W0, [1, 2], 'EARLY', first, 1),
      pane(W0, [1, 2], 'ON_TIME', { index: 1, onTimeIndex: 0, isFirst: false, isLast: false }, 9),
    ]);
  });

  it('accumulating with closing fireAlways: the same two panes and a final LATE pane at garbage collection', () => {
    const s = scenario({
      windowFn: fixedWindows(10),
      trigger: countOrWatermark,
      accumulation: 'accumulating',
      allowedLateness: 100,
      timestampCombiner: 'earliest',
      closingBehavior: 'fireAlways',
    });
    s.watermark(0);
    s.bundle(1, 2);
    s.watermark(20);
    s.watermark(250);
    expect(s.take()).toEqual([
      pane(W0, [1, 2], 'EARLY', first, 1),
      pane(W0, [1, 2], 'ON_TIME', { index: 1, onTimeIndex: 0, isFirst: false, isLast: false }, 9),
      pane(W0, [1, 2], 'LATE', { index: 2, onTimeIndex: 1, isFirst: false, isLast: true }, 9),
    ]);
  });

  it('count orFinally watermark: the watermark both fires the empty ON_TIME pane and finishes it, in one step past GC time', () => {
    const s = scenario({
      windowFn: fixedWindows(10),
      trigger: orFinally(repeatedly(afterCount(2)), afterWatermarkTrigger()),
      accumulation: 'discarding',
      allowedLateness: 100,
      closingBehavior: 'fireAlways',
    });
    s.watermark(0);
    s.bundle(1, 2);
    s.watermark(150);
    expect(s.take()).toEqual([
      pane(W0, [1, 2], 'EARLY', first, 9),
      pane(W0, [], 'ON_TIME', { index: 1, onTimeIndex: 0, isFirst: false, isLast: true }, 9),
    ]);
  });

  it('a trigger that fires once and finishes on the first element: a pane that is EARLY, first and last', () => {
    const s = scenario({ windowFn: fixedWindows(10), trigger: afterCount(1), allowedLateness: 100, timestampCombiner: 'earliest' });
    s.watermark(0);
    s.bundle(1);
    expect(s.take()).toEqual([pane(W0, [1], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 1)]);
  });

  it('the same trigger after the watermark passed the window: the only pane is LATE, first and last, stamped at the end of the window', () => {
    const s = scenario({ windowFn: fixedWindows(10), trigger: afterCount(1), allowedLateness: 100, timestampCombiner: 'earliest' });
    s.watermark(15);
    s.bundle(1);
    expect(s.take()).toEqual([pane(W0, [1], 'LATE', { index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, 9)]);
  });

  it('early count, no lateness: the empty ON_TIME pane is emitted and is the last one', () => {
    const s = scenario({
      windowFn: fixedWindows(10),
      trigger: afterWatermarkTrigger({ early: afterCount(1) }),
      accumulation: 'accumulating',
      timestampCombiner: 'earliest',
    });
    s.watermark(0);
    s.bundle(1);
    s.watermark(11);
    expect(s.take()).toEqual([
      pane(W0, [1], 'EARLY', first, 1),
      pane(W0, [1], 'ON_TIME', { index: 1, onTimeIndex: 0, isFirst: false, isLast: true }, 9),
    ]);
  });

  it('a firing with nothing new is not emitted and does not use up an index', () => {
    const trigger = repeatedly(afterFirst(afterProcessingTime(5), afterWatermarkTrigger()));
    for (const accumulation of ['discarding', 'accumulating'] as const) {
      const s = scenario({ windowFn: fixedWindows(10), trigger, accumulation, allowedLateness: 100, timestampCombiner: 'earliest' });
      s.each(1, 2);
      s.watermark(12);
      // The processing-time timer armed by element 1 is now stale; the window fires with no new data.
      s.clock(10);
      s.each(3);
      expect(s.take()).toEqual([
        pane(W0, [1, 2], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 1),
        pane(W0, accumulation === 'discarding' ? [3] : [1, 2, 3], 'LATE', { index: 1, onTimeIndex: 1, isFirst: false, isLast: false }, 9),
      ]);
    }
  });

  it('global window, repeated count of 3, discarding: EARLY panes of three, then the rest ON_TIME at the end of time', () => {
    const s = scenario({ trigger: repeatedly(afterCount(3)), accumulation: 'discarding' });
    s.watermark(0);
    s.each(...Array.from({ length: 20 }, (_, i) => i));
    const early = (k: number) =>
      pane(GLOBAL_WINDOW, [3 * k, 3 * k + 1, 3 * k + 2], 'EARLY', { index: k, onTimeIndex: -1, isFirst: k === 0, isLast: false }, END_OF_GLOBAL_WINDOW);
    expect(s.take()).toEqual([0, 1, 2, 3, 4, 5].map(early));
    s.watermark(MAX_TIMESTAMP);
    expect(s.take()).toEqual([pane(GLOBAL_WINDOW, [18, 19], 'ON_TIME', { index: 6, onTimeIndex: 0, isFirst: false, isLast: true }, END_OF_GLOBAL_WINDOW)]);
  });

  it('global window, repeated processing-time delay: EARLY panes of four, then an empty ON_TIME pane at the end of time', () => {
    const s = scenario({ trigger: repeatedly(afterProcessingTime(3)), accumulation: 'discarding' });
    for (let i = 0; i < 20; i++) {
      s.clock(i);
      s.each(i);
    }
    s.clock(24);
    const early = (k: number) =>
      pane(GLOBAL_WINDOW, [4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3], 'EARLY', { index: k, onTimeIndex: -1, isFirst: k === 0, isLast: false }, END_OF_GLOBAL_WINDOW);
    expect(s.take()).toEqual([0, 1, 2, 3, 4].map(early));
    s.watermark(MAX_TIMESTAMP);
    expect(s.take()).toEqual([pane(GLOBAL_WINDOW, [], 'ON_TIME', { index: 5, onTimeIndex: 0, isFirst: false, isLast: true }, END_OF_GLOBAL_WINDOW)]);
  });

  it('sequence trigger: a full EARLY, ON_TIME, LATE, final LATE run with processing-time firings', () => {
    const s = scenario({
      windowFn: fixedWindows(10),
      trigger: afterEach(orFinally(repeatedly(afterProcessingTime(5)), afterWatermarkTrigger()), repeatedly(afterProcessingTime(25))),
      accumulation: 'accumulating',
      allowedLateness: 100,
      timestampCombiner: 'earliest',
    });
    s.watermark(0);
    s.clock(0);
    s.bundle(1, 3, 7, 5);
    s.clock(6);
    s.bundle(8, 4);
    s.watermark(11);
    s.bundle(8, 4, 5);
    s.watermark(12);
    s.bundle(3);
    s.clock(15);
    s.bundle(5);
    s.clock(32);
    s.bundle(3);
    s.watermark(125);
    expect(s.take()).toEqual([
      pane(W0, [1, 3, 5, 7], 'EARLY', first, 1),
      pane(W0, [1, 3, 4, 5, 7, 8], 'ON_TIME', { index: 1, onTimeIndex: 0, isFirst: false, isLast: false }, 4),
      pane(W0, [1, 3, 3, 4, 4, 5, 5, 5, 7, 8, 8], 'LATE', { index: 2, onTimeIndex: 1, isFirst: false, isLast: false }, 9),
      pane(W0, [1, 3, 3, 3, 4, 4, 5, 5, 5, 7, 8, 8], 'LATE', { index: 3, onTimeIndex: 2, isFirst: false, isLast: true }, 9),
    ]);
  });

  describe('empty ON_TIME pane after processing-time early panes', () => {
    const trigger = afterEach(orFinally(repeatedly(afterProcessingTime(5)), afterWatermarkTrigger()), repeatedly(afterProcessingTime(25)));
    const base = { windowFn: fixedWindows(10), trigger, accumulation: 'accumulating' as const, allowedLateness: 100, timestampCombiner: 'earliest' as const };
    const early = pane(W0, [1, 3, 5, 7], 'EARLY', first, 1);

    it('is emitted by default when the orFinally reaches the watermark', () => {
      const s = scenario(base);
      s.watermark(0);
      s.clock(0);
      s.bundle(1, 3, 7, 5);
      s.clock(6);
      s.watermark(11);
      expect(s.take()).toEqual([early, pane(W0, [1, 3, 5, 7], 'ON_TIME', { index: 1, onTimeIndex: 0, isFirst: false, isLast: false }, 9)]);
    });

    it('is skipped with onTimeBehavior fireIfNonEmpty; the final pane then is LATE with onTimeIndex 0', () => {
      const s = scenario({ ...base, closingBehavior: 'fireAlways', onTimeBehavior: 'fireIfNonEmpty' });
      s.watermark(0);
      s.clock(0);
      s.bundle(1, 3, 7, 5);
      s.clock(6);
      s.watermark(11);
      expect(s.take()).toEqual([early]);
      s.watermark(110);
      expect(s.take()).toEqual([pane(W0, [1, 3, 5, 7], 'LATE', { index: 1, onTimeIndex: 0, isFirst: false, isLast: true }, 9)]);
    });

    it('is skipped with onTimeBehavior fireIfNonEmpty; late data then fires a LATE pane on the late delay', () => {
      const s = scenario({ ...base, onTimeBehavior: 'fireIfNonEmpty' });
      s.watermark(0);
      s.clock(0);
      s.bundle(1, 3, 7, 5);
      s.clock(6);
      s.watermark(11);
      s.bundle(9);
      s.clock(31);
      expect(s.take()).toEqual([early]);
      s.clock(32);
      expect(s.take()).toEqual([pane(W0, [1, 3, 5, 7, 9], 'LATE', { index: 1, onTimeIndex: 0, isFirst: false, isLast: false }, 9)]);
    });
  });
});
