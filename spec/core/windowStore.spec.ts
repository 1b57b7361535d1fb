/**
 * The window store's shortcut past its index (`findBeside`: a bucket alone at its start is the only
 * candidate for a window of that start) gives what the index gives (`find`), whatever buckets were
 * made, moved and removed before.
 */
import fc from 'fast-check';
import { WindowStore } from '../../src/core/windowStore';
import type { ReducerMetrics } from '../../src/core/reducerTypes';
import { intervalWindow } from '../../src/index';

const metrics = (): ReducerMetrics => ({ elementsIn: 0, droppedLate: 0, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 0, openWindows: 0 });

const op = fc.record({
  kind: fc.constantFrom('add' as const, 'add' as const, 'remove' as const, 'move' as const),
  start: fc.integer({ min: 0, max: 3 }),
  end: fc.integer({ min: 1, max: 4 }),
  pick: fc.nat(),
});

describe('WindowStore.findBeside', () => {
  it('finds what find finds, for windows of the same start as a live bucket', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const store = new WindowStore<string, number>(0, 'none', metrics(), false);
        let live: ReturnType<WindowStore<string, number>['bucket']>[] = [];
        let n = 0;
        for (const o of ops) {
          const w = intervalWindow(o.start, o.start + o.end);
          if (o.kind === 'add') {
            const b = store.bucket(w, 0);
            if (!live.includes(b)) live.push(b);
          } else if (live.length > 0) {
            const b = live[o.pick % live.length];
            if (o.kind === 'remove') {
              store.removeBucket(b);
              live = live.filter((x) => x !== b);
            } else if (store.find(w) === undefined) {
              // A move takes a bucket's only state to a window nobody has.
              const kw = store.inBucket(b, `k${n++}`, 'k');
              if (b.size === 1) store.move(kw, w, 0);
            }
          }
          for (const near of live) {
            for (let end = 1; end <= 5; end++) {
              const q = intervalWindow(near.window.start, near.window.start + end);
              expect(store.findBeside(near, q)).toBe(store.find(q));
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("WindowStore.active: a key's open merging windows", () => {
  // String identities are also filed by name, for speed, up to a number of keys; past it only the map
  // answers. Both must give each identity its own windows, and forget them when the last one closes.
  it('finds each identity, string or not, until its last open window goes, below and past the limit of names', () => {
    const store = new WindowStore<string, number>(0, 'disjoint', metrics(), false);
    const w = intervalWindow(0, 10);
    const ids: unknown[] = [1, '1', 'a', 'constructor', '__proto__', true];
    for (let i = 0; i < 9000; i++) ids.push(`k${i}`);
    const states = ids.map((id) => store.get(id, 'k', w, 0));
    // Checked along the way, while the names are still filed, and at the end, once they are not.
    for (const i of [0, 1, 2, 3, 4, 5, 100, 8999]) expect(store.active(ids[i])?.toArray()).toEqual([states[i]]);
    expect(store.active('missing')).toBeUndefined();
    store.deactivate(states[1]);
    store.deactivate(states[3]);
    expect(store.active('1')).toBeUndefined();
    expect(store.active('constructor')).toBeUndefined();
    expect(store.active(1)?.toArray()).toEqual([states[0]]);
    store.clear();
    expect(store.active('a')).toBeUndefined();
  });

  it('forgets a name whose last window goes while the names are filed', () => {
    const store = new WindowStore<string, number>(0, 'disjoint', metrics(), false);
    const a = store.get('a', 'a', intervalWindow(0, 10), 0);
    const b = store.get('a', 'a', intervalWindow(20, 30), 0);
    expect(store.active('a')?.toArray()).toEqual([a, b]);
    store.deactivate(a);
    expect(store.active('a')?.toArray()).toEqual([b]);
    store.deactivate(b);
    expect(store.active('a')).toBeUndefined();
    const c = store.get('a', 'a', intervalWindow(40, 50), 0);
    expect(store.active('a')?.toArray()).toEqual([c]);
  });
});
