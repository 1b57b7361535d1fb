/** Fires as its main sub-trigger does until the `until` sub-trigger fires, then finishes. Beam: `OrFinallyStateMachine`. */
import { clearTree, isFinished, setFinished, type TriggerMachine } from './machine.js';

/** The hooks of `orFinally(trigger, until)`; the node's subs are `[trigger, until]`. */
export const orFinallyMachine: TriggerMachine = {
  onElement(n, c) {
    for (const s of n.subs) s.machine.onElement(s, c);
  },
  shouldFire(n, c) {
    const actual = n.subs[0];
    const until = n.subs[1];
    return actual.machine.shouldFire(actual, c) || until.machine.shouldFire(until, c);
  },
  onFire(n, c) {
    const actual = n.subs[0];
    const until = n.subs[1];
    if (until.machine.shouldFire(until, c)) {
      until.machine.onFire(until, c);
      clearTree(actual, c);
    } else {
      actual.machine.onFire(actual, c);
    }
    setFinished(n, c, isFinished(actual, c) || isFinished(until, c));
  },
  onMerge(n, c) {
    for (const s of n.subs) s.machine.onMerge(s, c);
    setFinished(n, c, n.subs.some((s) => isFinished(s, c)));
  },
};
