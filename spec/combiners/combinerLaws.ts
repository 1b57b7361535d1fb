import fc from 'fast-check';
import { from } from 'rxjs';
import { assignEventTime, combinePerKey, fixedWindow, type CombineFn, type Pane } from '../../src/index';
import { random as seeded } from '../../bench/workload';

/** Folds values into a fresh accumulator. */
export function fold<In, Acc>(fn: CombineFn<In, Acc, unknown>, values: readonly In[]): Acc {
  let acc = fn.createAccumulator();
  for (const v of values) acc = fn.addInput(acc, v);
  return acc;
}

/** Cuts values into consecutive parts at the given points (taken modulo the length + 1). */
export function partition<T>(values: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (values.length + 1)))].sort((a, b) => a - b);
  const parts: T[][] = [];
  let start = 0;
  for (const p of points) {
    parts.push(values.slice(start, p));
    start = p;
  }
  parts.push(values.slice(start));
  return parts;
}

/** A small deterministic PRNG (mulberry32, the bench's), so large test inputs are the same on every run. */
export { seeded };

/**
 * The CombineFn laws for an exact combiner: folding any partition of the input part by part and
 * merging the parts (flat, in a shuffled order, or as a tree) gives what folding everything at once
 * gives; `same` compares two outputs (default deep equality).
 */
export function checkMergeLaws<In, Acc, Out>(
  make: () => CombineFn<In, Acc, Out>,
  input: fc.Arbitrary<In[]>,
  same: (a: Out, b: Out) => void = (a, b) => expect(a).toEqual(b),
  numRuns = 200,
): void {
  fc.assert(
    fc.property(input, fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), (values, cuts, order) => {
      const fn = make();
      const whole = fn.extractOutput(fold(fn, values));
      const accs = partition(values, cuts).map((part) => fold(fn, part));
      same(fn.extractOutput(fn.mergeAccumulators(accs)), whole);
      // The same parts, merged in another order.
      const fresh = partition(values, cuts).map((part) => fold(fn, part));
      const perm = fresh.map((_, i) => i).sort((i, j) => (order[i] ?? i) - (order[j] ?? j) || i - j);
      same(fn.extractOutput(fn.mergeAccumulators(perm.map((i) => fresh[i]))), whole);
      // Merging merged accumulators (a tree), with empty accumulators mixed in.
      const again = partition(values, cuts).map((part) => fold(fn, part));
      const half = Math.floor(again.length / 2);
      const tree = fn.mergeAccumulators([
        fn.mergeAccumulators([fn.createAccumulator(), ...again.slice(half)]),
        fn.mergeAccumulators(again.slice(0, half)),
        fn.createAccumulator(),
      ]);
      same(fn.extractOutput(tree), whole);
    }),
    { numRuns },
  );
}

/**
 * The CombineFn laws the runner relies on: merging accumulators of any split of the input, in any
 * grouping and order, gives the output of folding everything in one accumulator: merged flat, pairwise
 * left to right, and with the parts rotated (`normalise` makes order-keeping outputs comparable).
 */
export function checkRotatedMergeLaws<In, Acc, Out>(
  make: () => CombineFn<In, Acc, Out>,
  input: fc.Arbitrary<In>,
  normalise: (out: Out) => unknown = (o) => o,
): void {
  fc.assert(
    fc.property(fc.array(input, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 4 }), fc.nat(), (values, cuts, seed) => {
      const fn = make();
      const whole = fn.extractOutput(fold(fn, values));
      const parts = partition(values, cuts).map((p) => fold(fn, p));
      // Associativity: merging all at once equals merging left to right in pairs.
      const flat = fn.extractOutput(fn.mergeAccumulators(partition(values, cuts).map((p) => fold(fn, p))));
      const pairwise = parts.reduce((a, b) => fn.mergeAccumulators([a, b]), fn.createAccumulator());
      expect(flat).toEqual(whole);
      expect(fn.extractOutput(pairwise)).toEqual(whole);
      // Commutativity (as a multiset for order-keeping accumulators): any rotation of the parts.
      const rot = seed % Math.max(1, parts.length);
      const rotated = [...parts.slice(rot), ...parts.slice(0, rot)].map((p) => structuredClone(p));
      expect(normalise(fn.extractOutput(fn.mergeAccumulators(rotated)))).toEqual(normalise(whole));
    }),
    { numRuns: 100 },
  );
}

/** extractOutput leaves the accumulator as it was, and the accumulator goes on folding correctly. */
export function checkExtractDoesNotMutate<In, Acc, Out>(make: () => CombineFn<In, Acc, Out>, input: fc.Arbitrary<In[]>, numRuns = 100): void {
  fc.assert(
    fc.property(input, input, (first, second) => {
      const fn = make();
      const acc = fold(fn, first);
      const before = structuredClone(acc);
      const out1 = fn.extractOutput(acc);
      expect(acc).toEqual(before);
      expect(fn.extractOutput(acc)).toEqual(out1);
      let more = acc;
      for (const v of second) more = fn.addInput(more, v);
      expect(fn.extractOutput(more)).toEqual(fn.extractOutput(fold(fn, [...first, ...second])));
    }),
    { numRuns },
  );
}

/** An element of the end-to-end pipelines: a key, an event time in ms, and a payload. */
export interface Row<V> {
  k: string;
  t: number;
  v: V;
}

/** Runs rows through assignEventTime, one-minute fixed windows and combinePerKey as a batch. */
export function perKeyPerMinute<V, Acc, Out>(rows: Row<V>[], fn: CombineFn<Row<V>, Acc, Out>): Pane<Out, string>[] {
  const out: Pane<Out, string>[] = [];
  let error: unknown;
  from(rows)
    .pipe(
      assignEventTime((r: Row<V>) => r.t),
      fixedWindow(60_000),
      combinePerKey((r: Row<V>) => r.k, fn),
    )
    .subscribe({ next: (p) => out.push(p), error: (e: unknown) => (error = e) });
  if (error !== undefined) throw error;
  return out;
}

/** The pane a batch run emits: ON_TIME, first and last, stamped at the end of the window. */
export function batchPane<V>(key: string, start: number, value: V): Pane<V, string> {
  const window = { start, end: start + 60_000, maxTimestamp: start + 59_999 };
  return { key, window, value, pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: window.maxTimestamp };
}
