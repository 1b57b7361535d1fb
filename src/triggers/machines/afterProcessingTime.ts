/**
 * Processing-time triggers: armed by the pane's first element, they fire once processing time passes
 * the target (the arrival plus a delay, optionally aligned). The node's data slot holds the target.
 * Beam: `AfterProcessingTimeStateMachine` and `AfterSynchronizedProcessingTimeStateMachine`.
 */
import type { Instant } from '../../time.js';
import { floorMod } from '../../internal/math.js';
import { clearTree, isFinished, setFinished, type TriggerMachine, type TriggerNode } from './machine.js';

/** When a processing-time trigger armed at `now` fires: `now` itself for the synchronized kind. */
function processingTarget(n: TriggerNode, now: Instant): Instant {
  const t = n.trigger;
  if (t.kind !== 'afterProcessingTime') return now;
  let target = now + t.delay;
  if (t.alignTo) {
    const rem = floorMod(target - t.alignTo.offset, t.alignTo.period);
    if (rem !== 0) target += t.alignTo.period - rem;
  }
  return target;
}

/** The hooks of `afterProcessingTime(...)` and `afterSynchronizedProcessingTime()`: once-triggers. */
export const processingTimeMachine: TriggerMachine = {
  onElement(n, c) {
    if (c.state.data[n.index] !== undefined) return; // armed by the pane's first element only
    const target = processingTarget(n, c.now);
    c.state.data[n.index] = target;
    c.setProcessingTimer(target);
  },
  shouldFire(n, c) {
    const target = c.state.data[n.index];
    return target !== undefined && c.now > target;
  },
  onFire(n, c) {
    clearTree(n, c);
    setFinished(n, c, true);
  },
  onMerge(n, c) {
    if (isFinished(n, c)) {
      c.state.data[n.index] = undefined;
      return;
    }
    // The earliest target of the merged windows, so that none of their panes waits longer than it would have.
    let earliest: number | undefined;
    for (const s of c.merging) {
      const v = s.data[n.index];
      if (v !== undefined && (earliest === undefined || v < earliest)) earliest = v;
    }
    c.state.data[n.index] = earliest;
    if (earliest !== undefined) c.setProcessingTimer(earliest);
  },
};
