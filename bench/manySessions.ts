/**
 * One key with many open sessions: the cost per element as the number of open sessions of the key grows
 * (4,096 and 32,768). A plain script, not part of `npm run bench`:
 *
 *   npx tsx bench/manySessions.ts [path to a src/index.ts]    (default: this checkout's)
 *
 * (or compiled with the bench's tsconfig and run with node, given a compiled `src/index.js`).
 *
 * Three phases on one key under session windows of gap 10 with `afterCount(3)`, the watermark never
 * moving: `open` adds one element per session (each opens a new session after the previous ones);
 * `extend` adds elements that fall inside random open sessions (each merges with one session); and
 * `close` adds the third element of sessions in random order, so each fires and leaves the key's open
 * windows. It prints CPU nanoseconds per element of each phase (best of `RUNS` runs, default 5) and
 * the ratio between the two sizes: with a per-element scan of the key's sessions the ratio follows the
 * 8x growth (or worse), with an ordered lookup it grows only with the depth of the tree and the cost of
 * reaching memory that no longer fits the caches.
 */
import { dirname, resolve } from 'node:path';
import { random } from './workload.js';

/** The package's entry point, loaded from the path given. */
type Lib = typeof import('../src/index') & typeof import('../src/core');

interface Ev {
  readonly t: number;
}

function shuffled(n: number, rnd: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function run(lib: Lib, sessions: number): { open: number; extend: number; close: number; panes: number } {
  const GAP = 10;
  const SPACING = 100;
  let panes = 0;
  const reducer = new lib.Reducer<Ev, string, number, number>(
    {
      strategy: { ...lib.DEFAULT_STRATEGY, windowFn: lib.sessionWindows(GAP), trigger: lib.afterCount(3), allowedLateness: 1_000_000_000 },
      key: () => 'k',
      combineFn: lib.Combine.count<Ev>(),
      now: () => 0,
    },
    { pane: () => panes++, dropped: () => undefined },
  );
  const rnd = random(42);
  // CPU time, not wall time: a busy neighbour on a shared machine disturbs it much less.
  const time = (f: () => void, n: number): number => {
    const t0 = process.cpuUsage();
    f();
    const t = process.cpuUsage(t0);
    return ((t.user + t.system) * 1000) / n;
  };
  // Session i starts at i * SPACING: [i * SPACING, i * SPACING + GAP), none touching another.
  const open = time(() => {
    for (let i = 0; i < sessions; i++) reducer.processElement({ t: i * SPACING }, i * SPACING);
  }, sessions);
  const hits = shuffled(sessions, rnd);
  // Each hit extends its session by one: [s, s + GAP + 1).
  const extend = time(() => {
    for (const i of hits) reducer.processElement({ t: i * SPACING + 1 }, i * SPACING + 1);
  }, sessions);
  const closing = shuffled(sessions, rnd);
  // The third element fires afterCount(3): the session closes and leaves the open windows.
  const close = time(() => {
    for (const i of closing) reducer.processElement({ t: i * SPACING + 2 }, i * SPACING + 2);
  }, sessions);
  return { open, extend, close, panes };
}

async function main(): Promise<void> {
  const target = process.argv[2] ?? resolve(__dirname, '../src/index.ts');
  // The reducer lives on the core entry (beside the main one); older sources had it on the main entry.
  const core = await import(resolve(dirname(target), 'core.ts')).catch(() => ({}));
  const lib = { ...(await import(resolve(target))), ...core } as Lib;
  // Warm-up, so that the code is optimised before the measured runs.
  run(lib, 1_024);
  const sizes = [4_096, 32_768];
  const results = sizes.map((n) => {
    // Best of RUNS (default 5): the least disturbed by other load.
    const runs = Array.from({ length: Number(process.env.RUNS ?? 5) }, () => run(lib, n));
    const best = (k: 'open' | 'extend' | 'close') => Math.min(...runs.map((r) => r[k]));
    if (runs.some((r) => r.panes !== n)) throw new Error(`expected ${n} panes, got ${runs.map((r) => r.panes).join(', ')}`);
    return { n, open: best('open'), extend: best('extend'), close: best('close') };
  });
  console.log(`source: ${target}`);
  console.log('open sessions   open ns/el   extend ns/el   close ns/el');
  for (const r of results) {
    console.log(`${String(r.n).padStart(13)}   ${r.open.toFixed(0).padStart(10)}   ${r.extend.toFixed(0).padStart(12)}   ${r.close.toFixed(0).padStart(11)}`);
  }
  const [a, b] = results;
  console.log(`${'ratio'.padStart(13)}   ${(b.open / a.open).toFixed(1).padStart(10)}   ${(b.extend / a.extend).toFixed(1).padStart(12)}   ${(b.close / a.close).toFixed(1).padStart(11)}`);
}

void main();
