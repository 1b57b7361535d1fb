/**
 * The trigger state machine: pure hooks over explicit per-window state, following Beam Java's
 * `runners-core` trigger state machines (`TriggerStateMachineRunner`, `ExecutableTriggerStateMachine`
 * and one class per trigger). Every node of the trigger tree has a finished bit and one data slot.
 */
import type { Instant } from '../time.js';
import { floorMod } from '../windows/fixedWindows.js';
import type { Window } from '../windows/window.js';
import { isOnceTrigger, type Trigger } from './trigger.js';
import { requireTriggerTree } from './validateTrigger.js';

/** A trigger tree with each node numbered in pre-order. */
export interface TriggerNode {
  readonly index: number;
  readonly trigger: Trigger;
  readonly subs: readonly TriggerNode[];
  /** One past the last index of this node's subtree. */
  readonly end: number;
}

/** The compiled trigger of a windowing strategy. */
export interface CompiledTrigger {
  readonly root: TriggerNode;
  readonly size: number;
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

/** Numbers the nodes of a trigger tree. The watermark trigger with early/late firings gets an early node (never, if none given) and a late node. */
export function compileTrigger(trigger: Trigger): CompiledTrigger {
  // Strategies made by the operators are checked already (a lookup); a hand-made one is checked here.
  requireTriggerTree('windowing strategy', 'trigger', trigger);
  let next = 0;
  const build = (t: Trigger): TriggerNode => {
    const index = next++;
    let children: Trigger[] = [];
    switch (t.kind) {
      case 'afterWatermark':
        if (t.early !== undefined || t.late !== undefined) {
          children = [t.early ?? { kind: 'never' }];
          if (t.late !== undefined) children.push(t.late);
        }
        break;
      case 'repeatedly':
        children = [t.trigger];
        break;
      case 'afterEach':
      case 'afterFirst':
      case 'afterAll':
        children = [...t.triggers];
        break;
      case 'orFinally':
        children = [t.trigger, t.until];
        break;
      default:
        break;
    }
    const subs = children.map(build);
    return { index, trigger: t, subs, end: next };
  };
  const root = build(trigger);
  return { root, size: next };
}

/** Fresh state for a compiled trigger: nothing finished, no data. */
export function newTriggerState(compiled: CompiledTrigger): TriggerState {
  return { finished: new Array<boolean>(compiled.size).fill(false), data: new Array<number | undefined>(compiled.size).fill(undefined) };
}

/** True once the root has finished: the window is closed and further elements are dropped. */
export function isClosed(compiled: CompiledTrigger, state: TriggerState): boolean {
  return state.finished[compiled.root.index];
}

const isFinished = (n: TriggerNode, c: TriggerContext) => c.state.finished[n.index];
const setFinished = (n: TriggerNode, c: TriggerContext, v: boolean) => {
  c.state.finished[n.index] = v;
};
const endOfWindowReached = (c: TriggerContext) => c.inputWatermark > c.window.maxTimestamp;
// Plain loops: these run for every element of a window, and a callback would be an allocation per call.
const firstUnfinished = (n: TriggerNode, c: TriggerContext): TriggerNode | undefined => {
  const subs = n.subs;
  for (let i = 0; i < subs.length; i++) if (!c.state.finished[subs[i].index]) return subs[i];
  return undefined;
};
const finishedInAll = (n: TriggerNode, c: MergeContext) => c.merging.every((s) => s.finished[n.index]);
const finishedInAny = (n: TriggerNode, c: MergeContext) => c.merging.some((s) => s.finished[n.index]);

function processingTarget(n: TriggerNode, now: Instant): Instant {
  const t = n.trigger;
  if (t.kind !== 'afterProcessingTime') return now;
  let target = now + t.delay;
  if (t.alignTo) {
    const rem = floorMod(target - t.alignTo.offset, t.alignTo.period);
    if (rem !== 0) target += t.alignTo.period - rem;
  }
  return target;
}

/** Called for every element added to the window (before `shouldFire`). */
export function onElement(n: TriggerNode, c: TriggerContext): void {
  switch (n.trigger.kind) {
    case 'never':
      return;
    case 'default':
      if (!endOfWindowReached(c)) c.setEndOfWindowTimer();
      return;
    case 'afterWatermark':
      if (!endOfWindowReached(c)) c.setEndOfWindowTimer();
      if (n.subs.length === 0) return;
      if (!c.isMerging) {
        const sub = firstUnfinished(n, c);
        if (sub) onElement(sub, c);
      } else {
        for (const s of n.subs) onElement(s, c);
      }
      return;
    case 'afterProcessingTime':
    case 'afterSynchronizedProcessingTime': {
      if (c.state.data[n.index] !== undefined) return; // armed by the pane's first element only
      const target = processingTarget(n, c.now);
      c.state.data[n.index] = target;
      c.setProcessingTimer(target);
      return;
    }
    case 'afterCount':
      c.state.data[n.index] = (c.state.data[n.index] ?? 0) + 1;
      return;
    case 'repeatedly':
    case 'orFinally':
    case 'afterFirst':
      for (const s of n.subs) onElement(s, c);
      return;
    case 'afterAll':
      for (const s of n.subs) if (!isFinished(s, c)) onElement(s, c);
      return;
    case 'afterEach':
      if (!c.isMerging) {
        const sub = firstUnfinished(n, c);
        if (sub) onElement(sub, c);
      } else {
        for (const s of n.subs) onElement(s, c);
      }
      return;
  }
}

/** True when the trigger is ready to fire. Has no side effects. */
export function shouldFire(n: TriggerNode, c: TriggerContext): boolean {
  switch (n.trigger.kind) {
    case 'default':
      return endOfWindowReached(c);
    case 'never':
      return false;
    case 'afterWatermark': {
      if (n.subs.length === 0) return endOfWindowReached(c);
      const early = n.subs[0];
      const late = n.subs.length > 1 ? n.subs[1] : undefined;
      if (!isFinished(early, c)) return shouldFire(early, c) || endOfWindowReached(c);
      return late !== undefined && shouldFire(late, c);
    }
    case 'afterProcessingTime':
    case 'afterSynchronizedProcessingTime': {
      const target = c.state.data[n.index];
      return target !== undefined && c.now > target;
    }
    case 'afterCount':
      return (c.state.data[n.index] ?? 0) >= n.trigger.count;
    case 'repeatedly':
      return shouldFire(n.subs[0], c);
    case 'afterEach': {
      const sub = firstUnfinished(n, c);
      return sub !== undefined && shouldFire(sub, c);
    }
    case 'afterFirst': {
      for (const s of n.subs) if (isFinished(s, c) || shouldFire(s, c)) return true;
      return false;
    }
    case 'afterAll': {
      for (const s of n.subs) if (!isFinished(s, c) && !shouldFire(s, c)) return false;
      return true;
    }
    case 'orFinally':
      return shouldFire(n.subs[0], c) || shouldFire(n.subs[1], c);
  }
}

/** Clears the node's own state and that of its subtree (finished bits stay). */
export function clear(n: TriggerNode, c: TriggerContext): void {
  c.state.data[n.index] = undefined;
  for (const s of n.subs) clear(s, c);
}

/** Clears a subtree completely, finished bits included. */
function resetTree(n: TriggerNode, c: TriggerContext): void {
  for (let i = n.index; i < n.end; i++) c.state.finished[i] = false;
  clear(n, c);
}

/** Called when the trigger fires (only after `shouldFire` said yes); may finish nodes. */
export function onFire(n: TriggerNode, c: TriggerContext): void {
  if (isOnceTrigger(n.trigger)) {
    onOnlyFiring(n, c);
    setFinished(n, c, true);
    return;
  }
  switch (n.trigger.kind) {
    case 'default':
      return;
    case 'afterWatermark': {
      const early = n.subs[0];
      const late = n.subs.length > 1 ? n.subs[1] : undefined;
      if (!isFinished(early, c)) {
        if (!endOfWindowReached(c)) {
          // An early firing; early firings repeat implicitly.
          onFire(early, c);
          clear(early, c);
          setFinished(early, c, false);
        } else {
          // The on-time firing: the early phase ends; the late trigger starts afresh.
          if (shouldFire(early, c)) onFire(early, c);
          setFinished(early, c, true);
          clear(early, c);
          if (late === undefined) setFinished(n, c, true);
          else clear(late, c);
        }
      } else if (late !== undefined) {
        onFire(late, c);
        clear(late, c);
        setFinished(late, c, false);
      } else {
        setFinished(n, c, true);
      }
      return;
    }
    case 'repeatedly': {
      const sub = n.subs[0];
      onFire(sub, c);
      if (isFinished(sub, c)) resetTree(sub, c);
      return;
    }
    case 'afterEach': {
      const sub = firstUnfinished(n, c);
      if (sub) onFire(sub, c);
      if (c.isMerging) for (const s of n.subs) clear(s, c);
      setFinished(n, c, firstUnfinished(n, c) === undefined);
      return;
    }
    case 'orFinally': {
      const [actual, until] = n.subs;
      if (shouldFire(until, c)) {
        onFire(until, c);
        clear(actual, c);
      } else {
        onFire(actual, c);
      }
      setFinished(n, c, isFinished(actual, c) || isFinished(until, c));
      return;
    }
    default:
      return;
  }
}

/** The single firing of a once-trigger. */
function onOnlyFiring(n: TriggerNode, c: TriggerContext): void {
  switch (n.trigger.kind) {
    case 'afterProcessingTime':
    case 'afterSynchronizedProcessingTime':
    case 'afterCount':
      clear(n, c);
      return;
    case 'afterFirst':
      for (const s of n.subs) {
        if (shouldFire(s, c)) onFire(s, c);
        else clear(s, c);
      }
      return;
    case 'afterAll':
      for (const s of n.subs) onFire(s, c);
      return;
    default:
      return;
  }
}

/**
 * Merges the trigger state of windows merged into `c.window` (session windows). `c.state` starts as
 * the result window's own state (fresh for a new window) and receives the merged state.
 */
export function onMerge(n: TriggerNode, c: MergeContext): void {
  switch (n.trigger.kind) {
    case 'default':
      // The watermark trigger does not set the timer here: the element that caused the merge does.
      if (!endOfWindowReached(c)) c.setEndOfWindowTimer();
      return;
    case 'never':
      return;
    case 'afterWatermark': {
      if (n.subs.length === 0) {
        setFinished(n, c, finishedInAll(n, c) && endOfWindowReached(c));
        return;
      }
      const early = n.subs[0];
      const late = n.subs.length > 1 ? n.subs[1] : undefined;
      if (!finishedInAll(early, c) || !endOfWindowReached(c)) {
        onMerge(early, c);
        setFinished(early, c, false);
        if (late !== undefined) {
          setFinished(late, c, false);
          clear(late, c);
        }
      } else {
        setFinished(early, c, true);
        if (late !== undefined) onMerge(late, c);
      }
      return;
    }
    case 'afterProcessingTime':
    case 'afterSynchronizedProcessingTime': {
      if (isFinished(n, c)) {
        c.state.data[n.index] = undefined;
        return;
      }
      let earliest: number | undefined;
      for (const s of c.merging) {
        const v = s.data[n.index];
        if (v !== undefined && (earliest === undefined || v < earliest)) earliest = v;
      }
      c.state.data[n.index] = earliest;
      if (earliest !== undefined) c.setProcessingTimer(earliest);
      return;
    }
    case 'afterCount': {
      if (finishedInAny(n, c)) {
        setFinished(n, c, true);
        c.state.data[n.index] = undefined;
        return;
      }
      let sum = 0;
      for (const s of c.merging) sum += s.data[n.index] ?? 0;
      c.state.data[n.index] = sum;
      return;
    }
    case 'repeatedly':
      onMerge(n.subs[0], c);
      return;
    case 'afterEach': {
      // Sub-triggers after the first unfinished one start over; merging may revive earlier ones.
      let priorFinished = true;
      for (const s of n.subs) {
        if (priorFinished) {
          onMerge(s, c);
          priorFinished = isFinished(s, c);
        } else {
          clear(s, c);
        }
      }
      setFinished(n, c, firstUnfinished(n, c) === undefined);
      return;
    }
    case 'afterFirst':
    case 'orFinally':
      for (const s of n.subs) onMerge(s, c);
      setFinished(n, c, n.subs.some((s) => isFinished(s, c)));
      return;
    case 'afterAll':
      for (const s of n.subs) onMerge(s, c);
      setFinished(n, c, n.subs.every((s) => isFinished(s, c)));
      return;
  }
}
