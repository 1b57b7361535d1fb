import { MIN_TIMESTAMP, intervalWindow, type Instant, type TriggerSpec, type Window } from '../../src/index';
import {
  clear,
  compileTrigger,
  isClosed,
  newTriggerState,
  onElement,
  onFire,
  onMerge,
  shouldFire,
  type CompiledTrigger,
  type TriggerContext,
  type TriggerState,
} from '../../src/triggers/stateMachine';

/** A mutable trigger context for driving the state machine by hand. */
export interface HandContext extends TriggerContext {
  window: Window;
  inputWatermark: Instant;
  now: Instant;
  isMerging: boolean;
  state: TriggerState;
}

/**
 * Drives one window's trigger with plain calls, the way the reducer does: `element()` runs onElement,
 * `fires()` asks shouldFire, `fire()` runs onFire. Processing timers the trigger sets are recorded.
 */
export function triggerHarness(trigger: TriggerSpec, window: Window = intervalWindow(0, 10)) {
  const compiled: CompiledTrigger = compileTrigger(trigger);
  const timers: Instant[] = [];
  const ctx: HandContext = {
    window,
    inputWatermark: MIN_TIMESTAMP,
    now: 0,
    isMerging: false,
    state: newTriggerState(compiled),
    setProcessingTimer: (at) => timers.push(at),
    setEndOfWindowTimer: () => undefined,
  };
  const root = compiled.root;
  return {
    compiled,
    root,
    ctx,
    timers,
    element(times = 1): void {
      for (let i = 0; i < times; i++) onElement(root, ctx);
    },
    fires(): boolean {
      return shouldFire(root, ctx);
    },
    /** Fires if the trigger says so; returns whether it fired. */
    fireIfReady(): boolean {
      if (!shouldFire(root, ctx)) return false;
      onFire(root, ctx);
      return true;
    },
    fire(): void {
      onFire(root, ctx);
    },
    clear(): void {
      clear(root, ctx);
    },
    closed(): boolean {
      return isClosed(compiled, ctx.state);
    },
    /** Merges the given states into a fresh state for `ctx.window`, and makes it current. */
    merge(states: TriggerState[]): TriggerState {
      const state = newTriggerState(compiled);
      onMerge(root, { ...ctx, state, merging: states, isMerging: true });
      ctx.state = state;
      return state;
    },
    freshState(): TriggerState {
      return newTriggerState(compiled);
    },
  };
}
