/**
 * The sliding row's own loop: `windowLoop`'s method for sliding windows (size a multiple of the
 * period). Every time in one period-long slot belongs to the same size / period windows, so the last
 * two slots keep their windows' maps in arrays, and an element in a known slot costs one key lookup
 * per window. Windows are keyed by start / period, a small integer.
 */
import type { TimeParams } from './baselines.js';
import type { ResultTable } from './collector.js';
import { dicts, type Dict, type DictKind } from './dict.js';
import type { HeapProbe } from './probe.js';
import { emitWindow } from './windowLoop.js';
import type { Event } from './workload.js';

interface Acc {
  count: number;
  sum: number;
}

export function slidingLoop(input: Iterable<Event>, p: TimeParams, probe: HeapProbe, out: ResultTable, dict: DictKind): void {
  const { size, period, outOfOrderness, allowedLateness } = p;
  if (size % period !== 0) throw new RangeError('slidingLoop: size must be a multiple of the period');
  const n = size / period;
  const keep = size - 1 + allowedLateness;
  const newDict = dicts<Acc>(dict);
  const windows = new Map<number, Dict<Acc>>();
  let maxT = Number.NEGATIVE_INFINITY;
  let wm = Number.NEGATIVE_INFINITY;
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  let oldestGc = Number.POSITIVE_INFINITY;
  // Two slots [start, start + period) and their windows' maps, newest window first (undefined: the
  // window is past its garbage-collection time, the element is dropped from it).
  let aStart = Number.POSITIVE_INFINITY;
  let bStart = Number.POSITIVE_INFINITY;
  let aMaps: (Dict<Acc> | undefined)[] = new Array(n).fill(undefined);
  let bMaps: (Dict<Acc> | undefined)[] = new Array(n).fill(undefined);
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
    let maps: (Dict<Acc> | undefined)[];
    if (t >= aStart && t < aStart + period) maps = aMaps;
    else if (t >= bStart && t < bStart + period) {
      const s = aStart;
      aStart = bStart;
      bStart = s;
      maps = bMaps;
      bMaps = aMaps;
      aMaps = maps;
    } else {
      // A slot not seen last: refill the least recently used array.
      maps = bMaps;
      bMaps = aMaps;
      aMaps = maps;
      bStart = aStart;
      const k = Math.floor(t / period);
      aStart = k * period;
      for (let j = 0; j < n; j++) {
        const idx = k - j;
        const start = idx * period;
        let m: Dict<Acc> | undefined;
        if (start + keep >= wm) {
          m = windows.get(idx);
          if (m === undefined) {
            windows.set(idx, (m = newDict()));
            if (idx < oldest) {
              oldest = idx;
              oldestGc = start + keep;
            }
            if (idx > newest) newest = idx;
          }
        }
        maps[j] = m;
      }
    }
    const key = e.key;
    const amount = e.amount;
    for (let j = 0; j < n; j++) {
      const m = maps[j];
      if (m === undefined) {
        dropped++;
        continue;
      }
      const acc = m.get(key);
      if (acc === undefined) m.set(key, { count: 1, sum: amount });
      else {
        acc.count++;
        acc.sum += amount;
      }
    }
    if (t > maxT) {
      maxT = t;
      wm = t - outOfOrderness;
      if (oldestGc < wm) {
        while (oldest <= newest && oldest * period + keep < wm) emitWindow(windows, oldest++, period, size, out);
        oldestGc = oldest <= newest ? oldest * period + keep : Number.POSITIVE_INFINITY;
        if (oldest > newest) {
          oldest = Number.POSITIVE_INFINITY;
          newest = Number.NEGATIVE_INFINITY;
        }
        // A flushed window may be in a cached slot: forget both.
        aStart = bStart = Number.POSITIVE_INFINITY;
      }
    }
    probe.tick();
  }
  while (oldest <= newest) emitWindow(windows, oldest++, period, size, out);
  if (dropped !== 0) out.put('(dropped)', 0, 0, dropped, 0);
}
