/**
 * A key's open windows under merging windows: the ordered tree agrees with a plain sorted list, and
 * merge planning that looks up only the open sessions an incoming window meets gives the same output as
 * scanning all of them, and as the same merging rule taken through the general path.
 */
import fc from 'fast-check';
import { ActiveWindows, type ActiveEntry } from '../../src/core/activeWindows';
import { WindowStore } from '../../src/core/windowStore';
import { mergeOverlappingWindows, sessionWindows } from '../../src/windows/sessionWindows';
import { compareWindows, intervalWindow, windowsIntersect, type Window } from '../../src/windows/window';
import { runSessions, sessionScenario } from '../helpers/sessionScenarios';

/** Adds and removals of windows on a line of 60 slots; each slot's window is disjoint from the others. */
const operations = fc.array(
  fc.record({ remove: fc.boolean(), slot: fc.integer({ min: 0, max: 59 }), len: fc.integer({ min: 1, max: 5 }), pick: fc.nat() }),
  { maxLength: 300 },
);

/** The AVL bound on the height of a tree of n entries. */
const avlBound = (n: number) => 1.45 * Math.log2(n + 2);

describe("ActiveWindows: a key's open windows in window order", () => {
  it('agrees with a sorted list under adds and removals, stays balanced, and finds exactly the windows a query window meets', () => {
    fc.assert(
      fc.property(operations, fc.array(fc.tuple(fc.integer({ min: -5, max: 310 }), fc.integer({ min: 1, max: 40 })), { maxLength: 10 }), (ops, queries) => {
        const tree = new ActiveWindows<Window>();
        const entries = new Map<Window, ActiveEntry<Window>>();
        let list: Window[] = [];
        const used = new Set<number>();
        for (const op of ops) {
          if (op.remove && list.length > 0) {
            const gone = list[op.pick % list.length];
            expect(tree.delete(entries.get(gone)!)).toBe(true);
            expect(tree.delete(entries.get(gone)!)).toBe(false);
            list = list.filter((x) => x !== gone);
            used.delete(gone.start);
          } else if (!used.has(op.slot * 5)) {
            // Slot s holds [5s, 5s + len): windows of different slots never intersect.
            const w = intervalWindow(op.slot * 5, op.slot * 5 + op.len);
            used.add(op.slot * 5);
            entries.set(w, tree.add(w, w));
            list = [...list, w].sort(compareWindows);
          }
          expect(tree.size).toBe(list.length);
          expect(tree.height).toBeLessThan(avlBound(list.length));
        }
        expect(tree.toArray()).toEqual(list);
        for (const [start, len] of queries) {
          const w = intervalWindow(start, start + len);
          const found: Window[] = [];
          const same = list.some((x) => x.start === w.start && x.end === w.end);
          expect(tree.overlapping(w, found)).toBe(same);
          expect(found).toEqual(list.filter((x) => windowsIntersect(x, w)));
          // The one-window lookup of the session element path agrees with the plain one.
          const only = tree.onlyOverlapping(w.start, w.end);
          expect(only?.value).toBe(found.length === 1 ? found[0] : undefined);
          if (only !== undefined) expect([only.start, only.end]).toEqual([found[0].start, found[0].end]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps windows that overlap one another in order too (merging windows other than sessions)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 30 })), { selector: ([s, l]) => `${s}:${l}`, maxLength: 80 }), fc.nat(), (bounds, cut) => {
        const tree = new ActiveWindows<Window>();
        const windows = bounds.map(([s, l]) => intervalWindow(s, s + l));
        const entries = windows.map((w) => tree.add(w, w));
        const kept = windows.filter((_, i) => (i + cut) % 3 !== 0);
        windows.forEach((w, i) => {
          if (!kept.includes(w)) tree.delete(entries[i]);
        });
        expect(tree.toArray()).toEqual([...kept].sort(compareWindows));
      }),
    );
  });

  it('stays shallow: 2^15 windows added in order, then the oldest half removed', () => {
    const tree = new ActiveWindows<Window>();
    const windows = Array.from({ length: 1 << 15 }, (_, i) => intervalWindow(i * 10, i * 10 + 5));
    const entries = windows.map((w) => tree.add(w, w));
    expect(tree.height).toBeLessThan(avlBound(1 << 15));
    for (let i = 0; i < 1 << 14; i++) tree.delete(entries[i]);
    expect(tree.size).toBe(1 << 14);
    // A scan would visit all 16,384; the tree visits about two paths of at most 20 levels.
    expect(tree.height).toBeLessThan(avlBound(1 << 14));
    const found: Window[] = [];
    expect(tree.overlapping(intervalWindow(200_000, 200_003), found)).toBe(false);
    expect(found).toEqual([windows[20_000]]);
  });
});

describe('merge planning under session windows: the indexed lookup, the full scan and the general path agree', () => {
  // The same merging rule, but not recognised as the built-in one: the general plan, and open windows
  // tracked as windows that may overlap (re-ordered when one moves).
  const general = (gap: number) => ({ ...sessionWindows(gap), mergeWindows: (ws: readonly Window[]) => mergeOverlappingWindows(ws) });

  it('gives the same output on random scenarios', () => {
    fc.assert(
      fc.property(sessionScenario, (sc) => {
        const indexed = runSessions(sc);
        expect(runSessions(sc, sessionWindows, true)).toEqual(indexed);
        expect(runSessions(sc, general)).toEqual(indexed);
      }),
      { numRuns: 400 },
    );
  });
});
