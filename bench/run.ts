/**
 * `npm run bench`: every row runs in a child process of its own (`node --expose-gc`, same loader), so
 * rows neither share JIT feedback nor heap. The rows of one section are started together; each warms up
 * on 1e5 events of the same kind of input, makes its input and forces one full collection, then waits.
 * The parent then asks them for timed runs in turns (one run of each row per round, the order reversed
 * every round, one row running at a time), so that other load on the machine falls on every row of a
 * section alike. The heap is sampled every 2^15 events in each row's first timed run (no collection is
 * forced between timed runs unless the row says so); after the last round each row makes one run with
 * a forced full collection before each reading (every 2^15 events, every 2^13 at 1e5 events: the same
 * grid at every size) for its retained state. A section runs so `BENCH_PROCESSES` times (3 unless
 * set), each time in fresh processes, and each row pools the timed runs of all of them: V8 settles on
 * different machine code from process to process, which moved the same code's rows by up to a sixth
 * between single-process runs. Ratios use the median of the pooled timed runs; the best is printed
 * beside it; memory is the largest of the processes'. The first row of a section is its own
 * hand-written loop; every row of a section must produce the same final table (and the same earlier
 * panes) in every process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { nestedMapLoop, stringKeyLoop, type TimeParams } from './baselines.js';
import { ResultTable } from './collector.js';
import { earlyLoop } from './earlyLoop.js';
import type { DictKind } from './dict.js';
import { collect, HeapProbe, heapUsed, type ProbeMode } from './probe.js';
import { naiveRx, ours, type OursOptions } from './rxVariants.js';
import { sessionLoop } from './sessionLoop.js';
import { slidingLoop } from './slidingLoop.js';
import { sortedSessionLoop } from './sortedSessionLoop.js';
import { windowLoop } from './windowLoop.js';
import { events, materialise, type Event, type WorkloadSpec } from './workload.js';
import { median, threadCpuMs } from './threadCpu.js';

/** `loop`: the section's own loop; `oldLoop`: the loop it replaced (nested Map by epoch-ms start, or the old session loop). */
type Variant = 'loop' | 'oldLoop' | 'string' | 'naive' | 'ours';

interface Row {
  readonly section: string;
  readonly name: string;
  readonly variant: Variant;
  readonly spec: WorkloadSpec;
  readonly windows: 'fixed' | 'sliding' | 'session';
  /** Early results every 10 s of processing time (the loop and the pipeline alike). */
  readonly early?: boolean;
  /** For `loop` rows: the container of a window's keys (see `dict.ts`). */
  readonly dict?: DictKind;
  readonly lazy: boolean;
  /** Timed runs (rounds); the same for every row of a section. */
  readonly repeats: number;
  readonly ours?: Omit<OursOptions, 'windows' | 'early'>;
  /** Force a full collection before every timed run (a pipeline rebuilt on a cold heap each time). */
  readonly gcEachRun?: boolean;
}

interface Measured {
  /** Wall-clock and CPU milliseconds of each timed run. */
  readonly times: readonly number[];
  readonly cpu: readonly number[];
  readonly sampledPeak: number;
  readonly livePeak: number;
  readonly digest: string;
  readonly panes: number;
}

const PARAMS: TimeParams = { size: 60_000, period: 60_000, outOfOrderness: 5_000, allowedLateness: 10_000 };
const SLIDING: TimeParams = { ...PARAMS, period: 10_000 };
const GAP = 5_000;
const EARLY = 10_000;
const spec = (events: number, keys = 1_000): WorkloadSpec => ({ events, keys, maxDisorder: 5_000, seed: 42 });

const MAIN = spec(1e6);
const MAIN_LOOP = 'baseline: loop, keys in an object';
const MAIN_OURS = 'ours (perElement watermark)';
const fixed = { windows: 'fixed', lazy: false } as const;
const ROWS: Row[] = [
  ...(
    [
      { name: MAIN_LOOP, variant: 'loop', dict: 'object' },
      { name: 'the same loop, keys in a Map', variant: 'loop', dict: 'map' },
      { name: 'old baseline: nested Map loop by start', variant: 'oldLoop' },
      { name: 'string-key Map loop', variant: 'string' },
      { name: 'naive RxJS groupBy+reduce', variant: 'naive' },
      { name: 'ours, chunks of 1000 (afterBurst)', variant: 'ours', ours: { chunk: 1000 } },
      { name: 'ours, full GC before each run', variant: 'ours', ours: {}, gcEachRun: true },
      { name: MAIN_OURS, variant: 'ours', ours: {} },
    ] as const
  ).map((r): Row => ({ section: 'main', spec: MAIN, ...fixed, repeats: 7, ...r })),
  ...(
    [
      { name: 'loop with early results', variant: 'loop', dict: 'object' },
      { name: 'ours + early (perElement watermark)', variant: 'ours', ours: {} },
    ] as const
  ).map((r): Row => ({ section: 'early firings every 10 s of processing time', spec: MAIN, ...fixed, early: true, repeats: 7, ...r })),
  ...[1e5, 1e6, 1e7].flatMap((n): Row[] =>
    (
      [
        { name: 'loop', variant: 'loop', dict: 'object' },
        { name: MAIN_OURS, variant: 'ours', ours: {} },
      ] as const
    ).map((r) => ({ section: `scaling ${n.toExponential()} events, 1e3 keys`, spec: spec(n), windows: 'fixed', lazy: true, repeats: n > 1e6 ? 3 : 5, ...r })),
  ),
  ...(
    [
      { name: 'loop, keys in a Map', variant: 'loop', dict: 'map' },
      { name: 'the same loop, keys in obj', variant: 'loop', dict: 'object' },
      { name: MAIN_OURS, variant: 'ours', ours: {} },
    ] as const
  ).map((r): Row => ({ section: '1e6 events, 1e5 keys', spec: spec(1e6, 1e5), windows: 'fixed', lazy: true, repeats: 5, ...r })),
  ...(
    [
      { name: 'loop, slots of 6 windows', variant: 'loop', dict: 'object' },
      { name: 'old: nested Map loop by start', variant: 'oldLoop' },
      { name: MAIN_OURS, variant: 'ours', ours: {} },
    ] as const
  ).map((r): Row => ({ section: 'sliding 60 s / 10 s, 1e6 events', spec: MAIN, windows: 'sliding', lazy: true, repeats: 5, ...r })),
  ...(
    [
      { name: 'loop, sorted sessions per key', variant: 'loop', dict: 'object' },
      { name: 'old: per-key session loop', variant: 'oldLoop' },
      { name: MAIN_OURS, variant: 'ours', ours: {} },
    ] as const
  ).map((r): Row => ({ section: `sessions, gap ${GAP / 1000} s, 1e6 events`, spec: MAIN, windows: 'session', lazy: true, repeats: 5, ...r })),
];

async function runOnce(row: Row, input: Iterable<Event>, probe: HeapProbe, out: ResultTable): Promise<void> {
  const p = row.windows === 'sliding' ? SLIDING : PARAMS;
  switch (row.variant) {
    case 'loop': {
      const dict = row.dict ?? 'map';
      if (row.windows === 'session') return sortedSessionLoop(input, { gap: GAP, ...p }, probe, out, dict);
      if (row.windows === 'sliding') return slidingLoop(input, p, probe, out, dict);
      if (row.early === true) return earlyLoop(input as Event[], { ...p, delay: EARLY }, probe, out, dict);
      return windowLoop(input, p, probe, out, dict);
    }
    case 'oldLoop':
      if (row.windows === 'session') return sessionLoop(input, { gap: GAP, ...p }, probe, out);
      return nestedMapLoop(input, p, probe, out);
    case 'string':
      return stringKeyLoop(input, p, probe, out);
    case 'naive':
      return naiveRx(input, p, probe, out);
    case 'ours':
      return ours(input, p, { windows: row.windows, gap: GAP, early: row.early === true, ...row.ours }, probe, out);
  }
}

/** The child: prepares one row, then makes a timed run whenever asked, and the memory run at the end. */
async function child(row: Row): Promise<void> {
  const warm = { ...row.spec, events: 1e5 };
  // Warm up on the same kind of input (array or generator) so the loops see one iterator shape.
  await runOnce(row, row.lazy ? events(warm) : materialise(warm), new HeapProbe('sampled', 1 << 15), new ResultTable());
  const data = row.lazy ? undefined : materialise(row.spec);
  const input = (): Iterable<Event> => data ?? events(row.spec);
  // One full collection before the timed runs, none between them (unless the row asks for it): a forced
  // collection discards optimised code that embeds objects of the previous run (see RESULTS.md, "Warm code").
  collect();
  const base = heapUsed();
  const times: number[] = [];
  const cpu: number[] = [];
  let sampledPeak = 0;
  let digest = '';
  let panes = 0;
  const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
  process.on('message', (m: 'run' | 'finish') => {
    void (async () => {
      if (m === 'run') {
        const out = new ResultTable();
        const probe = row.gcEachRun === true ? new HeapProbe('sampled', 1 << 15) : new HeapProbe('sampled', 1 << 15, base);
        const c0 = threadCpuMs();
        const t0 = process.hrtime.bigint();
        await runOnce(row, input(), probe, out);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        cpu.push(threadCpuMs() - c0);
        // The first timed run follows the full collection; later ones also carry the garbage of earlier runs.
        if (times.length === 1 || row.gcEachRun === true) sampledPeak = Math.max(sampledPeak, probe.peak);
        if (digest !== '' && out.digest() !== digest) throw new Error(`${row.name}: two timed runs produced different tables`);
        digest = out.digest();
        panes = out.panes;
        await send('done');
        return;
      }
      // The same grid of readings at every size, so that 1e6 and 1e7 see the windows at the same phases.
      const live = new HeapProbe('live' satisfies ProbeMode, Math.min(1 << 15, row.spec.events / 8));
      const liveOut = new ResultTable();
      await runOnce(row, input(), live, liveOut);
      if (liveOut.digest() !== digest) throw new Error(`${row.name}: the measurement run produced a different table`);
      const result: Measured = { times, cpu, sampledPeak, livePeak: live.peak, digest, panes };
      await send(result);
      process.exit(0);
    })().catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
  });
  await send('ready');
}

/** A row's child process, and a way to wait for its next message. */
class Runner {
  private readonly proc: ChildProcess;
  private waiting: ((m: unknown) => void) | undefined;
  private failed: Error | undefined;

  constructor(readonly row: Row) {
    this.proc = fork(__filename, ['--row', JSON.stringify(row)], { execArgv: [...process.execArgv, '--expose-gc'] });
    this.proc.on('message', (m) => this.deliver(m));
    this.proc.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`${row.name}: child exited with ${code}`));
    });
    this.proc.on('error', (e) => this.fail(e));
  }

  private deliver(m: unknown): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.(m);
  }

  private fail(e: Error): void {
    this.failed = e;
    this.deliver(e);
  }

  /** Sends `cmd` (if any) and waits for the child's next message. */
  next(cmd?: 'run' | 'finish'): Promise<unknown> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    const p = new Promise<unknown>((resolve, reject) => {
      this.waiting = (m) => (m instanceof Error ? reject(m) : resolve(m));
    });
    if (cmd !== undefined) this.proc.send(cmd);
    return p;
  }
}

/** How many times each section runs, in fresh processes each time (see the top of this file). */
const PROCESSES = processCount(process.env.BENCH_PROCESSES);

function processCount(text: string | undefined): number {
  const n = text === undefined ? 3 : Number(text);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`BENCH_PROCESSES must be a whole number of at least 1, got ${JSON.stringify(text)}`);
  return n;
}

/** Runs one section {@link PROCESSES} times and pools each row's measurements, in row order. */
async function measurePooled(rows: readonly Row[]): Promise<Measured[]> {
  const sets: Measured[][] = [];
  for (let p = 0; p < PROCESSES; p++) sets.push(await measureSection(rows));
  return rows.map((row, i) => pooled(row, sets.map((set) => set[i])));
}

/** One row's measurements from several processes: their timed runs together, the largest memory. */
function pooled(row: Row, ms: readonly Measured[]): Measured {
  const [first] = ms;
  if (ms.some((m) => m.digest !== first.digest || m.panes !== first.panes)) throw new Error(`${row.name}: the processes produced different tables`);
  return {
    times: ms.flatMap((m) => m.times),
    cpu: ms.flatMap((m) => m.cpu),
    sampledPeak: Math.max(...ms.map((m) => m.sampledPeak)),
    livePeak: Math.max(...ms.map((m) => m.livePeak)),
    digest: first.digest,
    panes: first.panes,
  };
}

/** Runs the rows of one section in turns, each in a process of its own; returns their measurements in row order. */
async function measureSection(rows: readonly Row[]): Promise<Measured[]> {
  const runners = rows.map((r) => new Runner(r));
  // The rows prepare at the same time (nothing of that is timed), then run one at a time.
  await Promise.all(runners.map((r) => r.next()));
  const rounds = Math.max(...rows.map((r) => r.repeats));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? runners : [...runners].reverse();
    for (const r of order) await r.next('run');
  }
  const out: Measured[] = [];
  for (const r of runners) out.push((await r.next('finish')) as Measured);
  return out;
}

const mb = (b: number) => (b / 2 ** 20).toFixed(1);
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

async function parent(): Promise<void> {
  const started = Date.now();
  // BENCH_ONLY=<text> keeps the rows whose section or name contains the text, and their sections' own loops.
  const only = process.env.BENCH_ONLY;
  const sections = [...new Set(ROWS.map((r) => r.section))].map((s) => ROWS.filter((r) => r.section === s));
  const results: { row: Row; m: Measured }[] = [];
  for (const rows of sections) {
    const kept = rows.filter((r, i) => i === 0 || only === undefined || `${r.section} ${r.name}`.includes(only));
    if (kept.length === 1 && only !== undefined && !`${kept[0].section} ${kept[0].name}`.includes(only)) continue;
    process.stderr.write(`running ${rows[0].section}: ${kept.map((r) => r.name).join(', ')} ...\n`);
    const measured = await measurePooled(kept);
    kept.forEach((row, i) => results.push({ row, m: measured[i] }));
  }
  const header = `${pad('variant', 40)} ${lpad('events/s', 9)} ${lpad('ns/event', 8)} ${lpad('cpu ms', 7)} ${lpad('wall ms', 7)} ${lpad('best', 5)} ${lpad('heap MB', 7)} ${lpad('live MB', 7)} ${lpad('panes', 7)} ${lpad('x own', 6)} ${lpad('x main', 6)}`;
  const mainLoop = results.find((r) => r.row.section === 'main' && r.row.name === MAIN_LOOP);
  const mainNs = mainLoop === undefined ? Number.NaN : (median(mainLoop.m.cpu) * 1e6) / mainLoop.row.spec.events;
  let section = '';
  let own = 0;
  let failed = false;
  let expected = '';
  let mainRatio = Number.NaN;
  let oldRatio = Number.NaN;
  for (const { row, m } of results) {
    if (process.env.BENCH_VERBOSE !== undefined) console.error(`${row.name}: cpu ${m.cpu.map((x) => x.toFixed(0)).join(' ')}; wall ${m.times.map((x) => x.toFixed(0)).join(' ')}`);
    if (row.section !== section) {
      section = row.section;
      console.log(`\n## ${section}  (${row.spec.events.toExponential()} events, ${row.repeats} rounds in each of ${PROCESSES} processes)\n${header}`);
      own = median(m.cpu);
      expected = m.digest;
      console.log(`   table: ${expected}`);
    }
    const med = median(m.cpu);
    const ns = (med * 1e6) / row.spec.events;
    const ratio = own / med;
    const line = `${pad(row.name, 40)} ${lpad((row.spec.events / med / 1000).toFixed(2) + ' M', 9)} ${lpad(ns.toFixed(0), 8)} ${lpad(med.toFixed(0), 7)} ${lpad(median(m.times).toFixed(0), 7)} ${lpad(Math.min(...m.times).toFixed(0), 5)} ${lpad(mb(m.sampledPeak), 7)} ${lpad(mb(m.livePeak), 7)} ${lpad(String(m.panes), 7)} ${lpad('x' + ratio.toFixed(2), 6)} ${lpad('x' + (mainNs / ns).toFixed(2), 6)}`;
    console.log(line);
    if (m.digest !== expected) {
      failed = true;
      console.log(`   TABLE MISMATCH: ${m.digest}`);
    }
    if (row.section === 'main' && row.name === MAIN_OURS) mainRatio = ratio;
    if (row.section === 'main' && row.variant === 'oldLoop') oldRatio = ratio;
  }
  console.log(
    `\ntotal bench time ${((Date.now() - started) / 1000).toFixed(0)} s. Rows of a section run in turns (one run each per round), in ${PROCESSES} sets of fresh processes. ns/event, events/s and the ratios use the median CPU time of the timed runs of all the processes (cpu ms: time the main thread spent on a core, which other load on the machine disturbs far less than wall time); wall ms is the median wall time, best the fastest run's. x own = the section's own loop (its first row) / the row; x main = the main loop's ns/event / the row's. heap MB = peak heapUsed sampled every 2^15 events in the first timed run, above the heap after the full GC before it; live MB = the same in another run, with gc() before each reading (every 2^15 events); memory is the largest of the processes'`,
  );
  if (failed) {
    console.error('FAILED: variants of one workload produced different tables');
    process.exit(1);
  }
  if (!Number.isNaN(oldRatio)) console.log(`ours against the old baseline (nested Map loop by start, published until 2026-12-04): x${(mainRatio / oldRatio).toFixed(2)}`);
  console.log(`ours/baseline: ${mainRatio.toFixed(2)}`);
}

if (process.argv[2] === '--row') {
  child(JSON.parse(process.argv[3]) as Row).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  parent().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
