import { from } from 'rxjs';
import { afterWatermark, assignEventTime, Combine, combinePerKey, fixedWindows, windowInto, type Pane } from '../../src/index';

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
