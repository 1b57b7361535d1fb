import {
  compareWindows,
  describeWindow,
  END_OF_GLOBAL_WINDOW,
  GLOBAL_WINDOW,
  globalWindows,
  intervalWindow,
  isGlobalWindow,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  sameWindow,
  spanWindows,
  windowsIntersect,
} from '../../src/index';
import { windowId } from '../../src/core';

describe('intervalWindow', () => {
  it('is half-open with maxTimestamp = end - 1, and frozen', () => {
    const win = intervalWindow(0, 10);
    expect(win).toEqual({ start: 0, end: 10, maxTimestamp: 9 });
    expect(Object.isFrozen(win)).toBe(true);
  });

  it('an end after the end of the global window is cut there, so the window fires by +infinity', () => {
    expect(intervalWindow(5, 1e20)).toEqual({ start: 5, end: END_OF_GLOBAL_WINDOW + 1, maxTimestamp: END_OF_GLOBAL_WINDOW });
    expect(intervalWindow(END_OF_GLOBAL_WINDOW - 5, END_OF_GLOBAL_WINDOW + 5)).toEqual({
      start: END_OF_GLOBAL_WINDOW - 5,
      end: END_OF_GLOBAL_WINDOW + 1,
      maxTimestamp: END_OF_GLOBAL_WINDOW,
    });
    expect(intervalWindow(0, END_OF_GLOBAL_WINDOW + 1)).toEqual({ start: 0, end: END_OF_GLOBAL_WINDOW + 1, maxTimestamp: END_OF_GLOBAL_WINDOW });
    expect(spanWindows(intervalWindow(0, 10), intervalWindow(5, MAX_TIMESTAMP))).toEqual({ start: 0, end: END_OF_GLOBAL_WINDOW + 1, maxTimestamp: END_OF_GLOBAL_WINDOW });
  });

  it('maxTimestamp is the last whole millisecond inside the window, also for a fractional end', () => {
    expect(intervalWindow(0, 10.5)).toEqual({ start: 0, end: 10.5, maxTimestamp: 10 });
    expect(intervalWindow(0.5, 1)).toEqual({ start: 0.5, end: 1, maxTimestamp: 0 });
    expect(intervalWindow(-10.5, -0.25)).toEqual({ start: -10.5, end: -0.25, maxTimestamp: -1 });
  });

  it('intersect: each starts strictly before the other ends, so touching windows are disjoint', () => {
    const a = intervalWindow(0, 10);
    expect(windowsIntersect(a, intervalWindow(10, 20))).toBe(false);
    expect(windowsIntersect(intervalWindow(10, 20), a)).toBe(false);
    expect(windowsIntersect(a, intervalWindow(9, 20))).toBe(true);
    expect(windowsIntersect(a, intervalWindow(-5, 1))).toBe(true);
    expect(windowsIntersect(a, intervalWindow(-5, 0))).toBe(false);
    expect(windowsIntersect(a, intervalWindow(2, 3))).toBe(true);
    expect(windowsIntersect(a, a)).toBe(true);
  });

  it('span is [min start, max end), disjoint windows included', () => {
    expect(spanWindows(intervalWindow(0, 10), intervalWindow(5, 30))).toEqual({ start: 0, end: 30, maxTimestamp: 29 });
    expect(spanWindows(intervalWindow(40, 50), intervalWindow(0, 10))).toEqual({ start: 0, end: 50, maxTimestamp: 49 });
    expect(spanWindows(intervalWindow(0, 100), intervalWindow(10, 20))).toEqual({ start: 0, end: 100, maxTimestamp: 99 });
  });

  it('compare orders by start, then end', () => {
    const ws = [intervalWindow(5, 9), intervalWindow(0, 20), intervalWindow(0, 10), intervalWindow(-3, 50)];
    expect([...ws].sort(compareWindows)).toEqual([intervalWindow(-3, 50), intervalWindow(0, 10), intervalWindow(0, 20), intervalWindow(5, 9)]);
    expect(compareWindows(intervalWindow(0, 10), intervalWindow(0, 10))).toBe(0);
    expect(Math.sign(compareWindows(intervalWindow(0, 10), intervalWindow(0, 11)))).toBe(-1);
    expect(Math.sign(compareWindows(intervalWindow(1, 2), intervalWindow(0, 11)))).toBe(1);
  });

  it('sameWindow, windowId and describeWindow', () => {
    expect(sameWindow(intervalWindow(0, 10), { start: 0, end: 10, maxTimestamp: 9 })).toBe(true);
    expect(sameWindow(intervalWindow(0, 10), intervalWindow(0, 11))).toBe(false);
    expect(windowId(intervalWindow(-60_000, 0))).toBe('-60000:0');
    expect(describeWindow(intervalWindow(0, 60_000))).toBe('[1970-01-01T00:00:00.000Z, 1970-01-01T00:01:00.000Z)');
    expect(describeWindow(GLOBAL_WINDOW)).toBe('GlobalWindow');
  });
});

describe('global window', () => {
  it('spans all time and its maxTimestamp is the end of the global window, one day before +infinity', () => {
    expect(END_OF_GLOBAL_WINDOW).toBe(8639999913600000);
    expect(MAX_TIMESTAMP - END_OF_GLOBAL_WINDOW).toBe(86_400_000);
    expect(GLOBAL_WINDOW).toEqual({ start: MIN_TIMESTAMP, end: END_OF_GLOBAL_WINDOW + 1, maxTimestamp: END_OF_GLOBAL_WINDOW });
    expect(isGlobalWindow(GLOBAL_WINDOW)).toBe(true);
    expect(isGlobalWindow(intervalWindow(0, 10))).toBe(false);
  });

  it('globalWindows assigns every timestamp to the one global window', () => {
    const fn = globalWindows();
    expect(fn.isMerging).toBe(false);
    expect(fn.description).toBe('global');
    for (const t of [MIN_TIMESTAMP, -1, 0, 1704067200000, END_OF_GLOBAL_WINDOW]) expect(fn.assign(t)).toEqual([GLOBAL_WINDOW]);
  });
});
