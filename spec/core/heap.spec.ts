import fc from 'fast-check';
import { MinHeap } from '../../src/core/heap';

describe('MinHeap', () => {
  it('pops by priority, equal priorities in insertion order', () => {
    const h = new MinHeap<string>();
    for (const [k, v] of [[5, 'a'], [1, 'b'], [5, 'c'], [3, 'd'], [1, 'e'], [5, 'f']] as const) h.push(k, v);
    const out: string[] = [];
    while (h.size > 0) out.push(h.pop()!);
    expect(out).toEqual(['b', 'e', 'd', 'a', 'c', 'f']);
    expect(h.peekKey()).toBe(Number.POSITIVE_INFINITY);
    expect(h.pop()).toBeUndefined();
  });

  it('is a stable sort for any pushes and pops interleaved', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
        const h = new MinHeap<number>();
        const model: { key: number; seq: number }[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op >= 0) {
            h.push(op, seq);
            model.push({ key: op, seq: seq++ });
          } else if (model.length > 0) {
            model.sort((a, b) => a.key - b.key || a.seq - b.seq);
            const expected = model.shift()!;
            expect(h.peekKey()).toBe(expected.key);
            expect(h.pop()).toBe(expected.seq);
          }
        }
        expect(h.size).toBe(model.length);
      }),
    );
  });
});
