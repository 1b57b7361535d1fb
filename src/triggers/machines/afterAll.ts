/** Fires once, when every one of its sub-triggers has fired. Beam: `AfterAllStateMachine`. */
import { isFinished, setFinished, type TriggerMachine } from './machine.js';

/** The hooks of `afterAll(...)`: a once-trigger. */
export const afterAllMachine: TriggerMachine = {
  onElement(n, c) {
    for (const s of n.subs) if (!isFinished(s, c)) s.machine.onElement(s, c);
  },
  shouldFire(n, c) {
    for (const s of n.subs) if (!isFinished(s, c) && !s.machine.shouldFire(s, c)) return false;
    return true;
  },
  onFire(n, c) {
    for (const s of n.subs) s.machine.onFire(s, c);
    setFinished(n, c, true);
  },
  onMerge(n, c) {
    for (const s of n.subs) s.machine.onMerge(s, c);
    setFinished(n, c, n.subs.every((s) => isFinished(s, c)));
  },
};
