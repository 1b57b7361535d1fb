import fc from 'fast-check';
import { Combine, latest } from '../../src/index';
import { batchPane, checkExtractDoesNotMutate, checkMergeLaws, fold, perKeyPerMinute, type Row } from './combinerLaws';

type Reading = { t: number; c: number };
const byTime = () => latest((r: Reading) => r.t);

describe('Combine.latest', () => {
  it('the value with the greatest event time, whatever the arrival order; undefined when empty', () => {
    const fn = byTime();
    expect(fn.extractOutput(fold(fn, [{ t: 5, c: 1 }, { t: 9, c: 2 }, { t: 7, c: 3 }]))).toEqual({ t: 9, c: 2 });
    expect(fn.extractOutput(fold(fn, [{ t: -100, c: 1 }]))).toEqual({ t: -100, c: 1 });
    expect(fn.extractOutput(fn.createAccumulator())).toBeUndefined();
    expect(Combine.latest).toBe(latest);
  });

  it('ties keep the value seen first; in a merge the earlier accumulator wins', () => {
    const fn = byTime();
    expect(fn.extractOutput(fold(fn, [{ t: 9, c: 1 }, { t: 9, c: 2 }]))).toEqual({ t: 9, c: 1 });
    const merged = fn.mergeAccumulators([fold(fn, [{ t: 9, c: 2 }]), fold(fn, [{ t: 9, c: 1 }])]);
    expect(fn.extractOutput(merged)).toEqual({ t: 9, c: 2 });
  });

  it('rejects a timeOf that is not a function or does not give a finite number', () => {
    expect(() => latest(undefined as unknown as (v: number) => number)).toThrow(new TypeError('latest: timeOf must be a function, got undefined'));
    const fn = latest((r: { t?: number }) => r.t as number);
    expect(() => fn.addInput(fn.createAccumulator(), {})).toThrow(new TypeError('latest: timeOf must return a finite number of epoch ms, got undefined'));
  });

  // Distinct event times, so the answer does not depend on which of two tied values came first.
  const readings = fc.uniqueArray(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 60 }).map((ts) => ts.map((t, i) => ({ t, c: i })));

  it('any partition, merged in any order or as a tree, gives the same latest value', () => {
    checkMergeLaws(byTime, readings);
  });

  it('extractOutput does not change the accumulator', () => {
    checkExtractDoesNotMutate(byTime, readings);
  });

  it('per key and minute through combinePerKey: the reading with the latest event time, not the last to arrive', () => {
    const rows: Row<string>[] = [
      { k: 'a', t: 30_000, v: 'second' },
      { k: 'a', t: 50_000, v: 'last' },
      { k: 'a', t: 10_000, v: 'first, arrived late' },
      { k: 'b', t: 5_000, v: 'only' },
      { k: 'a', t: 70_000, v: 'next minute' },
    ];
    const panes = perKeyPerMinute(rows, Combine.latest((r: Row<string>) => r.t));
    expect(panes.map((p) => ({ ...p, value: p.value?.v }))).toEqual([batchPane('a', 0, 'last'), batchPane('b', 0, 'only'), batchPane('a', 60_000, 'next minute')]);
  });
});
