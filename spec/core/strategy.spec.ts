import {
  afterCount,
  afterWatermarkTrigger,
  boundedOutOfOrderness,
  DEFAULT_STRATEGY,
  defaultTrigger,
  describeStrategy,
  END_OF_GLOBAL_WINDOW,
  GLOBAL_WINDOW,
  intervalWindow,
  MIN_TIMESTAMP,
  monotonicTimestamps,
  repeatedly,
  sameStrategy,
} from '../../src/index';
import { garbageCollectionTime } from '../../src/core';
import { outputStrategy, requireExplicitAccumulation, requireLateness } from '../../src/core/strategy';
import { fixedWindows } from '../../src/windows/fixedWindows';

describe('windowing strategy', () => {
  it("defaults are Beam's: default trigger, discarding, lateness 0, end of window, fire-always on time, fire-if-non-empty at close", () => {
    expect(DEFAULT_STRATEGY).toEqual({
      windowFn: undefined,
      trigger: defaultTrigger(),
      allowedLateness: 0,
      accumulation: 'discarding',
      timestampCombiner: 'endOfWindow',
      onTimeBehavior: 'fireAlways',
      closingBehavior: 'fireIfNonEmpty',
    });
  });

  it('gcTime = maxTimestamp + allowed lateness, capped at the end of the global window', () => {
    expect(garbageCollectionTime(intervalWindow(0, 10), 0)).toBe(9);
    expect(garbageCollectionTime(intervalWindow(0, 10), 120)).toBe(129);
    expect(garbageCollectionTime(GLOBAL_WINDOW, 0)).toBe(END_OF_GLOBAL_WINDOW);
    expect(garbageCollectionTime(GLOBAL_WINDOW, 1_000)).toBe(END_OF_GLOBAL_WINDOW);
    expect(garbageCollectionTime(intervalWindow(0, END_OF_GLOBAL_WINDOW - 10), 1_000)).toBe(END_OF_GLOBAL_WINDOW);
  });

  it('a trigger that can fire more than once, or a positive lateness, needs an explicit accumulation mode', () => {
    expect(() => requireExplicitAccumulation('op', repeatedly(afterCount(1)), 0, undefined)).toThrow(
      new TypeError("op: accumulation must be given ('discarding' or 'accumulating') when the trigger can fire more than once, got undefined for Repeatedly(AfterCount(1)) with allowedLateness 0"),
    );
    expect(() => requireExplicitAccumulation('op', afterWatermarkTrigger(), 5, undefined)).toThrow(TypeError);
    expect(() => requireExplicitAccumulation('op', afterWatermarkTrigger(), 0, undefined)).not.toThrow();
    expect(() => requireExplicitAccumulation('op', repeatedly(afterCount(1)), 0, 'discarding')).not.toThrow();
    expect(() => requireLateness('op', -1)).toThrow(new RangeError('op: allowedLateness must be a non-negative finite number of ms, got -1'));
  });

  it('one equality: strategies built alike are the same although their objects differ; any part that differs tells them apart', () => {
    const built = () => ({ ...DEFAULT_STRATEGY, windowFn: fixedWindows(60_000), trigger: afterWatermarkTrigger({ early: afterCount(2) }), allowedLateness: 100, accumulation: 'accumulating' as const });
    expect(built()).not.toBe(built());
    expect(sameStrategy(built(), built())).toBe(true);
    expect(describeStrategy(built())).toBe('fixed(60000, 0), AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(2)), allowedLateness 100, accumulating');
    const variants = [
      { ...built(), windowFn: fixedWindows(60_000, 10) },
      { ...built(), windowFn: undefined },
      { ...built(), trigger: afterWatermarkTrigger({ early: afterCount(3) }) },
      { ...built(), allowedLateness: 0 },
      { ...built(), accumulation: 'discarding' as const },
      { ...built(), timestampCombiner: 'earliest' as const },
      { ...built(), onTimeBehavior: 'fireIfNonEmpty' as const },
      { ...built(), closingBehavior: 'fireAlways' as const },
    ];
    for (const v of variants) expect(sameStrategy(built(), v)).toBe(false);
    expect(variants.slice(5).map(describeStrategy)).toEqual([
      'fixed(60000, 0), AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(2)), allowedLateness 100, accumulating, timestampCombiner earliest',
      'fixed(60000, 0), AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(2)), allowedLateness 100, accumulating, onTimeBehavior fireIfNonEmpty',
      'fixed(60000, 0), AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(2)), allowedLateness 100, accumulating, closingBehavior fireAlways',
    ]);
    expect(describeStrategy(DEFAULT_STRATEGY)).toBe('carried windows, DefaultTrigger, allowedLateness 0, discarding');
  });

  it("a grouping's output keeps the elements' windows and carries the continuation trigger", () => {
    const s = { ...DEFAULT_STRATEGY, windowFn: fixedWindows(10), trigger: afterWatermarkTrigger({ early: afterCount(5) }) };
    expect(outputStrategy(s)).toEqual({ ...s, windowFn: undefined, trigger: afterWatermarkTrigger({ early: afterCount(1) }) });
  });
});

describe('watermark strategies', () => {
  it('boundedOutOfOrderness trails the largest event time seen, never below MIN_TIMESTAMP', () => {
    const g = boundedOutOfOrderness(5).create();
    expect(g.onEvent(100, undefined)).toBe(95);
    expect(g.onEvent(90, undefined)).toBe(95);
    expect(g.onEvent(110, undefined)).toBe(105);
    expect(boundedOutOfOrderness(10).create().onEvent(MIN_TIMESTAMP, undefined)).toBe(MIN_TIMESTAMP);
    expect(() => boundedOutOfOrderness(-1)).toThrow(
      new RangeError('boundedOutOfOrderness: maxOutOfOrderness must be a non-negative finite number of ms, got -1'),
    );
  });

  it('monotonicTimestamps: the watermark is the latest event time; each subscription gets its own generator', () => {
    const s = monotonicTimestamps();
    const a = s.create();
    const b = s.create();
    expect(a.onEvent(7, undefined)).toBe(7);
    expect(b.onEvent(3, undefined)).toBe(3);
    expect(a.onEvent(5, undefined)).toBe(7);
  });
});
