/**
 * What every trigger state machine shares: the compiled node, the per-window state, the context a hook
 * runs in, the four hooks a kind implements, and the small helpers over a node's finished bit and data
 * slot. Beam: `TriggerStateMachine`, `ExecutableTriggerStateMachine` and `FinishedTriggers`.
 */
import type { Instant } from '../../time.js';
import type { Window } from '../../windows/window.js';
import type { Trigger } from '../trigger.js';

/** A trigger tree with each node numbered in pre-order, carrying the hooks of its kind. */
export interface TriggerNode {
  readonly index: number;
  readonly trigger: Trigger;
  readonly subs: readonly TriggerNode[];
  /** One past the last index of this node's subtree. */
  readonly end: number;
  /** The hooks of the node's kind, chosen once when the tree is compiled. */
  readonly machine: TriggerMachine;
}

/** Per (key, window) trigger state: finished bits and one numeric slot per node (a count or a target time). */
export interface TriggerState {
  readonly finished: boolean[];
  readonly data: (number | undefined)[];
}

/** What a hook may read and do. Event time is the input watermark, as in Beam. */
export interface TriggerContext {
  readonly window: Window;
  readonly inputWatermark: Instant;
  readonly now: Instant;
  readonly isMerging: boolean;
  readonly state: TriggerState;
  setProcessingTimer(at: Instant): void;
  /**
   * Sets the window's end-of-window timer (Beam: `setTimer(window.maxTimestamp(), EVENT_TIME)`). Only the
   * watermark and default triggers set it: a window is asked at its end only when one of them did.
   */
  setEndOfWindowTimer(): void;
}

/**
 * The context of a merge. `merging` holds the states of the windows being merged (the result window's
 * own old state among them when it already existed); `state` is a separate copy that receives the result.
 */
export interface MergeContext extends TriggerContext {
  readonly merging: readonly TriggerState[];
}

/**
 * The behaviour of one trigger kind, as hooks over a node and its context. A hook reaches a sub-trigger
 * through the sub-node's own `machine`. Beam: one `TriggerStateMachine` subclass per trigger.
 */
export interface TriggerMachine {
  /** Called for every element added to the window (before `shouldFire`). */
  onElement(n: TriggerNode, c: TriggerContext): void;
  /** True when the trigger is ready to fire. Has no side effects. */
  shouldFire(n: TriggerNode, c: TriggerContext): boolean;
  /** Called when the trigger fires (only after `shouldFire` said yes); may finish nodes. */
  onFire(n: TriggerNode, c: TriggerContext): void;
  /**
   * Merges the trigger state of windows merged into `c.window` (session windows). `c.state` starts as
   * the result window's own state (fresh for a new window) and receives the merged state.
   */
  onMerge(n: TriggerNode, c: MergeContext): void;
}

/** True once the node has finished in the context's state. */
export const isFinished = (n: TriggerNode, c: TriggerContext): boolean => c.state.finished[n.index];

/** Sets the node's finished bit. */
export const setFinished = (n: TriggerNode, c: TriggerContext, v: boolean): void => {
  c.state.finished[n.index] = v;
};

/** True once the input watermark has passed the end of the context's window. */
export const endOfWindowReached = (c: TriggerContext): boolean => c.inputWatermark > c.window.maxTimestamp;

/** The first sub-trigger not finished yet. */
export const firstUnfinished = (n: TriggerNode, c: TriggerContext): TriggerNode | undefined => {
  // A plain loop: this runs for every element of a window, and a callback would be an allocation per call.
  const subs = n.subs;
  for (let i = 0; i < subs.length; i++) if (!c.state.finished[subs[i].index]) return subs[i];
  return undefined;
};

/**
 * Passes an element to the sub-trigger that runs now: the first unfinished one, or, when windows can
 * merge, every one (a merge may bring back a sub-trigger another window had not finished). Beam:
 * `AfterEachStateMachine.onElement`, which the watermark trigger's early and late phases follow too.
 */
export const onElementOfCurrent = (n: TriggerNode, c: TriggerContext): void => {
  if (!c.isMerging) {
    const sub = firstUnfinished(n, c);
    if (sub) sub.machine.onElement(sub, c);
  } else {
    for (const s of n.subs) s.machine.onElement(s, c);
  }
};

/** True when the node had finished in every window being merged. */
export const finishedInAll = (n: TriggerNode, c: MergeContext): boolean => c.merging.every((s) => s.finished[n.index]);

/** True when the node had finished in some window being merged. */
export const finishedInAny = (n: TriggerNode, c: MergeContext): boolean => c.merging.some((s) => s.finished[n.index]);

/** Clears the node's own state and that of its subtree (finished bits stay). */
export function clearTree(n: TriggerNode, c: TriggerContext): void {
  c.state.data[n.index] = undefined;
  for (const s of n.subs) clearTree(s, c);
}

/** Clears a subtree completely, finished bits included. */
export function resetTree(n: TriggerNode, c: TriggerContext): void {
  for (let i = n.index; i < n.end; i++) c.state.finished[i] = false;
  clearTree(n, c);
}
