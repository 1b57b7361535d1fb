import fc from 'fast-check';
import { ActiveWindows } from '../../src/core/activeWindows';
import { planMerges, WindowMap } from '../../src/core/merging';
import type { KeyWindow } from '../../src/core/windowStore';
import { mergeOverlappingWindows, sessionWindows } from '../../src/windows/sessionWindows';
import { intervalWindow, windowId, type Window } from '../../src/windows/window';

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

/** A key's open windows, as the store keeps them. */
const activeOf = (windows: readonly Window[]) => {
  const active = new ActiveWindows<KeyWindow<unknown, unknown>>();
  for (const window of windows) active.add({ bucket: { window } } as KeyWindow<unknown, unknown>, window);
  return active;
};

describe('planMerges: the one-new-window shortcut agrees with the general plan', () => {
  const fast = sessionWindows(10);
  // Same merging rule, but not recognised as the built-in one: takes the general path.
  const general = { ...fast, mergeWindows: (ws: Parameters<typeof mergeOverlappingWindows>[0]) => mergeOverlappingWindows(ws) };

  it('for any open session and new window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 20 }), (as, al, ws, wl) => {
        const open = activeOf([intervalWindow(as, as + al)]);
        const w = intervalWindow(ws, ws + wl);
        const a = planMerges(fast, open, [w]);
        const b = planMerges(general, open, [w]);
        expect(a.merges).toEqual(b.merges);
        for (const q of [w, intervalWindow(as, as + al), intervalWindow(0, 1)]) expect(a.mergedInto.get(q)).toEqual(b.mergedInto.get(q));
      }),
    );
  });

  it('for any set of disjoint open sessions (in any order) and a new window', () => {
    // Open sessions of one key never intersect (they would have merged); touching ones may exist.
    const openSessions = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 12 })), { maxLength: 5 })
      .map((parts) => {
        let at = 0;
        return parts.map(([skip, len]) => {
          const w = intervalWindow(at + skip, at + skip + len);
          at = w.end;
          return w;
        });
      })
      .chain((ws) => fc.shuffledSubarray(ws, { minLength: ws.length, maxLength: ws.length }));
    fc.assert(
      fc.property(openSessions, fc.integer({ min: -5, max: 80 }), fc.integer({ min: 1, max: 30 }), (opens, ws, wl) => {
        const active = activeOf(opens);
        const w = intervalWindow(ws, ws + wl);
        const a = planMerges(fast, active, [w]);
        const b = planMerges(general, active, [w]);
        expect(a.merges).toEqual(b.merges);
        for (const q of [w, ...opens, intervalWindow(-100, -99)]) expect(a.mergedInto.get(q)).toEqual(b.mergedInto.get(q));
      }),
      { numRuns: 500 },
    );
  });
});
