/**
 * The joins' hand-written loops, and the package's joins fed the same way, each giving a digest of what
 * it emitted (order-free: count, sum of the products of the joined amounts, sum of the output times after T0, exact in any order), so
 * the bench can check they did the same work. The input: two event arrays, fed alternately (left i, then
 * right i), each side with a bounded out-of-orderness watermark after every element, as
 * `assignEventTime(..., { watermark, emitWatermark: 'perElement' })` gives.
 *
 * The loops keep the state a careful engineer would: per key, one struct of arrays of times and amounts
 * per side (no object per buffered element), expired elements swept out every `SWEEP` ms of watermark.
 */
import { Subject } from 'rxjs';
import { assignEventTime, intervalJoin, temporalJoin, type EventTimeRecord } from '../src/index.js';
import { T0, type Event } from './workload.js';

/** What a join emitted, order-free. */
export interface JoinDigest {
  count: number;
  products: number;
  times: number;
}

/** The join's parameters. */
export interface JoinParams {
  readonly outOfOrderness: number;
  readonly lowerBound: number;
  readonly upperBound: number;
}

const SWEEP = 1_000;

const digest = (): JoinDigest => ({ count: 0, products: 0, times: 0 });

interface Side {
  times: number[];
  amounts: number[];
}
interface Buffers {
  left: Side;
  right: Side;
}

/** Drops the elements whose expiry (time + shift) is before the horizon, compacting in place. */
function sweep(side: Side, shift: number, horizon: number): void {
  const { times, amounts } = side;
  let kept = 0;
  for (let i = 0; i < times.length; i++) {
    if (times[i] + shift < horizon) continue;
    times[kept] = times[i];
    amounts[kept++] = amounts[i];
  }
  times.length = kept;
  amounts.length = kept;
}

/** The interval join by hand: pairs of equal keys with right time in [left + lowerBound, left + upperBound], stamped max. */
export function intervalLoop(left: readonly Event[], right: readonly Event[], p: JoinParams): JoinDigest {
  const out = digest();
  const { outOfOrderness, lowerBound, upperBound } = p;
  const byKey = new Map<string, Buffers>();
  let maxL = Number.NEGATIVE_INFINITY;
  let maxR = Number.NEGATIVE_INFINITY;
  let horizon = Number.NEGATIVE_INFINITY;
  let nextSweep = Number.NEGATIVE_INFINITY;
  const n = Math.max(left.length, right.length);
  const buffersOf = (key: string): Buffers => {
    let b = byKey.get(key);
    if (b === undefined) byKey.set(key, (b = { left: { times: [], amounts: [] }, right: { times: [], amounts: [] } }));
    return b;
  };
  const advance = () => {
    const h = Math.min(maxL, maxR) - outOfOrderness;
    if (h <= horizon) return;
    horizon = h;
    if (h < nextSweep) return;
    nextSweep = h + SWEEP;
    for (const [key, b] of byKey) {
      sweep(b.left, upperBound, h);
      sweep(b.right, -lowerBound, h);
      if (b.left.times.length === 0 && b.right.times.length === 0) byKey.delete(key);
    }
  };
  for (let i = 0; i < n; i++) {
    if (i < left.length) {
      const e = left[i];
      const t = e.t;
      if (t >= horizon) {
        const b = buffersOf(e.key);
        const { times, amounts } = b.right;
        const from = t + lowerBound;
        const to = t + upperBound;
        for (let j = 0; j < times.length; j++) {
          const rt = times[j];
          if (rt >= from && rt <= to) {
            out.count++;
            out.products += e.amount * amounts[j];
            out.times += (rt > t ? rt : t) - T0;
          }
        }
        b.left.times.push(t);
        b.left.amounts.push(e.amount);
      }
      if (t > maxL) maxL = t;
      advance();
    }
    if (i < right.length) {
      const e = right[i];
      const t = e.t;
      if (t >= horizon) {
        const b = buffersOf(e.key);
        const { times, amounts } = b.left;
        const from = t - upperBound;
        const to = t - lowerBound;
        for (let j = 0; j < times.length; j++) {
          const lt = times[j];
          if (lt >= from && lt <= to) {
            out.count++;
            out.products += amounts[j] * e.amount;
            out.times += (lt > t ? lt : t) - T0;
          }
        }
        b.right.times.push(t);
        b.right.amounts.push(e.amount);
      }
      if (t > maxR) maxR = t;
      advance();
    }
  }
  return out;
}

/** The temporal join by hand: each left element with its key's right amount of the latest time at or before its own (0 for none). */
export function temporalLoop(main: readonly Event[], table: readonly Event[], p: JoinParams): JoinDigest {
  const out = digest();
  const { outOfOrderness } = p;
  const versions = new Map<string, Side>();
  // The elements waiting for the table's watermark: a binary min-heap by time, in parallel arrays.
  const wTimes: number[] = [];
  const wAmounts: number[] = [];
  const wKeys: string[] = [];
  let maxM = Number.NEGATIVE_INFINITY;
  let maxT = Number.NEGATIVE_INFINITY;
  let tableWm = Number.NEGATIVE_INFINITY;
  let horizon = Number.NEGATIVE_INFINITY;
  let nextSweep = Number.NEGATIVE_INFINITY;
  const resolve = (key: string, t: number, amount: number) => {
    const v = versions.get(key);
    let version = 0;
    if (v !== undefined) {
      let lo = 0;
      let hi = v.times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (v.times[mid] <= t) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0) version = v.amounts[lo - 1];
    }
    out.count++;
    out.products += amount * version;
    out.times += t - T0;
  };
  const push = (t: number, amount: number, key: string) => {
    let i = wTimes.length;
    wTimes.push(t);
    wAmounts.push(amount);
    wKeys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (wTimes[parent] <= t) break;
      wTimes[i] = wTimes[parent];
      wAmounts[i] = wAmounts[parent];
      wKeys[i] = wKeys[parent];
      i = parent;
    }
    wTimes[i] = t;
    wAmounts[i] = amount;
    wKeys[i] = key;
  };
  const popInto = () => {
    resolve(wKeys[0], wTimes[0], wAmounts[0]);
    const t = wTimes.pop()!;
    const a = wAmounts.pop()!;
    const k = wKeys.pop()!;
    const n = wTimes.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && wTimes[c + 1] < wTimes[c]) c++;
      if (wTimes[c] >= t) break;
      wTimes[i] = wTimes[c];
      wAmounts[i] = wAmounts[c];
      wKeys[i] = wKeys[c];
      i = c;
    }
    wTimes[i] = t;
    wAmounts[i] = a;
    wKeys[i] = k;
  };
  const advance = () => {
    const tw = maxT - outOfOrderness;
    if (tw > tableWm) {
      tableWm = tw;
      while (wTimes.length > 0 && wTimes[0] < tableWm) popInto();
    }
    const h = Math.min(maxM, maxT) - outOfOrderness;
    if (h <= horizon) return;
    horizon = h;
    if (h < nextSweep) return;
    nextSweep = h + SWEEP;
    for (const v of versions.values()) {
      let lo = 0;
      let hi = v.times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (v.times[mid] <= h) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 1) {
        v.times.splice(0, lo - 1);
        v.amounts.splice(0, lo - 1);
      }
    }
  };
  const n = Math.max(main.length, table.length);
  for (let i = 0; i < n; i++) {
    if (i < main.length) {
      const e = main[i];
      if (e.t < tableWm) resolve(e.key, e.t, e.amount);
      else push(e.t, e.amount, e.key);
      if (e.t > maxM) maxM = e.t;
      advance();
    }
    if (i < table.length) {
      const e = table[i];
      let v = versions.get(e.key);
      if (v === undefined) versions.set(e.key, (v = { times: [], amounts: [] }));
      const { times, amounts } = v;
      let j = times.length;
      while (j > 0 && times[j - 1] > e.t) j--;
      if (j > 0 && times[j - 1] === e.t) amounts[j - 1] = e.amount;
      else if (j === times.length) {
        times.push(e.t);
        amounts.push(e.amount);
      } else {
        times.splice(j, 0, e.t);
        amounts.splice(j, 0, e.amount);
      }
      if (e.t > maxT) maxT = e.t;
      advance();
    }
  }
  // Both inputs end: the table is complete, every waiting element goes.
  while (wTimes.length > 0) popInto();
  return out;
}

/** Feeds both arrays alternately into a join of the package; resolves with its digest when it completes. */
function runOurs(left: readonly Event[], right: readonly Event[], p: JoinParams, join: 'interval' | 'temporal'): JoinDigest {
  const out = digest();
  const l = new Subject<Event>();
  const r = new Subject<Event>();
  const stamp = assignEventTime((e: Event) => e.t, { watermark: p.outOfOrderness, emitWatermark: 'perElement' });
  const joined$ =
    join === 'interval'
      ? l.pipe(stamp, intervalJoin(r.pipe(stamp), { key: (e: Event) => e.key, otherKey: (e: Event) => e.key, lowerBound: p.lowerBound, upperBound: p.upperBound, join: (a, b) => a.amount * b.amount }))
      : l.pipe(stamp, temporalJoin(r.pipe(stamp), { key: (e: Event) => e.key, tableKey: (e: Event) => e.key, missing: 'emit-undefined', join: (a, v) => a.amount * (v === undefined ? 0 : v.amount) }));
  joined$.subscribe((rec: EventTimeRecord<number>) => {
    if (rec.kind !== 'element') return;
    out.count++;
    out.products += rec.value;
    out.times += rec.timestamp - T0;
  });
  const n = Math.max(left.length, right.length);
  for (let i = 0; i < n; i++) {
    if (i < left.length) l.next(left[i]);
    if (i < right.length) r.next(right[i]);
  }
  l.complete();
  r.complete();
  return out;
}

/** `left$.pipe(intervalJoin(right$, ...))`, fed as the loop is. */
export const intervalOurs = (left: readonly Event[], right: readonly Event[], p: JoinParams): JoinDigest => runOurs(left, right, p, 'interval');

/** `main$.pipe(temporalJoin(table$, ...))`, fed as the loop is. */
export const temporalOurs = (main: readonly Event[], table: readonly Event[], p: JoinParams): JoinDigest => runOurs(main, table, p, 'temporal');
