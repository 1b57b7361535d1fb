/**
 * What checkpoints cost: `npm run bench:checkpoints`. Prints
 *
 * 1. the time and size of one checkpoint of 1e5 open key-windows (one window, 1e5 keys), for
 *    `combineFields({ count, sum })` of one record each and for `toList` of five records each: the time
 *    from the last record of a barrier's batch to the checkpoint's JSON handed to the store, the bytes
 *    per key-window, and the time a restart takes to read it back into the pipeline;
 * 2. the CPU time of one pipeline (one-minute windows, 1,000 keys, count, sum and mean) over 1e6
 *    records with a checkpoint every 10,000 records against none (one final commit only), with an
 *    in-memory source, sink and store, and with the file-backed ones (`ndjsonFileSource`,
 *    `ndjsonFileSink`, `directoryCheckpointStore`: each checkpoint fsyncs the output and the store).
 *
 * The figures are in docs/durable-state.md ("What a checkpoint costs").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { from, type Observable } from 'rxjs';
import { assignEventTime, Combine, combineFields, combinePerKey, fixedWindow, toList } from '../src/index.js';
import { runCheckpointed, type CommittingSink } from '../src/io/checkpointedRun.js';
import type { Checkpoint, CheckpointStore } from '../src/io/checkpointStore.js';
import type { ReplayableSource } from '../src/io/replayableSource.js';
import { directoryCheckpointStore, ndjsonFileSink, ndjsonFileSource } from '../src/node/index.js';
import { random } from './workload.js';

interface Ev {
  readonly k: string;
  readonly t: number;
  readonly v: number;
}

const T0 = 1_704_067_200_000;

/** Positions are indexes; `onLast` runs as the last record is handed out. */
function arraySource(events: readonly Ev[], onLast?: () => void): ReplayableSource<Ev> {
  return {
    async *read(position) {
      for (let i = position === undefined ? 0 : (position as number) + 1; i < events.length; i++) {
        if (i === events.length - 1) onLast?.();
        yield { value: events[i]!, position: i };
      }
    },
  };
}

function memoryStore(onSave?: (c: Checkpoint) => void): CheckpointStore {
  const saved = new Map<number, string>();
  return {
    save: async (c) => {
      onSave?.(c);
      saved.set(c.id, c.data);
    },
    latest: async () => {
      if (saved.size === 0) return undefined;
      const id = Math.max(...saved.keys());
      return { id, data: saved.get(id)! };
    },
    list: async () => [...saved.keys()].sort((a, b) => a - b),
    load: async (id) => (saved.has(id) ? { id, data: saved.get(id)! } : undefined),
  };
}

function memorySink<R>(): CommittingSink<R> & { count: number } {
  let length = 0;
  return {
    count: 0,
    open: async (o) => (length = o?.truncateTo ?? 0),
    write: async function (this: { count: number }, values) {
      length += values.length;
    },
    flush: async () => length,
    close: async () => length,
  };
}

/** One checkpoint of 1e5 open key-windows: its time, size and restore time. */
async function snapshotRow(name: string, perKey: number, pipeline: (events$: Observable<Ev>) => Observable<unknown>): Promise<string> {
  const keys = 100_000;
  const events: Ev[] = [];
  for (let r = 0; r < perKey; r++) for (let k = 0; k < keys; k++) events.push({ k: `user-${k}`, t: T0 + r * 1000 + (k % 1000), v: (k * 7 + r) % 100 });
  let lastAt = 0;
  let snapshotMs = 0;
  let bytes = 0;
  const store = memoryStore((c) => {
    if (bytes === 0) {
      snapshotMs = performance.now() - lastAt;
      bytes = Buffer.byteLength(c.data);
    }
  });
  // Stopped after the checkpoint, as a crash would: the restart below restores it.
  const source = arraySource(events, () => (lastAt = performance.now()));
  const stopping: ReplayableSource<Ev> = {
    async *read(position) {
      for await (const rec of source.read(position)) {
        yield rec;
        if (rec.position === events.length - 1) throw new Error('stop');
      }
    },
  };
  await runCheckpointed({ source: stopping, store, sink: memorySink(), pipeline, every: events.length }).catch((e: Error) => {
    if (e.message !== 'stop') throw e;
  });
  let restoreMs = 0;
  const started = performance.now();
  const resumed: ReplayableSource<Ev> = {
    read: (position) => {
      restoreMs = performance.now() - started;
      return source.read(position);
    },
  };
  await runCheckpointed({ source: resumed, store, sink: memorySink(), pipeline, every: events.length });
  return `| ${name} | ${snapshotMs.toFixed(0)} | ${(bytes / 1e6).toFixed(1)} | ${(bytes / keys).toFixed(0)} | ${restoreMs.toFixed(0)} |`;
}

const perMinute = (events$: Observable<Ev>) =>
  events$.pipe(
    assignEventTime((e: Ev) => e.t, { watermark: 2_000, emitWatermark: 'perElement' }),
    fixedWindow<Ev>(60_000),
    combinePerKey((e: Ev) => e.k, combineFields({ count: Combine.count<Ev>(), sum: Combine.sum((e: Ev) => e.v), mean: Combine.mean((e: Ev) => e.v) })),
  );

function workload(n: number): Ev[] {
  const next = random(42);
  const events: Ev[] = [];
  for (let i = 0; i < n; i++) events.push({ k: `k${Math.floor(next() * 1000)}`, t: T0 + i * 10 - Math.floor(next() * 2000), v: Math.floor(next() * 100) });
  return events;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function timed(run: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const c = cpuMs();
  const w = performance.now();
  await run();
  return { cpu: cpuMs() - c, wall: performance.now() - w };
}

async function median(times: number, run: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const all: { cpu: number; wall: number }[] = [];
  for (let i = 0; i < times; i++) all.push(await timed(run));
  all.sort((a, b) => a.cpu - b.cpu);
  return all[Math.floor(times / 2)]!;
}

async function main(): Promise<void> {
  console.log('One checkpoint of 1e5 open key-windows (one window, 1e5 keys)\n');
  console.log('| state | checkpoint ms | MB | bytes per key-window | restore ms |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const countSum = combineFields({ count: Combine.count<Ev>(), sum: Combine.sum((e: Ev) => e.v) });
  const oneWindow = fixedWindow<Ev>(86_400_000);
  const stamp = () => assignEventTime((e: Ev) => e.t, { emitWatermark: 'perElement' });
  console.log(await snapshotRow('`combineFields({ count, sum })`, 1 record each', 1, (e$) => e$.pipe(stamp(), oneWindow, combinePerKey((e: Ev) => e.k, countSum))));
  console.log(await snapshotRow('`toList`, 5 records `{ k, t, v }` each', 5, (e$) => e$.pipe(stamp(), oneWindow, combinePerKey((e: Ev) => e.k, toList<Ev>()))));

  const n = 1_000_000;
  const events = workload(n);
  const dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-bench-'));
  const input = join(dir, 'in.ndjson');
  writeFileSync(input, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  let run = 0;
  const memory = (every: number) => () => runCheckpointed({ source: arraySource(events), store: memoryStore(), sink: memorySink(), pipeline: perMinute, every });
  const files = (every: number) => () => {
    run++;
    return runCheckpointed({
      source: ndjsonFileSource<Ev>(input),
      store: directoryCheckpointStore(join(dir, `checkpoints-${run}`)),
      sink: ndjsonFileSink(join(dir, `out-${run}.ndjson`)),
      pipeline: perMinute,
      every,
    });
  };
  const plain = () =>
    new Promise<void>((resolve, reject) => perMinute(from(events)).subscribe({ error: reject, complete: resolve }));
  console.log(`\n${n} records, one-minute windows, 1,000 keys, count, sum and mean; median of 3, CPU time (user + system)\n`);
  console.log('| run | CPU s | wall s | records/s (CPU) |');
  console.log('| --- | ---: | ---: | ---: |');
  const rows: [string, () => Promise<unknown>][] = [
    ['subscribed directly, no runCheckpointed', plain],
    ['in memory, no checkpoint', memory(n + 1)],
    ['in memory, a checkpoint every 10,000', memory(10_000)],
    ['files, no checkpoint', files(n + 1)],
    ['files, a checkpoint every 10,000', files(10_000)],
  ];
  try {
    for (const [name, f] of rows) {
      const { cpu, wall } = await median(3, f);
      console.log(`| ${name} | ${(cpu / 1000).toFixed(2)} | ${(wall / 1000).toFixed(2)} | ${Math.round(n / (cpu / 1000)).toLocaleString('en-US')} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
