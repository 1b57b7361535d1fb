/** Fires once, as soon as any of its sub-triggers would fire. Beam: `AfterFirstStateMachine`. */
import { clearTree, isFinished, setFinished, type TriggerMachine } from './machine.js';

/** The hooks of `afterFirst(...)`: a once-trigger. */
export const afterFirstMachine: TriggerMachine = {
  onElement(n, c) {
    for (const s of n.subs) s.machine.onElement(s, c);
  },
  shouldFire(n, c) {
    for (const s of n.subs) if (isFinished(s, c) || s.machine.shouldFire(s, c)) return true;
    return false;
  },
  onFire(n, c) {
    for (const s of n.subs) {
      if (s.machine.shouldFire(s, c)) s.machine.onFire(s, c);
      else clearTree(s, c);
    }
    setFinished(n, c, true);
  },
  onMerge(n, c) {
    for (const s of n.subs) s.machine.onMerge(s, c);
    setFinished(n, c, n.subs.some((s) => isFinished(s, c)));
  },
};
