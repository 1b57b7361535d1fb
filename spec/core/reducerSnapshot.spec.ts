/**
 * A reducer restored from a snapshot goes on exactly as the uninterrupted one: for any cut point, the
 * panes (value, pane info, timestamp, firing), drops, watermarks, counters and next timer of the run
 * with a restart equal those of the run without one. Session, fixed and sliding windows; every trigger
 * shape, lateness, all three accumulation modes (the panes a retracting grouping withdraws later included), all timestamp combiners, bundles and processing time of
 * the scenario generator.
 */
import fc from 'fast-check';
import { fixedWindows, globalWindows, sessionWindows, slidingWindows, type WindowFn } from '../../src/index';
import { runSessions, sessionScenario } from '../helpers/sessionScenarios';
import { reducerHarness } from '../helpers/reducerHarness';
import { Combine, afterCount, intervalWindow, repeatedly } from '../../src/index';
import { restoreReducer, snapshotReducer } from '../../src/core/reducerSnapshot';

const windowFns: Record<string, (gap: number) => WindowFn> = {
  sessions: sessionWindows,
  fixed: (gap) => fixedWindows(gap),
  sliding: (gap) => slidingWindows(gap * 2, gap),
  global: () => globalWindows(),
};

describe('reducer snapshots', () => {
  for (const [name, windowFn] of Object.entries(windowFns)) {
    it(`a run restored at any step equals the uninterrupted run (${name})`, () => {
      fc.assert(
        fc.property(sessionScenario, fc.nat(), (sc, cut) => {
          const cutAt = cut % (sc.steps.length + 1);
          expect(runSessions(sc, windowFn, false, cutAt)).toEqual(runSessions(sc, windowFn));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('refuses a snapshot taken under another windowing strategy, naming both', () => {
    const coders = { key: { name: 'k', encode: (k: string) => k, decode: (e: unknown) => e as string }, acc: { name: 'n', encode: (n: number) => n, decode: (e: unknown) => e as number } };
    const a = reducerHarness<number, string, number, number>({ windowFn: fixedWindows(10) }, String, Combine.sum((n: number) => n));
    a.reducer.processElement(3, 5);
    const saved = snapshotReducer(a.reducer, coders);
    const b = reducerHarness<number, string, number, number>({ windowFn: fixedWindows(20) }, String, Combine.sum((n: number) => n));
    expect(() => restoreReducer(b.reducer, saved, coders)).toThrow(/taken under the windowing strategy fixed\(10, 0\).*this pipeline runs fixed\(20, 0\)/);
  });

  describe('retracting groupings', () => {
    const key = { name: 'k', encode: (k: string) => k, decode: (e: unknown) => e as string };
    const num = { name: 'n', encode: (n: number) => n, decode: (e: unknown) => e as number };
    const retracting = () => {
      const out: unknown[] = [];
      const h = reducerHarness<number, string, number, number>(
        { windowFn: sessionWindows(10), trigger: repeatedly(afterCount(1)), accumulation: 'accumulatingAndRetracting' },
        () => 'k',
        Combine.sum((n: number) => n),
        { onPane: (p) => out.push(p) },
      );
      return { h, out };
    };

    it('files the panes to withdraw with the bounds of their windows, merged away or not', () => {
      const a = retracting();
      a.h.reducer.processElement(1, 0);
      a.h.reducer.processElement(2, 15);
      const saved = snapshotReducer(a.h.reducer, { key, acc: num, out: num });
      expect(saved.windows.map((w) => w.states.map((s) => s.withdraw))).toEqual([
        [[{ key: 'k', start: 0, end: 10, value: 1, pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, timestamp: 9 }]],
        [[{ key: 'k', start: 15, end: 25, value: 2, pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, timestamp: 24 }]],
      ]);
      // Restored, an element that joins both sessions withdraws both earlier panes, windows [0, 10) and [15, 25).
      const b = retracting();
      restoreReducer(b.h.reducer, JSON.parse(JSON.stringify(saved)) as typeof saved, { key, acc: num, out: num });
      b.h.reducer.processElement(4, 8);
      expect(b.out).toEqual([
        { key: 'k', window: intervalWindow(0, 10), value: 1, pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, timestamp: 9, retraction: true },
        { key: 'k', window: intervalWindow(15, 25), value: 2, pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, timestamp: 24, retraction: true },
        { key: 'k', window: intervalWindow(0, 25), value: 7, pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, timestamp: 24 },
      ]);
    });

    it('reads a snapshot without panes to withdraw (an earlier one of this layout) as having none', () => {
      const a = retracting();
      a.h.reducer.processElement(1, 0);
      const saved = snapshotReducer(a.h.reducer, { key, acc: num, out: num });
      const old = { ...saved, windows: saved.windows.map((w) => ({ ...w, states: w.states.map(({ withdraw: _, ...s }) => s) })) };
      const b = retracting();
      restoreReducer(b.h.reducer, old, { key, acc: num });
      b.h.reducer.processElement(2, 3);
      // The merged session [0, 13) is a new state: its first pane, and nothing withdrawn before it.
      expect(b.out).toEqual([{ key: 'k', window: intervalWindow(0, 13), value: 3, pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, timestamp: 12 }]);
    });

    it('asks for an output coder when there are panes to withdraw', () => {
      const a = retracting();
      a.h.reducer.processElement(1, 0);
      expect(() => snapshotReducer(a.h.reducer, { key, acc: num })).toThrow("a retracting grouping's snapshot holds panes to withdraw: give SnapshotCoders an 'out' coder for their values");
    });
  });

  it('refuses to restore into a reducer that has already run', () => {
    const coders = { key: { name: 'k', encode: (k: string) => k, decode: (e: unknown) => e as string }, acc: { name: 'n', encode: (n: number) => n, decode: (e: unknown) => e as number } };
    const a = reducerHarness<number, string, number, number>({ windowFn: fixedWindows(10) }, String, Combine.sum((n: number) => n));
    a.reducer.processElement(3, 5);
    expect(() => restoreReducer(a.reducer, snapshotReducer(a.reducer, coders), coders)).toThrow('cannot restore into a reducer that has already run');
  });
});
