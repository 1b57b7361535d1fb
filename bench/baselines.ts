/**
 * Hand-written loops: what the same job costs without any library. Each keeps a bounded out-of-orderness
 * watermark, drops an element whose window's garbage-collection time (end - 1 + allowed lateness) is
 * behind it, and emits each window's final result once that time has passed, as the library does.
 * The two loops here are kept as labelled rows; the rows' ratios are taken against the faster loops of
 * `windowLoop.ts`, `slidingLoop.ts`, `earlyLoop.ts` and `sortedSessionLoop.ts`.
 */
import type { ResultTable } from './collector.js';
import type { HeapProbe } from './probe.js';
import type { Event } from './workload.js';

/** The event-time parameters shared by every variant. */
export interface TimeParams {
  readonly size: number;
  /** The sliding period; equal to size for fixed windows. */
  readonly period: number;
  readonly outOfOrderness: number;
  readonly allowedLateness: number;
}

interface Acc {
  count: number;
  sum: number;
}

const floorMod = (a: number, n: number) => {
  const r = a % n;
  return r < 0 ? r + n : r;
};

/**
 * The old baseline (until 2026-12-04): `Map<windowStart, Map<key, accumulator>>`, no string built per
 * event. Windows are aligned, so the closed ones are found by stepping from the oldest open start by the
 * period. Handles fixed (period = size) and sliding windows. It looks the window up by its epoch-ms
 * start for every event, a number too large for V8's small integers, which costs it about half its
 * time against `windowLoop`.
 */
export function nestedMapLoop(input: Iterable<Event>, p: TimeParams, probe: HeapProbe, out: ResultTable): void {
  const { size, period, outOfOrderness, allowedLateness } = p;
  const windows = new Map<number, Map<string, Acc>>();
  // Plain locals, not captured by any closure, so they stay in registers.
  let maxT = Number.NEGATIVE_INFINITY;
  let wm = Number.NEGATIVE_INFINITY;
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  let dropped = 0;
  const sliding = period !== size;
  // An indexed loop over an array (the main rows), the iterator for generated input.
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
    let r = t % period;
    if (r < 0) r += period;
    const last = t - r;
    if (!sliding) {
      // The fixed-window body, written out so the loop stays one tight block.
      if (last + size - 1 + allowedLateness < wm) dropped++;
      else {
        let byKey = windows.get(last);
        if (byKey === undefined) {
          windows.set(last, (byKey = new Map()));
          if (last < oldest) oldest = last;
          if (last > newest) newest = last;
        }
        const acc = byKey.get(e.key);
        if (acc === undefined) byKey.set(e.key, { count: 1, sum: e.amount });
        else {
          acc.count++;
          acc.sum += e.amount;
        }
      }
    } else {
      for (let ws = last; ws > t - size; ws -= period) {
        if (ws + size - 1 + allowedLateness < wm) {
          dropped++;
          continue;
        }
        let byKey = windows.get(ws);
        if (byKey === undefined) {
          windows.set(ws, (byKey = new Map()));
          if (ws < oldest) oldest = ws;
          if (ws > newest) newest = ws;
        }
        const acc = byKey.get(e.key);
        if (acc === undefined) byKey.set(e.key, { count: 1, sum: e.amount });
        else {
          acc.count++;
          acc.sum += e.amount;
        }
      }
    }
    if (t > maxT) {
      maxT = t;
      wm = maxT - outOfOrderness;
      // Aligned windows: the closed ones are found by stepping from the oldest start.
      while (oldest <= newest && oldest + size - 1 + allowedLateness < wm) {
        oldest = emitWindow(windows, oldest, size, out) + period;
      }
    }
    probe.tick();
  }
  while (oldest <= newest) oldest = emitWindow(windows, oldest, size, out) + period;
  if (dropped !== 0) out.put('(dropped)', 0, 0, dropped, 0);
}

function emitWindow(windows: Map<number, Map<string, Acc>>, start: number, size: number, out: ResultTable): number {
  const byKey = windows.get(start);
  if (byKey !== undefined) {
    for (const [key, acc] of byKey) out.put(key, start, start + size, acc.count, acc.sum);
    windows.delete(start);
  }
  return start;
}

/** The same loop over one `Map` keyed by a `window|key` string built per event. Fixed windows only. */
export function stringKeyLoop(input: Iterable<Event>, p: TimeParams, probe: HeapProbe, out: ResultTable): void {
  const { size, outOfOrderness, allowedLateness } = p;
  const state = new Map<string, { ws: number; key: string; count: number; sum: number }>();
  let maxT = Number.NEGATIVE_INFINITY;
  let wm = Number.NEGATIVE_INFINITY;
  let oldest = Number.POSITIVE_INFINITY;
  let dropped = 0;
  const flush = (upTo: number) => {
    let next = Number.POSITIVE_INFINITY;
    for (const [id, s] of state) {
      if (s.ws + size - 1 + allowedLateness < upTo) {
        out.put(s.key, s.ws, s.ws + size, s.count, s.sum);
        state.delete(id);
      } else if (s.ws < next) next = s.ws;
    }
    oldest = next;
  };
  for (const e of input) {
    const t = e.t;
    const ws = t - floorMod(t, size);
    if (ws + size - 1 + allowedLateness < wm) dropped++;
    else {
      const id = `${ws}|${e.key}`;
      const s = state.get(id);
      if (s === undefined) {
        state.set(id, { ws, key: e.key, count: 1, sum: e.amount });
        if (ws < oldest) oldest = ws;
      } else {
        s.count++;
        s.sum += e.amount;
      }
    }
    if (t > maxT) {
      maxT = t;
      wm = maxT - outOfOrderness;
      // The scan over all states runs only when the oldest window closes, about once per window.
      if (oldest + size - 1 + allowedLateness < wm) flush(wm);
    }
    probe.tick();
  }
  flush(Number.POSITIVE_INFINITY);
  if (dropped !== 0) out.put('(dropped)', 0, 0, dropped, 0);
}
