/**
 * The join shell's checkpoint records: aligned across the two inputs (what one input sends after its
 * record waits until the other delivered it too), the state filed once, at the same point of both
 * inputs, and taken back by a restore so the join goes on as the uninterrupted one.
 */
import { Subject } from 'rxjs';
import { intervalJoin, temporalJoin, type EventTimeRecord } from '../../src/index';
import { OperatorStates } from '../../src/core/operatorStates';
import { checkpointStateCodec } from '../../src/state/stateCodec';

interface Ev {
  readonly id: string;
  readonly k: string;
  readonly t: number;
}

const el = <T>(value: T, timestamp: number): EventTimeRecord<T> => ({ kind: 'element', value, timestamp });
const wm = (watermark: number): EventTimeRecord<never> => ({ kind: 'watermark', watermark });
const ev = (id: string, k: string, t: number): Ev => ({ id, k, t });

function intervalHarness() {
  const left = new Subject<EventTimeRecord<Ev>>();
  const right = new Subject<EventTimeRecord<Ev>>();
  const out: unknown[] = [];
  left
    .pipe(intervalJoin(right, { key: (e: Ev) => e.k, otherKey: (e: Ev) => e.k, lowerBound: -5, upperBound: 5, join: (a, b) => `${a.id}+${b.id}` }))
    .subscribe({ next: (r) => out.push(r), error: (e: unknown) => out.push({ error: e }) });
  const send = (side: Subject<EventTimeRecord<Ev>>, e: Ev) => side.next(el(e, e.t));
  return { left, right, out, send };
}

describe('join checkpoints', () => {
  it('holds what an input sends after a barrier until the other input delivers it, and files the state of that point once', () => {
    const h = intervalHarness();
    h.send(h.left, ev('a1', 'k', 10));
    h.left.next(wm(3));
    h.send(h.right, ev('b1', 'k', 12));
    const states = new OperatorStates(1, checkpointStateCodec);
    const barrier: EventTimeRecord<never> = { kind: 'barrier', states };
    h.left.next(barrier);
    h.send(h.left, ev('a2', 'k', 11)); // after the barrier: waits
    h.left.next(wm(8)); // waits too
    expect(h.out).toEqual([el('a1+b1', 12)]);
    h.send(h.right, ev('b2', 'k', 14)); // before the right barrier: joined with a1 now
    h.right.next(wm(6)); // with the left at 3, the output watermark is 3
    expect(h.out).toEqual([el('a1+b1', 12), el('a1+b2', 14), wm(3)]);
    h.right.next(barrier);
    // The barrier goes on once; then a2 meets b1 and b2, and the left watermark 8 with the right 6 moves the output to 6.
    expect(h.out).toEqual([el('a1+b1', 12), el('a1+b2', 14), wm(3), barrier, el('a2+b1', 12), el('a2+b2', 14), wm(6)]);
    expect(states.toJSON()).toEqual({
      'intervalJoin#1': {
        version: 1,
        kind: 'intervalJoin',
        inputs: { left: 3, right: 6, forwarded: 3 },
        watermark: 3,
        horizon: 3,
        metrics: { leftIn: 1, rightIn: 2, joined: 2, droppedLate: 0, badRecords: 0, buffered: 3 },
        keys: [
          {
            key: '"k"',
            left: { times: [10], values: [{ id: 'a1', k: 'k', t: 10 }] },
            right: { times: [12, 14], values: [{ id: 'b1', k: 'k', t: 12 }, { id: 'b2', k: 'k', t: 14 }] },
          },
        ],
      },
    });
  });

  it('a join restored from a barrier goes on as the uninterrupted one', () => {
    const feed = (h: ReturnType<typeof intervalHarness>, from: number, to: number) => {
      const steps: (() => void)[] = [
        () => h.send(h.left, ev('a1', 'k', 10)),
        () => h.send(h.right, ev('b1', 'k', 12)),
        () => h.left.next(wm(9)),
        () => h.right.next(wm(9)),
        () => h.send(h.left, ev('a2', 'k', 16)),
        () => h.send(h.right, ev('b2', 'k', 19)),
        () => h.send(h.right, ev('b3', 'k', 8)),
        () => h.left.next(wm(15)),
        () => h.right.next(wm(15)),
        () => h.send(h.left, ev('a3', 'k', 14)),
        () => h.send(h.right, ev('b4', 'k', 21)),
        () => h.left.complete(),
        () => h.right.complete(),
      ];
      steps.slice(from, to).forEach((s) => s());
    };
    const plain = intervalHarness();
    feed(plain, 0, 13);
    for (let cut = 0; cut <= 11; cut++) {
      const first = intervalHarness();
      feed(first, 0, cut);
      const states = new OperatorStates(1, checkpointStateCodec);
      first.left.next({ kind: 'barrier', states });
      first.right.next({ kind: 'barrier', states });
      const saved = JSON.parse(JSON.stringify(states.toJSON())) as Record<string, never>;
      const second = intervalHarness();
      const restore: EventTimeRecord<never> = { kind: 'restore', states: new OperatorStates(2, checkpointStateCodec, saved) };
      second.left.next(restore);
      second.right.next(restore);
      feed(second, cut, 13);
      const records = (out: unknown[]) => out.filter((r) => (r as { kind?: string }).kind !== 'barrier' && (r as { kind?: string }).kind !== 'restore');
      expect([...records(first.out), ...records(second.out)]).toEqual(records(plain.out));
    }
  });

  it('a temporal join restored with waiting elements emits them in the uninterrupted order', () => {
    const run = (cutAfterSetup: boolean) => {
      const mk = () => {
        const main = new Subject<EventTimeRecord<Ev>>();
        const table = new Subject<EventTimeRecord<Ev>>();
        const out: unknown[] = [];
        main.pipe(temporalJoin(table, { key: (e: Ev) => e.k, tableKey: (e: Ev) => e.k, join: (e, v) => `${e.id}@${v.id}` })).subscribe((r) => out.push(r));
        return { main, table, out };
      };
      let h = mk();
      const before = h.out;
      h.table.next(el(ev('v1', 'k', 0), 0));
      h.table.next(el(ev('w1', 'j', 0), 0));
      h.main.next(el(ev('e1', 'k', 5), 5));
      h.main.next(el(ev('e2', 'j', 5), 5));
      h.main.next(el(ev('e3', 'k', 3), 3));
      h.main.next(wm(10));
      if (cutAfterSetup) {
        const states = new OperatorStates(1, checkpointStateCodec);
        h.main.next({ kind: 'barrier', states });
        h.table.next({ kind: 'barrier', states });
        const saved = JSON.parse(JSON.stringify(states.toJSON())) as Record<string, never>;
        h = mk();
        const restore: EventTimeRecord<never> = { kind: 'restore', states: new OperatorStates(2, checkpointStateCodec, saved) };
        h.main.next(restore);
        h.table.next(restore);
      }
      h.table.next(el(ev('v2', 'k', 4), 4));
      h.table.next(wm(10));
      const strip = (out: unknown[]) => out.filter((r) => (r as { kind: string }).kind === 'element' || (r as { kind: string }).kind === 'watermark');
      return [...strip(before === h.out ? [] : before), ...strip(h.out)];
    };
    expect(run(true)).toEqual(run(false));
    expect(run(false)).toEqual([el('e3@v1', 3), el('e1@v2', 5), el('e2@w1', 5), wm(10)]);
  });

  it('errors the stream naming the join and the value when a held value has no JSON form', () => {
    const left = new Subject<EventTimeRecord<{ k: string; tags: Map<string, number> }>>();
    const right = new Subject<EventTimeRecord<{ k: string }>>();
    const errors: Error[] = [];
    left.pipe(intervalJoin(right, { key: (e) => e.k, otherKey: (e) => e.k, lowerBound: 0, upperBound: 10 })).subscribe({ error: (e: Error) => errors.push(e) });
    left.next(el({ k: 'a', tags: new Map([['x', 1]]) }, 5));
    const states = new OperatorStates(1, checkpointStateCodec);
    left.next({ kind: 'barrier', states });
    right.next({ kind: 'barrier', states });
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^intervalJoin: cannot encode a buffered element: jsonValueCoder: cannot encode a Map at \.tags/)]);
  });

  it('refuses to restore the state of one join into the other, naming both', () => {
    const saved = { version: 1, kind: 'intervalJoin', inputs: { left: 0, right: 0, forwarded: 0 }, watermark: 0, horizon: 0, metrics: {}, keys: [] };
    const main = new Subject<EventTimeRecord<Ev>>();
    const table = new Subject<EventTimeRecord<Ev>>();
    const errors: Error[] = [];
    main.pipe(temporalJoin(table, { key: (e: Ev) => e.k, tableKey: (e: Ev) => e.k, uid: 'j' })).subscribe({ error: (e: Error) => errors.push(e) });
    const restore: EventTimeRecord<never> = { kind: 'restore', states: new OperatorStates(2, checkpointStateCodec, { j: saved }) };
    main.next(restore);
    table.next(restore);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('temporalJoin: cannot restore the state of intervalJoin into temporalJoin: restore only into the pipeline that took it')]);
  });
});
