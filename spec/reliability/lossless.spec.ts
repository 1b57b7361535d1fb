import fc from 'fast-check';
import { from, Subject, VirtualTimeScheduler, type OperatorFunction } from 'rxjs';
import {
  afterCount,
  afterProcessingTime,
  assignEventTime,
  combinePerKey,
  encodeKey,
  fixedWindow,
  fixedWindows,
  groupByKey,
  repeatedly,
  slidingWindow,
  slidingWindows,
  triggering,
  Trigger,
  type CombineFn,
  type DeadLetter,
  type EventTimeRecord,
  type GroupingMetrics,
  type Pane,
  type TriggerSpec,
  type WindowFn,
} from '../../src/index';
import { windowId } from '../../src/core';
import { testStream, timestamped } from '../../src/testing/index';

interface Item {
  readonly id: number;
  readonly key: string;
  readonly t: unknown;
  /** What makes it a bad record for the grouping, if anything (with `onError: 'route'`). */
  readonly bad?: BadRecord | undefined;
}

type BadRecord = 'key-function-threw' | 'invalid-key' | 'combine-function-threw';

type Step = { kind: 'elements'; times: number[] } | { kind: 'watermark'; by: number } | { kind: 'processingTime'; by: number };

const windowing = fc.oneof(
  fc.record({ kind: fc.constant('fixed' as const), size: fc.constantFrom(10, 20) }),
  fc.record({ kind: fc.constant('sliding' as const), size: fc.constant(20), period: fc.constantFrom(5, 10) }),
  // A period longer than the size leaves gaps: elements there get no window.
  fc.record({ kind: fc.constant('sliding' as const), size: fc.constantFrom(5, 10), period: fc.constantFrom(15, 20) }),
);
const triggerChoice = fc.constantFrom('default', 'earlyLateCounts', 'repeatedCount', 'countOnce', 'earlyProcessingTime');
const steps = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('elements' as const), times: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('watermark' as const), by: fc.integer({ min: 0, max: 30 }) }),
    fc.record({ kind: fc.constant('processingTime' as const), by: fc.integer({ min: 1, max: 10 }) }),
  ),
  { maxLength: 25 },
);

function triggerOf(choice: string, allowedLateness: number): TriggerSpec {
  switch (choice) {
    case 'earlyLateCounts':
      // Late firings need some allowed lateness (triggering refuses them otherwise).
      return Trigger.afterWatermark(allowedLateness > 0 ? { early: afterCount(2), late: afterCount(1) } : { early: afterCount(2) });
    case 'repeatedCount':
      return repeatedly(afterCount(2));
    case 'countOnce':
      return afterCount(2);
    case 'earlyProcessingTime':
      return Trigger.afterWatermark({ early: afterProcessingTime(5) });
    default:
      return Trigger.default();
  }
}

function windowFnOf(w: { kind: 'fixed'; size: number } | { kind: 'sliding'; size: number; period: number }): [WindowFn, OperatorFunction<EventTimeRecord<Item>, EventTimeRecord<Item>>] {
  return w.kind === 'fixed' ? [fixedWindows(w.size), fixedWindow<Item>(w.size)] : [slidingWindows(w.size, w.period), slidingWindow<Item>(w.size, w.period)];
}

/**
 * Runs a pipeline and accounts every (element, window) pair: in a pane, or in a dead letter, never both,
 * never lost. An element with a bad event time, or a bad record for the grouping, is one dead letter
 * without a window; an element the window function gives no window is one pair `id@none`: exactly one
 * dead letter. With `keyOf`, every pane's elements must have the pane's key (compared by value), and no
 * two panes of one key and window may share a pane index (equal keys are one group).
 */
function account<K>(
  items: readonly Item[],
  windowFn: WindowFn,
  build: (scheduler: VirtualTimeScheduler, deadLetters: Subject<DeadLetter<Item>>, metrics: Subject<GroupingMetrics>) => import('rxjs').Observable<Pane<Item[], K>>,
  accumulating: boolean,
  keyOf?: (item: Item) => unknown,
) {
  const scheduler = new VirtualTimeScheduler();
  const deadLetters = new Subject<DeadLetter<Item>>();
  const metrics = new Subject<GroupingMetrics>();
  const letters: DeadLetter<Item>[] = [];
  const snapshots: GroupingMetrics[] = [];
  const panes: Pane<Item[], K>[] = [];
  let completed = false;
  deadLetters.subscribe((d) => letters.push(d));
  metrics.subscribe((m) => snapshots.push(m));
  build(scheduler, deadLetters, metrics).subscribe({ next: (p) => panes.push(p), complete: () => (completed = true) });
  scheduler.flush();
  expect(completed).toBe(true);

  const inPanes = new Set<string>();
  let paneEntries = 0;
  for (const p of panes) {
    for (const item of p.value) {
      inPanes.add(`${item.id}@${windowId(p.window)}`);
      paneEntries++;
    }
  }
  // Discarding panes never repeat a pair; accumulating ones may (that is what accumulating means).
  if (!accumulating) expect(paneEntries).toBe(inPanes.size);
  if (keyOf !== undefined) {
    const firings = new Set<string>();
    for (const p of panes) {
      const key = encodeKey(p.key);
      for (const item of p.value) expect(encodeKey(keyOf(item))).toBe(key);
      const firing = `${key}@${windowId(p.window)}#${p.pane.index}`;
      expect(firings.has(firing)).toBe(false);
      firings.add(firing);
    }
  }
  const invalid = new Set<number>();
  const bad = new Map<number, string>();
  const dropped = new Set<string>();
  for (const d of letters) {
    if (d.reason === 'no-window') dropped.add(`${d.value.id}@none`);
    else if (d.window !== undefined) dropped.add(`${d.value.id}@${windowId(d.window)}`);
    else if (d.operator === 'assignEventTime') invalid.add(d.value.id);
    else bad.set(d.value.id, d.reason);
  }
  expect(dropped.size + invalid.size + bad.size).toBe(letters.length);

  const expected = new Set<string>();
  let badRecords = 0;
  for (const item of items) {
    if (typeof item.t !== 'number' || !Number.isFinite(item.t)) {
      expect(invalid.has(item.id)).toBe(true);
      continue;
    }
    if (item.bad !== undefined) {
      expect(bad.get(item.id)).toBe(item.bad);
      badRecords++;
      continue;
    }
    const windows = windowFn.assign(item.t);
    if (windows.length === 0) expected.add(`${item.id}@none`);
    for (const w of windows) expected.add(`${item.id}@${windowId(w)}`);
  }
  expect(bad.size).toBe(badRecords);
  for (const pair of dropped) expect(inPanes.has(pair)).toBe(false);
  expect([...inPanes, ...dropped].sort()).toEqual([...expected].sort());

  const last = snapshots[snapshots.length - 1];
  if (expected.size > 0 || badRecords > 0) {
    expect(last.elementsIn).toBe(expected.size);
    expect(last.dropped).toBe(dropped.size);
    expect(last.badRecords).toBe(badRecords);
    expect(last.panesOut).toBe(panes.length);
    expect(last.openWindows).toBe(0);
  }
  return { letters, panes };
}

describe('late data is never silently lost', () => {
  it('with scripted watermarks and processing time: every element-window pair is in a pane or a dead letter, once', () => {
    fc.assert(
      fc.property(windowing, triggerChoice, fc.constantFrom(0, 10, 30), fc.boolean(), steps, (w, choice, allowedLateness, accumulating, script) => {
        const [windowFn, windowOp] = windowFnOf(w);
        const items: Item[] = [];
        let builder = testStream<Item>();
        let wm = 0;
        for (const s of script) {
          if (s.kind === 'elements') {
            builder = builder.addElements(
              ...s.times.map((t) => {
                const item = { id: items.length, key: items.length % 3 === 0 ? 'a' : 'b', t };
                items.push(item);
                return timestamped(item, t);
              }),
            );
          } else if (s.kind === 'watermark') {
            wm += s.by;
            builder = builder.advanceWatermarkTo(wm);
          } else {
            builder = builder.advanceProcessingTime(s.by);
          }
        }
        const stream = builder.advanceWatermarkToInfinity();
        account(
          items,
          windowFn,
          (scheduler, deadLetters, metrics) =>
            stream.build({ scheduler }).pipe(
              windowOp,
              triggering(triggerOf(choice, allowedLateness), { allowedLateness, accumulation: accumulating ? 'accumulating' : 'discarding' }),
              groupByKey((i: Item) => i.key, { scheduler, deadLetters, metrics }),
            ),
          accumulating,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('with watermarks from assignEventTime and bad event times routed: every input is accounted for', () => {
    const time = fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: 200 }) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, Number.NaN, Number.POSITIVE_INFINITY, 'soon') },
    );
    fc.assert(
      fc.property(windowing, triggerChoice, fc.constantFrom(0, 15), fc.integer({ min: 0, max: 30 }), fc.boolean(), fc.array(time, { maxLength: 40 }), (w, choice, allowedLateness, outOfOrder, accumulating, times) => {
        const [windowFn, windowOp] = windowFnOf(w);
        const items = times.map((t, id): Item => ({ id, key: id % 2 === 0 ? 'a' : 'b', t }));
        const { letters } = account(
          items,
          windowFn,
          (scheduler, deadLetters, metrics) =>
            from(items).pipe(
              assignEventTime((i: Item) => i.t as number, { watermark: outOfOrder, emitWatermark: 'perElement', onInvalid: 'route', deadLetters, scheduler }),
              windowOp,
              triggering(triggerOf(choice, allowedLateness), { allowedLateness, accumulation: accumulating ? 'accumulating' : 'discarding' }),
              groupByKey((i: Item) => i.key, { scheduler, deadLetters, metrics }),
            ),
          accumulating,
        );
        for (const d of letters) expect(d.operator).toBe(d.reason === 'invalid-event-time' ? 'assignEventTime' : 'groupByKey');
      }),
      { numRuns: 200 },
    );
  });
  it("with composite keys and onError: 'route': bad records (key function throws, missing key, CombineFn throws) are one dead letter each", () => {
    // The key is a new array holding a new object on every call: only comparison by value groups it.
    const keyOf = (i: Item): unknown => {
      if (i.bad === 'key-function-threw') throw new Error(`no key for ${i.id}`);
      if (i.bad === 'invalid-key') return [i.key, { region: undefined }];
      return [i.key, { region: i.id % 2 === 0 ? 'eu' : 'us', tier: 1 }];
    };
    // A user CombineFn (so it goes through the guarded path) that refuses the elements marked for it.
    const list: CombineFn<Item, Item[], Item[]> = {
      createAccumulator: () => [],
      addInput: (acc, i) => {
        if (i.bad === 'combine-function-threw') throw new Error(`cannot add ${i.id}`);
        acc.push(i);
        return acc;
      },
      mergeAccumulators: (accs) => accs.flat(),
      extractOutput: (acc) => acc.slice(),
    };
    const badness = fc.option(fc.constantFrom<BadRecord>('key-function-threw', 'invalid-key', 'combine-function-threw'), { freq: 3, nil: undefined });
    const script = fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('elements' as const), times: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), badness), { minLength: 1, maxLength: 3 }) }),
        fc.record({ kind: fc.constant('watermark' as const), by: fc.integer({ min: 0, max: 30 }) }),
        fc.record({ kind: fc.constant('processingTime' as const), by: fc.integer({ min: 1, max: 10 }) }),
      ),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(windowing, triggerChoice, fc.constantFrom(0, 10, 30), fc.boolean(), script, (w, choice, allowedLateness, accumulating, steps) => {
        const [windowFn, windowOp] = windowFnOf(w);
        const items: Item[] = [];
        let builder = testStream<Item>();
        let wm = 0;
        for (const s of steps) {
          if (s.kind === 'elements') {
            builder = builder.addElements(
              ...s.times.map(([t, bad]) => {
                const item: Item = { id: items.length, key: items.length % 3 === 0 ? 'a' : 'b', t, bad };
                items.push(item);
                return timestamped(item, t);
              }),
            );
          } else if (s.kind === 'watermark') {
            wm += s.by;
            builder = builder.advanceWatermarkTo(wm);
          } else {
            builder = builder.advanceProcessingTime(s.by);
          }
        }
        const stream = builder.advanceWatermarkToInfinity();
        account(
          items,
          windowFn,
          (scheduler, deadLetters, metrics) =>
            stream.build({ scheduler }).pipe(
              windowOp,
              triggering(triggerOf(choice, allowedLateness), { allowedLateness, accumulation: accumulating ? 'accumulating' : 'discarding' }),
              combinePerKey(keyOf, list, { scheduler, deadLetters, metrics, onError: 'route' }),
            ),
          accumulating,
          (i) => keyOf(i),
        );
      }),
      { numRuns: 200 },
    );
  });
});
