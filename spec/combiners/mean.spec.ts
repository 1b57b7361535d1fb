import fc from 'fast-check';
import { from, type OperatorFunction } from 'rxjs';
import { assignEventTime, Combine, combinePerKey, mean, sessionWindow, slidingWindow, type EventTimeRecord, type Pane } from '../../src/index';
import { batchPane, checkExtractDoesNotMutate, checkMergeLaws, fold, perKeyPerMinute, type Row } from './combinerLaws';

describe('Combine.mean', () => {
  it('averages numbers or selected numbers; an empty window is NaN, as in Beam', () => {
    const fn = mean();
    expect(fn.extractOutput(fold(fn, [1, 2, 3, 4]))).toBe(2.5);
    expect(fn.extractOutput(fold(fn, [-7]))).toBe(-7);
    expect(fn.extractOutput(fn.createAccumulator())).toBeNaN();
    const byPrice = Combine.mean((o: { price: number }) => o.price);
    expect(byPrice.extractOutput(fold(byPrice, [{ price: 10 }, { price: 20 }, { price: 60 }]))).toBe(30);
    expect(fn.extractOutput(fn.mergeAccumulators([fold(fn, [1, 2]), fn.createAccumulator(), fold(fn, [6])]))).toBe(3);
    expect(Combine.mean).toBe(mean);
  });

  it('rejects values that are not finite numbers, and a select that is not a function', () => {
    const fn = mean();
    expect(() => fn.addInput(fn.createAccumulator(), Number.NaN)).toThrow(new TypeError('mean: each value must be a finite number, got NaN'));
    expect(() => fn.addInput(fn.createAccumulator(), '3' as unknown as number)).toThrow(new TypeError('mean: each value must be a finite number, got "3"'));
    expect(() => mean(42 as unknown as (v: number) => number)).toThrow(new TypeError('mean: select must be a function, got 42'));
  });

  it('any partition, merged in any order or as a tree, gives the same mean (integers, so sums are exact)', () => {
    checkMergeLaws(() => mean(), fc.array(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 60 }), (a, b) => expect(a).toBe(b));
  });

  it('extractOutput does not change the accumulator', () => {
    checkExtractDoesNotMutate(() => mean(), fc.array(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 30 }));
  });

  it('per key and minute through combinePerKey', () => {
    const rows: Row<number>[] = [
      { k: 'a', t: 1_000, v: 10 },
      { k: 'b', t: 2_000, v: 1 },
      { k: 'a', t: 59_999, v: 20 },
      { k: 'a', t: 60_000, v: 5 },
    ];
    expect(perKeyPerMinute(rows, Combine.mean((r: Row<number>) => r.v))).toEqual([batchPane('a', 0, 15), batchPane('b', 0, 1), batchPane('a', 60_000, 5)]);
  });
});

describe('Combine.mean in merging and overlapping windows', () => {
  const run = <V>(rows: Row<number>[], windowing: OperatorFunction<EventTimeRecord<Row<number>>, EventTimeRecord<Row<number>>>) => {
    const out: Pane<V, string>[] = [];
    from(rows)
      .pipe(assignEventTime((r: Row<number>) => r.t), windowing, combinePerKey((r: Row<number>) => r.k, Combine.mean((r: Row<number>) => r.v)))
      .subscribe((p) => out.push(p as Pane<V, string>));
    return out;
  };
  const pane = (key: string, start: number, end: number, value: number) => ({
    key,
    window: { start, end, maxTimestamp: end - 1 },
    value,
    pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
    timestamp: end - 1,
  });

  it('session windows: the accumulators of sessions bridged by a later element merge', () => {
    const rows: Row<number>[] = [
      { k: 'a', t: 0, v: 1 },
      { k: 'a', t: 20_000, v: 5 },
      { k: 'a', t: 10_000, v: 3 }, // bridges [0, 15s) and [20s, 35s)
      { k: 'a', t: 100_000, v: 10 },
    ];
    expect(run(rows, sessionWindow(15_000))).toEqual([pane('a', 0, 35_000, 3), pane('a', 100_000, 115_000, 10)]);
  });

  it('sliding averages: one-minute windows every 20 s', () => {
    const rows: Row<number>[] = [
      { k: 's', t: 5_000, v: 10 },
      { k: 's', t: 25_000, v: 20 },
      { k: 's', t: 45_000, v: 60 },
    ];
    expect(run(rows, slidingWindow(60_000, 20_000))).toEqual([
      pane('s', -40_000, 20_000, 10),
      pane('s', -20_000, 40_000, 15),
      pane('s', 0, 60_000, 30),
      pane('s', 20_000, 80_000, 40),
      pane('s', 40_000, 100_000, 60),
    ]);
  });
});
