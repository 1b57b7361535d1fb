/**
 * `npm run bench`: every row runs in a fresh child process (`node --expose-gc`, same loader), so rows
 * neither share JIT feedback nor heap. A row: one warm-up on 1e5 events, one full collection, then the
 * timed runs, the heap sampled every 2^15 events in the first (no collection is forced between them
 * unless the row says so), then one run with a forced full collection before each reading, every 2^15
 * events (every 2^13 for 1e5 events), the same grid at every size (the retained state). Time is the
 * best of the timed runs (the machine is shared, and the minimum is the least disturbed by other
 * load); the median is printed beside it. The rows of one workload must produce the same final table.
 */
import { fork } from 'node:child_process';
import { nestedMapLoop, stringKeyLoop, type TimeParams } from './baselines.js';
import { ResultTable } from './collector.js';
import { collect, HeapProbe, type ProbeMode } from './probe.js';
import { naiveRx, ours, type OursOptions } from './rxVariants.js';
import { sessionLoop } from './sessionLoop.js';
import { events, materialise, type Event, type WorkloadSpec } from './workload.js';

type Variant = 'nested' | 'string' | 'naive' | 'ours';

interface Row {
  readonly section: string;
  readonly name: string;
  readonly variant: Variant;
  readonly spec: WorkloadSpec;
  readonly windows: 'fixed' | 'sliding' | 'session';
  readonly lazy: boolean;
  readonly repeats: number;
  readonly ours?: Omit<OursOptions, 'windows'>;
  /** Force a full collection before every timed run (a pipeline rebuilt on a cold heap each time). */
  readonly gcEachRun?: boolean;
}

interface Measured {
  readonly ms: number;
  readonly medianMs: number;
  readonly sampledPeak: number;
  readonly livePeak: number;
  readonly digest: string;
  readonly panes: number;
}

const PARAMS: TimeParams = { size: 60_000, period: 60_000, outOfOrderness: 5_000, allowedLateness: 10_000 };
const SLIDING: TimeParams = { ...PARAMS, period: 10_000 };
const GAP = 5_000;
const spec = (events: number, keys = 1_000): WorkloadSpec => ({ events, keys, maxDisorder: 5_000, seed: 42 });

const MAIN = spec(1e6);
const ROWS: Row[] = [
  { section: 'main', name: 'baseline: nested Map loop', variant: 'nested', spec: MAIN, windows: 'fixed', lazy: false, repeats: 5 },
  { section: 'main', name: 'string-key Map loop', variant: 'string', spec: MAIN, windows: 'fixed', lazy: false, repeats: 5 },
  { section: 'main', name: 'naive RxJS groupBy+reduce', variant: 'naive', spec: MAIN, windows: 'fixed', lazy: false, repeats: 5 },
  { section: 'main', name: 'ours, chunks of 1000 (afterBurst)', variant: 'ours', spec: MAIN, windows: 'fixed', lazy: false, repeats: 5, ours: { chunk: 1000 } },
  { section: 'main', name: 'ours + early every 10 s (virtual)', variant: 'ours', spec: MAIN, windows: 'fixed', lazy: false, repeats: 5, ours: { early: true } },
  { section: 'main', name: 'ours, full GC before each run', variant: 'ours', spec: MAIN, windows: 'fixed', lazy: false, repeats: 5, ours: {}, gcEachRun: true },
  { section: 'main', name: 'ours (perElement watermark)', variant: 'ours', spec: MAIN, windows: 'fixed', lazy: false, repeats: 5, ours: {} },
  ...[1e5, 1e6, 1e7].flatMap((n): Row[] => [
    { section: `scaling ${n.toExponential()} events, 1e3 keys`, name: 'baseline: nested Map loop', variant: 'nested', spec: spec(n), windows: 'fixed', lazy: true, repeats: n > 1e6 ? 1 : 3 },
    { section: `scaling ${n.toExponential()} events, 1e3 keys`, name: 'ours (perElement watermark)', variant: 'ours', spec: spec(n), windows: 'fixed', lazy: true, repeats: n > 1e6 ? 1 : 3, ours: {} },
  ]),
  { section: '1e6 events, 1e5 keys', name: 'baseline: nested Map loop', variant: 'nested', spec: spec(1e6, 1e5), windows: 'fixed', lazy: true, repeats: 3 },
  { section: '1e6 events, 1e5 keys', name: 'ours (perElement watermark)', variant: 'ours', spec: spec(1e6, 1e5), windows: 'fixed', lazy: true, repeats: 3, ours: {} },
  { section: 'sliding 60 s / 10 s, 1e6 events', name: 'baseline: nested Map loop', variant: 'nested', spec: MAIN, windows: 'sliding', lazy: true, repeats: 3 },
  { section: 'sliding 60 s / 10 s, 1e6 events', name: 'ours (perElement watermark)', variant: 'ours', spec: MAIN, windows: 'sliding', lazy: true, repeats: 3, ours: {} },
  { section: `sessions, gap ${GAP / 1000} s, 1e6 events`, name: 'baseline: per-key session loop', variant: 'nested', spec: MAIN, windows: 'session', lazy: true, repeats: 3 },
  { section: `sessions, gap ${GAP / 1000} s, 1e6 events`, name: 'ours (perElement watermark)', variant: 'ours', spec: MAIN, windows: 'session', lazy: true, repeats: 3, ours: {} },
];

async function runOnce(row: Row, input: Iterable<Event>, probe: HeapProbe, out: ResultTable): Promise<void> {
  const p = row.windows === 'sliding' ? SLIDING : PARAMS;
  if (row.variant === 'nested') {
    if (row.windows === 'session') sessionLoop(input, { gap: GAP, ...p }, probe, out);
    else nestedMapLoop(input, p, probe, out);
  } else if (row.variant === 'string') stringKeyLoop(input, p, probe, out);
  else if (row.variant === 'naive') await naiveRx(input, p, probe, out);
  else await ours(input, p, { windows: row.windows, gap: GAP, ...row.ours }, probe, out);
}

/** The child: measures one row and sends the result to the parent. */
async function child(row: Row): Promise<Measured> {
  const warm = { ...row.spec, events: 1e5 };
  // Warm up on the same kind of input (array or generator) so the loops see one iterator shape.
  await runOnce(row, row.lazy ? events(warm) : materialise(warm), new HeapProbe('sampled', 1 << 15), new ResultTable());
  const data = row.lazy ? undefined : materialise(row.spec);
  const input = (): Iterable<Event> => data ?? events(row.spec);
  const times: number[] = [];
  // One full collection before the timed runs, none between them (unless the row asks for it): a forced
  // collection discards optimised code that embeds objects of the previous run (see RESULTS.md, "Warm code").
  collect();
  const base = process.memoryUsage().heapUsed;
  let sampledPeak = 0;
  let digest = '';
  let panes = 0;
  for (let r = 0; r < row.repeats; r++) {
    const out = new ResultTable();
    const probe = row.gcEachRun === true ? new HeapProbe('sampled', 1 << 15) : new HeapProbe('sampled', 1 << 15, base);
    const t0 = process.hrtime.bigint();
    await runOnce(row, input(), probe, out);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    // The first timed run follows the full collection; later ones also carry the garbage of earlier runs.
    if (r === 0 || row.gcEachRun === true) sampledPeak = Math.max(sampledPeak, probe.peak);
    digest = out.digest();
    panes = out.panes;
  }
  // The same grid of readings at every size, so that 1e6 and 1e7 see the windows at the same phases.
  const live = new HeapProbe('live' satisfies ProbeMode, Math.min(1 << 15, row.spec.events / 8));
  const liveOut = new ResultTable();
  await runOnce(row, input(), live, liveOut);
  if (liveOut.digest() !== digest) throw new Error(`${row.name}: the measurement run produced a different table`);
  times.sort((a, b) => a - b);
  return { ms: times[0], medianMs: times[times.length >> 1], sampledPeak, livePeak: live.peak, digest, panes };
}

function measure(row: Row): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const c = fork(__filename, ['--row', JSON.stringify(row)], { execArgv: [...process.execArgv, '--expose-gc'] });
    c.on('message', (m) => resolve(m as Measured));
    c.on('error', reject);
    c.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${row.name}: child exited with ${code}`));
    });
  });
}

const mb = (b: number) => (b / 2 ** 20).toFixed(1);
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

async function parent(): Promise<void> {
  const started = Date.now();
  const results: { row: Row; m: Measured }[] = [];
  // BENCH_ONLY=<text> keeps the rows whose section or name contains the text (for quick runs).
  const only = process.env.BENCH_ONLY;
  for (const row of ROWS.filter((r) => only === undefined || `${r.section} ${r.name}`.includes(only))) {
    process.stderr.write(`running ${row.section} / ${row.name} ...\n`);
    results.push({ row, m: await measure(row) });
  }
  const header = `${pad('variant', 38)} ${lpad('events/s', 12)} ${lpad('ns/event', 9)} ${lpad('ms', 9)} ${lpad('med ms', 7)} ${lpad('heap MB', 8)} ${lpad('live MB', 8)} ${lpad('panes', 8)}`;
  let section = '';
  let baseline = 0;
  let failed = false;
  let expected = '';
  let mainRatio = 0;
  for (const { row, m } of results) {
    if (row.section !== section) {
      section = row.section;
      console.log(`\n## ${section}  (${row.spec.events.toExponential()} events)\n${header}`);
      baseline = m.ms;
      expected = m.digest;
      console.log(`   table: ${expected}`);
    }
    const perSec = row.spec.events / (m.ms / 1000);
    const ratio = baseline / m.ms;
    const line = `${pad(row.name, 38)} ${lpad((perSec / 1e6).toFixed(2) + ' M', 12)} ${lpad(((m.ms * 1e6) / row.spec.events).toFixed(0), 9)} ${lpad(m.ms.toFixed(0), 9)} ${lpad(m.medianMs.toFixed(0), 7)} ${lpad(mb(m.sampledPeak), 8)} ${lpad(mb(m.livePeak), 8)} ${lpad(String(m.panes), 8)}  x${ratio.toFixed(2)}`;
    console.log(line);
    if (m.digest !== expected) {
      failed = true;
      console.log(`   TABLE MISMATCH: ${m.digest}`);
    }
    if (row.section === 'main' && row.name === 'ours (perElement watermark)') mainRatio = ratio;
  }
  console.log(`\ntotal bench time ${((Date.now() - started) / 1000).toFixed(0)} s; ms = best of the timed runs, med ms = their median; heap MB = peak heapUsed sampled every 2^15 events in the first timed run, above the heap after the full GC before it; live MB = the same in another run, with gc() before each reading (every 2^15 events)`);
  if (failed) {
    console.error('FAILED: variants of one workload produced different tables');
    process.exit(1);
  }
  console.log(`ours/baseline: ${mainRatio.toFixed(2)}`);
}

if (process.argv[2] === '--row') {
  child(JSON.parse(process.argv[3]) as Row).then(
    (m) => process.send!(m, () => process.exit(0)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  parent().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
