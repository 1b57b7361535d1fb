/**
 * The early-firing row's own loop: the main loop (`windowLoop`) plus early results every `delay` ms of
 * processing time, as `afterWatermark({ early: afterProcessingTime(delay) })` gives them: the first
 * element of a (key, window) since its last result arms a timer at now + delay; once the clock is past
 * it, the window's running count and sum are emitted, unless the watermark has already passed the
 * window's end (its final result is then on its way). Processing time is the bench's virtual clock
 * (`CLOCK_STEP`). The delay is the same for every timer and the clock never goes back, so timers are
 * due in the order they were armed: a queue, not a heap.
 */
import type { TimeParams } from './baselines.js';
import type { ResultTable } from './collector.js';
import { dicts, type Dict, type DictKind } from './dict.js';
import type { HeapProbe } from './probe.js';
import { CLOCK_STEP, type Event } from './workload.js';

interface Cell {
  readonly key: string;
  readonly start: number;
  count: number;
  sum: number;
  /** The armed timer's time, or -Infinity when none is armed. */
  timer: number;
}

/** Fixed windows with early results every `delay` ms of processing time. Reads an array. */
export function earlyLoop(input: readonly Event[], p: TimeParams & { readonly delay: number }, probe: HeapProbe, out: ResultTable, dict: DictKind): void {
  const { size, outOfOrderness, allowedLateness, delay } = p;
  if (p.period !== size) throw new RangeError('earlyLoop: fixed windows only');
  const keep = size - 1 + allowedLateness;
  const newDict = dicts<Cell>(dict);
  const windows = new Map<number, Dict<Cell>>();
  let maxT = Number.NEGATIVE_INFINITY;
  let wm = Number.NEGATIVE_INFINITY;
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  let oldestGc = Number.POSITIVE_INFINITY;
  let aStart = Number.POSITIVE_INFINITY;
  let aEnd = Number.NEGATIVE_INFINITY;
  let aMap: Dict<Cell> | undefined;
  let bStart = Number.POSITIVE_INFINITY;
  let bEnd = Number.NEGATIVE_INFINITY;
  let bMap: Dict<Cell> | undefined;
  let dropped = 0;
  // The timer queue: cells and their times, consumed from `head`.
  let qCell: Cell[] = [];
  let qAt: number[] = [];
  let head = 0;
  let now = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < input.length; i++) {
    if (i % CLOCK_STEP === 0) {
      now = i;
      // A timer fires once the clock is strictly past it, as the package's processing-time timers do.
      while (head < qAt.length && qAt[head] < now) {
        const c = qCell[head];
        if (c.timer === qAt[head]) {
          c.timer = Number.NEGATIVE_INFINITY;
          if (wm <= c.start + size - 1) out.partial(c.key, c.start, c.start + size, c.count, c.sum);
        }
        head++;
      }
      if (head > 4096 && head * 2 > qAt.length) {
        qCell = qCell.slice(head);
        qAt = qAt.slice(head);
        head = 0;
      }
    }
    const e = input[i];
    const t = e.t;
    let byKey: Dict<Cell> | undefined;
    let start = aStart;
    if (t >= aStart && t < aEnd) byKey = aMap;
    else if (t >= bStart && t < bEnd) {
      const s = aStart;
      const en = aEnd;
      const m = aMap;
      start = aStart = bStart;
      aEnd = bEnd;
      byKey = aMap = bMap;
      bStart = s;
      bEnd = en;
      bMap = m;
    } else {
      const idx = Math.floor(t / size);
      start = idx * size;
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
      let c = byKey.get(e.key);
      if (c === undefined) byKey.set(e.key, (c = { key: e.key, start, count: 1, sum: e.amount, timer: Number.NEGATIVE_INFINITY }));
      else {
        c.count++;
        c.sum += e.amount;
      }
      if (c.timer === Number.NEGATIVE_INFINITY) {
        c.timer = now + delay;
        qCell.push(c);
        qAt.push(c.timer);
      }
    }
    if (t > maxT) {
      maxT = t;
      wm = t - outOfOrderness;
      if (oldestGc < wm) {
        while (oldest <= newest && oldest * size + keep < wm) emitWindow(windows, oldest++, size, out);
        oldestGc = oldest <= newest ? oldest * size + keep : Number.POSITIVE_INFINITY;
        if (oldest > newest) {
          oldest = Number.POSITIVE_INFINITY;
          newest = Number.NEGATIVE_INFINITY;
        }
        aStart = bStart = Number.POSITIVE_INFINITY;
        aEnd = bEnd = Number.NEGATIVE_INFINITY;
        aMap = bMap = undefined;
      }
    }
    probe.tick();
  }
  while (oldest <= newest) emitWindow(windows, oldest++, size, out);
  if (dropped !== 0) out.put('(dropped)', 0, 0, dropped, 0);
}

function emitWindow(windows: Map<number, Dict<Cell>>, idx: number, size: number, out: ResultTable): void {
  const byKey = windows.get(idx);
  if (byKey === undefined) return;
  byKey.forEach((c) => out.put(c.key, c.start, c.start + size, c.count, c.sum));
  windows.delete(idx);
}
