/**
 * The membership's beats on virtual time over an in-memory bucket: a beat that outlasts the heartbeat
 * (a slow or loaded server) makes the beats due meanwhile skip rather than queue up behind it, so that
 * `leave()` waits for one beat at most and nothing is left scheduled after it.
 */
import type { KV } from '@nats-io/kv';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { joinCluster } from '../../src/nats/index';

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
  const state: { gate: Promise<void> | undefined; endless: boolean } = { gate: undefined, endless: false };
  const write = (key: string, value: string, operation: 'PUT' | 'DEL' = 'PUT') => {
    entries.set(key, { operation, revision: ++revision, value });
    return revision;
  };
  const refuse = () => new Error('wrong last sequence');
  const kv = {
    put: async (key: string, value: string) => {
      calls.push(`put ${key} ${value}`);
      if (state.gate !== undefined) await state.gate;
      return write(key, value);
    },
    get: async (key: string) => {
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
      const prefix = filter.replace(/\*$/, '');
      const keys = [...entries.keys()].filter((k) => k.startsWith(prefix));
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
const settle = async () => {
  for (let i = 0; i < 50; i++) await Promise.resolve();
};

describe('joinCluster beats', () => {
  it('skips the beats due while one is slow instead of queueing them, and leave() waits for that one only', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 1_000);
    const { kv, calls, state } = memoryKv();
    let open: () => void = () => undefined;
    state.gate = new Promise<void>((resolve) => (open = resolve));
    const assignments: number[][] = [];
    const m = joinCluster({ kv, id: 'a', keyGroups: 4, heartbeat: 100, timeout: 400, scheduler, onAssignment: (kgs) => assignments.push(kgs) });
    // Beats due at 0, 100, ..., 1000: the first one's put hangs through all of them.
    scheduler.flush();
    await settle();
    expect(calls.filter((c) => c.startsWith('put') || c.startsWith('delete'))).toEqual(['put hb.a 1']);
    state.gate = undefined;
    open();
    await settle();
    // The slow beat finished: it took the lead and wrote the assignment; no queued beat ran after it.
    expect(calls.filter((c) => c.startsWith('put') || c.startsWith('delete'))).toEqual(['put hb.a 1']);
    expect(m.isLeader()).toBe(true);
    expect(assignments).toEqual([[0, 1, 2, 3]]);
    await m.leave();
    expect(calls.filter((c) => c.startsWith('put') || c.startsWith('delete'))).toEqual(['put hb.a 1', 'delete hb.a', 'delete leader']);
    expect(scheduler.actions.filter((a) => !a.closed)).toEqual([]);
  });

  it('leave() during a slow beat waits for it, then removes the member; no beat runs after', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const { kv, calls, state } = memoryKv();
    const m = joinCluster({ kv, id: 'a', keyGroups: 4, heartbeat: 100, scheduler, onAssignment: () => undefined });
    const advanceTo = async (frame: number) => {
      scheduler.maxFrames = frame;
      scheduler.flush();
      await settle();
    };
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
    const advanceTo = async (frame: number) => {
      scheduler.maxFrames = frame;
      scheduler.flush();
      await settle();
    };
    state.endless = true;
    for (const frame of [0, 100, 200, 300]) await advanceTo(frame);
    expect(calls).toEqual(['put hb.a 1', 'keys']);
    await advanceTo(400);
    expect(calls).toEqual(['put hb.a 1', 'keys', 'keys stopped']);
    expect(errors).toEqual(["joinCluster: listing the heartbeats of a's cluster did not end within the timeout (400 ms)"]);
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
