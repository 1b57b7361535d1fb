/**
 * Heap measurement during a run. Every variant calls `tick()` once per input event; every `interval`
 * events the probe reads the heap in use (`heapUsed()`). In `'sampled'` mode it reads it as it is
 * (live data plus garbage not yet collected: what the process really holds); in `'live'` mode it first
 * forces a full collection with `gc()` (node `--expose-gc`), so the reading is the retained state only.
 * Both report the peak above a base: by default the heap measured after a full collection just before
 * the run; the timed runs instead share one base taken (after one full collection) before the first of
 * them, so that no collection is forced between them (see `bench/RESULTS.md`, "Warm code").
 */
import { getHeapStatistics } from 'node:v8';

export type ProbeMode = 'sampled' | 'live';

declare const gc: (() => void) | undefined;

/**
 * The heap in use: what `process.memoryUsage().heapUsed` reports, without also reading the resident
 * set size from the system (about 8 µs against 1 µs a reading, paid by every variant alike).
 */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

/** Forces a full collection when node runs with --expose-gc. */
export function collect(): void {
  if (typeof gc === 'function') gc();
}

export class HeapProbe {
  private count = 0;
  private readonly mask: number;
  private base: number;
  peak = 0;

  constructor(
    readonly mode: ProbeMode,
    interval: number,
    base?: number,
  ) {
    // A power of two so the per-event check is one AND.
    this.mask = 2 ** Math.max(0, Math.round(Math.log2(interval))) - 1;
    if (base === undefined) {
      collect();
      this.base = heapUsed();
    } else this.base = base;
  }

  tick(): void {
    if ((++this.count & this.mask) === 0) this.sample();
  }

  sample(): void {
    if (this.mode === 'live') collect();
    const used = heapUsed() - this.base;
    if (used > this.peak) this.peak = used;
  }
}
