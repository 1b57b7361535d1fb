/** Fires every time its sub-trigger fires, resetting the sub-trigger when it finishes; never finishes itself. Beam: `RepeatedlyStateMachine`. */
import { isFinished, resetTree, type TriggerMachine } from './machine.js';

/** The hooks of `repeatedly(t)`. */
export const repeatedlyMachine: TriggerMachine = {
  onElement(n, c) {
    for (const s of n.subs) s.machine.onElement(s, c);
  },
  shouldFire(n, c) {
    const sub = n.subs[0];
    return sub.machine.shouldFire(sub, c);
  },
  onFire(n, c) {
    const sub = n.subs[0];
    sub.machine.onFire(sub, c);
    if (isFinished(sub, c)) resetTree(sub, c);
  },
  onMerge(n, c) {
    const sub = n.subs[0];
    sub.machine.onMerge(sub, c);
  },
};
