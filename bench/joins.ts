/**
 * `npm run bench:joins`: `intervalJoin` and `temporalJoin` beside their hand-written loops (joinLoops.ts)
 * on two streams of N events each (1 ms apart, up to 5 s out of order, 1,000 keys), fed alternately with
 * a watermark after every element. Each row warms up on 1e5 events, then the loop and the join run in
 * turns (the order reversed every round); the median and best of the rounds are printed in input events
 * (both sides) per second of the main thread's CPU time (and the median in wall time), and every run of a row must give the loop's digest. `-- N` sets N (default 1e6).
 * Then each join runs once over 1e7 lazily generated events (`joinScale.ts`), printing the heap after
 * `gc()` at a few points: it must stay flat. `-- N SCALE` sets that run's events; `-- N 0` skips it,
 * `-- 0 SCALE` runs only it.
 */
import { intervalLoop, intervalOurs, temporalLoop, temporalOurs, type JoinDigest, type JoinParams } from './joinLoops.js';
import { scaleRun } from './joinScale.js';
import { materialise, type Event } from './workload.js';
import { median, threadCpuMs } from './threadCpu.js';

type Join = (left: readonly Event[], right: readonly Event[], p: JoinParams) => JoinDigest;

const N = Number(process.argv[2] ?? 1_000_000);
const SCALE = Number(process.argv[3] ?? 10_000_000);
const ROUNDS = 5;
const PARAMS: JoinParams = { outOfOrderness: 5_000, lowerBound: -1_000, upperBound: 1_000 };
const shape = (events: number, seed: number) => ({ events, keys: 1_000, maxDisorder: 5_000, seed });

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const same = (a: JoinDigest, b: JoinDigest) => a.count === b.count && a.products === b.products && a.times === b.times;

function section(name: string, loop: Join, ours: Join): void {
  const [wl, wr] = [materialise(shape(100_000, 11)), materialise(shape(100_000, 12))];
  loop(wl, wr, PARAMS);
  ours(wl, wr, PARAMS);
  const [left, right] = [materialise(shape(N, 1)), materialise(shape(N, 2))];
  const rows: [string, Join][] = [
    [`${name} loop`, loop],
    [name, ours],
  ];
  const times = rows.map(() => [] as number[]);
  const walls = rows.map(() => [] as number[]);
  let expected: JoinDigest | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      gc();
      const start = threadCpuMs();
      const wallStart = performance.now();
      const d = rows[i][1](left, right, PARAMS);
      times[i].push(threadCpuMs() - start);
      walls[i].push(performance.now() - wallStart);
      expected ??= d;
      if (!same(d, expected)) throw new Error(`${rows[i][0]} gave ${JSON.stringify(d)}, the other row ${JSON.stringify(expected)}`);
    }
  }
  const loopMedian = median(times[0]);
  rows.forEach(([row], i) => {
    const m = median(times[i]);
    const rate = (ms: number) => `${((2 * N) / ms / 1_000).toFixed(2)} M/s`;
    console.log(
      `${row.padEnd(20)} ${rate(m).padStart(11)} median ${rate(Math.min(...times[i])).padStart(11)} best (CPU)  ${rate(median(walls[i])).padStart(11)} median (wall)  ${(m / loopMedian).toFixed(2)}x the loop's CPU time`,
    );
  });
  console.log(`${' '.repeat(20)} ${expected!.count} outputs\n`);
}

function scaleSection(name: string, join: 'interval' | 'temporal'): void {
  const started = performance.now();
  const { outputs, heap } = scaleRun(join, SCALE, PARAMS, shape);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${name}: ${SCALE} events generated lazily, ${outputs} outputs, ${seconds.toFixed(1)} s wall`);
  for (const h of heap) console.log(`  ${String(h.fed).padStart(10)} events fed   heap ${h.heapMb.toFixed(1).padStart(6)} MB after gc()   ${String(h.buffered).padStart(7)} held`);
  console.log('');
}

if (N > 0) {
  console.log(`joins: 2 x ${N} events, 1,000 keys, up to 5 s out of order, bounds [-1 s, +1 s], ${ROUNDS} rounds\n`);
  section('intervalJoin', intervalLoop, intervalOurs);
  section('temporalJoin', temporalLoop, temporalOurs);
}
if (SCALE > 0) {
  console.log(`joins at scale: ${SCALE} events (half a side), 1,000 keys, the heap after gc() as they are fed\n`);
  scaleSection('intervalJoin', 'interval');
  scaleSection('temporalJoin', 'temporal');
}
