/**
 * Corner cases of Beam Java's runner core that a differential run against a model of it found, each
 * with Beam Java's output written out in full (one key, discarding panes, one call per bundle), and the
 * one place where we deliberately keep a different answer.
 *
 * - End-of-window timers: `ReduceFnRunner.processElement` schedules only the garbage-collection timer;
 *   the end-of-window timer exists only if a trigger set one (`AfterWatermarkStateMachine`,
 *   `DefaultTriggerStateMachine` in `onElement`), and `AfterEachStateMachine.onElement` runs only its
 *   current sub-trigger when windows cannot merge.
 * - Merged holds: `WatermarkHold.onMerge` recomputes an end-of-window hold through `addElementHold`,
 *   which places no hold when the window's end is behind the input watermark or the hold behind the
 *   output watermark.
 * - Closed merge results: `MergingActiveWindowSet.recordMerge` makes a merge result active even when it
 *   is a session whose trigger has finished; its finished bits survive the trigger merge
 *   (`TriggerStateMachineRunner.onMerge` starts from the result's own bits).
 */
import { afterCount, afterEach, afterWatermarkTrigger, fixedWindows, neverTrigger, sessionWindows, type DroppedElement, type Window } from '../../src/index';
import { pane, scenario, w } from './scenario';

const MAX = 8.64e15;

describe('Beam Java runner core: end-of-window timers come from triggers', () => {
  it('afterEach(afterCount(1), afterWatermark()): the watermark part never saw an element before the end of the window, so no on-time firing; the late element fires it', () => {
    const s = scenario({ windowFn: fixedWindows(10), trigger: afterEach(afterCount(1), afterWatermarkTrigger()), accumulation: 'discarding', allowedLateness: 100 });
    s.bundle([1, 1]);
    expect(s.take()).toEqual([pane(w(0, 10), [1], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, 9)]);
    s.watermark(10);
    expect(s.take()).toEqual([]);
    s.bundle([2, 5]);
    expect(s.take()).toEqual([pane(w(0, 10), [2], 'LATE', { index: 1, onTimeIndex: 0, isFirst: false, isLast: true }, 9)]);
    expect(s.drops).toEqual([]);
  });
});

describe('Beam Java runner core: a merged session holds its end only when it can still be on time', () => {
  it('never trigger: a session merged after the watermark passed its end gets a garbage-collection hold, and its only pane is LATE', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: neverTrigger(), accumulation: 'discarding', allowedLateness: 100 });
    s.bundle([1, 0]);
    s.watermark(20);
    s.bundle([2, 5]);
    s.watermark(30);
    expect(s.take()).toEqual([]);
    s.watermark(MAX);
    expect(s.take()).toEqual([pane(w(0, 15), [1, 2], 'LATE', { index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, 14)]);
    expect(s.drops).toEqual([]);
  });
});

describe('Beam Java runner core: a merge whose result is a closed session', () => {
  it('makes it active again: the elements are dropped as closed, and a later overlapping window merges into it and is dropped too', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: afterCount(2), accumulation: 'discarding', allowedLateness: 100 });
    s.bundle([1, 0], [2, 5]);
    s.bundle([3, 0], [4, 5]);
    s.bundle([5, 12]);
    s.watermark(MAX);
    expect(s.take()).toEqual([pane(w(0, 15), [1, 2], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 14)]);
    // No watermark had arrived when they were dropped.
    const closed = (value: number, timestamp: number, window: Window): DroppedElement<number> => ({ value, timestamp, window, reason: 'window-closed', watermark: -MAX });
    expect(s.drops).toEqual([closed(3, 0, w(0, 15)), closed(4, 5, w(0, 15)), closed(5, 12, w(0, 22))]);
  });
});

describe('where we differ from Beam Java on purpose', () => {
  it('two late elements of one bundle that merge into a new session past its end fire a LATE pane (Beam Java drops both as closed)', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: afterWatermarkTrigger(), accumulation: 'discarding', allowedLateness: 100 });
    s.watermark(50);
    s.bundle([1, 1], [2, 5]);
    s.watermark(MAX);
    expect(s.take()).toEqual([pane(w(1, 15), [1, 2], 'LATE', { index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, 14)]);
    expect(s.drops).toEqual([]);
  });

  it('an open session that merges into a closed one gives its contents as its last pane first (Beam Java drops them with its state, uncounted)', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: afterCount(2), accumulation: 'discarding', allowedLateness: 100 });
    s.bundle([1, 0], [2, 5]);
    expect(s.take()).toEqual([pane(w(0, 15), [1, 2], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 14)]);
    // [0, 10) lies inside the closed [0, 15), which takes part in no merge: a session of its own.
    s.bundle([3, 0]);
    expect(s.take()).toEqual([]);
    // [5, 15) merges [0, 10) into [0, 15), whose trigger has finished: 3 comes out first, 4 is dropped.
    s.bundle([4, 5]);
    expect(s.take()).toEqual([pane(w(0, 10), [3], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 9)]);
    s.watermark(MAX);
    expect(s.take()).toEqual([]);
    expect(s.drops).toEqual([{ value: 4, timestamp: 5, window: w(0, 15), reason: 'window-closed', watermark: -MAX }]);
  });

  it('a single such element fires a LATE pane in Beam Java too', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: afterWatermarkTrigger(), accumulation: 'discarding', allowedLateness: 100 });
    s.watermark(50);
    s.bundle([1, 1]);
    s.watermark(MAX);
    expect(s.take()).toEqual([pane(w(1, 11), [1], 'LATE', { index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, 10)]);
  });
});
