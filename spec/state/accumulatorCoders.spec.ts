import fc from 'fast-check';
import { combinePerKey, combineFields, sum, mean, top, latest, toList, countDistinct, approxCountDistinct, approxQuantiles, Combine, type CombineFn } from '../../src/index';
import { accumulatorCoderOf, type Coder } from '../../src/state';
import { fold } from '../combiners/combinerLaws';

const count = Combine.count;
import { anyValue } from './arbitraries';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = CombineFn<any, any, any>;

/** The accumulator after a snapshot and a restore: encoded, written as JSON text, read back and decoded. */
function throughJson<Acc>(fn: CombineFn<never, Acc, unknown>, acc: Acc): Acc {
  const coder = accumulatorCoderOf(fn, 'snapshot');
  const encoded = coder.encode(acc);
  const text = JSON.stringify(encoded);
  // JSON text must hold exactly what was encoded: no NaN turned null, no -0 turned 0, no undefined lost.
  expect(JSON.parse(text)).toStrictEqual(encoded);
  const back = coder.decode(JSON.parse(text));
  // Encoding is a function of the accumulator's state: the restored one writes the same text.
  expect(JSON.stringify(coder.encode(back))).toBe(text);
  return back;
}

/**
 * A restored accumulator is the accumulator: the same state, the same output, the same result when
 * merged with another (first or last) and when folding goes on after the restore.
 */
function checkRoundTrip<In>(make: () => AnyFn, input: fc.Arbitrary<In[]>, numRuns = 300): void {
  fc.assert(
    fc.property(input, input, input, (before, other, after) => {
      const fn = make();
      const acc = fold(fn, before);
      const back = throughJson(fn, acc);
      expect(back).toStrictEqual(acc);
      expect(fn.extractOutput(back)).toStrictEqual(fn.extractOutput(acc));
      const merged = (first: unknown) => fn.extractOutput(fn.mergeAccumulators([first, fold(fn, other)]));
      expect(merged(throughJson(fn, fold(fn, before)))).toStrictEqual(merged(fold(fn, before)));
      const mergedLast = (last: unknown) => fn.extractOutput(fn.mergeAccumulators([fold(fn, other), last]));
      expect(mergedLast(throughJson(fn, fold(fn, before)))).toStrictEqual(mergedLast(fold(fn, before)));
      expect(fn.extractOutput(fold1(fn, back, after))).toStrictEqual(fn.extractOutput(fold1(fn, acc, after)));
    }),
    { numRuns },
  );
}

/** Throws unless `run` throws a TypeError with exactly `message` (the cause, if any, is not compared). */
function expectTypeError(run: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(TypeError);
  expect((thrown as Error).message).toBe(message);
}

function fold1(fn: AnyFn, acc: unknown, values: readonly unknown[]): unknown {
  let a = acc;
  for (const v of values) a = fn.addInput(a, v);
  return a;
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const ordered = fc.double({ noNaN: true });
const record = fc.record({ v: fc.integer({ min: -5, max: 5 }), tag: anyValue }, { noNullPrototype: true });
type Rec = { v: number; tag: unknown };
const byV = (a: Rec, b: Rec) => a.v - b.v;

describe('accumulator coders of the built-in CombineFns: encode, JSON text, decode, same accumulator', () => {
  it('count', () => checkRoundTrip(() => count(), fc.array(fc.integer())));
  it('sum, also when it overflows to ±Infinity or NaN', () => checkRoundTrip(() => sum(), fc.array(fc.oneof(finite, fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE)))));
  it('mean', () => checkRoundTrip(() => mean(), fc.array(fc.oneof(finite, fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE)))));
  it('min and max of numbers (-0 and ±Infinity among them)', () => {
    checkRoundTrip(() => Combine.min<number>(), fc.array(ordered));
    checkRoundTrip(() => Combine.max<number>(), fc.array(ordered));
  });
  it('max of Dates and bigints', () => {
    checkRoundTrip(() => Combine.max<Date>(), fc.array(fc.date({ noInvalidDate: true })));
    checkRoundTrip(() => Combine.max<bigint>(), fc.array(fc.bigInt()));
  });
  it('min of whole records by a compare function', () => checkRoundTrip(() => Combine.min<Rec>(undefined, byV), fc.array(record)));
  it('latest', () => checkRoundTrip(() => latest((r: { t: number }) => r.t), fc.array(fc.record({ t: fc.integer({ min: -5, max: 5 }), v: anyValue }, { noNullPrototype: true }))));
  it('countDistinct', () =>
    checkRoundTrip(() => countDistinct(), fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-0, Number.NaN), fc.string({ maxLength: 1 }), fc.bigInt({ min: -2n, max: 2n })))));
  it('approxCountDistinct, sparse and dense', () => checkRoundTrip(() => approxCountDistinct({ precision: 8 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 60 })));
  it('approxQuantiles, across compactions', () => {
    checkRoundTrip(() => approxQuantiles(5, { capacity: 8 }), fc.array(ordered, { maxLength: 80 }));
    checkRoundTrip(() => approxQuantiles<Rec>(3, { capacity: 8, compare: byV }), fc.array(record, { maxLength: 40 }), 100);
  });
  it('top, its heap intact', () => {
    checkRoundTrip(() => top<number>(3), fc.array(ordered));
    checkRoundTrip(() => top<Rec>(2, byV), fc.array(record));
  });
  it('toList and toArray of any JSON-codable values', () => {
    checkRoundTrip(() => toList(), fc.array(anyValue, { maxLength: 5 }));
    checkRoundTrip(() => Combine.toArray(), fc.array(anyValue, { maxLength: 5 }), 100);
  });
  it('combineFields, each field by its own coder', () =>
    checkRoundTrip(
      () => combineFields({ n: count(), total: sum((r: Rec) => r.v), avg: mean((r: Rec) => r.v), items: toList<Rec>(), best: Combine.max((r: Rec) => r.v) }),
      fc.array(record),
    ));

  it('writes internal accumulators compactly', () => {
    const fields = combineFields({ count: count(), sum: sum(), mean: mean() });
    expect(JSON.stringify(accumulatorCoderOf(fields, 'snapshot').encode(fold(fields, [1, 2, 3.5])))).toBe('[3,6.5,[6.5,3]]');
    const fn = latest((t: number) => t);
    expect(accumulatorCoderOf(fn, 'snapshot').encode(fn.createAccumulator())).toEqual([]);
    expect(accumulatorCoderOf(fn, 'snapshot').encode(fold(fn, [4, 2]))).toEqual([4, 4]);
  });

  it('writes an HLL sketch sparse while few registers are set, one character a register after that', () => {
    const fn = approxCountDistinct({ precision: 6 });
    const coder = accumulatorCoderOf(fn, 'snapshot');
    expect(coder.encode(fold(fn, ['a']))).toEqual({ sparse: [expect.any(Number), expect.any(Number)] });
    const dense = coder.encode(fold(fn, ['a', 'b', 'c', 'd', 'e'])) as { dense: string };
    expect(dense.dense).toMatch(/^[0-9:;<=>?@A-M]{64}$/);
  });
});

describe('accumulatorCoderOf: the coder or the JSON fallback, with errors that name where', () => {
  const mapAcc: CombineFn<string, Map<string, number>, number> = {
    createAccumulator: () => new Map(),
    addInput: (acc, v) => acc.set(v, (acc.get(v) ?? 0) + 1),
    mergeAccumulators: (accs) => accs[0],
    extractOutput: (acc) => acc.size,
  };
  const setCoder: Coder<Map<string, number>> = {
    name: 'wordCounts',
    encode: (m) => [...m],
    decode: (e) => new Map(e as [string, number][]),
  };

  it('toList holding a Map names the operator, the combiner, the path and the remedy', () => {
    const acc: { tags?: unknown }[] = [{ tags: [] }, {}, {}, { tags: new Map() }];
    expectTypeError(
      () => accumulatorCoderOf(toList<{ tags?: unknown }>(), 'snapshot').encode(acc),
      'snapshot: cannot encode the accumulator of toList: a Map at [3].tags; give the CombineFn an accumulatorCoder',
    );
  });

  it('inside combineFields the path starts at the field', () => {
    const fn = combineFields({ n: count(), 'last seen': latest((r: { t: number }) => r.t) });
    expectTypeError(
      () => accumulatorCoderOf(fn, 'snapshot').encode(fold(fn, [{ t: 1, s: new Set() }])),
      'snapshot: cannot encode the accumulator of combineFields: a Set at ["last seen"].value.s; give the CombineFn an accumulatorCoder',
    );
    const q = approxQuantiles<{ v: number; f?: () => void }>(3, { compare: (a, b) => a.v - b.v });
    expectTypeError(
      () => accumulatorCoderOf(q, 'snapshot').encode(fold(q, [{ v: 1 }, { v: 0, f: () => undefined }])),
      'snapshot: cannot encode the accumulator of approxQuantiles: a function (f) at .levels[0][1].f; give the CombineFn an accumulatorCoder',
    );
  });

  it('a CombineFn without a coder gets the JSON fallback: JSON accumulators pass, others are refused', () => {
    const plain: CombineFn<number, { n: number; last?: number }, number> = {
      createAccumulator: () => ({ n: 0 }),
      addInput: (acc, v) => ({ n: acc.n + 1, last: v }),
      mergeAccumulators: (accs) => accs[0],
      extractOutput: (acc) => acc.n,
    };
    expect(throughJson(plain, fold(plain, [1, Number.NaN]))).toStrictEqual({ n: 2, last: Number.NaN });
    expectTypeError(
      () => accumulatorCoderOf(mapAcc, 'combinePerKey').encode(fold(mapAcc, ['a'])),
      'combinePerKey: cannot encode the accumulator of the CombineFn: a Map; give the CombineFn an accumulatorCoder',
    );
  });

  it("a CombineFn's own accumulatorCoder is used, also inside combineFields", () => {
    const counted = { ...mapAcc, accumulatorCoder: setCoder };
    expect(throughJson(counted, fold(counted, ['a', 'b', 'a']))).toStrictEqual(new Map([['a', 2], ['b', 1]]));
    const fields = combineFields({ words: counted, n: count() });
    expect(accumulatorCoderOf(fields, 'snapshot').encode(fold(fields, ['a']))).toEqual([[['a', 1]], 1]);
    const decoded = throughJson(fields, fold(fields, ['a', 'a']));
    expect(accumulatorCoderOf(fields, 'snapshot').encode(decoded)).toEqual([[['a', 2]], 2]);
    expect(fields.extractOutput(fields.addInput(decoded, 'b'))).toStrictEqual({ words: 2, n: 3 });
  });

  it('a failing accumulatorCoder of the user is reported as its own failure', () => {
    const failing = { ...mapAcc, accumulatorCoder: { ...setCoder, encode: () => { throw new Error('boom'); } } };
    expectTypeError(() => accumulatorCoderOf(failing, 'snapshot').encode(new Map()), 'snapshot: cannot encode the accumulator of wordCounts: boom');
    const badDecode = { ...mapAcc, accumulatorCoder: { ...setCoder, decode: () => { throw new Error('no such shape'); } } };
    expectTypeError(() => accumulatorCoderOf(badDecode, 'restore').decode([]), 'restore: cannot decode the accumulator of wordCounts: no such shape');
  });

  it.each([
    [() => mean(), 'x', 'mean: cannot decode an accumulator from "x"'],
    [() => count(), { $number: 'nan' }, 'count: cannot decode a number from {"$number":"nan"}'],
    [() => toList(), {}, 'toList: cannot decode an accumulator from {}'],
    [() => combineFields({ a: count(), b: sum() }), [1], 'combineFields: cannot decode an accumulator of 2 fields from [1]'],
    [() => approxCountDistinct({ precision: 4 }), { dense: 'x'.repeat(16) }, 'approxCountDistinct: cannot decode an accumulator of 16 registers from {"dense":"xxxxxxxxxxxxxxxx"}'],
    [() => approxCountDistinct({ precision: 4 }), { sparse: [16, 1] }, 'approxCountDistinct: cannot decode an accumulator of 16 registers from {"sparse":[16,1]}'],
    [() => approxQuantiles(3), { levels: [[]], count: 1, errorBound: 0, parity: 0 }, 'approxQuantiles: cannot decode an accumulator from {"levels":[[]],"count":1,"errorBound":0,"parity":0}'],
  ])('refuses to decode what it never writes (%#)', (make, encoded, why) => {
    expectTypeError(() => accumulatorCoderOf(make() as AnyFn, 'restore').decode(encoded), `restore: ${why}`);
  });

  it('a CombineFn whose accumulatorCoder is no Coder is refused when the operator is built', () => {
    expect(() => combinePerKey((v: string) => v, { ...mapAcc, accumulatorCoder: { encode: () => null } as unknown as Coder<Map<string, number>> })).toThrow(
      new TypeError('combinePerKey: combineFn.accumulatorCoder must be a Coder (name, encode, decode), got an object (Object)'),
    );
  });
});
