/** The element-count trigger: fires once the pane holds `count` elements; the node's data slot holds the count. Beam: `AfterPaneStateMachine.elementCountAtLeast`. */
import { clearTree, finishedInAny, setFinished, type TriggerMachine } from './machine.js';

/** The hooks of `afterCount(n)`: a once-trigger. */
export const afterCountMachine: TriggerMachine = {
  onElement(n, c) {
    c.state.data[n.index] = (c.state.data[n.index] ?? 0) + 1;
  },
  shouldFire(n, c) {
    const t = n.trigger;
    return t.kind === 'afterCount' && (c.state.data[n.index] ?? 0) >= t.count;
  },
  onFire(n, c) {
    clearTree(n, c);
    setFinished(n, c, true);
  },
  onMerge(n, c) {
    if (finishedInAny(n, c)) {
      setFinished(n, c, true);
      c.state.data[n.index] = undefined;
      return;
    }
    let sum = 0;
    for (const s of c.merging) sum += s.data[n.index] ?? 0;
    c.state.data[n.index] = sum;
  },
};
