/**
 * Where the main pipeline allocates, garbage included: V8's sampling heap profiler, told to keep the
 * objects that scavenges and full collections free, over one warm run (after four unrecorded ones).
 *   npx tsc -p bench/tsconfig.json
 *   node node_modules/.cache/rxjs-event-time-bench/bench/allocations.js [perElement|early|sliding|session]
 * Prints bytes allocated per function (where the allocation happened, inlined callees included) and
 * the total per event.
 */
import { Session } from 'node:inspector';
import { ResultTable } from './collector.js';
import { HeapProbe } from './probe.js';
import { ours, type OursOptions } from './rxVariants.js';
import { materialise } from './workload.js';

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

const EVENTS = 1e6;
const mode = process.argv[2] ?? 'perElement';
const options: OursOptions = mode === 'session' || mode === 'sliding' ? { windows: mode, gap: 5_000 } : { windows: 'fixed', ...(mode === 'early' ? { early: true } : {}) };
const params = { size: 60_000, period: mode === 'sliding' ? 10_000 : 60_000, outOfOrderness: 5_000, allowedLateness: 10_000 };

const session = new Session();
session.connect();
const post = <T>(method: string, params?: object): Promise<T> =>
  new Promise((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r as T))));

async function main(): Promise<void> {
  const data = materialise({ events: EVENTS, keys: 1_000, maxDisorder: 5_000, seed: 42 });
  const run = () => ours(data, params, options, new HeapProbe('sampled', 1 << 15, 0), new ResultTable());
  for (let r = 0; r < 4; r++) await run();
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
  await run();
  const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
  const bytes = new Map<string, number>();
  const walk = (n: ProfileNode): void => {
    const f = n.callFrame;
    const name = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    if (n.selfSize > 0) bytes.set(name, (bytes.get(name) ?? 0) + n.selfSize);
    n.children.forEach(walk);
  };
  walk(profile.head);
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  for (const [name, b] of [...bytes].sort((x, y) => y[1] - x[1]).slice(0, 20)) {
    console.log(`${(b / 2 ** 20).toFixed(2).padStart(7)} MB ${((100 * b) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
  console.log(`${mode}: ${(total / EVENTS).toFixed(1)} bytes allocated per event`);
  session.disconnect();
}
void main();
