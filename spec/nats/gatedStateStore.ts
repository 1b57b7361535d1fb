/**
 * Spec helpers of the membership and worker specs: a key-group state store whose saves wait on a gate,
 * and a virtual clock moved to a frame with the promises it woke settled.
 */
import type { VirtualTimeScheduler } from 'rxjs';
import type { KeyGroupStateStore } from '../../src/nats/index';
import type { KeyGroupCheckpoint } from '../../src/nats/keyGroupState';

/** Lets what is pending run: a few turns of the event loop, each draining the promise callbacks. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * A state store that logs each take (`take N`) and save (`save N released=...`) and holds every save
 * until `open()`: a hand-over stays under way for as long as a spec needs.
 */
export function gatedStateStore(log: string[]): { readonly state: KeyGroupStateStore; readonly open: () => void } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const state: KeyGroupStateStore = {
    start: async (keyGroup) => {
      log.push(`take ${keyGroup}`);
      return {
        checkpoint: undefined,
        save: async (c: Omit<KeyGroupCheckpoint, 'owner'>) => {
          log.push(`save ${keyGroup} released=${c.released}`);
          await gate;
        },
      };
    },
  };
  return { state, open: () => open() };
}

/** Runs `scheduler` up to `frame` and lets what it woke settle. */
export function advancer(scheduler: VirtualTimeScheduler): (frame: number) => Promise<void> {
  return async (frame) => {
    scheduler.maxFrames = frame;
    scheduler.flush();
    await settle();
  };
}
