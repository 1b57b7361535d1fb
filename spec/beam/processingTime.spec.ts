/**
 * Processing-time triggers, ported from Beam Java's `AfterProcessingTimeStateMachineTest`,
 * `RepeatedlyStateMachineTest` and the processing-time scenarios of `ReduceFnRunnerTest`.
 * A processing-time trigger fires only once the clock is strictly after its target.
 */
import { GLOBAL_WINDOW, END_OF_GLOBAL_WINDOW, afterCount, afterFirst, afterProcessingTime, afterWatermarkTrigger, fixedWindows, repeatedly } from '../../src/index';
import { pane, scenario, w } from './scenario';

const W = w(0, 100);
const firstEarly = { index: 0, onTimeIndex: -1, isFirst: true, isLast: false };
const repeatedDelay = { windowFn: fixedWindows(100), trigger: repeatedly(afterProcessingTime(10)), accumulation: 'accumulating' as const, timestampCombiner: 'earliest' as const };

describe('Beam scenarios: processing-time triggers', () => {
  it('a processing-time firing is EARLY and does not end the window', () => {
    const s = scenario(repeatedDelay, 5000);
    s.each(2, 5); // timer at 5010; end of window at 99
    s.clock(10_000);
    expect(s.take()).toEqual([pane(W, [2, 5], 'EARLY', firstEarly, 2)]);
    expect(s.reducer.metrics.openWindows).toBe(1);
  });

  it('armed in one pane, the window closes before it fires: the timer later finds nothing and emits nothing', () => {
    const s = scenario(repeatedDelay, 5000);
    s.each(2, 5);
    s.watermark(100); // end of window and garbage collection at once (no allowed lateness)
    expect(s.take()).toEqual([pane(W, [2, 5], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, 2)]);
    s.clock(5011);
    expect(s.take()).toEqual([]);
    expect(s.reducer.metrics.openWindows).toBe(0);
  });

  it('the delay counts from the first element of the pane, per window; a timer exactly due does not fire yet', () => {
    const s = scenario({ windowFn: fixedWindows(10), trigger: afterProcessingTime(5) }, 10);
    s.bundle(1); // [0, 10) due at 15
    s.clock(12);
    s.bundle(11, 12, 13); // [10, 20) due at 17
    s.clock(14);
    s.bundle(2, 3); // not the first elements of their pane: no new target
    s.clock(15);
    expect(s.take()).toEqual([]);
    s.clock(16);
    expect(s.take()).toEqual([pane(w(0, 10), [1, 2, 3], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 9)]);
    s.clock(18);
    expect(s.take()).toEqual([pane(w(10, 20), [11, 12, 13], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 19)]);
  });

  it('alignTo rounds the target up to the next multiple of the period (unchanged when already aligned)', () => {
    const s = scenario({ trigger: repeatedly(afterProcessingTime(0, { alignTo: { period: 10 } })), accumulation: 'discarding' }, 3);
    s.bundle(1); // target 10
    s.clock(10);
    expect(s.take()).toEqual([]);
    s.clock(11);
    expect(s.take()).toEqual([pane(GLOBAL_WINDOW, [1], 'EARLY', firstEarly, END_OF_GLOBAL_WINDOW)]);
    s.bundle(2); // target 11 rounds up to 20
    s.clock(20);
    s.bundle(3);
    s.clock(21);
    expect(s.take()).toEqual([pane(GLOBAL_WINDOW, [2, 3], 'EARLY', { index: 1, onTimeIndex: -1, isFirst: false, isLast: false }, END_OF_GLOBAL_WINDOW)]);
    s.clock(30);
    s.bundle(4); // target 30 is already aligned
    s.clock(31);
    expect(s.take()).toEqual([pane(GLOBAL_WINDOW, [4], 'EARLY', { index: 2, onTimeIndex: -1, isFirst: false, isLast: false }, END_OF_GLOBAL_WINDOW)]);
  });

  describe('repeatedly(afterFirst(15 minutes of processing time, 5 elements)) in the global window', () => {
    const minutes15 = 15 * 60_000;
    const strategy = { trigger: repeatedly(afterFirst(afterProcessingTime(minutes15), afterCount(5))), accumulation: 'discarding' as const };

    it('fires on the fifth element, then starts over', () => {
      const s = scenario(strategy);
      s.each(1, 2, 3, 4);
      expect(s.take()).toEqual([]);
      s.each(5, 6);
      expect(s.take()).toEqual([pane(GLOBAL_WINDOW, [1, 2, 3, 4, 5], 'EARLY', firstEarly, END_OF_GLOBAL_WINDOW)]);
    });

    it('fires once the delay has passed, then starts over', () => {
      const s = scenario(strategy);
      s.each(1);
      s.clock(minutes15);
      expect(s.take()).toEqual([]);
      s.clock(minutes15 + 1);
      s.each(2);
      s.clock(minutes15 + 2);
      expect(s.take()).toEqual([pane(GLOBAL_WINDOW, [1], 'EARLY', firstEarly, END_OF_GLOBAL_WINDOW)]);
    });
  });

  it('late firings on a processing-time delay: one LATE pane per delay after a late element, nothing at garbage collection', () => {
    const s = scenario({ windowFn: fixedWindows(10), trigger: afterWatermarkTrigger({ late: afterProcessingTime(10) }), accumulation: 'accumulating', allowedLateness: 100 });
    s.watermark(0);
    s.bundle(1);
    s.watermark(10);
    s.clock(5);
    s.bundle(2); // late: due at 15
    s.clock(15);
    s.clock(16);
    s.watermark(200);
    expect(s.take()).toEqual([
      pane(w(0, 10), [1], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 9),
      pane(w(0, 10), [1, 2], 'LATE', { index: 1, onTimeIndex: 1, isFirst: false, isLast: false }, 9),
    ]);
  });
});
