/** The trigger that never fires: panes come only from the end of the window's lifetime. Beam: `NeverTrigger` (as `Never.ever()`). */
import { setFinished, type TriggerMachine } from './machine.js';

/** The hooks of `{ kind: 'never' }`. */
export const neverMachine: TriggerMachine = {
  onElement() {
    // Keeps no state.
  },
  shouldFire() {
    return false;
  },
  onFire(n, c) {
    // A once-trigger: finished by its (never happening) firing, as the runner does for every such kind.
    setFinished(n, c, true);
  },
  onMerge() {
    // Nothing to merge.
  },
};
