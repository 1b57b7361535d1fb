/** Beam's default trigger: fire when the watermark passes the end of the window, and for every late element after. Beam: `DefaultTriggerStateMachine`. */
import { endOfWindowReached, type TriggerMachine } from './machine.js';

/** The hooks of `{ kind: 'default' }`: it never finishes and keeps no state. */
export const defaultMachine: TriggerMachine = {
  onElement(_n, c) {
    if (!endOfWindowReached(c)) c.setEndOfWindowTimer();
  },
  shouldFire(_n, c) {
    return endOfWindowReached(c);
  },
  onFire() {
    // Repeats forever: nothing to finish or reset.
  },
  onMerge(_n, c) {
    // The watermark trigger does not set the timer here: the element that caused the merge does.
    if (!endOfWindowReached(c)) c.setEndOfWindowTimer();
  },
};
