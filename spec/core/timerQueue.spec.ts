import fc from 'fast-check';
import { TimerQueue } from '../../src/core/timerQueue';

/** Runs pushes (times >= 0) and pops (-1) on a queue; records what every pop, peek and size gave. */
function drive(q: TimerQueue<number>, ops: readonly number[]): unknown[] {
  const out: unknown[] = [];
  let n = 0;
  for (const op of ops) {
    if (op >= 0) q.push(op, n++);
    else out.push([q.peekKey(), q.peek(), q.pop()]);
    out.push(q.size);
  }
  out.push(q.entries().map((e) => [e.key, e.item]));
  while (q.size > 0) out.push(q.pop());
  out.push(q.peekKey(), q.pop());
  return out;
}

describe('TimerQueue', () => {
  it('gives entries by time, equal times in the order they were set, across its run and its heap', () => {
    const q = new TimerQueue<string>();
    for (const [k, v] of [[5, 'a'], [7, 'b'], [3, 'c'], [7, 'd'], [5, 'e'], [9, 'f'], [7, 'g']] as const) q.push(k, v);
    expect(q.entries().map((e) => e.item)).toEqual(['c', 'a', 'e', 'b', 'd', 'g', 'f']);
    const out: string[] = [];
    while (q.size > 0) out.push(q.pop()!);
    expect(out).toEqual(['c', 'a', 'e', 'b', 'd', 'g', 'f']);
    expect(q.peekKey()).toBe(Number.POSITIVE_INFINITY);
    expect(q.pop()).toBeUndefined();
  });

  // The fast path (the in-order run) against the plain path (every entry in the heap).
  it('gives the same entries in the same order as its plain path for any pushes and pops', () => {
    const op = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constant(-1));
    // Mostly rising times, as a fixed delay after a moving clock sets them, with some earlier ones.
    const rising = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })), { maxLength: 3000 }).map((steps) => {
      let t = 0;
      return steps.map(([d, pop]) => (pop < 2 ? -1 : (t += d) - (d === 3 ? 5 : 0)));
    });
    fc.assert(
      fc.property(fc.oneof(fc.array(op, { maxLength: 300 }), rising), (ops) => {
        expect(drive(new TimerQueue<number>(), ops)).toEqual(drive(new TimerQueue<number>(true), ops));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its order while the run is compacted', () => {
    const ops: number[] = [];
    for (let i = 0; i < 3000; i++) ops.push(i % 7 === 6 ? i - 50 : i, ...(i % 3 === 0 ? [] : [-1]));
    expect(drive(new TimerQueue<number>(), ops)).toEqual(drive(new TimerQueue<number>(true), ops));
  });

  it('clears both parts', () => {
    const q = new TimerQueue<string>();
    q.push(5, 'a');
    q.push(3, 'b');
    q.clear();
    expect(q.size).toBe(0);
    expect(q.entries()).toEqual([]);
    q.push(1, 'c');
    expect(q.pop()).toBe('c');
  });
});
