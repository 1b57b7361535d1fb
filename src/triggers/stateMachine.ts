/**
 * The trigger state machine: pure hooks over explicit per-window state, following Beam Java's
 * `runners-core` trigger state machines (`TriggerStateMachineRunner`, `ExecutableTriggerStateMachine`
 * and one class per trigger). Every node of the trigger tree has a finished bit and one data slot.
 *
 * Each trigger kind's hooks live together in `machines/` (one file per kind); compiling a tree gives
 * every node the hooks of its kind, and the functions below are the one place that dispatches on them.
 */
import { afterAllMachine } from './machines/afterAll.js';
import { afterCountMachine } from './machines/afterCount.js';
import { afterEachMachine } from './machines/afterEach.js';
import { afterFirstMachine } from './machines/afterFirst.js';
import { processingTimeMachine } from './machines/afterProcessingTime.js';
import { earlyAndLateMachine, endOfWindowMachine } from './machines/afterWatermark.js';
import { defaultMachine } from './machines/default.js';
import { clearTree, type MergeContext, type TriggerContext, type TriggerMachine, type TriggerNode, type TriggerState } from './machines/machine.js';
import { neverMachine } from './machines/never.js';
import { orFinallyMachine } from './machines/orFinally.js';
import { repeatedlyMachine } from './machines/repeatedly.js';
import type { Trigger } from './trigger.js';
import { requireTriggerTree } from './validateTrigger.js';

// Types only: a value re-exported here would become an accessor in CommonJS, on the element path.
export type { MergeContext, TriggerContext, TriggerMachine, TriggerNode, TriggerState } from './machines/machine.js';

/** The compiled trigger of a windowing strategy. */
export interface CompiledTrigger {
  readonly root: TriggerNode;
  readonly size: number;
  /** The state of a new window, copied for each (see `newTriggerState`). */
  readonly blank: TriggerState;
}

/** A kind's hooks and the sub-triggers its node gets, in the order its hooks expect them. */
function machineOf(t: Trigger): { readonly machine: TriggerMachine; readonly children: readonly Trigger[] } {
  switch (t.kind) {
    case 'default':
      return { machine: defaultMachine, children: [] };
    case 'never':
      return { machine: neverMachine, children: [] };
    case 'afterWatermark':
      // With early or late firings: an early node (never, if none given) and a late node when given.
      if (t.early === undefined && t.late === undefined) return { machine: endOfWindowMachine, children: [] };
      return { machine: earlyAndLateMachine, children: t.late === undefined ? [t.early ?? { kind: 'never' }] : [t.early ?? { kind: 'never' }, t.late] };
    case 'afterProcessingTime':
    case 'afterSynchronizedProcessingTime':
      return { machine: processingTimeMachine, children: [] };
    case 'afterCount':
      return { machine: afterCountMachine, children: [] };
    case 'repeatedly':
      return { machine: repeatedlyMachine, children: [t.trigger] };
    case 'afterEach':
      return { machine: afterEachMachine, children: t.triggers };
    case 'afterFirst':
      return { machine: afterFirstMachine, children: t.triggers };
    case 'afterAll':
      return { machine: afterAllMachine, children: t.triggers };
    case 'orFinally':
      return { machine: orFinallyMachine, children: [t.trigger, t.until] };
  }
}

/** Numbers the nodes of a trigger tree in pre-order and gives each the hooks of its kind. */
export function compileTrigger(trigger: Trigger): CompiledTrigger {
  // Strategies made by the operators are checked already (a lookup); a hand-made one is checked here.
  requireTriggerTree('windowing strategy', 'trigger', trigger);
  let next = 0;
  const build = (t: Trigger): TriggerNode => {
    const index = next++;
    const { machine, children } = machineOf(t);
    const subs = children.map(build);
    return { index, trigger: t, subs, end: next, machine };
  };
  const root = build(trigger);
  // Filled by pushing: packed arrays, like the ones a restore builds, so that every state's arrays have
  // one layout (an array made with a length has holes, and the hooks' reads would check for them).
  const blank: TriggerState = { finished: [], data: [] };
  for (let i = 0; i < next; i++) {
    blank.finished.push(false);
    blank.data.push(undefined);
  }
  return { root, size: next, blank };
}

/** Fresh state for a compiled trigger: nothing finished, no data. */
export function newTriggerState(compiled: CompiledTrigger): TriggerState {
  // Copies of packed arrays are packed, and just as long.
  return { finished: compiled.blank.finished.slice(), data: compiled.blank.data.slice() };
}

/** True once the root has finished: the window is closed and further elements are dropped. */
export function isClosed(compiled: CompiledTrigger, state: TriggerState): boolean {
  return state.finished[compiled.root.index];
}

/** Called for every element added to the window (before `shouldFire`). */
export function onElement(n: TriggerNode, c: TriggerContext): void {
  n.machine.onElement(n, c);
}

/** True when the trigger is ready to fire. Has no side effects. */
export function shouldFire(n: TriggerNode, c: TriggerContext): boolean {
  return n.machine.shouldFire(n, c);
}

/** Called when the trigger fires (only after `shouldFire` said yes); may finish nodes. */
export function onFire(n: TriggerNode, c: TriggerContext): void {
  n.machine.onFire(n, c);
}

/**
 * Merges the trigger state of windows merged into `c.window` (session windows). `c.state` starts as
 * the result window's own state (fresh for a new window) and receives the merged state.
 */
export function onMerge(n: TriggerNode, c: MergeContext): void {
  n.machine.onMerge(n, c);
}

/** Clears the node's own state and that of its subtree (finished bits stay). */
export function clear(n: TriggerNode, c: TriggerContext): void {
  clearTree(n, c);
}
