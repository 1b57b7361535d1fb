/**
 * When an element may skip a window's trigger: trees that, once their processing-time trigger is armed
 * and until it is due, ignore elements and would not fire. The reducer uses it to keep a window whose
 * early firing is already set as cheap per element as one without a trigger check (see
 * `TriggerRunner.onElement`); the hooks themselves stay the definition.
 */
import type { CompiledTrigger } from './stateMachine.js';

/**
 * The index of the processing-time node whose target, once set and until processing time passes it,
 * makes `onElement` change no state and set no timer and `shouldFire` say no; -1 when there is none and
 * every element must run the hooks.
 *
 * The root is `afterProcessingTime(...)` or `afterSynchronizedProcessingTime()`, or `repeatedly` of one
 * (which passes the element to it and fires when it does): armed, it ignores elements and fires only
 * once processing time has passed its target. Or the root is the watermark trigger with such an early
 * trigger: its target is set only in the early phase (the on-time firing clears it), where an element
 * goes to the early trigger alone (windows that merge pass it to the late one too, so merging is left
 * out) and the end-of-window timer it sets is one every window has anyway; it fires when the early
 * trigger does or at the end of the window, and the reducer asks every window at its end, so a window
 * still armed has not reached it (a late element's new window fires in the step that armed it).
 */
export function armedWait(compiled: CompiledTrigger, isMerging: boolean): number {
  let n = compiled.root;
  if (isMerging) return -1;
  if (n.trigger.kind === 'afterWatermark') {
    if (n.subs.length === 0) return -1;
    n = n.subs[0];
  }
  while (n.trigger.kind === 'repeatedly') n = n.subs[0];
  const kind = n.trigger.kind;
  return kind === 'afterProcessingTime' || kind === 'afterSynchronizedProcessingTime' ? n.index : -1;
}
