/**
 * The element path is driven through the reducer that holds it (`spec/helpers/reducerHarness.ts`); the
 * path's plain steps are the reducer's specs, its fast path for windows that partition time is here
 * (the sliding-window one is in windowListBuckets.spec.ts).
 */
import fc from 'fast-check';
import { afterProcessingTime, afterWatermarkTrigger, fixedWindows, intervalWindow, type WindowFn } from '../../src/index';
import { calendarWindows } from '../../src/windows/calendarWindows';
import { PATH_STRATEGIES, pathSteps, pathTranscript } from '../helpers/fastPaths';
import { letterPane as p, letters } from '../helpers/reducerHarness';

// Fixed windows of 10 ms: W0 = [0, 10) with maxTimestamp 9.
const W0 = intervalWindow(0, 10);
const fixed10 = fixedWindows(10);

describe('ElementPath: an element of the last window goes straight to its accumulator (fast path)', () => {
  it('gives the panes, drops, output watermarks and metrics of the plain path, for windows that partition time', () => {
    const hour = 3_600_000;
    fc.assert(
      fc.property(
        pathSteps(80),
        fc.constantFrom<[WindowFn, number]>([fixedWindows(10), 1], [fixedWindows(7, 3), 1], [calendarWindows('day'), hour]),
        fc.constantFrom(...Object.keys(PATH_STRATEGIES)),
        fc.constantFrom(0, 10),
        (input, [windowFn, unit], strategy, lateness) => {
          // Calendar days: the steps in hours, so that elements share a day and then leave it.
          const steps = input.map((s) => ({ ...s, t: s.t * unit, advance: s.advance * unit }));
          const run = (plainPaths: boolean) => pathTranscript(steps, windowFn, PATH_STRATEGIES[strategy], lateness * unit, 15 * unit, plainPaths);
          expect(run(false)).toEqual(run(true));
        },
      ),
      { numRuns: 800 },
    );
  });

  it('an element of the last window meets an early trigger that is due: it takes the plain path, and the pane comes at once', () => {
    const h = letters({ windowFn: fixed10, trigger: afterWatermarkTrigger({ early: afterProcessingTime(5) }), accumulation: 'accumulating' });
    h.reducer.processElement('a1', 1); // arms the early timer at 0 + 5
    h.reducer.processElement('a2', 2); // armed and not due: only added
    h.setNow(6); // the timer is due, but no wake-up ran
    h.reducer.processElement('a3', 3);
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a2', 'a3'], ['EARLY', 0, -1, true, false], 9)]);
    h.reducer.processElement('a4', 4); // arms the timer again, at 6 + 5
    h.clockTo(11);
    expect(h.take()).toEqual([]);
    h.clockTo(12);
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a2', 'a3', 'a4'], ['EARLY', 1, -1, false, false], 9)]);
    h.reducer.processElement('a5', 5);
    h.reducer.advanceWatermark(10);
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a2', 'a3', 'a4', 'a5'], ['ON_TIME', 2, 0, false, true], 9)]);
  });

  it('an element of the last window: on time it is added, late it makes a late pane, past garbage collection it is dropped', () => {
    const h = letters({ windowFn: fixed10, allowedLateness: 10, accumulation: 'accumulating' });
    h.reducer.processElement('a1', 1);
    h.reducer.processElement('a2', 2); // the last window, the state settled: straight to the accumulator
    h.reducer.processElement('b1', 3); // a new key in the last window
    h.reducer.processElement('a3', 4);
    h.reducer.advanceWatermark(12);
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a2', 'a3'], ['ON_TIME', 0, 0, true, false], 9), p('b', W0, ['b1'], ['ON_TIME', 0, 0, true, false], 9)]);
    h.reducer.processElement('a4', 5); // the last window, now late
    expect(h.take()).toEqual([p('a', W0, ['a1', 'a2', 'a3', 'a4'], ['LATE', 1, 1, false, false], 9)]);
    h.reducer.advanceWatermark(25);
    h.take();
    h.reducer.processElement('a5', 6); // past garbage collection
    expect(h.drops.map((d) => `${d.value} ${d.reason}`)).toEqual(['a5 beyond-allowed-lateness']);
    expect(h.reducer.metrics).toMatchObject({ elementsIn: 6, droppedLate: 1, openWindows: 0 });
  });
});
