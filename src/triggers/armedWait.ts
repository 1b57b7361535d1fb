/**
 * When an element may skip a window's trigger: trees that, once their processing-time trigger is armed
 * and until it is due, ignore elements and would not fire. The reducer uses it to keep a window whose
 * early firing is already set as cheap per element as one without a trigger check (see
 * `TriggerRunner.onElement`); the hooks themselves stay the definition.
 */
import type { CompiledTrigger, TriggerNode } from './stateMachine.js';

/**
 * The processing-time node (`armed`) whose target, once set and until processing time passes it, makes
 * `onElement` change no state and set no timer, and `shouldFire` say no.
 */
export interface ArmedWait {
  readonly armed: number;
}

/** The processing-time node of `afterProcessingTime(...)`, `afterSynchronizedProcessingTime()` or `repeatedly` of one. */
function armedNode(n: TriggerNode): TriggerNode | undefined {
  const kind = n.trigger.kind;
  if (kind === 'afterProcessingTime' || kind === 'afterSynchronizedProcessingTime') return n;
  // Repeatedly passes the element to its one sub-trigger and fires when it does; an armed sub has not finished.
  if (kind === 'repeatedly') return armedNode(n.subs[0]);
  return undefined;
}

/**
 * The armed wait of a compiled trigger, or undefined when its elements must always run the hooks.
 * The root is a processing-time trigger (or `repeatedly` of one): armed, it ignores elements and fires
 * only once processing time has passed its target. Or it is the watermark trigger with such an early
 * trigger: its target is set only in the early phase (the on-time firing clears it), where an element
 * goes to the early trigger alone (windows that merge pass it to the late one too, so merging is left
 * out) and the end-of-window timer it sets is one every window has anyway; it fires when the early
 * trigger does or at the end of the window, and the reducer asks every window at its end, so a window
 * still armed has not reached it (a late element's new window fires in the step that armed it).
 */
export function armedWait(compiled: CompiledTrigger, isMerging: boolean): ArmedWait | undefined {
  if (isMerging) return undefined;
  const root = compiled.root;
  if (root.trigger.kind === 'afterWatermark') {
    if (root.subs.length === 0) return undefined;
    const early = root.subs[0];
    const armed = armedNode(early);
    return armed === undefined ? undefined : { armed: armed.index };
  }
  const armed = armedNode(root);
  return armed === undefined ? undefined : { armed: armed.index };
}
