import fc from 'fast-check';
import { from, type OperatorFunction } from 'rxjs';
import {
  afterWatermark,
  assignEventTime,
  fixedWindow,
  fixedWindows,
  groupByKey,
  MAX_TIMESTAMP,
  sessionWindow,
  sessionWindows,
  slidingWindow,
  slidingWindows,
  type DeadLetter,
  type EventTimeRecord,
  type Pane,
  type WindowFn,
} from '../../src/index';
import { windowId } from '../../src/core';
import { testStream, timestamped } from '../../src/testing/index';

interface Item {
  readonly id: number;
  readonly t: number;
}

type Shape =
  | { kind: 'fixed'; size: number }
  | { kind: 'sliding'; size: number; period: number }
  | { kind: 'sessions'; gap: number | 'per element' };

/** A gap per element for dynamic sessions: whole, fractional, short and long, by the element's id. */
const gapOf = (i: Item) => [10, 2.5, 0.5, 17.25][i.id % 4];

const shapes = fc.oneof(
  fc.record({ kind: fc.constant('fixed' as const), size: fc.constantFrom(10, 1000, 2.5, 10.5) }),
  fc.record({ kind: fc.constant('sliding' as const), size: fc.constant(20), period: fc.constantFrom(5, 10) }),
  fc.record({ kind: fc.constant('sliding' as const), size: fc.constant(10), period: fc.constant(15) }),
  fc.record({ kind: fc.constant('sessions' as const), gap: fc.constantFrom<number | 'per element'>(10, 2.5, 'per element') }),
);

/** Integer and fractional times, many of them on or just before a window's end. */
const time = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.double({ min: 0, max: 40, noNaN: true }),
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0, 9, 9.2, 9.5, 9.7, 9.999, 10, 10.25, 0.5)).map(([k, f]) => k * 10 + f),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(999.2, 999.7, 999.9999, 1000)).map(([k, f]) => k * 1000 + f),
);

function windowing(shape: Shape): [WindowFn, OperatorFunction<EventTimeRecord<Item>, EventTimeRecord<Item>>] {
  switch (shape.kind) {
    case 'fixed':
      return [fixedWindows(shape.size), fixedWindow<Item>(shape.size)];
    case 'sliding':
      return [slidingWindows(shape.size, shape.period), slidingWindow<Item>(shape.size, shape.period)];
    case 'sessions':
      return shape.gap === 'per element' ? [sessionWindows(gapOf), sessionWindow(gapOf)] : [sessionWindows(shape.gap), sessionWindow<Item>(shape.gap)];
  }
}

/** The panes and dead letters of a run, in the order they came out. */
type Output = { kind: 'pane'; pane: Pane<Item[], string> } | { kind: 'letter'; letter: DeadLetter<Item> };

function run(items: readonly Item[], shape: Shape, outOfOrderness: number, allowedLateness: number): Output[] {
  const [, windowOp] = windowing(shape);
  const out: Output[] = [];
  let completed = false;
  from(items)
    .pipe(
      assignEventTime((i: Item) => i.t, { watermark: outOfOrderness, emitWatermark: 'perElement' }),
      windowOp,
      afterWatermark({ late: allowedLateness > 0 ? afterCountOne : undefined, allowedLateness, accumulation: 'discarding' }),
      groupByKey(() => 'k', { deadLetters: { next: (letter) => out.push({ kind: 'letter', letter }) } }),
    )
    .subscribe({ next: (pane) => out.push({ kind: 'pane', pane }), complete: () => (completed = true) });
  expect(completed).toBe(true);
  return out;
}

const afterCountOne = { kind: 'afterCount', count: 1 } as const;

/** The laws, checked on one run. */
function checkLaws(items: readonly Item[], shape: Shape, outOfOrderness: number, allowedLateness: number, monotonic: boolean) {
  const [windowFn] = windowing(shape);
  const out = run(items, shape, outOfOrderness, allowedLateness);
  const onTimeFired = new Set<string>();
  const inPanes = new Set<string>();
  const dropped = new Set<string>();
  for (const o of out) {
    if (o.kind === 'pane') {
      const { pane } = o;
      if (pane.pane.timing !== 'EARLY') onTimeFired.add(windowId(pane.window));
      for (const item of pane.value) {
        // Every element is in windows that contain its event time: its whole ms, and for whole-ms
        // window bounds its fractional time too.
        expect(pane.window.start <= Math.floor(item.t) && Math.floor(item.t) <= pane.window.maxTimestamp).toBe(true);
        if (Number.isInteger(pane.window.start) && Number.isInteger(pane.window.end)) expect(pane.window.start <= item.t && item.t < pane.window.end).toBe(true);
        inPanes.add(`${item.id}@${windowId(pane.window)}`);
      }
      continue;
    }
    const d = o.letter;
    if (d.reason === 'no-window') {
      dropped.add(`${d.value.id}@none`);
      continue;
    }
    const w = d.window!;
    dropped.add(`${d.value.id}@${windowId(w)}`);
    // A dropped element was behind the watermark (it really was late, fraction and all), which had passed
    // the window's end and its lateness.
    expect(d.value.t).toBeLessThan(d.watermark);
    expect(w.maxTimestamp + allowedLateness).toBeLessThan(d.watermark);
    // An element that arrived earlier and reached this window: then the window's pane for the end of the
    // window came out before the drop (ON_TIME, or LATE when all its data came after its end). Windows
    // that merge change, so this is checked for the others.
    if (!windowFn.isMerging) {
      const earlier = items.slice(0, d.value.id).some((i) => windowFn.assign(Math.floor(i.t), i).some((x) => windowId(x) === windowId(w)) && !dropped.has(`${i.id}@${windowId(w)}`));
      if (earlier) expect(onTimeFired.has(windowId(w))).toBe(true);
    }
  }
  // Elements arriving in event-time order with a watermark right behind them are never late.
  if (monotonic && outOfOrderness === 0) expect([...dropped].filter((p) => !p.endsWith('@none'))).toEqual([]);
  // Every element-window pair is in a pane or a dead letter. Merging windows are checked by element.
  const expected = new Set<string>();
  for (const item of items) {
    const windows = windowFn.assign(Math.floor(item.t), item);
    if (windows.length === 0) expected.add(`${item.id}@none`);
    for (const w of windows) expected.add(`${item.id}@${windowId(w)}`);
  }
  const ids = (pairs: Iterable<string>) => [...new Set([...pairs].map((p) => p.split('@')[0]))].sort();
  if (windowFn.isMerging) expect(ids([...inPanes, ...dropped])).toEqual(ids(expected));
  else expect([...inPanes, ...dropped].sort()).toEqual([...expected].sort());
}

describe('fractional event times: window membership, the end of a window and the drop rule agree', () => {
  it('999.2 then 999.7 in order, watermark per element: both are on time in [0, 1000)', () => {
    const out = run(
      [
        { id: 0, t: 999.2 },
        { id: 1, t: 999.7 },
      ],
      { kind: 'fixed', size: 1000 },
      0,
      0,
    );
    expect(out).toEqual([
      {
        kind: 'pane',
        pane: {
          key: 'k',
          window: { start: 0, end: 1000, maxTimestamp: 999 },
          value: [
            { id: 0, t: 999.2 },
            { id: 1, t: 999.7 },
          ],
          pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
          timestamp: 999,
        },
      },
    ]);
  });

  it('event times are floored to whole ms: the record carries the floor, the value keeps its fraction', () => {
    const records: EventTimeRecord<number>[] = [];
    from([999.7, -0.5, 5])
      .pipe(assignEventTime((t: number) => t, { emitWatermark: 'perElement' }))
      .subscribe((r) => records.push(r as EventTimeRecord<number>));
    expect(records).toEqual([
      { kind: 'element', value: 999.7, timestamp: 999 },
      { kind: 'watermark', watermark: 999 },
      { kind: 'element', value: -0.5, timestamp: -1 },
      { kind: 'element', value: 5, timestamp: 5 },
      { kind: 'watermark', watermark: MAX_TIMESTAMP },
    ]);
  });

  it('a fractional watermark is floored: 39.7 is within 0.5 ms of 40, so it is on time', () => {
    const out = run(
      [
        { id: 0, t: 40 },
        { id: 1, t: 39.7 },
      ],
      { kind: 'fixed', size: 10 },
      0.5,
      0,
    );
    const only = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true };
    expect(out).toEqual([
      { kind: 'pane', pane: { key: 'k', window: { start: 30, end: 40, maxTimestamp: 39 }, value: [{ id: 1, t: 39.7 }], pane: only, timestamp: 39 } },
      { kind: 'pane', pane: { key: 'k', window: { start: 40, end: 50, maxTimestamp: 49 }, value: [{ id: 0, t: 40 }], pane: only, timestamp: 49 } },
    ]);
  });

  it('a fractional window size: an element at a whole ms inside the window is not late when the watermark reaches it', () => {
    // [0, 10.5) holds the whole ms 0..10; a watermark of 10 must not close it.
    const out = run(
      [
        { id: 0, t: 10 },
        { id: 1, t: 10.4 },
      ],
      { kind: 'fixed', size: 10.5 },
      0,
      0,
    );
    expect(out).toEqual([
      {
        kind: 'pane',
        pane: {
          key: 'k',
          window: { start: 0, end: 10.5, maxTimestamp: 10 },
          value: [
            { id: 0, t: 10 },
            { id: 1, t: 10.4 },
          ],
          pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
          timestamp: 10,
        },
      },
    ]);
  });

  it('testStream floors fractional times as assignEventTime does', () => {
    const panes: Pane<string[], string>[] = [];
    testStream<string>()
      .addElements(timestamped('a', 9.2))
      .advanceWatermarkTo(9.5)
      .addElements(timestamped('b', 9.7))
      .advanceWatermarkToInfinity()
      .build()
      .pipe(fixedWindow(10), groupByKey(() => 'k'))
      .subscribe((p) => panes.push(p));
    expect(panes).toEqual([
      {
        key: 'k',
        window: { start: 0, end: 10, maxTimestamp: 9 },
        value: ['a', 'b'],
        pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
        timestamp: 9,
      },
    ]);
  });

  it('property: in order or not, integer or fractional, no element is dropped from a window that was not yet due', () => {
    fc.assert(
      fc.property(
        shapes,
        fc.array(time, { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        fc.constantFrom(0, 0.5, 3),
        fc.constantFrom(0, 5),
        (shape, times, sorted, outOfOrderness, allowedLateness) => {
          const ordered = sorted ? [...times].sort((a, b) => a - b) : times;
          const items = ordered.map((t, id) => ({ id, t }));
          checkLaws(items, shape, outOfOrderness, allowedLateness, sorted);
        },
      ),
      { numRuns: 400 },
    );
  });
});
