import { TimeBuffer } from '../../src/core/timeBuffer';

const live = <T>(b: TimeBuffer<T>) => b.times.slice(b.head).map((t, i) => [t, b.values[b.head + i]]);

describe('TimeBuffer', () => {
  it('keeps values in time order whatever the arrival order, equal times in arrival order', () => {
    const b = new TimeBuffer<string>();
    [[5, 'a'], [3, 'b'], [9, 'c'], [5, 'd'], [1, 'e']].forEach(([t, v]) => b.add(t as number, v as string));
    expect(live(b)).toEqual([[1, 'e'], [3, 'b'], [5, 'a'], [5, 'd'], [9, 'c']]);
    expect([b.size, b.first, b.from(4), b.from(5), b.from(10)]).toEqual([5, 1, 2, 2, 5]);
  });

  it('drops a prefix by time, releasing the values, and compacts once most of the array is dropped', () => {
    const b = new TimeBuffer<{ n: number }>();
    for (let t = 0; t < 200; t++) b.add(t, { n: t });
    expect(b.dropBefore(10)).toBe(10);
    expect([b.head, b.size, b.first, b.values[9]]).toEqual([10, 190, 10, undefined]);
    b.add(5, { n: -1 }); // behind the dropped prefix's end: still inserted in order among the live ones
    expect(b.first).toBe(5);
    expect(b.dropBefore(150)).toBe(141);
    expect([b.head, b.times.length, b.first]).toEqual([0, 50, 150]);
    expect(b.dropBefore(1_000)).toBe(50);
    expect([b.size, b.first, b.times.length, b.values.length]).toEqual([0, Number.POSITIVE_INFINITY, 0, 0]);
  });
});
