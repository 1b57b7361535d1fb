/**
 * The benchmark workload: deterministic, seeded, generated lazily so that 1e7 events need no array.
 * Event i happens at T0 + i ms minus a random disorder in [0, maxDisorder); its key is one of `keys`
 * precomputed strings and its amount an integer in [1, 100] (integer sums are exact in any order).
 */

/** One input event. */
export interface Event {
  readonly key: string;
  readonly t: number;
  readonly amount: number;
}

/** The shape of one workload. */
export interface WorkloadSpec {
  readonly events: number;
  readonly keys: number;
  readonly maxDisorder: number;
  readonly seed: number;
}

/**
 * Processing time on the early-firing rows: a virtual clock set to i ms before event i whenever i is a
 * multiple of this step (1 ms per event, moved a second at a time), the same for the pipeline and its loop.
 */
export const CLOCK_STEP = 1000;

/** 2024-01-01T00:00:00Z: windows are aligned to real minutes, as in production data. */
export const T0 = 1_704_067_200_000;

/** mulberry32: small, fast and good enough for a workload; the same seed gives the same events. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const keyTables = new Map<number, string[]>();

/** The key strings, built once per key count so no string is built per event. */
function keyTable(keys: number): string[] {
  let table = keyTables.get(keys);
  if (table === undefined) {
    table = Array.from({ length: keys }, (_, i) => `user-${i}`);
    keyTables.set(keys, table);
  }
  return table;
}

/** The events of a workload, one at a time. */
export function* events(spec: WorkloadSpec): Generator<Event, void, undefined> {
  const rnd = random(spec.seed);
  const table = keyTable(spec.keys);
  const { keys, maxDisorder } = spec;
  for (let i = 0; i < spec.events; i++) {
    const key = table[(rnd() * keys) | 0];
    const t = T0 + i - Math.floor(rnd() * maxDisorder);
    const amount = 1 + ((rnd() * 100) | 0);
    yield { key, t, amount };
  }
}

/** The whole workload in an array (the main rows, so that generating it is not timed). */
export function materialise(spec: WorkloadSpec): Event[] {
  const out: Event[] = new Array(spec.events);
  let i = 0;
  for (const e of events(spec)) out[i++] = e;
  return out;
}
