/**
 * The sliding-window fast path (the buckets of the window lists seen last, `WindowListBuckets`, and each
 * key's states linked across windows, `WindowStore.inBucketFrom`) against the plain path that looks
 * every window up in the store and the key up in every window: the same panes and dead letters for
 * random out-of-order input with watermarks that collect windows while their lists are still cached.
 */
import fc from 'fast-check';
import { WindowListBuckets } from '../../src/core/windowListBuckets';
import { slidingWindows } from '../../src/windows/slidingWindows';
import { intervalWindow } from '../../src/windows/window';
import { PATH_STRATEGIES, pathSteps, pathTranscript } from '../helpers/fastPaths';

describe('WindowListBuckets: the buckets of the window lists seen last', () => {
  it('gives, for sliding windows, the panes, drops, output watermarks and metrics of the plain path that looks each window up', () => {
    fc.assert(
      fc.property(pathSteps(120), fc.constantFrom([20, 5], [30, 10], [12, 4]), fc.constantFrom(...Object.keys(PATH_STRATEGIES)), fc.constantFrom(0, 10), (input, [size, period], strategy, lateness) => {
        const run = (plainPaths: boolean) => pathTranscript(input, slidingWindows(size, period), PATH_STRATEGIES[strategy], lateness, 30, plainPaths);
        expect(run(false)).toEqual(run(true));
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
