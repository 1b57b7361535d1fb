/** Runs its sub-triggers one after the other, firing with each; finishes after the last. Beam: `AfterEachStateMachine`. */
import { clearTree, firstUnfinished, isFinished, onElementOfCurrent, setFinished, type TriggerMachine } from './machine.js';

/** The hooks of `afterEach(...)`. */
export const afterEachMachine: TriggerMachine = {
  onElement(n, c) {
    onElementOfCurrent(n, c);
  },
  shouldFire(n, c) {
    const sub = firstUnfinished(n, c);
    return sub !== undefined && sub.machine.shouldFire(sub, c);
  },
  onFire(n, c) {
    const sub = firstUnfinished(n, c);
    if (sub) sub.machine.onFire(sub, c);
    if (c.isMerging) for (const s of n.subs) clearTree(s, c);
    setFinished(n, c, firstUnfinished(n, c) === undefined);
  },
  onMerge(n, c) {
    // Sub-triggers after the first unfinished one start over; merging may revive earlier ones.
    let priorFinished = true;
    for (const s of n.subs) {
      if (priorFinished) {
        s.machine.onMerge(s, c);
        priorFinished = isFinished(s, c);
      } else {
        clearTree(s, c);
      }
    }
    setFinished(n, c, firstUnfinished(n, c) === undefined);
  },
};
