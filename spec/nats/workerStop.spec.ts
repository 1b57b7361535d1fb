/**
 * Stopping a worker and its reads while key groups are handed over, over a client whose reads never
 * deliver and a state store whose saves wait on a gate: nothing is taken after `stop()`, and a read
 * stopped before it registered still ends. Assignments as a membership gives them, one per beat: a take
 * that failed is taken again by the next one, an assignment overtaken by a newer one while it handed
 * key groups over takes nothing, and a take still waiting for a hand-over is told to give up once the
 * key group is assigned away.
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import type { Observable } from 'rxjs';
import { Combine, combinePerKey, fixedWindow, type EventTimeStream, type Pane } from '../../src/index';
import { FencedError, ReadStop, runWorker, type KeyGroupStateStore } from '../../src/nats/index';
import type { KeyGroupCheckpoint } from '../../src/nats/keyGroupState';
import { gatedStateStore, settle } from './gatedStateStore';

const pipeline = (e$: EventTimeStream<{ user: string }>): Observable<Pane<number, string>> =>
  e$.pipe(fixedWindow(10_000), combinePerKey((c: { user: string }) => c.user, Combine.count()));

/** A client whose consumers are never ready: every read waits until it is stopped. */
const idleClient = { consumers: { get: () => new Promise(() => undefined) }, publish: () => new Promise(() => undefined) } as unknown as JetStreamClient;

/** A worker over {@link idleClient} with `state`, assigned key group 0, once that assignment has settled. */
async function workerOfKeyGroup0(state: KeyGroupStateStore): Promise<ReturnType<typeof runWorker>> {
  const worker = runWorker(idleClient, { input: { stream: 'IN', subjectPrefix: 'in' }, output: { subject: 'out.x' }, keyGroups: [], until: 'live', pipeline, state });
  await worker.assign([0]);
  await settle();
  return worker;
}

describe('runWorker stop', () => {
  it('does not take the key groups of an assignment whose hand-over was under way when it stopped', async () => {
    const log: string[] = [];
    const { state, open } = gatedStateStore(log);
    const worker = await workerOfKeyGroup0(state);
    expect(worker.owned()).toEqual([0]);
    // Key group 0 goes: its last checkpoint waits on the gate while the worker is stopped.
    const assigning = worker.assign([1]);
    await settle();
    expect(log).toEqual(['take 0', 'save 0 released=true']);
    let stopped = false;
    const stopping = worker.stop({ release: true }).then((s) => {
      stopped = true;
      return s;
    });
    await settle();
    // stop() waits for the hand-over's last checkpoint too.
    expect(stopped).toBe(false);
    open();
    const stats = await stopping;
    await assigning;
    await settle();
    expect(log).toEqual(['take 0', 'save 0 released=true']);
    expect(worker.owned()).toEqual([]);
    expect(stats.fenced).toBe(0);
  });

  it('takes back a key group whose hand-over is under way only once its released checkpoint is saved', async () => {
    const log: string[] = [];
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let takes = 0;
    const state: KeyGroupStateStore = {
      start: async (keyGroup) => {
        const take = ++takes;
        log.push(`take ${keyGroup} #${take}`);
        return {
          checkpoint: undefined,
          save: async (c: Omit<KeyGroupCheckpoint, 'owner'>) => {
            log.push(`save ${keyGroup} #${take} released=${c.released}`);
            await gate;
          },
        };
      },
    };
    const worker = await workerOfKeyGroup0(state);
    const losing = worker.assign([]);
    await settle();
    // The assignment flips back while the hand-over's last checkpoint waits.
    const regaining = worker.assign([0]);
    await settle();
    expect(log).toEqual(['take 0 #1', 'save 0 #1 released=true']);
    open();
    await losing;
    await regaining;
    await settle();
    expect(log).toEqual(['take 0 #1', 'save 0 #1 released=true', 'take 0 #2']);
    expect(worker.owned()).toEqual([0]);
    expect((await worker.stop({ release: true })).fenced).toBe(0);
    expect(log).toEqual(['take 0 #1', 'save 0 #1 released=true', 'take 0 #2', 'save 0 #2 released=true']);
  });
});

describe('runWorker assign, one call per heartbeat', () => {
  it('takes again, on the next assignment, a key group whose take failed (a server outage, a fenced take)', async () => {
    const log: string[] = [];
    let takes = 0;
    const state: KeyGroupStateStore = {
      start: async (keyGroup) => {
        const take = ++takes;
        log.push(`take ${keyGroup} #${take}`);
        if (take === 1) throw new Error('TimeoutError: timeout');
        if (take === 2) throw new FencedError(keyGroup, `key group ${keyGroup} was taken by another owner`);
        return { checkpoint: undefined, save: async () => undefined };
      },
    };
    const worker = await workerOfKeyGroup0(state);
    expect(log).toEqual(['take 0 #1']);
    expect(worker.owned()).toEqual([]);
    await worker.assign([0]);
    await settle();
    expect(log).toEqual(['take 0 #1', 'take 0 #2']);
    expect(worker.owned()).toEqual([]);
    await worker.assign([0]);
    await settle();
    expect(log).toEqual(['take 0 #1', 'take 0 #2', 'take 0 #3']);
    expect(worker.owned()).toEqual([0]);
    await worker.assign([0]);
    await settle();
    expect(log).toEqual(['take 0 #1', 'take 0 #2', 'take 0 #3']);
    await worker.stop();
  });

  it('an assignment overtaken by a newer one while its lost key groups were handed over takes nothing', async () => {
    const log: string[] = [];
    const { state, open } = gatedStateStore(log);
    const worker = await workerOfKeyGroup0(state);
    // Epoch 2 gives 1 instead of 0; 0's hand-over waits on the gate while epoch 3 takes everything away.
    const second = worker.assign([1]);
    await settle();
    const third = worker.assign([]);
    await settle();
    open();
    await Promise.all([second, third]);
    await settle();
    expect(log).toEqual(['take 0', 'save 0 released=true']);
    expect(worker.owned()).toEqual([]);
    await worker.stop();
  });

  it('tells a take still waiting for a hand-over that the key group is no longer wanted', async () => {
    const signals: { readonly aborted: boolean }[] = [];
    const state: KeyGroupStateStore = {
      start: (_keyGroup, signal) => {
        signals.push(signal!);
        return new Promise(() => undefined);
      },
    };
    const worker = await workerOfKeyGroup0(state);
    expect(signals.map((s) => s?.aborted)).toEqual([false]);
    void worker.assign([]);
    await settle();
    expect(signals.map((s) => s?.aborted)).toEqual([true]);
  });
});

describe('ReadStop', () => {
  it('calls a listener added after the stop at once, so a read that registers late still ends', () => {
    const stop = new ReadStop();
    const calls: string[] = [];
    stop.onStop(() => calls.push('before'));
    stop.stop();
    stop.onStop(() => calls.push('after'));
    stop.stop();
    expect(calls).toEqual(['before', 'after']);
  });
});
