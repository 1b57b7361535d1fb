/**
 * A reducer restored from a snapshot goes on exactly as the uninterrupted one: for any cut point, the
 * panes (value, pane info, timestamp, firing), drops, watermarks, counters and next timer of the run
 * with a restart equal those of the run without one. Session, fixed and sliding windows; every trigger
 * shape, lateness, both accumulation modes, all timestamp combiners, bundles and processing time of
 * the scenario generator.
 */
import fc from 'fast-check';
import { fixedWindows, globalWindows, sessionWindows, slidingWindows, type WindowFn } from '../../src/index';
import { runSessions, sessionScenario } from '../helpers/sessionScenarios';
import { reducerHarness } from '../helpers/reducerHarness';
import { Combine } from '../../src/index';
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
        fc.property(sessionScenario, fc.nat(), (generated, cut) => {
          // Retracting groupings refuse snapshots (see below).
          const sc = generated.accumulation === 'accumulatingAndRetracting' ? { ...generated, accumulation: 'accumulating' as const } : generated;
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

  it('refuses to snapshot a retracting grouping, saying why', () => {
    const coders = { key: { name: 'k', encode: (k: string) => k, decode: (e: unknown) => e as string }, acc: { name: 'n', encode: (n: number) => n, decode: (e: unknown) => e as number } };
    const a = reducerHarness<number, string, number, number>({ windowFn: fixedWindows(10), accumulation: 'accumulatingAndRetracting' }, String, Combine.sum((n: number) => n));
    a.reducer.processElement(3, 5);
    expect(() => snapshotReducer(a.reducer, coders)).toThrow("cannot snapshot a grouping under accumulation 'accumulatingAndRetracting' yet");
  });

  it('refuses to restore into a reducer that has already run', () => {
    const coders = { key: { name: 'k', encode: (k: string) => k, decode: (e: unknown) => e as string }, acc: { name: 'n', encode: (n: number) => n, decode: (e: unknown) => e as number } };
    const a = reducerHarness<number, string, number, number>({ windowFn: fixedWindows(10) }, String, Combine.sum((n: number) => n));
    a.reducer.processElement(3, 5);
    expect(() => restoreReducer(a.reducer, snapshotReducer(a.reducer, coders), coders)).toThrow('cannot restore into a reducer that has already run');
  });
});
