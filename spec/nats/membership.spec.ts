/**
 * The membership's beats on virtual time over an in-memory bucket: a beat that outlasts the heartbeat
 * (a slow or loaded server) makes the beats due meanwhile skip rather than queue up behind it, so that
 * `leave()` waits for one beat at most and nothing is left scheduled after it; a round trip that never
 * answers (a request lost in a server restart) fails its beat after the member timeout, and the beats
 * go on: a member whose heartbeat the leader removed meanwhile puts it again and gets key groups again.
 */
import type { KV } from '@nats-io/kv';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import type { JetStreamClient } from '@nats-io/jetstream';
import { Combine, combinePerKey, fixedWindow, type EventTimeStream } from '../../src/index';
import { joinCluster, runClusterWorker, type Assignment, type KeyGroupStateStore } from '../../src/nats/index';
import { advancer, gatedStateStore, settle } from './gatedStateStore';

interface Entry {
  readonly operation: 'PUT' | 'DEL';
  readonly revision: number;
  readonly value: string;
}

/** The calls `joinCluster` makes, on a map; `put` waits for `gate` while one is set. Puts, deletes and listings are logged in `calls`. */
function memoryKv() {
  const entries = new Map<string, Entry>();
  let revision = 0;
  const calls: string[] = [];
  /** `hang`: the next call of each of these operations never settles. */
  const state: { gate: Promise<void> | undefined; endless: boolean; hang: Set<string>; again: boolean } = { gate: undefined, endless: false, hang: new Set(), again: false };
  const never = <R>(): Promise<R> => new Promise<R>(() => undefined);
  const write = (key: string, value: string, operation: 'PUT' | 'DEL' = 'PUT') => {
    entries.set(key, { operation, revision: ++revision, value });
    return revision;
  };
  const refuse = () => new Error('wrong last sequence');
  const kv = {
    put: async (key: string, value: string) => {
      calls.push(`put ${key} ${value}`);
      if (state.hang.delete('put')) return never<number>();
      if (state.gate !== undefined) await state.gate;
      return write(key, value);
    },
    get: async (key: string) => {
      if (state.hang.delete('get')) return never<null>();
      const e = entries.get(key);
      return e === undefined ? null : { operation: e.operation, revision: e.revision, string: () => e.value };
    },
    create: async (key: string, value: string) => {
      if (entries.get(key)?.operation === 'PUT') throw refuse();
      return write(key, value);
    },
    update: async (key: string, value: string, last: number) => {
      if (entries.get(key)?.revision !== last) throw refuse();
      return write(key, value);
    },
    delete: async (key: string) => {
      calls.push(`delete ${key}`);
      write(key, '', 'DEL');
    },
    /** With `endless`, the listing gives the keys and then waits, as the client's was seen to on a loaded server. */
    keys: async (filter: string) => {
      if (state.hang.delete('keys')) return never<null>();
      const prefix = filter.replace(/\*$/, '');
      const keys = [...entries.keys()].filter((k) => k.startsWith(prefix));
      // With `again`, the listing gives its first key once more at the end, as the client's does when that key is put while it lists.
      if (state.again && keys.length > 0) keys.push(keys[0]!);
      let stop: () => void = () => undefined;
      const stopped = new Promise<IteratorResult<string>>((resolve) => (stop = () => resolve({ done: true, value: undefined })));
      const endless = state.endless;
      calls.push('keys');
      return {
        stop: () => {
          calls.push('keys stopped');
          stop();
        },
        [Symbol.asyncIterator]: () => ({
          next: (): Promise<IteratorResult<string>> => {
            const key = keys.shift();
            if (key !== undefined) return Promise.resolve({ done: false, value: key });
            return endless ? stopped : Promise.resolve({ done: true, value: undefined });
          },
        }),
      };
    },
  };
  return { kv: kv as unknown as KV, calls, state, entries };
}

/** Lets every promise callback that is ready run. */
describe('joinCluster beats', () => {
  it('skips the beats due while one is slow instead of queueing them; a put slower than the timeout fails its beat, and the next beat puts again', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const { kv, calls, state } = memoryKv();
    const errors: string[] = [];
    let open: () => void = () => undefined;
    state.gate = new Promise<void>((resolve) => (open = resolve));
    const assignments: number[][] = [];
    const m = joinCluster({ kv, id: 'a', keyGroups: 4, heartbeat: 100, timeout: 400, scheduler, onAssignment: (kgs) => assignments.push(kgs), onError: (e) => errors.push((e as Error).message) });
    const advanceTo = advancer(scheduler);
    const writes = () => calls.filter((c) => c.startsWith('put') || c.startsWith('delete'));
    // The beat at 0 hangs in its put; those at 100, 200 and 300 come while it does and are skipped.
    for (const frame of [0, 100, 200, 300]) await advanceTo(frame);
    expect(writes()).toEqual(['put hb.a 1']);
    expect(errors).toEqual([]);
    await advanceTo(400);
    expect(errors).toEqual(['joinCluster: putting the heartbeat of a did not answer within the timeout (400 ms)']);
    // The next beat puts again; it is slow too, and finishes once the server answers.
    await advanceTo(500);
    expect(writes()).toEqual(['put hb.a 1', 'put hb.a 2']);
    state.gate = undefined;
    open();
    await settle();
    expect(m.isLeader()).toBe(true);
    expect(assignments).toEqual([[0, 1, 2, 3]]);
    await m.leave();
    expect(writes()).toEqual(['put hb.a 1', 'put hb.a 2', 'delete hb.a', 'delete leader']);
    expect(scheduler.actions.filter((a) => !a.closed)).toEqual([]);
  });

  it.each(['put', 'get', 'keys'])('a %s that never answers fails its beat after the timeout; the member puts its heartbeat again and gets its key groups back', async (op) => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const { kv, state, entries } = memoryKv();
    const errors: string[] = [];
    const seen: Record<string, number[]> = { a: [], b: [] };
    const join = (id: string) =>
      joinCluster({ kv, id, keyGroups: 4, heartbeat: 100, timeout: 400, scheduler, onAssignment: (kgs) => (seen[id] = kgs), onError: (e) => errors.push(`${id}: ${(e as Error).message}`) });
    const advanceTo = advancer(scheduler);
    const a = join('a');
    await advanceTo(0);
    expect(a.isLeader()).toBe(true);
    const b = join('b');
    for (const frame of [100, 200]) await advanceTo(frame);
    expect(seen).toEqual({ a: [0, 1], b: [2, 3] });
    // b's next call of `op` is lost for good (a request lost in a server restart): the beats due meanwhile skip.
    state.hang.add(op);
    for (let frame = 300; frame <= 1_100; frame += 100) await advanceTo(frame);
    expect(state.hang.size).toBe(0);
    expect(errors.length).toBeGreaterThan(0);
    if (op !== 'put') expect(errors[0]).toMatch(/^[ab]: joinCluster: (reading|listing) .* did not answer within the timeout \(400 ms\)$/);
    // Whoever hung, both beat again: b's heartbeat is there and b owns half of the key groups.
    for (let frame = 1_200; frame <= 2_500; frame += 100) await advanceTo(frame);
    expect(entries.get('hb.b')?.operation).toBe('PUT');
    expect(entries.get('hb.a')?.operation).toBe('PUT');
    expect(seen).toEqual({ a: [0, 1], b: [2, 3] });
    await b.leave();
    await a.leave();
    expect(scheduler.actions.filter((x) => !x.closed)).toEqual([]);
  });

  it('a member whose heartbeat the leader removed (its put hung past the timeout) puts it again and gets key groups again', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const { kv, state, entries, calls } = memoryKv();
    const seen: Record<string, number[][]> = { a: [], b: [] };
    const join = (id: string) => joinCluster({ kv, id, keyGroups: 4, heartbeat: 100, timeout: 400, scheduler, onAssignment: (kgs) => seen[id]!.push(kgs) });
    const advanceTo = advancer(scheduler);
    const a = join('a');
    await advanceTo(0);
    // b joins with its first put lost for good: it never wrote a heartbeat, then joins for real.
    state.hang.add('put');
    const b = join('b');
    await advanceTo(100);
    expect(calls.filter((c) => c === 'put hb.b 1')).toHaveLength(1);
    expect(entries.get('hb.b')).toBeUndefined();
    for (let frame = 200; frame <= 1_500; frame += 100) await advanceTo(frame);
    expect(entries.get('hb.b')?.operation).toBe('PUT');
    expect(seen.b!.at(-1)).toEqual([2, 3]);
    expect(seen.a!.at(-1)).toEqual([0, 1]);
    await b.leave();
    await a.leave();
  });

  it('a heartbeat that the listing gives twice (put while it lists) makes no phantom member: every key group keeps an owner', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const { kv, state } = memoryKv();
    const assignments: Assignment[] = [];
    const join = (id: string) => joinCluster({ kv, id, keyGroups: 6, heartbeat: 100, timeout: 400, scheduler, onAssignment: (_, a) => id === 'a' && assignments.push(a) });
    const advanceTo = advancer(scheduler);
    const a = join('a');
    await advanceTo(0);
    const b = join('b');
    await advanceTo(100);
    state.again = true;
    for (let frame = 200; frame <= 1_000; frame += 100) await advanceTo(frame);
    expect(assignments.at(-1)).toEqual({ epoch: 2, owners: { a: [0, 3], b: [3, 6] } });
    expect(new Set(assignments.map((x) => x.epoch))).toEqual(new Set([1, 2]));
    await b.leave();
    await a.leave();
  });

  it('leave() during a slow beat waits for it, then removes the member; no beat runs after', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const { kv, calls, state } = memoryKv();
    const m = joinCluster({ kv, id: 'a', keyGroups: 4, heartbeat: 100, scheduler, onAssignment: () => undefined });
    const advanceTo = advancer(scheduler);
    for (const frame of [0, 100, 200]) await advanceTo(frame);
    expect(calls.filter((c) => c.startsWith('put') || c.startsWith('delete'))).toEqual(['put hb.a 1', 'put hb.a 2', 'put hb.a 3']);
    let open: () => void = () => undefined;
    state.gate = new Promise<void>((resolve) => (open = resolve));
    // The beat at 300 hangs in its put; those at 400 and 500 come while it does.
    for (const frame of [300, 400, 500]) await advanceTo(frame);
    expect(calls.filter((c) => c.startsWith('put') || c.startsWith('delete'))).toEqual(['put hb.a 1', 'put hb.a 2', 'put hb.a 3', 'put hb.a 4']);
    let left = false;
    const leaving = m.leave().then(() => (left = true));
    await settle();
    expect(left).toBe(false);
    state.gate = undefined;
    open();
    await leaving;
    expect(calls.filter((c) => c.startsWith('put') || c.startsWith('delete'))).toEqual(['put hb.a 1', 'put hb.a 2', 'put hb.a 3', 'put hb.a 4', 'delete hb.a', 'delete leader']);
    await advanceTo(2_000);
    expect(calls.filter((c) => c.startsWith('put') || c.startsWith('delete'))).toHaveLength(6);
    expect(scheduler.actions.filter((a) => !a.closed)).toEqual([]);
  });

  it("a listing of the heartbeats that never ends is stopped after the timeout: the beat fails, the next one lists again, leave() ends", async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const { kv, calls, state } = memoryKv();
    const errors: string[] = [];
    const m = joinCluster({ kv, id: 'a', keyGroups: 4, heartbeat: 100, timeout: 400, scheduler, onAssignment: () => undefined, onError: (e) => errors.push((e as Error).message) });
    const advanceTo = advancer(scheduler);
    state.endless = true;
    for (const frame of [0, 100, 200, 300]) await advanceTo(frame);
    expect(calls).toEqual(['put hb.a 1', 'keys']);
    await advanceTo(400);
    expect(calls).toEqual(['put hb.a 1', 'keys', 'keys stopped']);
    expect(errors).toEqual(['joinCluster: listing the heartbeats of a did not answer within the timeout (400 ms)']);
    // The next beat lists again; it hangs too, and leave() waits for it until its timeout.
    await advanceTo(500);
    expect(calls).toEqual(['put hb.a 1', 'keys', 'keys stopped', 'put hb.a 2', 'keys']);
    let left = false;
    const leaving = m.leave().then(() => (left = true));
    await advanceTo(800);
    expect(left).toBe(false);
    await advanceTo(900);
    await leaving;
    expect(calls).toEqual(['put hb.a 1', 'keys', 'keys stopped', 'put hb.a 2', 'keys', 'keys stopped', 'delete hb.a', 'delete leader']);
    expect(errors).toHaveLength(2);
    expect(scheduler.actions.filter((a) => !a.closed)).toEqual([]);
  });
});

describe('runClusterWorker', () => {
  it('after handing everything over for a missed epoch, takes the key groups of the latest assignment, not those of the missed one', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const { kv } = memoryKv();
    const log: string[] = [];
    const { state, open } = gatedStateStore(log);
    /** A client whose reads never deliver. */
    const js = { consumers: { get: () => new Promise(() => undefined) }, publish: () => new Promise(() => undefined) } as unknown as JetStreamClient;
    // Another member leads (its key keeps changing) and writes the assignments.
    const assignment = async (epoch: number, owners: Assignment['owners']) => {
      const entry = await kv.get('assignment');
      if (entry === null) await kv.create('assignment', JSON.stringify({ epoch, owners }));
      else await kv.update('assignment', JSON.stringify({ epoch, owners }), entry.revision);
    };
    const advanceTo = async (frame: number) => {
      await kv.put('leader', 'z');
      scheduler.maxFrames = frame;
      scheduler.flush();
      await settle();
    };
    await assignment(1, { a: [0, 2], z: [2, 4] });
    const w = runClusterWorker(js, {
      input: { stream: 'IN', subjectPrefix: 'in' },
      output: { subject: 'out.x' },
      pipeline: (e$: EventTimeStream<{ user: string }>) => e$.pipe(fixedWindow(10_000), combinePerKey((c: { user: string }) => c.user, Combine.count())),
      state,
      scheduler,
      cluster: { kv, id: 'a', keyGroups: 4, heartbeat: 100, timeout: 400 },
    });
    await advanceTo(0);
    expect(log).toEqual(['take 0', 'take 1']);
    // Epoch 2 went by unseen; epoch 3 keeps 0: a hands both over (the saves wait) to take 0 again afterwards.
    await assignment(3, { a: [0, 1], z: [1, 4] });
    await advanceTo(100);
    expect(log).toEqual(['take 0', 'take 1', 'save 0 released=true', 'save 1 released=true']);
    // Epoch 4, seen on the next beat while the hand-over waits, moves a to 1 alone.
    await assignment(4, { a: [1, 2], z: [0, 1] });
    await advanceTo(200);
    open();
    await settle();
    await advanceTo(300);
    expect(log).toEqual(['take 0', 'take 1', 'save 0 released=true', 'save 1 released=true', 'take 1']);
    expect(w.worker.owned()).toEqual([1]);
    await w.stop();
  });
});
