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

describe("WindowStore.inBucket: a key's state in a window", () => {
  // Three ways to find it: through the window (its states by key); through the key, once the store links
  // each key's states newest first (from then on, from a hint: any of the key's states, or none); and
  // under merging windows. Whichever way, whatever the hint and whatever states were made and removed before (and
  // before the store linked its states), the state found is the one made for that key and window, a
  // missing one is made once, and each bucket lists its states in the order they were made.
  const KEYS = 20;
  const STARTS = 3;
  const step = fc.record({
    // Mostly gets, so that windows come to hold many keys and keys many states.
    kind: fc.constantFrom(...Array<'get'>(6).fill('get'), 'remove' as const, 'remove' as const, 'removeBucket' as const),
    key: fc.integer({ min: 0, max: KEYS - 1 }),
    start: fc.integer({ min: 0, max: STARTS - 1 }),
    hint: fc.nat(),
  });
  it.each(['the window' as const, 'the key' as const, 'merging windows' as const])('agrees with a map by key and window, found through %s', (way) => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 60, maxLength: 120 }), fc.nat({ max: 60 }), (steps, linkAt) => {
        const m = metrics();
        const store = new WindowStore<string, number>(0, way === 'merging windows' ? 'disjoint' : 'none', m, false);
        let n = 0;
        type State = ReturnType<WindowStore<string, number>['inBucket']>;
        type Bucket = ReturnType<WindowStore<string, number>['bucket']>;
        const made = new Map<string, State>();
        const order = new Map<Bucket, State[]>();
        for (const s of steps) {
          if (way === 'the key' && n++ === linkAt) store.linkByKey();
          const id = `k${s.key}`;
          const window = intervalWindow(s.start * 10, s.start * 10 + 10);
          const bucket = store.find(window);
          const mine = [...made.values()].filter((kw) => kw.id === id);
          if (s.kind === 'get') {
            const b = bucket ?? store.bucket(window, 0);
            // The hint: any live state of the key (the search goes on before it), or none.
            const from = s.hint % (mine.length + 1) === mine.length ? undefined : mine[s.hint % (mine.length + 1)];
            const kw = way === 'the key' && n > linkAt ? store.inBucketFrom(b, id, `key ${s.key}`, from) : store.inBucket(b, id, `key ${s.key}`);
            const expected = made.get(`${id}@${s.start}`);
            if (expected !== undefined) expect(kw).toBe(expected);
            else {
              expect(kw.id).toBe(id);
              expect(kw.bucket).toBe(b);
              made.set(`${id}@${s.start}`, kw);
              order.set(b, [...(order.get(b) ?? []), kw]);
            }
          } else if (s.kind === 'remove') {
            const kw = made.get(`${id}@${s.start}`);
            if (kw === undefined) continue;
            store.remove(kw);
            made.delete(`${id}@${s.start}`);
            const left = order.get(kw.bucket)!.filter((x) => x !== kw);
            if (left.length > 0) order.set(kw.bucket, left);
            else order.delete(kw.bucket);
          } else if (bucket !== undefined) {
            store.removeBucket(bucket);
            for (const [k, kw] of made) if (kw.bucket === bucket) made.delete(k);
            order.delete(bucket);
          }
          expect(m.openWindows).toBe(made.size);
          // Compared by identity, and reported by name when they differ (states are large objects).
          const wrong: string[] = [];
          for (let key = 0; key < KEYS; key++) {
            for (let start = 0; start < STARTS; start++) {
              const w = intervalWindow(start * 10, start * 10 + 10);
              const b = store.find(w);
              if ((b === undefined ? undefined : store.stateIn(b, `k${key}`)) !== made.get(`k${key}@${start}`)) wrong.push(`k${key}@${start}`);
            }
            // Once linked, a key's links reach its live states and nothing else (no released state is kept).
            if (way === 'the key' && n > linkAt) {
              const linked = new Set<State>();
              for (let kw = store.newestOf(`k${key}`); kw !== undefined; kw = kw.olderOfKey) linked.add(kw);
              const live = [...made.values()].filter((kw) => kw.id === `k${key}`);
              if (linked.size !== live.length || live.some((kw) => !linked.has(kw))) wrong.push(`the links of k${key}`);
            }
          }
          for (const [b, states] of order) {
            const listed = [...b.values()];
            if (listed.length !== states.length || listed.some((kw, i) => kw !== states[i])) wrong.push(`the order of [${b.window.start}, ${b.window.end})`);
          }
          expect(wrong).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });
});
