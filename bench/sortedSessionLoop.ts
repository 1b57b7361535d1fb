/**
 * The session row's own loop: per key, its open sessions sorted by start (they never overlap, so by
 * end too). An element's window `[t, t + gap)` merges with every session it overlaps (touching ones
 * stay apart, as in the package); the common case, an element at or after the start of its key's
 * latest session, only widens that session or appends one, with no allocation. A session is emitted
 * once the watermark passes its end - 1 + allowed lateness: a min-heap holds each session at the time
 * it had when queued, and a session that has grown since is queued again at its new time when popped.
 */
import type { ResultTable } from './collector.js';
import { dicts, type DictKind } from './dict.js';
import type { HeapProbe } from './probe.js';
import type { Event } from './workload.js';

interface Session {
  readonly key: string;
  start: number;
  end: number;
  count: number;
  sum: number;
  alive: boolean;
}

/** A binary min-heap of sessions by time. */
class Queue {
  private readonly at: number[] = [];
  private readonly items: Session[] = [];
  first = Number.POSITIVE_INFINITY;

  push(t: number, s: Session): void {
    const at = this.at;
    const items = this.items;
    let i = at.length;
    at.push(t);
    items.push(s);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (at[p] <= t) break;
      at[i] = at[p];
      items[i] = items[p];
      i = p;
    }
    at[i] = t;
    items[i] = s;
    this.first = at[0];
  }

  pop(): Session {
    const at = this.at;
    const items = this.items;
    const top = items[0];
    const t = at.pop()!;
    const s = items.pop()!;
    const n = at.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && at[c + 1] < at[c]) c++;
        if (at[c] >= t) break;
        at[i] = at[c];
        items[i] = items[c];
        i = c;
      }
      at[i] = t;
      items[i] = s;
    }
    this.first = n > 0 ? at[0] : Number.POSITIVE_INFINITY;
    return top;
  }
}

/** Session windows with a gap of `gap` ms, per key, with the same watermark and lateness rules. */
export function sortedSessionLoop(
  input: Iterable<Event>,
  p: { gap: number; outOfOrderness: number; allowedLateness: number },
  probe: HeapProbe,
  out: ResultTable,
  dict: DictKind,
): void {
  const { gap, outOfOrderness, allowedLateness } = p;
  const keep = allowedLateness - 1;
  const open = dicts<Session[]>(dict)();
  const queue = new Queue();
  let maxT = Number.NEGATIVE_INFINITY;
  let wm = Number.NEGATIVE_INFINITY;
  let dropped = 0;
  const arr = Array.isArray(input) ? (input as Event[]) : undefined;
  const it = arr === undefined ? input[Symbol.iterator]() : undefined;
  for (let i = 0; ; i++) {
    let e: Event;
    if (arr !== undefined) {
      if (i >= arr.length) break;
      e = arr[i];
    } else {
      const r = it!.next();
      if (r.done === true) break;
      e = r.value;
    }
    const t = e.t;
    const end = t + gap;
    if (end + keep < wm) dropped++;
    else {
      const key = e.key;
      let list = open.get(key);
      if (list === undefined) open.set(key, (list = []));
      const n = list.length;
      const last = n > 0 ? list[n - 1] : undefined;
      if (last !== undefined && last.start <= t) {
        if (t < last.end) {
          if (end > last.end) last.end = end;
          last.count++;
          last.sum += e.amount;
        } else {
          const s: Session = { key, start: t, end, count: 1, sum: e.amount, alive: true };
          list.push(s);
          queue.push(end + keep, s);
        }
      } else merge(list, key, t, end, e.amount, queue, keep);
    }
    if (t > maxT) {
      maxT = t;
      wm = t - outOfOrderness;
      while (queue.first < wm) {
        const s = queue.pop();
        if (!s.alive) continue;
        // Grown since it was queued and no longer due: queue it again at its new time.
        if (s.end + keep >= wm) {
          queue.push(s.end + keep, s);
          continue;
        }
        s.alive = false;
        out.put(s.key, s.start, s.end, s.count, s.sum);
        const list = open.get(s.key)!;
        if (list.length === 1) open.delete(s.key);
        else list.splice(list.indexOf(s), 1);
      }
    }
    probe.tick();
  }
  open.forEach((list) => {
    for (const s of list) out.put(s.key, s.start, s.end, s.count, s.sum);
  });
  if (dropped !== 0) out.put('(dropped)', 0, 0, dropped, 0);
}

/** The general case: `[t, end)` before the key's latest session; merges every session it overlaps. */
function merge(list: Session[], key: string, t: number, end: number, amount: number, queue: Queue, keep: number): void {
  const n = list.length;
  let lo = n;
  while (lo > 0 && list[lo - 1].end > t) lo--;
  let hi = lo;
  while (hi < n && list[hi].start < end) hi++;
  if (lo === hi) {
    const s: Session = { key, start: t, end, count: 1, sum: amount, alive: true };
    list.splice(lo, 0, s);
    queue.push(end + keep, s);
    return;
  }
  const s = list[lo];
  if (t < s.start) s.start = t;
  s.count++;
  s.sum += amount;
  for (let j = lo + 1; j < hi; j++) {
    const o = list[j];
    s.count += o.count;
    s.sum += o.sum;
    o.alive = false;
  }
  const last = list[hi - 1].end;
  s.end = last > end ? last : end;
  if (hi - lo > 1) list.splice(lo + 1, hi - lo - 1);
}
