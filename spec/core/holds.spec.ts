import { from } from 'rxjs';
import { afterWatermark, assignEventTime, Combine, combinePerKey, fixedWindows, intervalWindow, windowInto, type Pane } from '../../src/index';
import { WatermarkHolds } from '../../src/core/holds';
import { KeyWindow } from '../../src/core/keyWindow';
import { WindowBucket } from '../../src/core/windowBucket';
import type { WindowStore } from '../../src/core/windowStore';

const run = (values: number[], windowFn = fixedWindows(10)) => {
  const out: Pane<number, string>[] = [];
  from(values)
    .pipe(
      assignEventTime((t: number) => t),
      windowInto<number>(windowFn),
      afterWatermark({ timestampCombiner: 'earliestTransformed' }),
      combinePerKey(() => 'k', Combine.count<number>()),
    )
    .subscribe((p) => out.push(p));
  return out.map((p) => [p.window.start, p.value, p.timestamp]);
};

describe("timestamp combiner 'earliestTransformed' (Beam Python OUTPUT_AT_EARLIEST_TRANSFORMED)", () => {
  it("stamps panes with the earliest of the window function's output times, even past the window", () => {
    const shifted = { ...fixedWindows(10), outputTime: (t: number) => t + 100 };
    expect(run([3, 1, 2, 11, 25], shifted)).toEqual([
      [0, 3, 101],
      [10, 1, 111],
      [20, 1, 125],
    ]);
  });

  it('without an outputTime it is the earliest element time', () => {
    expect(run([3, 1, 2, 11])).toEqual([
      [0, 3, 1],
      [10, 1, 11],
    ]);
  });
});

describe('WatermarkHolds.merge of a state with itself', () => {
  // A store with no timers pending: only the filed holds keep the output watermark back.
  const noTimers = { earliestTimer: () => Number.POSITIVE_INFINITY } as unknown as WindowStore<string, number>;
  const state = (hold: number) => {
    const bucket = new WindowBucket<string, number>(intervalWindow(0, 10), 19, 0, true);
    const kw = new KeyWindow<string, number>('k', 'k', bucket);
    kw.elementHold = hold;
    return kw;
  };

  it('files an unchanged hold that lay at or after the timer it had before the merge', () => {
    const holds = new WatermarkHolds<string, number>('earliest', undefined, 10);
    const kw = state(5);
    // Before the merge the window's timer was at 5: a hold at 5 had no entry of its own then.
    holds.merge(kw, [kw], 0, 5);
    holds.refresh(100, noTimers);
    expect(holds.output).toBe(5);
  });

  it('files an unchanged hold again on the plain path (no timer given)', () => {
    const holds = new WatermarkHolds<string, number>('earliest', undefined, 10);
    const kw = state(5);
    holds.merge(kw, [kw], 0);
    holds.refresh(100, noTimers);
    expect(holds.output).toBe(5);
  });

  it('keeps the entry a hold already had before the timer, and releases it when the hold goes', () => {
    const holds = new WatermarkHolds<string, number>('earliest', undefined, 10);
    const kw = state(5);
    holds.track(5, kw);
    holds.merge(kw, [kw], 0, 9);
    holds.refresh(4, noTimers);
    expect(holds.output).toBe(4);
    holds.refresh(100, noTimers);
    expect(holds.output).toBe(5);
    kw.elementHold = undefined;
    kw.extraHold = undefined;
    holds.refresh(100, noTimers);
    expect(holds.output).toBe(100);
  });
});
