import { from, Subject, type OperatorFunction } from 'rxjs';
import {
  afterCount,
  afterWatermark,
  assignEventTime,
  calendarWindow,
  END_OF_GLOBAL_WINDOW,
  fixedWindow,
  groupByKey,
  intervalWindow,
  isValidEventTime,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  sessionWindow,
  slidingWindow,
  windowInto,
  type DeadLetter,
  type EventTimeRecord,
  type Pane,
} from '../../src/index';

const EOGW = END_OF_GLOBAL_WINDOW;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const ONLY = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true } as const;

/** The pane of key 'k' that a batch run gives a window: ON_TIME, first and last, at the window's end. */
const pane = (start: number, end: number, value: number[]) => ({
  key: 'k',
  window: { start, end, maxTimestamp: end - 1 },
  value,
  pane: ONLY,
  timestamp: end - 1,
});

/** A batch run: every time a value, one key; invalid times routed. */
function batch(times: readonly number[], windows: OperatorFunction<EventTimeRecord<number>, EventTimeRecord<number>>) {
  const deadLetters = new Subject<DeadLetter<number>>();
  const letters: DeadLetter<number>[] = [];
  const panes: Pane<number[], string>[] = [];
  let completed = false;
  deadLetters.subscribe((d) => letters.push(d));
  from(times)
    .pipe(assignEventTime((t: number) => t, { onInvalid: 'route', deadLetters }), windows, groupByKey(() => 'k', { deadLetters }))
    .subscribe({ next: (p) => panes.push(p), complete: () => (completed = true) });
  expect(completed).toBe(true);
  return { panes, letters };
}

describe('the range of event times: MIN_TIMESTAMP to END_OF_GLOBAL_WINDOW, and every window fires by +infinity', () => {
  it('isValidEventTime: the last valid event time is the end of the global window', () => {
    expect([MIN_TIMESTAMP, 0, 999.5, EOGW - 1, EOGW].map(isValidEventTime)).toEqual([true, true, true, true, true]);
    expect([MIN_TIMESTAMP - 1, EOGW + 1, MAX_TIMESTAMP, Number.NaN, Number.POSITIVE_INFINITY, '5'].map(isValidEventTime)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  describe('assignEventTime refuses times after the end of the global window like any invalid time', () => {
    it.each([
      [EOGW + 1, '8639999913600001'],
      [MAX_TIMESTAMP, '8640000000000000'],
    ])("onInvalid 'error': %d", (t, shown) => {
      let error: Error | undefined;
      from([t]).pipe(assignEventTime((v: number) => v)).subscribe({ error: (e: Error) => (error = e) });
      expect(error).toEqual(
        new TypeError(`assignEventTime: event time must be at most the end of the global window (8639999913600000, one day before MAX_TIMESTAMP), got ${shown}`),
      );
    });

    it("onInvalid 'route' and 'drop': the value is a dead letter / reported, the others go on", () => {
      const { panes, letters } = batch([EOGW + 1, 5], fixedWindow(10));
      expect(panes).toEqual([pane(0, 10, [5])]);
      expect(letters).toEqual([
        {
          operator: 'assignEventTime',
          reason: 'invalid-event-time',
          value: EOGW + 1,
          watermark: MIN_TIMESTAMP,
          message:
            'assignEventTime: event time must be at most the end of the global window (8639999913600000, one day before MAX_TIMESTAMP), got 8639999913600001 (value: 8639999913600001)',
        },
      ]);
      const skipped: [number, string][] = [];
      from([MAX_TIMESTAMP])
        .pipe(assignEventTime((v: number) => v, { onInvalid: 'drop', onInvalidValue: (v, reason) => skipped.push([v, reason]) }))
        .subscribe();
      expect(skipped).toEqual([[MAX_TIMESTAMP, 'event time must be at most the end of the global window (8639999913600000, one day before MAX_TIMESTAMP), got 8640000000000000']]);
    });
  });

  it('fixed windows at both ends: the last window is cut at the end of the global window', () => {
    const { panes, letters } = batch([MIN_TIMESTAMP, EOGW - 1, EOGW, EOGW + 1], fixedWindow(60_000));
    expect(panes).toEqual([pane(MIN_TIMESTAMP, MIN_TIMESTAMP + 60_000, [MIN_TIMESTAMP]), pane(EOGW - 60_000, EOGW, [EOGW - 1]), pane(EOGW, EOGW + 1, [EOGW])]);
    expect(letters.map((d) => [d.operator, d.reason, d.value])).toEqual([['assignEventTime', 'invalid-event-time', EOGW + 1]]);
  });

  it('a fixed window larger than the range of event times', () => {
    const { panes } = batch([MIN_TIMESTAMP, 0, EOGW], fixedWindow(1e16));
    expect(panes).toEqual([pane(-1e16, 0, [MIN_TIMESTAMP]), pane(0, EOGW + 1, [0, EOGW])]);
  });

  it('a session with a huge gap ends at the end of the global window, so it fires at +infinity', () => {
    const { panes, letters } = batch([5], sessionWindow(1e20));
    expect(panes).toEqual([pane(5, EOGW + 1, [5])]);
    expect(letters).toEqual([]);
  });

  it('sessions around the end of the global window merge into one cut at it', () => {
    const { panes } = batch([EOGW - 5, EOGW - 1, EOGW], sessionWindow(10));
    expect(panes).toEqual([pane(EOGW - 5, EOGW + 1, [EOGW - 5, EOGW - 1, EOGW])]);
    expect(batch([EOGW - 20, EOGW], sessionWindow(10)).panes).toEqual([pane(EOGW - 20, EOGW - 10, [EOGW - 20]), pane(EOGW, EOGW + 1, [EOGW])]);
  });

  it('sliding windows around the end of the global window, and one larger than the range', () => {
    const { panes } = batch([EOGW - 1, EOGW], slidingWindow(30, 10));
    // Windows with the same end fire in the order they were opened.
    expect(panes).toEqual([
      pane(EOGW - 30, EOGW, [EOGW - 1]),
      pane(EOGW - 10, EOGW + 1, [EOGW - 1, EOGW]),
      pane(EOGW - 20, EOGW + 1, [EOGW - 1, EOGW]),
      pane(EOGW, EOGW + 1, [EOGW]),
    ]);
    expect(batch([0], slidingWindow(1e16, 5e15)).panes).toEqual([pane(-5e15, 5e15, [0]), pane(0, EOGW + 1, [0])]);
  });

  it('calendar days at both ends, in UTC and in zones whose local day reaches past the range', () => {
    expect(batch([MIN_TIMESTAMP, EOGW], calendarWindow('day')).panes).toEqual([
      pane(MIN_TIMESTAMP, MIN_TIMESTAMP + DAY, [MIN_TIMESTAMP]),
      pane(EOGW, EOGW + 1, [EOGW]),
    ]);
    // MIN_TIMESTAMP is 05:00 local in +05:00: the local day began before the range and is cut at its start.
    expect(batch([MIN_TIMESTAMP, EOGW], calendarWindow('day', { timeZone: '+05:00' })).panes).toEqual([
      pane(MIN_TIMESTAMP, MIN_TIMESTAMP + 19 * HOUR, [MIN_TIMESTAMP]),
      pane(EOGW - 5 * HOUR, EOGW + 1, [EOGW]),
    ]);
    expect(batch([MIN_TIMESTAMP, EOGW], calendarWindow('day', { timeZone: '-05:00' })).panes).toEqual([
      pane(MIN_TIMESTAMP, MIN_TIMESTAMP + 5 * HOUR, [MIN_TIMESTAMP]),
      pane(EOGW - 19 * HOUR, EOGW + 1, [EOGW]),
    ]);
  });

  it("a user window function's windows made with intervalWindow are cut too", () => {
    const longWindows = windowInto<number>({ description: 'long', isMerging: false, assign: (t) => [intervalWindow(t, t + 1e17)] });
    expect(batch([7], longWindows).panes).toEqual([pane(7, EOGW + 1, [7])]);
  });

  it('allowed lateness cannot push garbage collection past the end of the global window: a late element still gets its pane', () => {
    const deadLetters: DeadLetter<number>[] = [];
    const panes: Pane<number[], string>[] = [];
    const source = new Subject<number>();
    source
      .pipe(
        assignEventTime((t: number) => t, { emitWatermark: 'perElement' }),
        fixedWindow(60_000),
        afterWatermark({ late: afterCount(1), allowedLateness: 1e16, accumulation: 'discarding' }),
        groupByKey(() => 'k', { deadLetters: { next: (d) => deadLetters.push(d) } }),
      )
      .subscribe((p) => panes.push(p));
    source.next(EOGW - 1);
    source.next(EOGW); // the watermark passes [EOGW - 1m, EOGW)
    source.next(EOGW - 2); // late, before the garbage-collection time (the end of the global window)
    source.complete();
    const W = { start: EOGW - 60_000, end: EOGW, maxTimestamp: EOGW - 1 };
    expect(panes).toEqual([
      { key: 'k', window: W, value: [EOGW - 1], pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, timestamp: EOGW - 1 },
      { key: 'k', window: W, value: [EOGW - 2], pane: { timing: 'LATE', index: 1, onTimeIndex: 1, isFirst: false, isLast: false }, timestamp: EOGW - 1 },
      pane(EOGW, EOGW + 1, [EOGW]),
    ]);
    expect(deadLetters).toEqual([]);
  });
});
