/**
 * The watermark trigger: fires when the input watermark passes the end of the window, optionally with
 * early firings before it and late firings after it. Compiled with early/late firings, the node has an
 * early sub-node (never, when none was given) and a late one when given. Beam: `AfterWatermarkStateMachine`
 * (`FromEndOfWindow` and `AfterWatermarkEarlyAndLate`).
 */
import {
  clearTree,
  endOfWindowReached,
  finishedInAll,
  isFinished,
  onElementOfCurrent,
  setFinished,
  type TriggerMachine,
} from './machine.js';

/** The hooks of `afterWatermark()` without early or late firings: a once-trigger. */
export const endOfWindowMachine: TriggerMachine = {
  onElement(_n, c) {
    if (!endOfWindowReached(c)) c.setEndOfWindowTimer();
  },
  shouldFire(_n, c) {
    return endOfWindowReached(c);
  },
  onFire(n, c) {
    setFinished(n, c, true);
  },
  onMerge(n, c) {
    setFinished(n, c, finishedInAll(n, c) && endOfWindowReached(c));
  },
};

/** The hooks of `afterWatermark({ early, late })`: early firings repeat until the end of the window, late ones after it. */
export const earlyAndLateMachine: TriggerMachine = {
  onElement(n, c) {
    if (!endOfWindowReached(c)) c.setEndOfWindowTimer();
    onElementOfCurrent(n, c);
  },
  shouldFire(n, c) {
    const early = n.subs[0];
    const late = n.subs.length > 1 ? n.subs[1] : undefined;
    if (!isFinished(early, c)) return early.machine.shouldFire(early, c) || endOfWindowReached(c);
    return late !== undefined && late.machine.shouldFire(late, c);
  },
  onFire(n, c) {
    const early = n.subs[0];
    const late = n.subs.length > 1 ? n.subs[1] : undefined;
    if (!isFinished(early, c)) {
      if (!endOfWindowReached(c)) {
        // An early firing; early firings repeat implicitly.
        early.machine.onFire(early, c);
        clearTree(early, c);
        setFinished(early, c, false);
      } else {
        // The on-time firing: the early phase ends; the late trigger starts afresh.
        if (early.machine.shouldFire(early, c)) early.machine.onFire(early, c);
        setFinished(early, c, true);
        clearTree(early, c);
        if (late === undefined) setFinished(n, c, true);
        else clearTree(late, c);
      }
    } else if (late !== undefined) {
      late.machine.onFire(late, c);
      clearTree(late, c);
      setFinished(late, c, false);
    } else {
      setFinished(n, c, true);
    }
  },
  onMerge(n, c) {
    const early = n.subs[0];
    const late = n.subs.length > 1 ? n.subs[1] : undefined;
    if (!finishedInAll(early, c) || !endOfWindowReached(c)) {
      early.machine.onMerge(early, c);
      setFinished(early, c, false);
      if (late !== undefined) {
        setFinished(late, c, false);
        clearTree(late, c);
      }
    } else {
      setFinished(early, c, true);
      if (late !== undefined) late.machine.onMerge(late, c);
    }
  },
};
