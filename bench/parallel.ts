/**
 * `npm run bench:parallel`: the main row's job (1e6 events, 1,000 keys, 60 s fixed windows, count and
 * sum) folded by `batchFolder` on worker threads, beside the single-thread loop (`windowLoop.ts`) and
 * the single-thread pipeline, in one process. The rows run in turns (the order reversed every round)
 * after a warm-up on 1e5 events; each run's wall time and main-thread CPU time are recorded. A parallel
 * row's point is to use more than one core, so it is compared by WALL time (its main thread mostly
 * waits); the single-thread rows are printed in both. Every row must give the loop's table. `-- N`
 * sets the number of events (default 1e6).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { from } from 'rxjs';
import type { Pane } from '../src/core/pane.js';
import { batchFolder, batchPipeline, type BatchFold, type BatchFolder, type BatchFoldTimes } from '../src/node/index.js';
import { foldPart, type FoldedPart } from '../src/node/batchPanes.js';
import { BatchColumns, ownersOfKeyGroups, partitionBatch } from '../src/node/batchPartition.js';
import { mergeFoldedParts } from '../src/node/paneOrder.js';
import type { TimeParams } from './baselines.js';
import batchSums from './batchSums.js';
import { ResultTable } from './collector.js';
import { HeapProbe, collect, heapUsed } from './probe.js';
import { ours } from './rxVariants.js';
import { windowLoop } from './windowLoop.js';
import { materialise, type Event } from './workload.js';
import { median, threadCpuMs } from './threadCpu.js';

type Sums = { count: number; sum: number };
const N = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 7;
const PARAMS: TimeParams = { size: 60_000, period: 60_000, outOfOrderness: 5_000, allowedLateness: 10_000 };
const shape = (events: number) => ({ events, keys: 1_000, maxDisorder: 5_000, seed: 42 });
const MODULE = join(__dirname, 'batchSums.js');


function table(panes: readonly Pane<Sums, string>[]): ResultTable {
  const out = new ResultTable();
  for (const p of panes) if (p.pane.isLast) out.put(p.key, p.window.start, p.window.end, p.value.count, p.value.sum);
  return out;
}

function singlePipeline(events: readonly Event[]): Promise<ResultTable> {
  return new Promise((resolve, reject) => {
    const out = new ResultTable();
    from(events)
      .pipe(batchPipeline(batchSums))
      .subscribe({ next: (p) => p.pane.isLast && out.put(p.key, p.window.start, p.window.end, p.value.count, p.value.sum), error: reject, complete: () => resolve(out) });
  });
}

interface Row {
  readonly name: string;
  readonly run: (events: readonly Event[]) => Promise<ResultTable>;
  readonly folder?: BatchFolder<Event, Sums, string>;
}

async function main(): Promise<void> {
  const base = heapUsed();
  const folders = [1, 2].map((workers) => batchFolder<Event, Sums, string>({ module: MODULE, workers }));
  const rows: Row[] = [
    { name: 'loop (single thread)', run: async (e) => ((out) => (windowLoop(e, PARAMS, new HeapProbe('sampled', 1 << 15, base), out, 'object'), out))(new ResultTable()) },
    { name: 'pipeline, batch (single thread)', run: singlePipeline },
    { name: 'pipeline, perElement (main row)', run: async (e) => ((out) => ours(e, PARAMS, { windows: 'fixed' }, new HeapProbe('sampled', 1 << 15, base), out).then(() => out))(new ResultTable()) },
    { name: 'parallel batch (1 worker, wall)', run: async (e) => table(await folders[0].fold(e)), folder: folders[0] },
    { name: 'parallel batch (2 workers, wall)', run: async (e) => table(await folders[1].fold(e)), folder: folders[1] },
  ];
  const warm = materialise(shape(100_000));
  for (let i = 0; i < 3; i++) for (const r of rows) await r.run(warm);
  const events = materialise(shape(N));
  collect();
  const walls = rows.map(() => [] as number[]);
  const cpus = rows.map(() => [] as number[]);
  const parts = rows.map(() => [] as BatchFoldTimes[]);
  let digest: string | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const order = rows.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const c0 = threadCpuMs();
      const t0 = performance.now();
      const out = await rows[i].run(events);
      walls[i].push(performance.now() - t0);
      cpus[i].push(threadCpuMs() - c0);
      const f = rows[i].folder?.lastFold;
      if (f !== undefined) parts[i].push(f);
      digest ??= out.digest();
      if (out.digest() !== digest) throw new Error(`${rows[i].name}: TABLE MISMATCH ${out.digest()} against ${digest}`);
    }
  }
  const loopWall = median(walls[0]);
  console.log(`parallel batch fold: ${N.toExponential()} events, 1,000 keys, 60 s fixed windows, count + sum, ${ROUNDS} rounds, load ${readFileSync('/proc/loadavg', 'latin1').split(' ')[0]}`);
  console.log(`   table: ${digest}`);
  console.log(`${'row'.padEnd(34)} ${'wall ms'.padStart(8)} ${'best'.padStart(6)} ${'cpu ms'.padStart(7)}  x loop (wall)  ns/event (wall)`);
  rows.forEach((r, i) => {
    const w = median(walls[i]);
    console.log(
      `${r.name.padEnd(34)} ${w.toFixed(1).padStart(8)} ${Math.min(...walls[i]).toFixed(1).padStart(6)} ${median(cpus[i]).toFixed(1).padStart(7)}  ${`x${(loopWall / w).toFixed(2)}`.padStart(13)}  ${((w * 1e6) / N).toFixed(0).padStart(15)}`,
    );
  });
  for (const [i, ps] of parts.entries()) {
    if (ps.length === 0) continue;
    const m = (f: (t: BatchFoldTimes) => number) => median(ps.map(f)).toFixed(1);
    console.log(
      `  ${rows[i].name}: partition ${m((t) => t.partition)} ms, workers ${m((t) => t.workers)} ms (their folds ${ps[0].folds.map((_, w) => m((t) => t.folds[w])).join(' / ')} ms), merge ${m((t) => t.merge)} ms`,
    );
  }
  criticalPath(events);
  const t0 = performance.now();
  const fresh = batchFolder<Event, Sums, string>({ module: MODULE, workers: 2 });
  await fresh.fold(warm.slice(0, 1));
  console.log(`  starting 2 workers and folding 1 event: ${(performance.now() - t0).toFixed(0)} ms`);
  await Promise.all([...folders, fresh].map((f) => f.close()));
}

/**
 * The same fold, its parts timed one at a time in this thread's CPU time: on a loaded machine the
 * workers wait for a core, so the wall times above overstate what two free cores would take. The
 * critical path is the partition, the slower worker's fold, cloning its panes (serialise and
 * deserialise, here both in this thread) and the merge. The workers read the shared columns of the
 * whole batch, so a part costs nothing to send.
 */
function criticalPath(events: readonly Event[]): void {
  const owner = ownersOfKeyGroups(2, 128);
  const memory = new BatchColumns();
  const rounds: number[][] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c0 = threadCpuMs();
    const parts = partitionBatch(events, batchSums.key, owner, 2, batchSums.columns, memory);
    const c1 = threadCpuMs();
    const folds: number[] = [];
    const clones: number[] = [];
    const folded: FoldedPart[] = [];
    for (const part of parts) {
      const f0 = threadCpuMs();
      const f = foldPart(batchSums as BatchFold<unknown>, part, threadCpuMs).folded!;
      const f1 = threadCpuMs();
      folded.push(structuredClone(f));
      clones.push(threadCpuMs() - f1);
      folds.push(f1 - f0);
    }
    const m0 = threadCpuMs();
    mergeFoldedParts(folded, undefined);
    const m1 = threadCpuMs();
    rounds.push([c1 - c0, folds[0], folds[1], clones[0], clones[1], m1 - m0]);
  }
  const col = (i: number) => median(rounds.map((r) => r[i]));
  const [partition, f0, f1, c0, c1, merge] = [0, 1, 2, 3, 4, 5].map(col);
  const slower = f0 + c0 > f1 + c1 ? 0 : 1;
  const path = partition + Math.max(f0 + c0, f1 + c1) + merge;
  console.log(
    `  CPU time of the parts (this thread, median of ${ROUNDS}): partition ${partition.toFixed(1)} ms, folds ${f0.toFixed(1)} / ${f1.toFixed(1)} ms, ` +
      `cloning their panes ${c0.toFixed(1)} / ${c1.toFixed(1)} ms, merge ${merge.toFixed(1)} ms; critical path (worker ${slower}) ${path.toFixed(1)} ms`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
