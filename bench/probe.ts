/**
 * Heap measurement during a run. Every variant calls `tick()` once per input event; every `interval`
 * events the probe reads `process.memoryUsage().heapUsed`. In `'sampled'` mode it reads it as it is
 * (live data plus garbage not yet collected: what the process really holds); in `'live'` mode it first
 * forces a full collection with `gc()` (node `--expose-gc`), so the reading is the retained state only.
 * Both report the peak above the heap measured (after a full collection) just before the run.
 */
export type ProbeMode = 'sampled' | 'live';

declare const gc: (() => void) | undefined;

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
  ) {
    // A power of two so the per-event check is one AND.
    this.mask = 2 ** Math.max(0, Math.round(Math.log2(interval))) - 1;
    collect();
    this.base = process.memoryUsage().heapUsed;
  }

  tick(): void {
    if ((++this.count & this.mask) === 0) this.sample();
  }

  sample(): void {
    if (this.mode === 'live') collect();
    const used = process.memoryUsage().heapUsed - this.base;
    if (used > this.peak) this.peak = used;
  }
}
