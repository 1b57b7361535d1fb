import fc from 'fast-check';
import { join } from 'node:path';
import { keyGroupOf } from '../../src/core/keyGroups';
import { batchFolder, foldBatch, foldBatchInParallel, type BatchFolder } from '../../src/node/index';
import { ownersOfKeyGroups } from '../../src/node/batchPartition';
import sums, { type Sale } from './fixtures/batchSums';
import ranges, { KEYS, Range, type Reading } from './fixtures/batchRanges';

const SUMS = join(__dirname, 'fixtures', 'batchSums.ts');
const RANGES = join(__dirname, 'fixtures', 'batchRanges.ts');
const owner = ownersOfKeyGroups(2, 128);
const workerOf = (key: unknown) => owner[keyGroupOf(key, 128)];
const onTime = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true };
const win = (start: number, end: number) => ({ start, end, maxTimestamp: end - 1 });

describe('foldBatchInParallel', () => {
  let sumsFolder: BatchFolder<Sale, { count: number; sum: number }, string>;
  let rangesFolder: BatchFolder<Reading, Range, unknown>;
  beforeAll(() => {
    sumsFolder = batchFolder({ module: SUMS, workers: 2 });
    rangesFolder = batchFolder({ module: RANGES, workers: 2 });
  });
  afterAll(async () => {
    await sumsFolder.close();
    await rangesFolder.close();
  });

  it('gives the single-thread panes in the single-thread order, with keys folded on both workers', async () => {
    // Keys on different workers, so that the merge has to interleave them.
    const [a, b] = ['a', 'b', 'c', 'd', 'e', 'f'].reduce<string[]>((found, k) => (found.length < 2 && (found.length === 0 || workerOf(k) !== workerOf(found[0])) ? [...found, k] : found), []);
    expect(workerOf(a)).not.toBe(workerOf(b));
    const events: Sale[] = [
      { key: b, t: 12, amount: 1 },
      { key: a, t: 3, amount: 2 },
      { key: a, t: 15, amount: 4 },
      { key: b, t: 4, amount: 8 },
      { key: a, t: 5, amount: 16 },
    ];
    const expected = [
      { key: a, window: win(0, 10), value: { count: 2, sum: 18 }, pane: onTime, timestamp: 9 },
      { key: b, window: win(0, 10), value: { count: 1, sum: 8 }, pane: onTime, timestamp: 9 },
      { key: b, window: win(10, 20), value: { count: 1, sum: 1 }, pane: onTime, timestamp: 19 },
      { key: a, window: win(10, 20), value: { count: 1, sum: 4 }, pane: onTime, timestamp: 19 },
    ];
    expect(await foldBatch(events, sums)).toEqual(expected);
    expect(await sumsFolder.fold(events)).toEqual(expected);
    const times = sumsFolder.lastFold!;
    expect(times.folds).toHaveLength(2);
  });

  it('equals the single-thread pipeline on random batches (fixed windows, events in columns)', async () => {
    const sale = fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), t: fc.integer({ min: 0, max: 80 }), amount: fc.integer({ min: 1, max: 100 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(sale, { maxLength: 60 }), async (events) => {
        expect(await sumsFolder.fold(events)).toEqual(await foldBatch(events, sums));
      }),
      { numRuns: 40 },
    );
  });

  it('equals the single-thread pipeline with Date, bigint, array and object keys, element-count firings and a value coder', async () => {
    const reading = fc.record({ k: fc.integer({ min: 0, max: KEYS.length - 1 }), t: fc.integer({ min: 0, max: 60 }), v: fc.integer({ min: -50, max: 50 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(reading, { maxLength: 40 }), async (events) => {
        const parallel = await rangesFolder.fold(events);
        expect(parallel).toEqual(await foldBatch(events, ranges));
        for (const p of parallel) {
          expect(p.value).toBeInstanceOf(Range);
          expect(KEYS).toContainEqual(p.key);
        }
      }),
      { numRuns: 40 },
    );
    const [date] = await rangesFolder.fold([{ k: 0, t: 1, v: 3 }, { k: 0, t: 2, v: 7 }]);
    // A Date made by the structured clone of another realm than jest's: checked by its tag.
    expect(Object.prototype.toString.call(date.key)).toBe('[object Date]');
    expect((date.key as Date).getTime()).toBe(0);
    expect(date.value.width).toBe(4);
    const [big] = await rangesFolder.fold([{ k: 1, t: 1, v: 3 }, { k: 1, t: 2, v: 7 }]);
    expect(big.key).toBe(12n);
  });

  it('refuses bad options when the folder is built', () => {
    expect(() => batchFolder({ module: SUMS, workers: 0 })).toThrow(new RangeError('batchFolder: workers must be an integer from 1 to keyGroups (128), got 0'));
    expect(() => batchFolder({ module: SUMS, workers: 3, keyGroups: 2 })).toThrow(new RangeError('batchFolder: workers must be an integer from 1 to keyGroups (2), got 3'));
    expect(() => batchFolder({ module: join(__dirname, 'fixtures', 'none.ts') })).toThrow(/^batchFolder: module .*none\.ts does not exist$/);
    expect(() => batchFolder({ module: SUMS, export: 'nothing' })).toThrow(new TypeError("foldBatchInParallel: export 'nothing' of " + SUMS + ': the definition must be an object, got undefined'));
  });

  it('refuses an event whose key is no key, and a number column that holds no number', async () => {
    await expect(sumsFolder.fold([{ key: 'a', t: 1, amount: 1 }, { t: 2, amount: 1 } as unknown as Sale])).rejects.toThrow(/^foldBatchInParallel: the key of event 1 is no key: /);
    await expect(sumsFolder.fold([{ key: 'a', t: 1, amount: '1' } as unknown as Sale])).rejects.toThrow(new TypeError("foldBatchInParallel: columns.amount is 'number', but event 0 has \"1\""));
  });

  it('fails with the error of the first bad event in batch order, as the single-thread run does', async () => {
    const events: Sale[] = [
      { key: 'a', t: 1, amount: 1 },
      { key: 'b', t: Number.NaN, amount: 1 },
      { key: 'c', t: Number.NaN, amount: 1 },
    ];
    const single = await foldBatch(events, sums).catch((e: Error) => e);
    expect(single).toBeInstanceOf(Error);
    await expect(sumsFolder.fold(events)).rejects.toThrow((single as Error).message);
  });

  it('starts and stops its own workers for one batch', async () => {
    const events: Sale[] = [{ key: 'x', t: 1, amount: 5 }];
    expect(await foldBatchInParallel(events, { module: SUMS, workers: 2 })).toEqual([{ key: 'x', window: win(0, 10), value: { count: 1, sum: 5 }, pane: onTime, timestamp: 9 }]);
  });
});
