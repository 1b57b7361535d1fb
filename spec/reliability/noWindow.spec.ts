import { from, Subject } from 'rxjs';
import {
  assignEventTime,
  Combine,
  combinePerKey,
  groupByKey,
  intervalWindow,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  mergeOverlappingWindows,
  slidingWindow,
  toList,
  windowInto,
  type DeadLetter,
  type DroppedElement,
  type GroupingMetrics,
  type Pane,
  type WindowFn,
} from '../../src/index';
import { reducerHarness } from '../helpers/reducerHarness';

const ON_TIME_ONLY = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true } as const;

/** Runs a batch through a grouping and collects panes, dead letters, drops and the last metrics snapshot. */
function run<T>(values: readonly T[], time: (v: T) => number, windowing: ReturnType<typeof windowInto<T>>) {
  const deadLetters = new Subject<DeadLetter<T>>();
  const metrics = new Subject<GroupingMetrics>();
  const letters: DeadLetter<T>[] = [];
  const drops: DroppedElement<T>[] = [];
  const panes: Pane<T[], string>[] = [];
  let last: GroupingMetrics | undefined;
  let completed = false;
  deadLetters.subscribe((d) => letters.push(d));
  metrics.subscribe((m) => (last = m));
  from(values)
    .pipe(
      assignEventTime(time, { emitWatermark: 'perElement' }),
      windowing,
      groupByKey(() => 'k', { deadLetters, metrics, onDropped: (d) => drops.push(d) }),
    )
    .subscribe({ next: (p) => panes.push(p), complete: () => (completed = true) });
  expect(completed).toBe(true);
  return { panes, letters, drops, metrics: last! };
}

describe("an element that gets no window is a dead letter 'no-window', counted", () => {
  it('sliding windows with gaps (period 20 > size 10): 15 falls between [0, 10) and [20, 30)', () => {
    const { panes, letters, drops, metrics } = run([5, 15, 25], (t) => t, slidingWindow<number>(10, 20));
    expect(panes).toEqual([
      { key: 'k', window: { start: 0, end: 10, maxTimestamp: 9 }, value: [5], pane: ON_TIME_ONLY, timestamp: 9 },
      { key: 'k', window: { start: 20, end: 30, maxTimestamp: 29 }, value: [25], pane: ON_TIME_ONLY, timestamp: 29 },
    ]);
    expect(drops).toEqual([{ value: 15, timestamp: 15, reason: 'no-window', watermark: 5 }]);
    expect(letters).toEqual([
      {
        operator: 'groupByKey',
        reason: 'no-window',
        value: 15,
        timestamp: 15,
        watermark: 5,
        message:
          'groupByKey: dropped an element at 1970-01-01T00:00:00.015Z: the window function gave it no window (a gap between windows, as sliding windows with a period longer than their size leave)',
      },
    ]);
    // elementsIn counts element-window pairs plus elements without a window: 2 in panes + 1 dead letter.
    expect(metrics).toEqual({
      operator: 'groupByKey',
      elementsIn: 3,
      droppedLate: 0,
      droppedClosed: 0,
      droppedNoWindow: 1,
      badRecords: 0,
      dropped: 1,
      panesOut: 2,
      openWindows: 0,
      inputWatermark: MAX_TIMESTAMP,
      outputWatermark: MAX_TIMESTAMP,
    });
  });

  it('a user window function that returns no window for some times', () => {
    const evenOnly: WindowFn = {
      description: 'evenOnly',
      isMerging: false,
      assign: (t) => (t % 2 === 0 ? [intervalWindow(t, t + 1)] : []),
    };
    const { panes, letters, metrics } = run([2, 3], (t) => t, windowInto<number>(evenOnly));
    expect(panes).toEqual([{ key: 'k', window: { start: 2, end: 3, maxTimestamp: 2 }, value: [2], pane: ON_TIME_ONLY, timestamp: 2 }]);
    expect(letters.map((d) => [d.operator, d.reason, d.value, d.timestamp, d.window, d.watermark])).toEqual([['groupByKey', 'no-window', 3, 3, undefined, 2]]);
    expect([metrics.elementsIn, metrics.droppedNoWindow, metrics.dropped]).toEqual([2, 1, 1]);
  });

  it('a merging user window function that returns no window, one element at a time and in a bundle', () => {
    const sessionsOfEven: WindowFn = {
      description: 'sessionsOfEven',
      isMerging: true,
      assign: (t) => (t % 2 === 0 ? [intervalWindow(t, t + 10)] : []),
      mergeWindows: mergeOverlappingWindows,
    };
    const single = run([2, 3, 6], (t) => t, windowInto<number>(sessionsOfEven));
    expect(single.panes).toEqual([{ key: 'k', window: { start: 2, end: 16, maxTimestamp: 15 }, value: [2, 6], pane: ON_TIME_ONLY, timestamp: 15 }]);
    expect(single.drops).toEqual([{ value: 3, timestamp: 3, reason: 'no-window', watermark: 2 }]);

    const h = reducerHarness<number, string, number[], number[]>({ windowFn: sessionsOfEven }, () => 'k', toList<number>());
    h.reducer.processBundle([
      { value: 2, timestamp: 2 },
      { value: 3, timestamp: 3 },
      { value: 6, timestamp: 6 },
    ]);
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([{ key: 'k', window: { start: 2, end: 16, maxTimestamp: 15 }, value: [2, 6], pane: ON_TIME_ONLY, timestamp: 15 }]);
    expect(h.drops).toEqual([{ value: 3, timestamp: 3, reason: 'no-window', watermark: MIN_TIMESTAMP }]);
    expect(h.reducer.metrics).toEqual({ elementsIn: 3, droppedLate: 0, droppedClosed: 0, droppedNoWindow: 1, badRecords: 0, panesOut: 1, openWindows: 0 });
  });

  it('a bundle of non-merging windows: the gap element is dropped, the others reach their panes', () => {
    const h = reducerHarness<number, string, number, number>({ windowFn: undefined }, () => 'k', Combine.count<number>());
    // Without a window function the elements keep the windows they carry: none is the same as a gap.
    h.reducer.processBundle([
      { value: 1, timestamp: 1, windows: [intervalWindow(0, 10)] },
      { value: 2, timestamp: 12, windows: [] },
    ]);
    h.reducer.advanceWatermark(MAX_TIMESTAMP);
    expect(h.take()).toEqual([{ key: 'k', window: { start: 0, end: 10, maxTimestamp: 9 }, value: 1, pane: ON_TIME_ONLY, timestamp: 9 }]);
    expect(h.drops).toEqual([{ value: 2, timestamp: 12, reason: 'no-window', watermark: MIN_TIMESTAMP }]);
  });

  // The key comes first (as Beam's elements are keyed before windowing), so a bad key on an element in a
  // gap is a bad record: still exactly one dead letter.
  it('the key function is asked once per element, also for an element without a window', () => {
    const keys: number[] = [];
    const panes: Pane<number, number>[] = [];
    from([5, 15])
      .pipe(
        assignEventTime((t: number) => t),
        slidingWindow<number>(10, 20),
        combinePerKey((v: number) => (keys.push(v), v % 2), Combine.count<number>(), { onDropped: () => undefined }),
      )
      .subscribe((p) => panes.push(p));
    expect(keys).toEqual([5, 15]);
    expect(panes.map((p) => [p.key, p.window.start, p.value])).toEqual([[1, 0, 1]]);
  });
});
