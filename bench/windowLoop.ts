/**
 * The main baseline: the fastest plain loop we know for the job, the same algorithm as the older
 * `nestedMapLoop` (`Map<window, dictionary<key, {count, sum}>>`, bounded out-of-orderness watermark, the
 * garbage-collection-time drop rule, windows flushed in order) written as a careful engineer would:
 * windows are keyed by their index (start / period, a small integer V8 hashes without boxing, where an
 * epoch-ms start is a heap number), the last two windows used are kept in locals (data near a boundary
 * alternates between two), nothing is allocated per event (one accumulator per key and window), and
 * the keys of a window live in whichever container is faster for the row's key count (`dict.ts`).
 */
import type { TimeParams } from './baselines.js';
import type { ResultTable } from './collector.js';
import { dicts, type Dict, type DictKind } from './dict.js';
import type { HeapProbe } from './probe.js';
import type { Event } from './workload.js';

interface Acc {
  count: number;
  sum: number;
}

/** Fixed windows (period = size). */
export function windowLoop(input: Iterable<Event>, p: TimeParams, probe: HeapProbe, out: ResultTable, dict: DictKind): void {
  if (p.period !== p.size) throw new RangeError('windowLoop: fixed windows only; use slidingLoop');
  const { size, outOfOrderness, allowedLateness } = p;
  // A window's garbage-collection time is its start + keep.
  const keep = size - 1 + allowedLateness;
  const newDict = dicts<Acc>(dict);
  const windows = new Map<number, Dict<Acc>>();
  let maxT = Number.NEGATIVE_INFINITY;
  let wm = Number.NEGATIVE_INFINITY;
  // Open window indices: every index in [oldest, newest] may have a map; the oldest closes first.
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  let oldestGc = Number.POSITIVE_INFINITY;
  // The last two windows used: [aStart, aEnd) -> aMap, then b. Emptied when a window is flushed.
  let aStart = Number.POSITIVE_INFINITY;
  let aEnd = Number.NEGATIVE_INFINITY;
  let aMap: Dict<Acc> | undefined;
  let bStart = Number.POSITIVE_INFINITY;
  let bEnd = Number.NEGATIVE_INFINITY;
  let bMap: Dict<Acc> | undefined;
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
    let byKey: Dict<Acc> | undefined;
    if (t >= aStart && t < aEnd) byKey = aMap;
    else if (t >= bStart && t < bEnd) {
      const s = aStart;
      const en = aEnd;
      const m = aMap;
      aStart = bStart;
      aEnd = bEnd;
      byKey = aMap = bMap;
      bStart = s;
      bEnd = en;
      bMap = m;
    } else {
      const idx = Math.floor(t / size);
      const start = idx * size;
      if (start + keep < wm) dropped++;
      else {
        byKey = windows.get(idx);
        if (byKey === undefined) {
          windows.set(idx, (byKey = newDict()));
          if (idx < oldest) {
            oldest = idx;
            oldestGc = start + keep;
          }
          if (idx > newest) newest = idx;
        }
        bStart = aStart;
        bEnd = aEnd;
        bMap = aMap;
        aStart = start;
        aEnd = start + size;
        aMap = byKey;
      }
    }
    if (byKey !== undefined) {
      const acc = byKey.get(e.key);
      if (acc === undefined) byKey.set(e.key, { count: 1, sum: e.amount });
      else {
        acc.count++;
        acc.sum += e.amount;
      }
    }
    if (t > maxT) {
      maxT = t;
      wm = t - outOfOrderness;
      if (oldestGc < wm) {
        while (oldest <= newest && oldest * size + keep < wm) emitWindow(windows, oldest++, size, size, out);
        oldestGc = oldest <= newest ? oldest * size + keep : Number.POSITIVE_INFINITY;
        if (oldest > newest) {
          oldest = Number.POSITIVE_INFINITY;
          newest = Number.NEGATIVE_INFINITY;
        }
        // A flushed window may be cached: forget both (a window past its time is never used again).
        aStart = bStart = Number.POSITIVE_INFINITY;
        aEnd = bEnd = Number.NEGATIVE_INFINITY;
        aMap = bMap = undefined;
      }
    }
    probe.tick();
  }
  while (oldest <= newest) emitWindow(windows, oldest++, size, size, out);
  if (dropped !== 0) out.put('(dropped)', 0, 0, dropped, 0);
}

/** Sends every cell of window `idx` (start idx * step) to the table and forgets the window. */
export function emitWindow(windows: Map<number, Dict<Acc>>, idx: number, step: number, size: number, out: ResultTable): void {
  const byKey = windows.get(idx);
  if (byKey === undefined) return;
  const start = idx * step;
  byKey.forEach((acc, key) => out.put(key, start, start + size, acc.count, acc.sum));
  windows.delete(idx);
}
