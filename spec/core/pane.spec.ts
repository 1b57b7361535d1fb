import fc from 'fast-check';
import { describePane, MIN_TIMESTAMP, type PaneInfo } from '../../src/index';

// A window with maxTimestamp 9.
const MAX = 9;
const early0: PaneInfo = { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false };

describe('describePane (Beam PaneInfoTracker)', () => {
  it('first pane before the end of window: EARLY, index 0, onTimeIndex -1', () => {
    expect(describePane(undefined, false, MAX, 5, 5)).toEqual(early0);
    expect(describePane(undefined, false, MAX, 9, MIN_TIMESTAMP)).toEqual(early0);
  });

  it('input watermark past maxTimestamp, output not: ON_TIME; the first non-early pane gets onTimeIndex 0', () => {
    expect(describePane(undefined, false, MAX, 10, 9)).toEqual({ timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: false });
    expect(describePane(early0, true, MAX, 10, 9)).toEqual({ timing: 'ON_TIME', index: 1, onTimeIndex: 0, isFirst: false, isLast: true });
  });

  it('output watermark past maxTimestamp: LATE, even for a first pane', () => {
    expect(describePane(undefined, false, MAX, 10, 10)).toEqual({ timing: 'LATE', index: 0, onTimeIndex: 0, isFirst: true, isLast: false });
    expect(describePane(early0, false, MAX, 50, 10)).toEqual({ timing: 'LATE', index: 1, onTimeIndex: 0, isFirst: false, isLast: false });
  });

  it('after a non-early pane every later pane is LATE, whatever the watermarks say', () => {
    const onTime: PaneInfo = { timing: 'ON_TIME', index: 3, onTimeIndex: 0, isFirst: false, isLast: false };
    expect(describePane(onTime, false, MAX, 10, 9)).toEqual({ timing: 'LATE', index: 4, onTimeIndex: 1, isFirst: false, isLast: false });
    const late: PaneInfo = { timing: 'LATE', index: 4, onTimeIndex: 1, isFirst: false, isLast: false };
    expect(describePane(late, true, MAX, 100, 100)).toEqual({ timing: 'LATE', index: 5, onTimeIndex: 2, isFirst: false, isLast: true });
  });

  it('EARLY panes keep onTimeIndex -1 while indexes count up', () => {
    const second = describePane(early0, false, MAX, 3, 3);
    expect(second).toEqual({ timing: 'EARLY', index: 1, onTimeIndex: -1, isFirst: false, isLast: false });
    expect(describePane(second, false, MAX, 4, 4)).toEqual({ timing: 'EARLY', index: 2, onTimeIndex: -1, isFirst: false, isLast: false });
  });

  it('first panes are shared frozen objects with the fields the rules give (the pane a fired window keeps)', () => {
    const a = describePane(undefined, true, MAX, 10, 9);
    expect(a).toEqual({ timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true });
    expect(describePane(undefined, true, MAX, 12, 3)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(describePane(undefined, false, MAX, 10, 9)).not.toBe(a);
  });

  it('agrees with the rules written out, for any previous pane and watermarks', () => {
    const previous = fc.option(
      fc.record({ timing: fc.constantFrom('EARLY' as const, 'ON_TIME' as const, 'LATE' as const), index: fc.nat(5), onTimeIndex: fc.integer({ min: -1, max: 5 }), isFirst: fc.boolean(), isLast: fc.constant(false) }),
      { nil: undefined },
    );
    const time = fc.integer({ min: 0, max: 20 });
    fc.assert(
      fc.property(previous, fc.boolean(), time, time, (prev, isFinal, input, output) => {
        // Beam's PaneInfoTracker.describePane.
        const isFirst = prev === undefined;
        const late = MAX < output || !(isFirst || prev.timing === 'EARLY');
        const timing = late ? 'LATE' : input <= MAX ? 'EARLY' : 'ON_TIME';
        const expected: PaneInfo = {
          timing,
          index: isFirst ? 0 : prev.index + 1,
          onTimeIndex: timing === 'EARLY' ? -1 : isFirst ? 0 : prev.onTimeIndex + 1,
          isFirst,
          isLast: isFinal,
        };
        expect(describePane(prev, isFinal, MAX, input, output)).toEqual(expected);
      }),
    );
  });
});
