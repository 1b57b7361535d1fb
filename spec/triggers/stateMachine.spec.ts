import {
  afterAll,
  afterCount,
  afterEach,
  afterFirst,
  afterProcessingTime,
  afterSynchronizedProcessingTime,
  afterWatermarkTrigger,
  defaultTrigger,
  neverTrigger,
  orFinally,
  repeatedly,
} from '../../src/index';
import { compileTrigger, newTriggerState } from '../../src/triggers/stateMachine';
import { triggerHarness } from '../helpers/triggerHarness';

// The window [0, 10): maxTimestamp 9, so the end of window is reached when the input watermark is 10 or more.

describe('compileTrigger / newTriggerState', () => {
  it('numbers nodes in pre-order; the watermark trigger gets an early node (never if absent) and a late node', () => {
    const c = compileTrigger(afterWatermarkTrigger({ late: afterCount(2) }));
    expect(c.size).toBe(3);
    expect(c.root.subs.map((s) => [s.index, s.trigger.kind])).toEqual([
      [1, 'never'],
      [2, 'afterCount'],
    ]);
    expect(compileTrigger(afterWatermarkTrigger()).size).toBe(1);
    expect(compileTrigger(orFinally(repeatedly(afterCount(1)), afterCount(3))).size).toBe(4);
    expect(newTriggerState(c)).toEqual({ finished: [false, false, false], data: [undefined, undefined, undefined] });
  });
});

describe('afterCount', () => {
  it('fires once the pane holds n elements, then finishes and clears its count', () => {
    const h = triggerHarness(afterCount(3));
    h.element(2);
    expect(h.fires()).toBe(false);
    h.element();
    expect(h.fires()).toBe(true);
    h.fire();
    expect(h.closed()).toBe(true);
    expect(h.ctx.state).toEqual({ finished: [true], data: [undefined] });
  });

  it('is not affected by the watermark', () => {
    const h = triggerHarness(afterCount(1));
    h.ctx.inputWatermark = 1_000;
    expect(h.fires()).toBe(false);
  });
});

describe('afterProcessingTime', () => {
  it('arms on the first element only: target = now + delay, one processing timer', () => {
    const h = triggerHarness(afterProcessingTime(10));
    h.ctx.now = 100;
    h.element();
    h.ctx.now = 105;
    h.element();
    expect(h.timers).toEqual([110]);
    expect(h.ctx.state.data).toEqual([110]);
  });

  it('is strict: fires only when now is after the target, not at it', () => {
    const h = triggerHarness(afterProcessingTime(10));
    h.ctx.now = 100;
    h.element();
    h.ctx.now = 109;
    expect(h.fires()).toBe(false);
    h.ctx.now = 110;
    expect(h.fires()).toBe(false);
    h.ctx.now = 111;
    expect(h.fires()).toBe(true);
    h.fire();
    expect(h.closed()).toBe(true);
    expect(h.ctx.state.data).toEqual([undefined]);
  });

  it('does not fire without an element', () => {
    const h = triggerHarness(afterProcessingTime(0));
    h.ctx.now = 1_000_000;
    expect(h.fires()).toBe(false);
  });

  it('alignedTo rounds the target up to the next offset + k * period, unchanged when already aligned', () => {
    const aligned = (delay: number, period: number, offset: number | undefined, now: number) => {
      const h = triggerHarness(afterProcessingTime(delay, { alignTo: { period, offset } }));
      h.ctx.now = now;
      h.element();
      return h.timers[0];
    };
    expect(aligned(0, 1_000, undefined, 1_500)).toBe(2_000);
    expect(aligned(0, 1_000, undefined, 2_000)).toBe(2_000);
    expect(aligned(10, 1_000, 300, 1_000)).toBe(1_300);
    expect(aligned(10, 1_000, 300, 1_290)).toBe(1_300);
    expect(aligned(10, 1_000, 300, 1_291)).toBe(2_300);
    expect(aligned(0, 1_000, 0, -1_500)).toBe(-1_000);
  });
});

describe('afterSynchronizedProcessingTime', () => {
  it('targets the arrival time of the first element and fires once the clock moves past it', () => {
    const h = triggerHarness(afterSynchronizedProcessingTime());
    h.ctx.now = 50;
    h.element();
    expect(h.timers).toEqual([50]);
    expect(h.fires()).toBe(false);
    h.ctx.now = 51;
    expect(h.fires()).toBe(true);
    h.fire();
    expect(h.closed()).toBe(true);
  });
});

describe('repeatedly', () => {
  it('fires whenever the inner trigger fires, resets it each time and never finishes', () => {
    const h = triggerHarness(repeatedly(afterCount(2)));
    h.element(2);
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(false);
    expect(h.ctx.state).toEqual({ finished: [false, false], data: [undefined, undefined] });
    h.element();
    expect(h.fires()).toBe(false);
    h.element();
    expect(h.fireIfReady()).toBe(true);
    h.element();
    expect(h.fires()).toBe(false);
    expect(h.closed()).toBe(false);
  });
});

describe('default trigger', () => {
  it('fires whenever the input watermark is past maxTimestamp and never finishes', () => {
    const h = triggerHarness(defaultTrigger());
    h.element();
    h.ctx.inputWatermark = 9;
    expect(h.fires()).toBe(false);
    h.ctx.inputWatermark = 10;
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(false);
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(false);
  });
});

describe('never', () => {
  it('never fires, not even after the end of window', () => {
    const h = triggerHarness(neverTrigger());
    h.element(5);
    h.ctx.inputWatermark = 1_000;
    h.ctx.now = 1_000;
    expect(h.fires()).toBe(false);
    expect(h.closed()).toBe(false);
  });
});

describe('afterWatermark', () => {
  it('without early/late: fires once when the watermark passes maxTimestamp (not at it), then finishes', () => {
    const h = triggerHarness(afterWatermarkTrigger());
    h.element();
    h.ctx.inputWatermark = 9;
    expect(h.fires()).toBe(false);
    h.ctx.inputWatermark = 10;
    expect(h.fires()).toBe(true);
    h.fire();
    expect(h.closed()).toBe(true);
  });

  it('early firings repeat; the on-time firing ends the early phase; late firings repeat and never finish', () => {
    const h = triggerHarness(afterWatermarkTrigger({ early: afterCount(2), late: afterCount(3) }));
    // Early phase: every second element fires; the early trigger is reset each time.
    h.element();
    expect(h.fires()).toBe(false);
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.ctx.state).toEqual({ finished: [false, false, false], data: [undefined, undefined, undefined] });
    h.element(2);
    expect(h.fireIfReady()).toBe(true);
    // Only the early trigger counts elements in the early phase.
    h.element();
    expect(h.ctx.state.data).toEqual([undefined, 1, undefined]);
    // End of window: fires without the early trigger being ready; early is finished and cleared.
    h.ctx.inputWatermark = 10;
    expect(h.fireIfReady()).toBe(true);
    expect(h.ctx.state).toEqual({ finished: [false, true, false], data: [undefined, undefined, undefined] });
    expect(h.closed()).toBe(false);
    expect(h.fires()).toBe(false);
    // Late phase: every third element fires, repeatedly.
    h.element(2);
    expect(h.fires()).toBe(false);
    expect(h.ctx.state.data).toEqual([undefined, undefined, 2]);
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.ctx.state).toEqual({ finished: [false, true, false], data: [undefined, undefined, undefined] });
    h.element(3);
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(false);
  });

  it('early processing-time firings re-arm on the first element after each firing', () => {
    const h = triggerHarness(afterWatermarkTrigger({ early: afterProcessingTime(5) }));
    h.ctx.now = 0;
    h.element();
    h.ctx.now = 6;
    expect(h.fireIfReady()).toBe(true);
    expect(h.fires()).toBe(false);
    h.ctx.now = 7;
    h.element();
    expect(h.timers).toEqual([5, 12]);
    h.ctx.now = 12;
    expect(h.fires()).toBe(false);
    h.ctx.now = 13;
    expect(h.fireIfReady()).toBe(true);
  });

  it('with early firings but no late trigger, the on-time firing finishes the trigger', () => {
    const h = triggerHarness(afterWatermarkTrigger({ early: afterCount(1) }));
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(false);
    h.ctx.inputWatermark = 10;
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(true);
  });

  it('with only a late trigger, nothing fires before the end of window', () => {
    const h = triggerHarness(afterWatermarkTrigger({ late: afterCount(1) }));
    h.element(3);
    expect(h.fires()).toBe(false);
    h.ctx.inputWatermark = 10;
    expect(h.fireIfReady()).toBe(true);
    expect(h.fires()).toBe(false);
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(false);
  });
});

describe('afterEach', () => {
  it('runs the sub-triggers in order, each until it finishes, and finishes after the last', () => {
    const h = triggerHarness(afterEach(afterCount(1), afterCount(2)));
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.ctx.state.finished).toEqual([false, true, false]);
    expect(h.closed()).toBe(false);
    h.element();
    expect(h.fires()).toBe(false);
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(true);
  });

  it('only the current sub-trigger sees elements (non-merging windows)', () => {
    const h = triggerHarness(afterEach(afterCount(2), afterCount(2)));
    h.element();
    expect(h.ctx.state.data).toEqual([undefined, 1, undefined]);
  });
});

describe('afterFirst', () => {
  it('fires as soon as any sub-trigger fires, clears the others and finishes', () => {
    const h = triggerHarness(afterFirst(afterCount(3), afterProcessingTime(10)));
    h.ctx.now = 0;
    h.element();
    expect(h.fires()).toBe(false);
    h.ctx.now = 11;
    expect(h.fires()).toBe(true);
    h.fire();
    expect(h.closed()).toBe(true);
    // The count of the sub-trigger that did not fire is cleared.
    expect(h.ctx.state.data).toEqual([undefined, undefined, undefined]);
  });

  it('fires on the count too', () => {
    const h = triggerHarness(afterFirst(afterCount(2), afterProcessingTime(10)));
    h.element(2);
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(true);
  });
});

describe('afterAll', () => {
  it('fires only when every sub-trigger is ready (or finished), then finishes', () => {
    const h = triggerHarness(afterAll(afterCount(1), afterCount(2)));
    h.element();
    expect(h.fires()).toBe(false);
    h.element();
    expect(h.fires()).toBe(true);
    h.fire();
    expect(h.closed()).toBe(true);
  });

  it('waits for the processing-time sub-trigger as well', () => {
    const h = triggerHarness(afterAll(afterCount(1), afterProcessingTime(5)));
    h.ctx.now = 0;
    h.element();
    expect(h.fires()).toBe(false);
    h.ctx.now = 6;
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(true);
  });
});

describe('orFinally', () => {
  it('fires as the main trigger does until the until-trigger fires, then finishes', () => {
    const h = triggerHarness(orFinally(repeatedly(afterCount(1)), afterCount(3)));
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(false);
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(false);
    // The until-trigger kept counting across the main trigger's firings.
    expect(h.ctx.state.data[3]).toBe(2);
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(true);
  });

  it('finishes when the main trigger finishes', () => {
    const h = triggerHarness(orFinally(afterCount(1), afterCount(5)));
    h.element();
    expect(h.fireIfReady()).toBe(true);
    expect(h.closed()).toBe(true);
  });
});

describe('onMerge (plain calls)', () => {
  it('afterCount sums the counts of the merged windows; finished in any merged window means finished', () => {
    const h = triggerHarness(afterCount(3));
    const a = h.freshState();
    const b = h.freshState();
    a.data[0] = 1;
    b.data[0] = 2;
    h.merge([a, b]);
    expect(h.ctx.state).toEqual({ finished: [false], data: [3] });
    expect(h.fires()).toBe(true);
    const done = h.freshState();
    done.finished[0] = true;
    h.merge([done, a]);
    expect(h.closed()).toBe(true);
  });

  it('afterProcessingTime keeps the earliest target and sets a timer for it', () => {
    const h = triggerHarness(afterProcessingTime(10));
    const a = h.freshState();
    const b = h.freshState();
    a.data[0] = 30;
    b.data[0] = 20;
    h.merge([a, b]);
    expect(h.ctx.state.data).toEqual([20]);
    expect(h.timers).toEqual([20]);
  });
});
