import fc from 'fast-check';
import { Combine, toList } from '../../src/index';
import { batchPane, checkExtractDoesNotMutate, checkMergeLaws, fold, perKeyPerMinute, type Row } from './combinerLaws';

describe('Combine.toArray', () => {
  it('collects values in arrival order, a copy each time, exactly as toList', () => {
    const fn = Combine.toArray<string>();
    const acc = fold(fn, ['b', 'a', 'c']);
    const out = fn.extractOutput(acc);
    expect(out).toEqual(['b', 'a', 'c']);
    expect(out).not.toBe(acc);
    expect(fn.extractOutput(fn.createAccumulator())).toEqual([]);
    const list = toList<string>();
    expect(fn.extractOutput(fn.mergeAccumulators([fold(fn, ['x']), fold(fn, ['y', 'z'])]))).toEqual(list.extractOutput(list.mergeAccumulators([fold(list, ['x']), fold(list, ['y', 'z'])])));
  });

  it('any partition, merged in any order or as a tree, holds the same values (as a multiset: merge order sets the order)', () => {
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
    checkMergeLaws(() => Combine.toArray<number>(), fc.array(fc.integer(), { maxLength: 40 }), (a, b) => expect(sorted(a)).toEqual(sorted(b)));
  });

  it('parts merged in input order give the input order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 40 }), fc.nat(40), (values, cut) => {
        const fn = Combine.toArray<number>();
        expect(fn.extractOutput(fn.mergeAccumulators([fold(fn, values.slice(0, cut)), fold(fn, values.slice(cut))]))).toEqual(values);
      }),
    );
  });

  it('extractOutput does not change the accumulator', () => {
    checkExtractDoesNotMutate(() => Combine.toArray<number>(), fc.array(fc.integer(), { maxLength: 30 }));
  });

  it('per key and minute through combinePerKey', () => {
    const rows: Row<number>[] = [
      { k: 'a', t: 1_000, v: 1 },
      { k: 'b', t: 2_000, v: 2 },
      { k: 'a', t: 3_000, v: 3 },
      { k: 'a', t: 60_000, v: 4 },
    ];
    const panes = perKeyPerMinute(rows, Combine.toArray<Row<number>>());
    expect(panes.map((p) => ({ ...p, value: p.value.map((r) => r.v) }))).toEqual([batchPane('a', 0, [1, 3]), batchPane('b', 0, [2]), batchPane('a', 60_000, [4])]);
  });
});
