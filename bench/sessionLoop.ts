/**
 * The old session-row loop (until 2026-12-04, kept as a labelled row; the row's own loop is now
 * `sortedSessionLoop`): per key, its open sessions; an element's window `[t, t + gap)` absorbs every
 * session it overlaps (touching ones stay apart, as in the library), building a new session object
 * each time; a session is emitted once the watermark passes its end - 1 + allowed lateness, found
 * through a min-heap of those times.
 */
import type { ResultTable } from './collector.js';
import type { HeapProbe } from './probe.js';
import type { Event } from './workload.js';

interface Session {
  key: string;
  start: number;
  end: number;
  count: number;
  sum: number;
  alive: boolean;
}

/** A binary min-heap of sessions by their garbage-collection time, with lazy deletion of dead ones. */
class GcQueue {
  private readonly at: number[] = [];
  private readonly items: Session[] = [];
  push(t: number, s: Session): void {
    let i = this.at.length;
    this.at.push(t);
    this.items.push(s);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.at[p] <= t) break;
      this.at[i] = this.at[p];
      this.items[i] = this.items[p];
      i = p;
    }
    this.at[i] = t;
    this.items[i] = s;
  }
  get first(): number {
    return this.at.length > 0 ? this.at[0] : Number.POSITIVE_INFINITY;
  }
  pop(): Session {
    const top = this.items[0];
    const t = this.at.pop()!;
    const s = this.items.pop()!;
    const n = this.at.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.at[c + 1] < this.at[c]) c++;
        if (this.at[c] >= t) break;
        this.at[i] = this.at[c];
        this.items[i] = this.items[c];
        i = c;
      }
      this.at[i] = t;
      this.items[i] = s;
    }
    return top;
  }
}

/** Session windows with a gap of `gap` ms, per key, with the same watermark and lateness rules. */
export function sessionLoop(
  input: Iterable<Event>,
  p: { gap: number; outOfOrderness: number; allowedLateness: number },
  probe: HeapProbe,
  out: ResultTable,
): void {
  const { gap, outOfOrderness, allowedLateness } = p;
  const open = new Map<string, Session[]>();
  const queue = new GcQueue();
  let maxT = Number.NEGATIVE_INFINITY;
  let wm = Number.NEGATIVE_INFINITY;
  let dropped = 0;
  const flush = (upTo: number) => {
    while (queue.first < upTo) {
      const s = queue.pop();
      if (!s.alive) continue;
      s.alive = false;
      out.put(s.key, s.start, s.end, s.count, s.sum);
      const list = open.get(s.key)!;
      list.splice(list.indexOf(s), 1);
      if (list.length === 0) open.delete(s.key);
    }
  };
  for (const e of input) {
    const t = e.t;
    let start = t;
    let end = t + gap;
    if (end - 1 + allowedLateness < wm) dropped++;
    else {
      let list = open.get(e.key);
      if (list === undefined) open.set(e.key, (list = []));
      let count = 1;
      let sum = e.amount;
      let target: Session | undefined;
      for (let i = 0; i < list.length; i++) {
        const s = list[i];
        if (s.start < end && start < s.end) {
          if (target === undefined && s.start <= start && s.end >= end) {
            target = s;
            break;
          }
          if (s.start < start) start = s.start;
          if (s.end > end) end = s.end;
          count += s.count;
          sum += s.sum;
          s.alive = false;
          list.splice(i--, 1);
        }
      }
      if (target !== undefined) {
        target.count++;
        target.sum += e.amount;
      } else {
        const s: Session = { key: e.key, start, end, count, sum, alive: true };
        list.push(s);
        queue.push(end - 1 + allowedLateness, s);
      }
    }
    if (t > maxT) {
      maxT = t;
      wm = maxT - outOfOrderness;
      if (queue.first < wm) flush(wm);
    }
    probe.tick();
  }
  flush(Number.POSITIVE_INFINITY);
  if (dropped !== 0) out.put('(dropped)', 0, 0, dropped, 0);
}
