import fc from 'fast-check';
import { WindowMap } from '../../src/core/merging';
import { intervalWindow, windowId } from '../../src/windows/window';

describe('WindowMap (windows by bounds)', () => {
  it('agrees with a map keyed by window id, below and above the scan limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer()), { maxLength: 60 }),
        (ops) => {
          const wm = new WindowMap<number>();
          const m = new Map<string, number>();
          for (const [start, len, v] of ops) {
            const w = intervalWindow(start, start + len);
            wm.set(w, v);
            m.set(windowId(w), v);
            for (let s = 0; s <= 6; s++) {
              for (let l = 1; l <= 4; l++) {
                const q = intervalWindow(s, s + l);
                expect(wm.get(q)).toBe(m.get(windowId(q)));
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
