import { from, of, Subject, type Observable } from 'rxjs';
import {
  asEventTime,
  assignEventTime,
  Combine,
  combinePerKey,
  fixedWindow,
  intervalJoin,
  MAX_TIMESTAMP,
  type DeadLetter,
  type EventTimeRecord,
  type IntervalJoinMetrics,
  type Joined,
} from '../../src/index';

interface Ev {
  readonly id: string;
  readonly k: unknown;
  readonly t: number;
}

const el = <T>(value: T, timestamp: number): EventTimeRecord<T> => ({ kind: 'element', value, timestamp });
const wm = (watermark: number): EventTimeRecord<never> => ({ kind: 'watermark', watermark });
const ev = (id: string, k: unknown, t: number): Ev => ({ id, k, t });

/** Two Subjects of records joined, with everything the join emits, its dead letters and its counters. */
function harness(options: { lowerBound: number; upperBound: number; allowedLateness?: number; onError?: 'fail' | 'route' }) {
  const left = new Subject<EventTimeRecord<Ev>>();
  const right = new Subject<EventTimeRecord<Ev>>();
  const dead: DeadLetter<Ev>[] = [];
  const out: (EventTimeRecord<string> | 'complete' | { error: Error })[] = [];
  let metrics: Readonly<IntervalJoinMetrics> | undefined;
  const joined$ = left.pipe(
    intervalJoin(right, {
      key: (e: Ev) => e.k,
      otherKey: (e: Ev) => e.k,
      join: (a, b) => `${a.id}+${b.id}`,
      deadLetters: { next: (d) => dead.push(d) },
      onMetrics: (m) => (metrics = m),
      ...options,
    }),
  );
  const sub = joined$.subscribe({ next: (r) => out.push(r), error: (error: Error) => out.push({ error }), complete: () => out.push('complete') });
  const send = (side: Subject<EventTimeRecord<Ev>>, e: Ev) => side.next(el(e, e.t));
  return { left, right, dead, out, sub, send, metrics: () => metrics! };
}

describe('intervalJoin', () => {
  it('pairs elements of equal keys whose right time is within [left + lowerBound, left + upperBound], bounds inclusive, stamped with the later time', () => {
    const h = harness({ lowerBound: -2, upperBound: 3 });
    h.send(h.left, ev('a', 'k', 10));
    h.send(h.right, ev('b7', 'k', 7)); // offset -3: outside
    h.send(h.right, ev('b8', 'k', 8)); // offset -2: inside
    h.send(h.right, ev('b13', 'k', 13)); // offset 3: inside
    h.send(h.right, ev('b14', 'k', 14)); // offset 4: outside
    h.send(h.right, ev('x', 'other', 10)); // other key
    h.send(h.left, ev('c', 'k', 11)); // meets b8 (-3: no), b13 (+2), b14 (+3)
    expect(h.out).toEqual([el('a+b8', 10), el('a+b13', 13), el('c+b13', 13), el('c+b14', 14)]);
    expect(h.dead).toEqual([]);
  });

  it('compares keys by value: equal objects and arrays are one key, 1 and "1" are two', () => {
    const h = harness({ lowerBound: 0, upperBound: 0 });
    h.send(h.left, ev('a', { user: 'u1', region: 'eu' }, 5));
    h.send(h.left, ev('n', 1, 5));
    h.send(h.right, ev('b', { region: 'eu', user: 'u1' }, 5));
    h.send(h.right, ev('s', '1', 5));
    h.send(h.right, ev('m', 1, 5));
    expect(h.out).toEqual([el('a+b', 5), el('n+m', 5)]);
  });

  it('emits the smaller input watermark as output watermark, and drops buffered elements once the watermark passes their last possible match', () => {
    const h = harness({ lowerBound: -2, upperBound: 3 });
    h.send(h.left, ev('a', 'k', 10)); // can meet right elements up to 13
    h.send(h.right, ev('b', 'k', 8)); // can meet left elements up to 10
    expect(h.metrics().buffered).toBe(2);
    h.left.next(wm(20));
    expect(h.out).toEqual([el('a+b', 10)]); // the right input has no watermark yet
    h.right.next(wm(11));
    expect(h.out.slice(1)).toEqual([wm(11)]);
    expect(h.metrics().buffered).toBe(1); // b (10 < 11) is gone, a (13) is kept
    h.send(h.right, ev('b2', 'k', 13));
    expect(h.out.slice(2)).toEqual([el('a+b2', 13)]);
    h.right.next(wm(14));
    expect(h.metrics().buffered).toBe(1); // a is gone; b2 can still meet left elements up to 15
    h.right.next(wm(16));
    expect(h.metrics().buffered).toBe(0);
    expect(h.out.slice(3)).toEqual([wm(14), wm(16)]);
  });

  it('sends elements behind the watermark to dead letters, counted, and never emits a pair behind the output watermark', () => {
    const h = harness({ lowerBound: -5, upperBound: 5 });
    h.left.next(wm(100));
    h.right.next(wm(100));
    h.send(h.left, ev('a', 'k', 99));
    h.send(h.right, ev('b', 'k', 100));
    expect(h.out).toEqual([wm(100)]);
    expect(h.dead).toEqual([
      {
        operator: 'intervalJoin',
        reason: 'beyond-allowed-lateness',
        value: ev('a', 'k', 99),
        timestamp: 99,
        watermark: 100,
        message: 'intervalJoin: dropped an element at 1970-01-01T00:00:00.099Z: it is behind 1970-01-01T00:00:00.100Z, the watermark minus the allowed lateness',
      },
    ]);
    expect(h.metrics()).toEqual({ leftIn: 1, rightIn: 1, joined: 0, droppedLate: 1, badRecords: 0, buffered: 1 });
  });

  it('with allowedLateness, joins elements up to that far behind the watermark and holds the output watermark back by as much', () => {
    const h = harness({ lowerBound: -5, upperBound: 0, allowedLateness: 10 });
    h.send(h.right, ev('b', 'k', 88));
    h.left.next(wm(100));
    h.right.next(wm(100));
    expect(h.out).toEqual([wm(90)]);
    h.send(h.left, ev('a', 'k', 90)); // 10 behind: accepted, meets b at 88 (offset -2)
    h.send(h.left, ev('late', 'k', 89)); // 11 behind: dead letter
    expect(h.out.slice(1)).toEqual([el('a+b', 90)]);
    expect(h.dead.map((d) => [d.value.id, d.reason])).toEqual([['late', 'beyond-allowed-lateness']]);
  });

  it('at completion of both inputs emits +infinity, completes and holds nothing', () => {
    const h = harness({ lowerBound: 0, upperBound: 10 });
    h.send(h.left, ev('a', 'k', 1));
    h.send(h.right, ev('b', 'k', 2));
    h.left.complete();
    expect(h.metrics().buffered).toBe(2);
    h.right.complete();
    expect(h.out).toEqual([el('a+b', 2), wm(MAX_TIMESTAMP), 'complete']);
    expect(h.metrics().buffered).toBe(0);
  });

  it('unsubscribing drops every buffered element', () => {
    const h = harness({ lowerBound: 0, upperBound: 10 });
    h.send(h.left, ev('a', 'k', 1));
    h.send(h.right, ev('b', 'k', 20));
    expect(h.metrics().buffered).toBe(2);
    h.sub.unsubscribe();
    expect(h.metrics().buffered).toBe(0);
    expect(h.left.observed).toBe(false);
    expect(h.right.observed).toBe(false);
  });

  it('works in batch: from(array) with assignEventTime on both sides', () => {
    const clicks = [ev('c1', 'ad1', 1_000), ev('c2', 'ad2', 5_000), ev('c3', 'ad1', 9_000)];
    const shows = [ev('s1', 'ad1', 500), ev('s2', 'ad1', 8_000), ev('s3', 'ad2', 6_000), ev('s4', 'ad2', 4_000)];
    const out: EventTimeRecord<Joined<Ev, Ev>>[] = [];
    let done = false;
    from(clicks)
      .pipe(
        assignEventTime((e: Ev) => e.t),
        intervalJoin(from(shows).pipe(assignEventTime((e: Ev) => e.t)), { key: (c: Ev) => c.k, otherKey: (s: Ev) => s.k, lowerBound: -1_000, upperBound: 0 }),
      )
      .subscribe({ next: (r) => out.push(r), complete: () => (done = true) });
    expect(done).toBe(true);
    // The clicks are all buffered by the time the impressions arrive: pairs come out in the impressions' order.
    expect(out).toEqual([el({ left: clicks[0], right: shows[0] }, 1_000), el({ left: clicks[2], right: shows[1] }, 9_000), el({ left: clicks[1], right: shows[3] }, 5_000), wm(MAX_TIMESTAMP)]);
  });

  it("routes elements whose key function throws or whose key is invalid under onError 'route', and errors under 'fail'", () => {
    const h = harness({ lowerBound: 0, upperBound: 0, onError: 'route' });
    h.send(h.left, ev('u', undefined, 1));
    h.right.next(el({ id: 'bad', get k(): unknown { throw new Error('boom'); }, t: 1 }, 1));
    expect(h.dead.map((d) => [d.value.id, d.reason, d.message])).toEqual([
      ['u', 'invalid-key', expect.stringMatching(/^intervalJoin: a key must be .* \(routed as a dead letter\)$/) as unknown],
      ['bad', 'key-function-threw', 'intervalJoin: the otherKey function threw for an object (Object): boom (routed as a dead letter)'],
    ]);
    expect(h.metrics().badRecords).toBe(2);
    const f = harness({ lowerBound: 0, upperBound: 0 });
    f.send(f.left, ev('u', undefined, 1));
    expect(f.out).toHaveLength(1);
    expect((f.out[0] as { error: Error }).error.message).toMatch(/^intervalJoin: a key must be a string/);
  });

  it('errors naming the operator when the join function throws', () => {
    const left = new Subject<EventTimeRecord<number>>();
    const right = new Subject<EventTimeRecord<number>>();
    let error: Error | undefined;
    left
      .pipe(intervalJoin(right, { key: () => 1, otherKey: () => 1, lowerBound: 0, upperBound: 0, join: () => { throw new Error('nope'); } }))
      .subscribe({ error: (e: Error) => (error = e) });
    left.next(el(1, 5));
    right.next(el(2, 5));
    expect(error?.message).toBe('intervalJoin: the join function threw for 1 and 2: nope');
    expect(left.observed || right.observed).toBe(false);
  });

  it('takes input fed back from its own output after the step that emitted, in order', () => {
    const left = new Subject<EventTimeRecord<Ev>>();
    const right = new Subject<EventTimeRecord<Ev>>();
    const seen: string[] = [];
    left.pipe(intervalJoin(right, { key: (e: Ev) => e.k, otherKey: (e: Ev) => e.k, lowerBound: 0, upperBound: 0, join: (a, b) => `${a.id}+${b.id}` })).subscribe((r) => {
      if (r.kind !== 'element') return;
      seen.push(r.value);
      // Fed from inside the emission of the first pair: joined after b1 has met every left element.
      if (seen.length === 1) right.next(el(ev('b2', 'k', 1), 1));
    });
    left.next(el(ev('a1', 'k', 1), 1));
    left.next(el(ev('a2', 'k', 1), 1));
    right.next(el(ev('b1', 'k', 1), 1));
    expect(seen).toEqual(['a1+b1', 'a2+b1', 'a1+b2', 'a2+b2']);
  });

  it('an output subscriber that unsubscribes on the first pair gets no more, and the state goes', () => {
    const left = new Subject<EventTimeRecord<Ev>>();
    const right = new Subject<EventTimeRecord<Ev>>();
    let metrics: Readonly<IntervalJoinMetrics> | undefined;
    const seen: unknown[] = [];
    const sub = left
      .pipe(intervalJoin(right, { key: (e: Ev) => e.k, otherKey: (e: Ev) => e.k, lowerBound: -10, upperBound: 10, onMetrics: (m) => (metrics = m) }))
      .subscribe((r) => {
        seen.push(r);
        sub.unsubscribe();
      });
    left.next(el(ev('a1', 'k', 1), 1));
    left.next(el(ev('a2', 'k', 2), 2));
    right.next(el(ev('b', 'k', 3), 3)); // meets a1 and a2: only the first pair goes out
    expect(seen).toHaveLength(1);
    expect(metrics?.buffered).toBe(0);
    expect(left.observed || right.observed).toBe(false);
  });

  it('feeds a window and a grouping downstream: pairs are windowed by their time', () => {
    const clicks = [ev('c1', 'x', 1), ev('c2', 'x', 15), ev('c3', 'y', 3)];
    const views = [ev('v1', 'x', 2), ev('v2', 'x', 14), ev('v3', 'y', 4)];
    const panes: unknown[] = [];
    from(clicks)
      .pipe(
        assignEventTime((e: Ev) => e.t),
        intervalJoin(from(views).pipe(assignEventTime((e: Ev) => e.t)), { key: (e: Ev) => e.k, otherKey: (e: Ev) => e.k, lowerBound: -5, upperBound: 5 }),
        fixedWindow(10),
        combinePerKey((p: Joined<Ev, Ev>) => p.left.k, Combine.count()),
      )
      .subscribe((p) => panes.push(p));
    const onTime = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true };
    expect(panes).toEqual([
      { key: 'x', window: { start: 0, end: 10, maxTimestamp: 9 }, value: 1, pane: onTime, timestamp: 9 },
      { key: 'y', window: { start: 0, end: 10, maxTimestamp: 9 }, value: 1, pane: onTime, timestamp: 9 },
      { key: 'x', window: { start: 10, end: 20, maxTimestamp: 19 }, value: 1, pane: onTime, timestamp: 19 },
    ]);
  });

  it("joins a grouping's panes through asEventTime() with another stream", () => {
    interface Spend {
      readonly user: string;
      readonly amount: number;
      readonly t: number;
    }
    interface Login {
      readonly user: string;
      readonly t: number;
    }
    const spend: Spend[] = [{ user: 'u1', amount: 5, t: 1_000 }, { user: 'u1', amount: 7, t: 2_000 }, { user: 'u2', amount: 1, t: 3_000 }];
    const perMinute$ = from(spend).pipe(
      assignEventTime((s: Spend) => s.t),
      fixedWindow(60_000),
      combinePerKey((s: Spend) => s.user, Combine.sum((s: Spend) => s.amount)),
    );
    const logins$ = of<Login>({ user: 'u1', t: 59_000 }).pipe(assignEventTime((l: Login) => l.t));
    const out: EventTimeRecord<string>[] = [];
    perMinute$
      .pipe(
        asEventTime(),
        intervalJoin(logins$, { key: (p) => p.key, otherKey: (l) => l.user, lowerBound: -1_000, upperBound: 0, join: (p, l: Login) => `${p.key} spent ${p.value}, login at ${l.t}` }),
      )
      .subscribe((r) => out.push(r));
    // A pane is stamped with its window's end - 1 (59 999): the login at 59 000 is within the last second.
    expect(out).toEqual([el('u1 spent 12, login at 59000', 59_999), wm(MAX_TIMESTAMP)]);
  });

  it('errors naming the operator for an input that is not an event-time stream, and for a source error', () => {
    const errors: string[] = [];
    (of(1) as unknown as Observable<EventTimeRecord<number>>).pipe(intervalJoin(of() as Observable<EventTimeRecord<number>>, { key: (x: number) => x, otherKey: (x: number) => x, lowerBound: 0, upperBound: 0 }))
      .subscribe({ error: (e: Error) => errors.push(e.message) });
    const left = new Subject<EventTimeRecord<number>>();
    left.pipe(intervalJoin(new Subject<EventTimeRecord<number>>(), { key: (x: number) => x, otherKey: (x: number) => x, lowerBound: 0, upperBound: 0 }))
      .subscribe({ error: (e: Error) => errors.push(e.message) });
    left.error(new Error('disk gone'));
    expect(errors).toEqual(['intervalJoin: input is not an event-time stream: start with assignEventTime(...), got 1', 'intervalJoin: the source errored: disk gone']);
  });

  it('refuses bad options when built', () => {
    const r$ = new Subject<EventTimeRecord<number>>() as Observable<EventTimeRecord<number>>;
    const base = { key: (x: number) => x, otherKey: (x: number) => x, lowerBound: 0, upperBound: 1 };
    expect(() => intervalJoin(r$, { ...base, lowerBound: 5 })).toThrow(new RangeError('intervalJoin: lowerBound must not be above upperBound, got 5 > 1'));
    expect(() => intervalJoin(r$, { ...base, upperBound: Number.NaN })).toThrow(new RangeError('intervalJoin: upperBound must be a finite number of ms, got NaN'));
    expect(() => intervalJoin(r$, { ...base, lowerBound: -Infinity })).toThrow(new RangeError('intervalJoin: lowerBound must be a finite number of ms, got -Infinity'));
    expect(() => intervalJoin(r$, { ...base, key: 'k' as never })).toThrow(new TypeError('intervalJoin: key must be a function, got "k"'));
    expect(() => intervalJoin(r$, { ...base, allowedLateness: -1 })).toThrow(new RangeError('intervalJoin: allowedLateness must be a non-negative finite number of ms, got -1'));
    expect(() => intervalJoin(r$, { ...base, onError: 'route' })).toThrow(new TypeError("intervalJoin: onError 'route' needs a deadLetters sink with next(), got undefined"));
    expect(() => intervalJoin(42 as never, base)).toThrow(new TypeError('intervalJoin: other$ must be an Observable, got 42'));
    expect(() => intervalJoin(r$, null as never)).toThrow(new TypeError('intervalJoin: options must be an object, got null'));
  });
});
