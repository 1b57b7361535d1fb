/**
 * One variant on the main workload, for profiling:
 *   npx tsc -p bench/tsconfig.json
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof node_modules/.cache/rxjs-event-time-bench/bench/profile.js \
 *     [perElement|chunked|early|sliding|session]
 *   node bench/profileSummary.cjs /tmp/prof/<file>.cpuprofile
 */
import { ResultTable } from './collector.js';
import { HeapProbe } from './probe.js';
import { ours, type OursOptions } from './rxVariants.js';
import { materialise } from './workload.js';

const PARAMS = { size: 60_000, period: 60_000, outOfOrderness: 5_000, allowedLateness: 10_000 };
const mode = process.argv[2] ?? 'perElement';
const options: OursOptions =
  mode === 'session' || mode === 'sliding'
    ? { windows: mode, gap: 5_000 }
    : { windows: 'fixed', ...(mode === 'chunked' ? { chunk: 1000 } : mode === 'early' ? { early: true } : {}) };
const params = mode === 'sliding' ? { ...PARAMS, period: 10_000 } : PARAMS;

async function main(): Promise<void> {
  const data = materialise({ events: 1e6, keys: 1_000, maxDisorder: 5_000, seed: 42 });
  for (let r = 0; r < Number(process.env.RUNS ?? 4); r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await ours(data, params, options, new HeapProbe('sampled', 1 << 15), new ResultTable());
    const cpu = process.cpuUsage(c0);
    // CPU time (all threads of the process) is steadier than wall time on a loaded machine.
    console.log(`${mode}: ${(performance.now() - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms cpu`);
  }
}
void main();
