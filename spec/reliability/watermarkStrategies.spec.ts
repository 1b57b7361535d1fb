import { asyncScheduler, merge, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  assignEventTime,
  boundedOutOfOrderness,
  fixedWindow,
  groupByKey,
  mergeEventTime,
  monotonicTimestamps,
  punctuatedWatermark,
  withIdleness,
  MAX_TIMESTAMP,
  type EventTimeRecord,
} from '../../src/index';
import { eventTimeMarbles, expectPanes } from '../../src/testing/index';

const scheduler = () => new TestScheduler((a, e) => expect(a).toEqual(e));
const el = (value: unknown, timestamp: number) => ({ kind: 'element', value, timestamp });
const wm = (watermark: number) => ({ kind: 'watermark', watermark });
const idle = (watermark: number) => ({ kind: 'watermark', watermark, idle: true });

/** Every notification with its frame; call inside `TestScheduler.run`, where `asyncScheduler.now()` is virtual. */
function timeline(obs$: Observable<unknown>, flush: () => void): [number, unknown][] {
  const out: [number, unknown][] = [];
  obs$.subscribe({
    next: (r) => out.push([asyncScheduler.now(), r]),
    error: (e: unknown) => out.push([asyncScheduler.now(), `# ${(e as Error).message}`]),
    complete: () => out.push([asyncScheduler.now(), '|']),
  });
  flush();
  return out;
}

interface Reading {
  readonly id: string;
  readonly t: number;
  readonly upTo?: number;
}

describe('punctuatedWatermark', () => {
  const marker = punctuatedWatermark((r: Reading) => r.upTo);

  it('moves the watermark right after each marker element, never backwards', () => {
    scheduler().run(({ cold, flush }) => {
      const values: Record<string, Reading> = {
        a: { id: 'a', t: 5_000 },
        m: { id: 'm', t: 6_000, upTo: 4_000 },
        b: { id: 'b', t: 3_000 },
        n: { id: 'n', t: 9_000, upTo: 2_000 },
        o: { id: 'o', t: 9_500, upTo: 9_000 },
      };
      const out$ = cold('a m b n o |', values).pipe(assignEventTime((r: Reading) => r.t, { watermark: marker, emitWatermark: 'perElement' }));
      expect(timeline(out$, flush)).toEqual([
        [0, el(values.a, 5_000)],
        [1, el(values.m, 6_000)],
        [1, wm(4_000)],
        [2, el(values.b, 3_000)],
        [3, el(values.n, 9_000)],
        [4, el(values.o, 9_500)],
        [4, wm(9_000)],
        [5, wm(MAX_TIMESTAMP)],
        [5, '|'],
      ]);
    });
  });

  it('errors naming the rule when a marker returns something that is not an instant', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const out$ = cold('a', { a: { id: 'a', t: 1, upTo: Number.NaN } }).pipe(assignEventTime((r: Reading) => r.t, { watermark: marker }));
      expectObservable(out$).toBe(
        '(a#)',
        { a: el({ id: 'a', t: 1, upTo: Number.NaN }, 1) },
        new TypeError('assignEventTime: punctuatedWatermark: the marker function must return an epoch-ms number within ±8.64e15 or undefined, got NaN'),
      );
    });
  });

  it('rejects a marker that is not a function when built', () => {
    expect(() => punctuatedWatermark(5 as never)).toThrow(new TypeError('punctuatedWatermark: marker must be a function, got 5'));
  });
});

describe('boundedOutOfOrderness and monotonicTimestamps', () => {
  it('trail the largest event time by the bound, or not at all', () => {
    scheduler().run(({ cold, flush }) => {
      const values = { a: 10_000, b: 4_000, c: 12_000 };
      const watermarks = (strategy: ReturnType<typeof monotonicTimestamps>) =>
        timeline(cold('a b c |', values).pipe(assignEventTime((t: number) => t, { watermark: strategy, emitWatermark: 'perElement' })), flush)
          .map(([, r]) => r)
          .filter((r) => (r as EventTimeRecord<number>).kind === 'watermark');
      expect(watermarks(boundedOutOfOrderness(5_000))).toEqual([wm(5_000), wm(7_000), wm(MAX_TIMESTAMP)]);
      expect(watermarks(monotonicTimestamps())).toEqual([wm(10_000), wm(12_000), wm(MAX_TIMESTAMP)]);
    });
  });
});

describe('withIdleness', () => {
  it('marks the source idle after idleMs of processing time without elements, and not before', () => {
    scheduler().run(({ cold, flush }) => {
      const strategy = withIdleness(monotonicTimestamps(), 100);
      const out$ = cold('a 90ms b 150ms c 300ms |', { a: 1_000, b: 2_000, c: 3_000 }).pipe(assignEventTime((t: number) => t, { watermark: strategy }));
      // a at 0, b at 91 (a gap of 91 < 100: still active), idle at 191, c at 242 (active again), idle at 342.
      expect(timeline(out$, flush)).toEqual([
        [0, el(1_000, 1_000)],
        [0, wm(1_000)],
        [91, el(2_000, 2_000)],
        [91, wm(2_000)],
        [191, idle(2_000)],
        [242, el(3_000, 3_000)],
        [242, wm(3_000)],
        [342, idle(3_000)],
        [543, wm(MAX_TIMESTAMP)],
        [543, '|'],
      ]);
    });
  });

  it('rejects a timeout that is not a positive number of ms', () => {
    expect(() => withIdleness(monotonicTimestamps(), 0)).toThrow(new RangeError('withIdleness: idleMs must be a positive finite number of ms, got 0'));
  });
});

describe('mergeEventTime', () => {
  const FAST = 'a (W:90s) |';
  const SLOW = '5ms b (W:90s) |';
  const fast = { a: ['fast', '70s'] as const };
  const slow = { b: ['slow', '30s'] as const };
  const group = <T>(events$: Observable<EventTimeRecord<T>>) => events$.pipe(fixedWindow(60_000), groupByKey(() => 'all', { onDropped: (d) => dropped.push(`${d.value} ${d.reason}`) }));
  let dropped: string[] = [];
  beforeEach(() => (dropped = []));

  it('plain RxJS merge lets the fastest input make the others late', () => {
    scheduler().run(({ cold, flush }) => {
      const merged$ = merge(cold(...eventTimeMarbles(FAST, fast)), cold(...eventTimeMarbles(SLOW, slow)));
      expectPanes(group(merged$), { flush }).toBe('all [1m, 2m) ON_TIME #0/0 first last ["fast"]');
      expect(dropped).toEqual(['slow beyond-allowed-lateness']);
    });
  });

  it('mergeEventTime holds the watermark at the slowest input, so nothing is late', () => {
    scheduler().run(({ cold, flush }) => {
      const merged$ = mergeEventTime(cold(...eventTimeMarbles(FAST, fast)), cold(...eventTimeMarbles(SLOW, slow)));
      expectPanes(group(merged$), { flush }).toBe(`
        all [0s, 1m) ON_TIME #0/0 first last ["slow"]
        all [1m, 2m) ON_TIME #0/0 first last ["fast"]
      `);
      expect(dropped).toEqual([]);
    });
  });

  it('ignores an idle input until it resumes; what it sends behind the merged watermark is then late, as in Flink', () => {
    const stamp = (idleMs?: number) =>
      assignEventTime((t: number) => t * 1000, { watermark: idleMs === undefined ? monotonicTimestamps() : withIdleness(monotonicTimestamps(), idleMs) });
    const busy = 'a 99ms b 99ms c 99ms d 99ms |';
    const rare = 'q 249ms s r 200ms |';
    const values = { a: 10, b: 70, c: 130, d: 190, q: 5, s: 100, r: 140 };
    const run = (idleMs: number | undefined, expected: string) =>
      scheduler().run(({ cold, flush }) => {
        const merged$ = mergeEventTime(cold(busy, values).pipe(stamp(idleMs)), cold(rare, values).pipe(stamp(idleMs)));
        expectPanes(group(merged$), { flush }).toBe(expected);
      });
    // Without idleness the rare input holds every window back until it speaks again.
    run(
      undefined,
      `
      @250 all [0s, 1m) ON_TIME #0/0 first last [10, 5]
      @251 all [1m, 2m) ON_TIME #0/0 first last [70, 100]
      @452 all [2m, 3m) ON_TIME #0/0 first last [130, 140]
      @452 all [3m, 4m) ON_TIME #0/0 first last [190]
    `,
    );
    expect(dropped).toEqual([]);
    // Idle after 50 ms of silence: the busy input alone drives the watermark, so windows fire on time;
    // s (100 s) arrives after the merged watermark passed 130 s and is dropped; r (140 s) is not late.
    run(
      50,
      `
      @100 all [0s, 1m) ON_TIME #0/0 first last [10, 5]
      @200 all [1m, 2m) ON_TIME #0/0 first last [70]
      @301 all [2m, 3m) ON_TIME #0/0 first last [130, 140]
      @452 all [3m, 4m) ON_TIME #0/0 first last [190]
    `,
    );
    expect(dropped).toEqual(['100 beyond-allowed-lateness']);
  });
});
