import { from, Subject, type Observable } from 'rxjs';
import {
  assignEventTime,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  temporalJoin,
  type DeadLetter,
  type EventTimeRecord,
  type Joined,
  type TemporalJoinMetrics,
} from '../../src/index';

interface Order {
  readonly id: string;
  readonly cur: string;
  readonly t: number;
}
interface Rate {
  readonly cur: string;
  readonly rate: number;
  readonly t: number;
}

const el = <T>(value: T, timestamp: number): EventTimeRecord<T> => ({ kind: 'element', value, timestamp });
const wm = (watermark: number): EventTimeRecord<never> => ({ kind: 'watermark', watermark });
const order = (id: string, cur: string, t: number): Order => ({ id, cur, t });
const rate = (cur: string, r: number, t: number): Rate => ({ cur, rate: r, t });

function harness(options: { allowedLateness?: number; missing?: 'drop' | 'emit-undefined' } = {}) {
  const orders = new Subject<EventTimeRecord<Order>>();
  const rates = new Subject<EventTimeRecord<Rate>>();
  const dead: DeadLetter<Order | Rate>[] = [];
  const out: (EventTimeRecord<string> | 'complete')[] = [];
  let metrics: Readonly<TemporalJoinMetrics> | undefined;
  const sub = orders
    .pipe(
      temporalJoin(rates, {
        key: (o: Order) => o.cur,
        tableKey: (r: Rate) => r.cur,
        join: (o: Order, r: Rate | undefined) => `${o.id}@${r === undefined ? '-' : r.rate}`,
        deadLetters: { next: (d) => dead.push(d) },
        onMetrics: (m) => (metrics = m),
        ...(options as { allowedLateness?: number; missing: 'emit-undefined' }),
      }),
    )
    .subscribe({ next: (r) => out.push(r), complete: () => out.push('complete') });
  return {
    order: (o: Order) => orders.next(el(o, o.t)),
    rate: (r: Rate) => rates.next(el(r, r.t)),
    orders,
    rates,
    dead,
    out,
    sub,
    metrics: () => metrics!,
  };
}

describe('temporalJoin', () => {
  it("joins each element with its key's version of the largest time at or before its own, once the table's watermark is past it", () => {
    const h = harness();
    h.rate(rate('EUR', 1.1, 10));
    h.rate(rate('EUR', 1.2, 20));
    h.rate(rate('USD', 1, 0));
    h.order(order('o1', 'EUR', 15));
    h.order(order('o2', 'EUR', 20));
    h.order(order('o3', 'USD', 30));
    expect(h.out).toEqual([]); // the table's watermark has not passed them
    expect(h.metrics().pending).toBe(3);
    h.rates.next(wm(21));
    // o1 sees 1.1 (10 <= 15 < 20), o2 sees 1.2 (valid from 20 inclusive); o3 still waits.
    expect(h.out).toEqual([el('o1@1.1', 15), el('o2@1.2', 20)]);
    h.rate(rate('USD', 2, 30)); // arrives before the table's watermark reaches 30: o3 gets it
    h.rates.next(wm(31));
    expect(h.out.slice(2)).toEqual([el('o3@2', 30)]);
    expect(h.metrics().pending).toBe(0);
  });

  it('emits waiting elements in event-time order, each stamped with its own time, and an element the table is already past at once', () => {
    const h = harness();
    h.rate(rate('EUR', 1, 0));
    h.order(order('late-ish', 'EUR', 9));
    h.order(order('early', 'EUR', 3));
    h.rates.next(wm(10));
    h.order(order('now', 'EUR', 5)); // the main watermark is still -infinity: not late
    expect(h.out).toEqual([el('early@1', 3), el('late-ish@1', 9), el('now@1', 5)]);
  });

  it('a later version at the same time replaces the earlier one', () => {
    const h = harness();
    h.rate(rate('EUR', 1, 10));
    h.rate(rate('EUR', 7, 10));
    h.order(order('o', 'EUR', 10));
    h.rates.complete();
    expect(h.out).toEqual([el('o@7', 10)]);
    expect(h.metrics().versions).toBe(1);
  });

  it("an element without a version is a dead letter 'no-match' (counted), or joined with undefined under missing: 'emit-undefined'", () => {
    const h = harness();
    h.rate(rate('EUR', 1, 10));
    h.order(order('before', 'EUR', 5));
    h.order(order('other', 'GBP', 20));
    h.rates.next(wm(30));
    expect(h.out).toEqual([]);
    expect(h.dead).toEqual([
      {
        operator: 'temporalJoin',
        reason: 'no-match',
        value: order('before', 'EUR', 5),
        timestamp: 5,
        watermark: MIN_TIMESTAMP,
        message: 'temporalJoin: dropped an element at 1970-01-01T00:00:00.005Z: the table had no version for its key at that time',
      },
      expect.objectContaining({ reason: 'no-match', value: order('other', 'GBP', 20) }) as unknown as DeadLetter<Order>,
    ]);
    expect(h.metrics()).toMatchObject({ elementsIn: 2, joined: 0, unmatched: 2 });
    const e = harness({ missing: 'emit-undefined' });
    e.order(order('o', 'EUR', 5));
    e.rates.next(wm(6));
    expect(e.out).toEqual([el('o@-', 5)]);
    expect(e.dead).toEqual([]);
    expect(e.metrics().unmatched).toBe(1);
  });

  it('holds the output watermark at the smaller input watermark minus the allowed lateness, and routes versions and elements beyond it', () => {
    const h = harness({ allowedLateness: 5 });
    h.rate(rate('EUR', 1, 0));
    h.orders.next(wm(50));
    h.rates.next(wm(40));
    expect(h.out).toEqual([wm(35)]);
    h.order(order('o', 'EUR', 36)); // waits: a version at 36 may still come (the table allows 5 of lateness)
    expect(h.out).toHaveLength(1);
    h.rate(rate('EUR', 2, 35)); // within lateness
    h.rate(rate('EUR', 3, 34)); // 40 - 5 = 35: beyond
    h.order(order('gone', 'EUR', 34)); // the horizon is 35: beyond
    h.rates.next(wm(42));
    expect(h.out.slice(1)).toEqual([el('o@2', 36), wm(37)]);
    expect(h.dead.map((d) => [(d.value as { id?: string; rate?: number }).id ?? (d.value as Rate).rate, d.reason, d.watermark])).toEqual([
      [3, 'beyond-allowed-lateness', 40],
      ['gone', 'beyond-allowed-lateness', 40],
    ]);
    expect(h.metrics().droppedLate).toBe(2);
  });

  it('keeps per key only the latest version at or before the horizon and newer ones, and nothing once both inputs end', () => {
    const h = harness();
    for (let t = 0; t < 10; t++) h.rate(rate('EUR', t, t * 10));
    h.rate(rate('USD', 1, 5));
    expect(h.metrics().versions).toBe(11);
    h.orders.next(wm(45));
    h.rates.next(wm(100));
    // Horizon 45: EUR keeps 40, 50, ..., 90 (6), USD keeps 5.
    expect(h.metrics()).toMatchObject({ versions: 7, pending: 0, buffered: 7 });
    h.order(order('o', 'EUR', 45));
    expect(h.out.slice(-1)).toEqual([el('o@4', 45)]);
    h.orders.next(wm(1_000));
    expect(h.metrics().versions).toBe(2);
    h.orders.complete();
    h.rates.complete();
    expect(h.out.slice(-2)).toEqual([wm(MAX_TIMESTAMP), 'complete']);
    expect(h.metrics().buffered).toBe(0);
  });

  it('a version at the horizon itself replaces the older one at once', () => {
    const h = harness();
    h.rate(rate('EUR', 1, 5));
    h.orders.next(wm(10));
    h.rates.next(wm(10));
    h.rate(rate('EUR', 2, 10));
    expect(h.metrics().versions).toBe(1);
    h.order(order('o', 'EUR', 10));
    h.rates.next(wm(11));
    expect(h.out).toEqual([wm(10), el('o@2', 10)]); // the main input's watermark, 10, holds the output at 10
  });

  it('unsubscribing drops waiting elements and versions', () => {
    const h = harness();
    h.rate(rate('EUR', 1, 0));
    h.order(order('o', 'EUR', 5));
    expect(h.metrics().buffered).toBe(2);
    h.sub.unsubscribe();
    expect(h.metrics()).toMatchObject({ buffered: 0, pending: 0, versions: 0 });
    expect(h.orders.observed || h.rates.observed).toBe(false);
  });

  it('works in batch: from(array) with assignEventTime on both sides', () => {
    const orders = [order('o1', 'EUR', 15), order('o2', 'USD', 5), order('o3', 'EUR', 25)];
    const rates = [rate('EUR', 1.2, 20), rate('EUR', 1.1, 10), rate('USD', 0.9, 0)];
    const out: EventTimeRecord<Joined<Order, Rate>>[] = [];
    let done = false;
    from(orders)
      .pipe(
        assignEventTime((o: Order) => o.t),
        temporalJoin(from(rates).pipe(assignEventTime((r: Rate) => r.t)), { key: (o: Order) => o.cur, tableKey: (r: Rate) => r.cur }),
      )
      .subscribe({ next: (r) => out.push(r), complete: () => (done = true) });
    expect(done).toBe(true);
    expect(out).toEqual([
      el({ left: orders[1], right: rates[2] }, 5),
      el({ left: orders[0], right: rates[1] }, 15),
      el({ left: orders[2], right: rates[0] }, 25),
      wm(MAX_TIMESTAMP),
    ]);
  });

  it('refuses bad options when built', () => {
    const t$ = new Subject<EventTimeRecord<Rate>>() as Observable<EventTimeRecord<Rate>>;
    const base = { key: (o: Order) => o.cur, tableKey: (r: Rate) => r.cur };
    expect(() => temporalJoin(t$, { ...base, missing: 'skip' as never })).toThrow(new RangeError("temporalJoin: missing must be 'drop' or 'emit-undefined', got \"skip\""));
    expect(() => temporalJoin(t$, { ...base, tableKey: undefined as never })).toThrow(new TypeError('temporalJoin: tableKey must be a function, got undefined'));
    expect(() => temporalJoin(t$, { ...base, allowedLateness: Number.POSITIVE_INFINITY })).toThrow(
      new RangeError('temporalJoin: allowedLateness must be a non-negative finite number of ms, got Infinity'),
    );
    expect(() => temporalJoin({} as never, base)).toThrow(new TypeError('temporalJoin: table$ must be an Observable, got an object (Object)'));
  });
});
