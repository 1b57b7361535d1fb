/**
 * One variant on the main workload, for profiling:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts [perElement|chunked|early]
 */
import { ResultTable } from './collector.js';
import { HeapProbe } from './probe.js';
import { ours, type OursOptions } from './rxVariants.js';
import { materialise } from './workload.js';

const PARAMS = { size: 60_000, period: 60_000, outOfOrderness: 5_000, allowedLateness: 10_000 };
const mode = process.argv[2] ?? 'perElement';
const options: OursOptions = { windows: 'fixed', ...(mode === 'chunked' ? { chunk: 1000 } : mode === 'early' ? { early: true } : {}) };

async function main(): Promise<void> {
  const data = materialise({ events: 1e6, keys: 1_000, maxDisorder: 5_000, seed: 42 });
  for (let r = 0; r < 4; r++) {
    const t0 = performance.now();
    await ours(data, PARAMS, options, new HeapProbe('sampled', 1 << 15), new ResultTable());
    console.log(`${mode}: ${(performance.now() - t0).toFixed(0)} ms`);
  }
}
void main();
