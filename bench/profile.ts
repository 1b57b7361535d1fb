/**
 * One variant on the main workload, for profiling: one warm-up run, then `RUNS` timed runs (10 unless
 * set), the CPU profile covering the timed runs only (V8's sampling profiler through `node:inspector`,
 * one sample every 100 µs):
 *   npx tsc -p bench/tsconfig.json
 *   node node_modules/.cache/rxjs-event-time-bench/bench/profile.js [perElement|chunked|early|sliding|session|loop] [out.cpuprofile]
 *   node bench/profileSummary.cjs out.cpuprofile
 * `loop` runs the main baseline (`windowLoop`, keys in an object) instead of the package, for comparison.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { ResultTable } from './collector.js';
import { HeapProbe } from './probe.js';
import { ours, type OursOptions } from './rxVariants.js';
import { windowLoop } from './windowLoop.js';
import { materialise } from './workload.js';

const PARAMS = { size: 60_000, period: 60_000, outOfOrderness: 5_000, allowedLateness: 10_000 };
const mode = process.argv[2] ?? 'perElement';
const file = process.argv[3];
const options: OursOptions =
  mode === 'session' || mode === 'sliding'
    ? { windows: mode, gap: 5_000 }
    : { windows: 'fixed', ...(mode === 'chunked' ? { chunk: 1000 } : mode === 'early' ? { early: true } : {}) };
const params = mode === 'sliding' ? { ...PARAMS, period: 10_000 } : PARAMS;

const session = new Session();
session.connect();
const post = <T>(method: string, params?: object): Promise<T> =>
  new Promise((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r as T))));

async function main(): Promise<void> {
  const data = materialise({ events: 1e6, keys: 1_000, maxDisorder: 5_000, seed: 42 });
  // No forced collection before a run (see RESULTS.md, "Warm code").
  const run = async () => {
    const out = new ResultTable();
    if (mode === 'loop') windowLoop(data, params, new HeapProbe('sampled', 1 << 15, 0), out, 'object');
    else await ours(data, params, options, new HeapProbe('sampled', 1 << 15, 0), out);
  };
  await run();
  if (file !== undefined) {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
    await post('Profiler.start');
  }
  for (let r = 0; r < Number(process.env.RUNS ?? 10); r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await run();
    const cpu = process.cpuUsage(c0);
    // CPU time (all threads of the process) is steadier than wall time on a loaded machine.
    console.log(`${mode}: ${(performance.now() - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms cpu`);
  }
  if (file !== undefined) {
    const { profile } = await post<{ profile: object }>('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
  }
  session.disconnect();
}
void main();
