import {
  afterCount,
  afterProcessingTime,
  afterWatermarkTrigger,
  fixedWindows,
  intervalWindow,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  neverTrigger,
  repeatedly,
  slidingWindows,
} from '../../src/index';
import { letterPane as p, letters } from '../helpers/reducerHarness';

// Fixed windows of 10 ms: W0 = [0, 10) with maxTimestamp 9, W1 = [10, 20) with maxTimestamp 19.
const W0 = intervalWindow(0, 10);
const W1 = intervalWindow(10, 20);
const fixed10 = fixedWindows(10);

describe('Reducer with the default trigger', () => {
  it('allowed lateness 0: one ON_TIME pane per key when the watermark passes maxTimestamp; it is also the last pane', () => {
    const h = letters({ windowFn: fixed10 });
    h.reducer.processElement('a1', 1);
    h.reducer.processElement('b1', 3);
    h.reducer.processElement('a2', 5);
    expect(h.take()).toEqual([]);
    h.reducer.advanceWatermark(9);
    expect(h.take()).toEqual([]);
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([
      p('a', W0, ['a1', 'a2'], ['ON_TIME', 0, 0, true, true], 9),
      p('b', W0, ['b1'], ['ON_TIME', 0, 0, true, true], 9),
    ]);
    expect(h.reducer.metrics).toEqual({ elementsIn: 3, droppedLate: 0, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 2, openWindows: 0 });
  });

  it('allowed lateness 0: data behind the watermark is dropped, counted and given to the sink', () => {
    const h = letters({ windowFn: fixed10 });
    h.reducer.processElement('a1', 1);
    h.reducer.advanceWatermark(10);
    h.take();
    h.reducer.processElement('a2', 2);
    expect(h.take()).toEqual([]);
    expect(h.drops).toEqual([{ value: 'a2', timestamp: 2, window: W0, reason: 'beyond-allowed-lateness', watermark: 10 }]);
    expect(h.reducer.metrics).toEqual({ elementsIn: 2, droppedLate: 1, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 1, openWindows: 0 });
    // The next window is not affected.
    h.reducer.processElement('a3', 10);
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([p('a', W1, ['a3'], ['ON_TIME', 0, 0, true, true], 19)]);
  });

  it('an element at maxTimestamp belongs to the window; the watermark at maxTimestamp does not fire it, one ms later does', () => {
    const h = letters({ windowFn: fixed10 });
    h.reducer.processElement('a9', 9);
    h.reducer.processElement('a10', 10);
    h.reducer.advanceWatermark(9);
    expect(h.take()).toEqual([]);
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([p('a', W0, ['a9'], ['ON_TIME', 0, 0, true, true], 9)]);
    h.reducer.advanceWatermark(19);
    expect(h.take()).toEqual([]);
    h.reducer.advanceWatermark(20);
    expect(h.take()).toEqual([p('a', W1, ['a10'], ['ON_TIME', 0, 0, true, true], 19)]);
  });

  it('with allowed lateness: a LATE pane per late bundle until garbage collection (discarding)', () => {
    const h = letters({ windowFn: fixed10, allowedLateness: 20 });
    h.reducer.processElement('a1', 1);
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([p('a', W0, ['a1'], ['ON_TIME', 0, 0, true, false], 9)]);
    h.reducer.processElement('a2', 2);
    expect(h.take()).toEqual([p('a', W0, ['a2'], ['LATE', 1, 1, false, false], 9)]);
    h.reducer.processBundle([
      { value: 'a3', timestamp: 3 },
      { value: 'a4', timestamp: 4 },
    ]);
    expect(h.take()).toEqual([p('a', W0, ['a3', 'a4'], ['LATE', 2, 2, false, false], 9)]);
    // gcTime = 9 + 20 = 29: a watermark at 29 keeps the window.
    h.reducer.advanceWatermark(29);
    expect(h.take()).toEqual([]);
    h.reducer.processElement('a5', 5);
    expect(h.take()).toEqual([p('a', W0, ['a5'], ['LATE', 3, 3, false, false], 9)]);
    // Past gcTime: garbage collection; nothing new since the last pane, so no (empty) final pane.
    h.reducer.advanceWatermark(30);
    expect(h.take()).toEqual([]);
    expect(h.reducer.metrics.openWindows).toBe(0);
    h.reducer.processElement('a6', 6);
    expect(h.take()).toEqual([]);
    expect(h.drops).toEqual([{ value: 'a6', timestamp: 6, window: W0, reason: 'beyond-allowed-lateness', watermark: 30 }]);
    expect(h.reducer.metrics).toEqual({ elementsIn: 6, droppedLate: 1, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 4, openWindows: 0 });
  });

  it('with allowed lateness: accumulating panes hold everything so far', () => {
    const h = letters({ windowFn: fixed10, allowedLateness: 20, accumulation: 'accumulating' });
    h.reducer.processElement('a1', 1);
    h.reducer.advanceWatermark(10);
    h.reducer.processElement('a2', 2);
    h.reducer.processBundle([
      { value: 'a3', timestamp: 3 },
      { value: 'a4', timestamp: 4 },
    ]);
    h.reducer.advanceWatermark(30);
    expect(h.take()).toEqual([
      p('a', W0, ['a1'], ['ON_TIME', 0, 0, true, false], 9),
      p('a', W0, ['a1', 'a2'], ['LATE', 1, 1, false, false], 9),
      p('a', W0, ['a1', 'a2', 'a3', 'a4'], ['LATE', 2, 2, false, false], 9),
    ]);
  });

  it('a key whose first data arrives late gets a first pane that is LATE (index 0, onTimeIndex 0) stamped maxTimestamp', () => {
    const h = letters({ windowFn: fixed10, allowedLateness: 100, timestampCombiner: 'earliest' });
    h.reducer.processElement('a1', 1);
    h.reducer.advanceWatermark(10);
    h.take();
    h.reducer.processElement('b2', 2);
    expect(h.take()).toEqual([p('b', W0, ['b2'], ['LATE', 0, 0, true, false], 9)]);
  });
});

describe('Reducer with afterWatermark early/late processing-time firings', () => {
  const trigger = afterWatermarkTrigger({ early: afterProcessingTime(5), late: afterProcessingTime(5) });

  it('discarding: EARLY panes, an empty ON_TIME pane (fire always), LATE panes, and no empty final pane at GC', () => {
    const h = letters({ windowFn: fixed10, trigger, allowedLateness: 100 });
    h.reducer.processElement('a1', 1);
    expect(h.reducer.nextProcessingTimer()).toBe(5);
    h.clockTo(5);
    expect(h.take()).toEqual([]);
    h.clockTo(6);
    expect(h.take()).toEqual([p('a', W0, ['a1'], ['EARLY', 0, -1, true, false], 9)]);
    h.reducer.processElement('a2', 2);
    expect(h.reducer.nextProcessingTimer()).toBe(11);
    h.clockTo(12);
    expect(h.take()).toEqual([p('a', W0, ['a2'], ['EARLY', 1, -1, false, false], 9)]);
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([p('a', W0, [], ['ON_TIME', 2, 0, false, false], 9)]);
    h.reducer.processElement('a3', 3);
    h.clockTo(17);
    expect(h.take()).toEqual([]);
    h.clockTo(18);
    expect(h.take()).toEqual([p('a', W0, ['a3'], ['LATE', 3, 1, false, false], 9)]);
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([]);
    expect(h.reducer.metrics).toEqual({ elementsIn: 3, droppedLate: 0, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 4, openWindows: 0 });
  });

  it('accumulating: each pane holds everything so far; a value pending at GC gives a final LATE pane', () => {
    const h = letters({ windowFn: fixed10, trigger, allowedLateness: 100, accumulation: 'accumulating' });
    h.reducer.processElement('a1', 1);
    h.clockTo(6);
    h.reducer.processElement('a2', 2);
    h.clockTo(12);
    h.reducer.advanceWatermark(10);
    h.reducer.processElement('a3', 3);
    h.clockTo(18);
    h.reducer.processElement('a4', 4);
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([
      p('a', W0, ['a1'], ['EARLY', 0, -1, true, false], 9),
      p('a', W0, ['a1', 'a2'], ['EARLY', 1, -1, false, false], 9),
      p('a', W0, ['a1', 'a2'], ['ON_TIME', 2, 0, false, false], 9),
      p('a', W0, ['a1', 'a2', 'a3'], ['LATE', 3, 1, false, false], 9),
      p('a', W0, ['a1', 'a2', 'a3', 'a4'], ['LATE', 4, 2, false, true], 9),
    ]);
  });

  it("onTimeBehavior 'fireIfNonEmpty' skips the empty ON_TIME pane; the next pane is LATE with onTimeIndex 0", () => {
    const h = letters({ windowFn: fixed10, trigger, allowedLateness: 100, onTimeBehavior: 'fireIfNonEmpty' });
    h.reducer.processElement('a1', 1);
    h.clockTo(6);
    h.reducer.advanceWatermark(10);
    h.reducer.processElement('a3', 3);
    h.clockTo(12);
    expect(h.take()).toEqual([
      p('a', W0, ['a1'], ['EARLY', 0, -1, true, false], 9),
      p('a', W0, ['a3'], ['LATE', 1, 0, false, false], 9),
    ]);
  });

  it("closingBehavior 'fireAlways' emits an empty final pane at GC", () => {
    const h = letters({ windowFn: fixed10, trigger, allowedLateness: 100, closingBehavior: 'fireAlways' });
    h.reducer.processElement('a1', 1);
    h.reducer.advanceWatermark(10);
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([
      p('a', W0, ['a1'], ['ON_TIME', 0, 0, true, false], 9),
      p('a', W0, [], ['LATE', 1, 1, false, true], 9),
    ]);
  });

  it('end of window and GC passed by one watermark step: one pane, ON_TIME and last', () => {
    const h = letters({ windowFn: fixed10, trigger, allowedLateness: 20 });
    h.reducer.processElement('a1', 1);
    h.reducer.processElement('a4', 4);
    h.reducer.advanceWatermark(30);
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a4'], ['ON_TIME', 0, 0, true, true], 9)]);
    expect(h.reducer.metrics.openWindows).toBe(0);
  });

  it('processing-time timers of a window already collected are ignored', () => {
    const h = letters({ windowFn: fixed10, trigger, allowedLateness: 0 });
    h.reducer.processElement('a1', 1);
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([p('a', W0, ['a1'], ['ON_TIME', 0, 0, true, true], 9)]);
    h.clockTo(1_000);
    expect(h.take()).toEqual([]);
    expect(h.reducer.nextProcessingTimer()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('Reducer with finishing triggers', () => {
  it('afterWatermark without late firings finishes at the end of window: later data is dropped as window-closed', () => {
    const h = letters({ windowFn: fixed10, trigger: afterWatermarkTrigger(), allowedLateness: 100 });
    h.reducer.processElement('a1', 1);
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([p('a', W0, ['a1'], ['ON_TIME', 0, 0, true, true], 9)]);
    h.reducer.processElement('a2', 2);
    expect(h.take()).toEqual([]);
    expect(h.drops).toEqual([{ value: 'a2', timestamp: 2, window: W0, reason: 'window-closed', watermark: 10 }]);
    // The window stays (closed) until GC, then nothing is emitted.
    expect(h.reducer.metrics).toEqual({ elementsIn: 2, droppedLate: 0, droppedClosed: 1, droppedNoWindow: 0, badRecords: 0, panesOut: 1, openWindows: 1 });
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([]);
    expect(h.reducer.metrics.openWindows).toBe(0);
  });

  it('afterCount(2): three single elements give one pane of two and a window-closed drop', () => {
    const h = letters({ windowFn: fixed10, trigger: afterCount(2) });
    h.reducer.processElement('a1', 1);
    h.reducer.processElement('a2', 2);
    h.reducer.processElement('a3', 3);
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a2'], ['EARLY', 0, -1, true, true], 9)]);
    expect(h.drops).toEqual([{ value: 'a3', timestamp: 3, window: W0, reason: 'window-closed', watermark: MIN_TIMESTAMP }]);
    expect(h.reducer.metrics.droppedClosed).toBe(1);
  });

  it('afterCount(2): the same three values in one bundle ask the trigger once, giving one pane of three', () => {
    const h = letters({ windowFn: fixed10, trigger: afterCount(2) });
    h.reducer.processBundle([
      { value: 'a1', timestamp: 1 },
      { value: 'a2', timestamp: 2 },
      { value: 'a3', timestamp: 3 },
    ]);
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a2', 'a3'], ['EARLY', 0, -1, true, true], 9)]);
    expect(h.drops).toEqual([]);
  });

  it('never: the data comes out only in the GC pane, ON_TIME while the output watermark was held, stamped by the combiner', () => {
    const h = letters({ windowFn: fixed10, trigger: neverTrigger(), allowedLateness: 100, timestampCombiner: 'earliest' });
    h.reducer.processElement('a5', 5);
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([]);
    expect(h.reducer.outputWatermark).toBe(5);
    // Late: its would-be hold (2) is behind the output watermark, so it gets a GC hold instead.
    h.reducer.processElement('a2', 2);
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([p('a', W0, ['a5', 'a2'], ['ON_TIME', 0, 0, true, true], 5)]);
  });
});

describe('Reducer: timing follows watermarks, not the trigger kind', () => {
  it('a count firing after the end of window while the output watermark is still held is ON_TIME', () => {
    const h = letters({ windowFn: fixed10, trigger: repeatedly(afterCount(2)), allowedLateness: 100 });
    h.reducer.processElement('a1', 1);
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([]);
    // a1's end-of-window hold keeps the output watermark at 9.
    expect(h.reducer.outputWatermark).toBe(9);
    h.reducer.processElement('a2', 2);
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a2'], ['ON_TIME', 0, 0, true, false], 9)]);
    h.reducer.processElement('a3', 3);
    h.reducer.processElement('a4', 4);
    expect(h.take()).toEqual([p('a', W0, ['a3', 'a4'], ['LATE', 1, 1, false, false], 9)]);
  });
});

describe('Reducer with sliding windows', () => {
  it('lateness is judged per window: a value can be dropped from one of its windows and kept in another', () => {
    const h = letters({ windowFn: slidingWindows(20, 10) });
    h.reducer.advanceWatermark(25);
    h.reducer.processElement('a15', 15);
    expect(h.drops).toEqual([{ value: 'a15', timestamp: 15, window: intervalWindow(0, 20), reason: 'beyond-allowed-lateness', watermark: 25 }]);
    h.reducer.advanceWatermark(30);
    expect(h.take()).toEqual([p('a', intervalWindow(10, 30), ['a15'], ['ON_TIME', 0, 0, true, true], 29)]);
    expect(h.reducer.metrics).toEqual({ elementsIn: 2, droppedLate: 1, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 1, openWindows: 0 });
  });
});

describe('Reducer output timestamps', () => {
  const run = (timestampCombiner: 'endOfWindow' | 'earliest' | 'latest') => {
    const h = letters({ windowFn: fixed10, timestampCombiner });
    h.reducer.processElement('a3', 3);
    h.reducer.processElement('a1', 1);
    h.reducer.processElement('a7', 7);
    h.reducer.advanceWatermark(10);
    return h.take();
  };

  it('endOfWindow stamps maxTimestamp, earliest the smallest and latest the largest event time', () => {
    expect(run('endOfWindow')).toEqual([p('a', W0, ['a3', 'a1', 'a7'], ['ON_TIME', 0, 0, true, true], 9)]);
    expect(run('earliest')).toEqual([p('a', W0, ['a3', 'a1', 'a7'], ['ON_TIME', 0, 0, true, true], 1)]);
    expect(run('latest')).toEqual([p('a', W0, ['a3', 'a1', 'a7'], ['ON_TIME', 0, 0, true, true], 7)]);
  });

  it('earliest with accumulating panes: each pane is stamped from the values since the previous firing', () => {
    const h = letters({
      windowFn: fixed10,
      trigger: afterWatermarkTrigger({ early: afterCount(1) }),
      accumulation: 'accumulating',
      timestampCombiner: 'earliest',
    });
    h.reducer.processElement('a2', 2);
    h.reducer.processElement('a6', 6);
    h.reducer.processElement('a4', 4);
    expect(h.take()).toEqual([
      p('a', W0, ['a2'], ['EARLY', 0, -1, true, false], 2),
      p('a', W0, ['a2', 'a6'], ['EARLY', 1, -1, false, false], 6),
      p('a', W0, ['a2', 'a6', 'a4'], ['EARLY', 2, -1, false, false], 4),
    ]);
    // The on-time pane has no new values and no hold: stamped maxTimestamp.
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([p('a', W0, ['a2', 'a6', 'a4'], ['ON_TIME', 3, 0, false, true], 9)]);
  });
});

describe('Reducer output watermark', () => {
  it('is the input watermark held back by pending element holds, and never decreases', () => {
    const h = letters({ windowFn: fixed10, trigger: neverTrigger(), allowedLateness: 100 });
    expect(h.reducer.outputWatermark).toBe(MIN_TIMESTAMP);
    h.reducer.processElement('a1', 1);
    h.reducer.advanceWatermark(5);
    expect(h.reducer.outputWatermark).toBe(5);
    // The window's data is still pending (end-of-window hold at 9).
    h.reducer.advanceWatermark(50);
    expect(h.reducer.outputWatermark).toBe(9);
    // A late value gets a GC hold (109): it does not move the output watermark back.
    h.reducer.processElement('a2', 2);
    expect(h.reducer.outputWatermark).toBe(9);
    // A value for a new, already late window is kept; its hold is at GC time, later than 9.
    h.reducer.processElement('a15', 15);
    expect(h.reducer.outputWatermark).toBe(9);
    h.reducer.advanceWatermark(108);
    expect(h.reducer.outputWatermark).toBe(9);
    // W0 collected at 110 (> 109); W1 (GC 119) still holds with its GC hold.
    h.reducer.advanceWatermark(110);
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a2'], ['ON_TIME', 0, 0, true, true], 9)]);
    expect(h.reducer.outputWatermark).toBe(110);
    h.reducer.advanceWatermark(120);
    expect(h.take()).toEqual([p('a', W1, ['a15'], ['LATE', 0, 0, true, true], 19)]);
    expect(h.reducer.outputWatermark).toBe(120);
    // A watermark that does not move forward is ignored.
    h.reducer.advanceWatermark(100);
    expect(h.reducer.inputWatermark).toBe(120);
    expect(h.reducer.outputWatermark).toBe(120);
  });

  it('a firing releases the hold of its pane, letting the output watermark move on', () => {
    const h = letters({
      windowFn: fixed10,
      trigger: afterWatermarkTrigger({ early: afterProcessingTime(5) }),
      timestampCombiner: 'earliest',
    });
    h.reducer.processElement('a3', 3);
    h.reducer.advanceWatermark(8);
    expect(h.reducer.outputWatermark).toBe(3);
    h.clockTo(6);
    expect(h.take()).toEqual([p('a', W0, ['a3'], ['EARLY', 0, -1, true, false], 3)]);
    expect(h.reducer.outputWatermark).toBe(8);
  });

  it('is held at the end of a window until its end-of-window timer has fired', () => {
    const h = letters({ windowFn: fixed10 });
    h.reducer.processElement('a1', 1);
    h.reducer.processElement('a12', 12);
    h.reducer.advanceWatermark(15);
    expect(h.take()).toEqual([p('a', W0, ['a1'], ['ON_TIME', 0, 0, true, true], 9)]);
    expect(h.reducer.outputWatermark).toBe(15);
    h.reducer.advanceWatermark(25);
    expect(h.reducer.outputWatermark).toBe(25);
  });
});

describe('Reducer.dispose', () => {
  it('drops all state and timers: no open windows, no processing timer, no panes afterwards', () => {
    const trigger = afterWatermarkTrigger({ early: afterProcessingTime(5) });
    const h = letters({ windowFn: fixed10, trigger, allowedLateness: 100 });
    h.reducer.processElement('a1', 1);
    h.reducer.processElement('b15', 15);
    expect(h.reducer.metrics.openWindows).toBe(2);
    expect(h.reducer.nextProcessingTimer()).toBe(5);
    h.reducer.dispose();
    expect(h.reducer.metrics.openWindows).toBe(0);
    expect(h.reducer.nextProcessingTimer()).toBe(Number.POSITIVE_INFINITY);
    h.clockTo(100);
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([]);
  });
});
