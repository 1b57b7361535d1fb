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

  it('replaceFirst is pop then pushAs: the same entries come out in the same order', () => {
    // -1 pops; -2 replaces the first entry with one of a reserved sequence number and a priority 0-3 later.
    const ops = fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(-1), fc.constant(-2)), { maxLength: 200 });
    fc.assert(
      fc.property(ops, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 200, maxLength: 200 }), (steps, later) => {
        const one = new MinHeap<string>();
        const two = new MinHeap<string>();
        steps.forEach((op, i) => {
          if (op >= 0) {
            expect(one.push(op, `e${i}`)).toBe(two.push(op, `e${i}`));
          } else if (op === -1) {
            expect(one.pop()).toBe(two.pop());
          } else if (one.size > 0) {
            const key = one.peekKey() + later[i];
            const seq = one.reserve();
            two.reserve();
            one.replaceFirst(key, seq, `r${i}`);
            two.pop();
            two.pushAs(key, seq, `r${i}`);
          }
        });
        const drained = (h: MinHeap<string>) => {
          const out: [number, string][] = [];
          while (h.size > 0) out.push([h.peekKey(), h.pop()!]);
          return out;
        };
        expect(drained(one)).toEqual(drained(two));
      }),
    );
  });
});
