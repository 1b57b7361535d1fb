/**
 * The sliding-window fast path (the buckets of the window lists seen last, `WindowListBuckets`, and each
 * key's states linked across windows, `WindowStore.inBucketFrom`) against the plain path that looks
 * every window up in the store and the key up in every window: the same panes and dead letters for
 * random out-of-order input with watermarks that collect windows while their lists are still cached.
 */
import fc from 'fast-check';
import { Combine, type Pane } from '../../src/index';
import { WindowListBuckets } from '../../src/core/windowListBuckets';
import { slidingWindows } from '../../src/windows/slidingWindows';
import { intervalWindow } from '../../src/windows/window';
import { reducerHarness } from '../helpers/reducerHarness';

interface Step {
  readonly key: string;
  readonly t: number;
  /** Moves the watermark this far after the element (0: not at all). */
  readonly advance: number;
}

const steps = fc.array(
  fc.record({ key: fc.constantFrom('a', 'b', 'c'), t: fc.integer({ min: 0, max: 120 }), advance: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 25 })) }),
  { maxLength: 120 },
);

function run(input: readonly Step[], size: number, period: number, lateness: number, plainPaths: boolean): string[] {
  const h = reducerHarness<Step, string, unknown, unknown>(
    { windowFn: slidingWindows(size, period), allowedLateness: lateness, accumulation: 'accumulating' },
    (s) => s.key,
    Combine.count<Step>(),
    { plainPaths },
  );
  let wm = Number.NEGATIVE_INFINITY;
  for (const s of input) {
    h.reducer.processElement(s, s.t);
    if (s.advance > 0) {
      wm = Math.max(wm, s.t - 30) + s.advance;
      h.reducer.advanceWatermark(wm);
    }
  }
  h.reducer.advanceWatermark(Number.POSITIVE_INFINITY);
  const describe = (p: Pane<unknown, string>) => `${p.key} [${p.window.start},${p.window.end}) ${String(p.value)} ${p.pane.timing} #${p.pane.index}`;
  return [...h.panes.map(describe), ...h.drops.map((d) => `dropped ${d.value.key}@${d.value.t} ${d.reason}`)];
}

describe('WindowListBuckets: the buckets of the window lists seen last', () => {
  it('gives, for sliding windows, the panes and drops of the plain path that looks each window up', () => {
    fc.assert(
      fc.property(steps, fc.constantFrom([20, 5], [30, 10], [12, 4]), fc.constantFrom(0, 10), (input, [size, period], lateness) => {
        expect(run(input, size, period, lateness, false)).toEqual(run(input, size, period, lateness, true));
      }),
      { numRuns: 300 },
    );
  });

  it('returns the same entries for a list seen last or the one before, and a fresh list for a new one', () => {
    const cache = new WindowListBuckets<string, number>();
    const a = [intervalWindow(0, 10), intervalWindow(5, 15)];
    const b = [intervalWindow(5, 15), intervalWindow(10, 20)];
    const c = [intervalWindow(10, 20), intervalWindow(15, 25)];
    const ofA = cache.of(a);
    expect(ofA).toEqual([undefined, undefined]);
    ofA[0] = 'bucket' as never;
    const ofB = cache.of(b);
    expect(ofB).not.toBe(ofA);
    expect(cache.of(a)).toBe(ofA);
    expect(cache.of(b)).toBe(ofB);
    cache.of(c);
    // Two lists are kept: the oldest of three is forgotten.
    expect(cache.of(a)).not.toBe(ofA);
  });
});
