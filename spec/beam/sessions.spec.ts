/**
 * Session windows and merging, ported from the merging scenarios of Beam Java's `ReduceFnRunnerTest`
 * and the merge cases of the trigger state machine tests. Windows merge once per bundle, before the
 * bundle's elements are added; a window closed by its trigger takes no part in later merges, but a
 * merge whose result is that same window finds it closed.
 */
import { afterCount, afterEach, afterProcessingTime, afterWatermarkTrigger, repeatedly, sessionWindows } from '../../src/index';
import { pane, scenario, w } from './scenario';

const onlyOnTime = { index: 0, onTimeIndex: 0, isFirst: true, isLast: true };

describe('Beam scenarios: session windows', () => {
  it('windows merge before anything fires: one pane for the merged session', () => {
    const s = scenario({ windowFn: sessionWindows(10), accumulation: 'discarding', timestampCombiner: 'earliest' });
    s.bundle(1, 10); // [1, 11) and [10, 20)
    s.watermark(100);
    expect(s.take()).toEqual([pane(w(1, 20), [1, 10], 'ON_TIME', onlyOnTime, 1)]);
  });

  it('end of window and garbage collection in one watermark step: one ON_TIME pane that is also last', () => {
    const s = scenario({ windowFn: sessionWindows(10), accumulation: 'accumulating', allowedLateness: 50, timestampCombiner: 'earliest', closingBehavior: 'fireAlways' });
    s.watermark(0);
    s.bundle(1);
    s.watermark(100);
    expect(s.take()).toEqual([pane(w(1, 11), [1], 'ON_TIME', onlyOnTime, 1)]);
  });

  it('default trigger: the merged session fires only when the watermark passes the merged end', () => {
    const s = scenario({ windowFn: sessionWindows(100) });
    s.bundle(1, 50); // [1, 101) and [50, 150)
    s.watermark(100);
    s.watermark(149);
    expect(s.take()).toEqual([]);
    s.watermark(150);
    expect(s.take()).toEqual([pane(w(1, 150), [1, 50], 'ON_TIME', onlyOnTime, 149)]);
  });

  it('a trigger that finished before garbage collection: nothing more at garbage collection', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: afterWatermarkTrigger(), allowedLateness: 50, timestampCombiner: 'earliest' });
    s.bundle(1, 10);
    s.watermark(30);
    s.watermark(100);
    expect(s.take()).toEqual([pane(w(1, 20), [1, 10], 'ON_TIME', onlyOnTime, 1)]);
  });

  it('an element whose session is exactly a closed session is dropped as closed', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: afterWatermarkTrigger(), allowedLateness: 50, timestampCombiner: 'earliest' });
    s.bundle(1);
    s.watermark(15);
    s.bundle(1);
    s.watermark(100);
    expect(s.take()).toEqual([pane(w(1, 11), [1], 'ON_TIME', onlyOnTime, 1)]);
    expect(s.reducer.metrics.droppedClosed).toBe(1);
  });

  it('new windows that merge into exactly a closed session are all dropped as closed', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: afterCount(2), allowedLateness: 50, timestampCombiner: 'earliest' });
    s.bundle(1, 8); // [1, 18): fires and finishes
    s.bundle(1, 2, 8); // [1, 11), [2, 12), [8, 18) merge to [1, 18) again
    s.watermark(100);
    expect(s.take()).toEqual([pane(w(1, 18), [1, 8], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 1)]);
    expect(s.reducer.metrics.droppedClosed).toBe(3);
  });

  it('a closed session does not poison a new overlapping session', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: afterProcessingTime(5), allowedLateness: 50, timestampCombiner: 'earliest' });
    s.bundle(2); // [2, 12), due at 5
    s.clock(6);
    s.bundle(1, 2, 3); // [1, 13): a new session
    s.watermark(100);
    expect(s.take()).toEqual([
      pane(w(2, 12), [2], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 2),
      pane(w(1, 13), [1, 2, 3], 'ON_TIME', onlyOnTime, 1),
    ]);
    expect(s.reducer.metrics.droppedClosed).toBe(0);
  });

  it('a count trigger sums the counts of merged sessions; a later overlapping session starts afresh', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: afterCount(2), allowedLateness: 100 });
    s.each(1, 2); // [1, 11) + [2, 12) = [1, 12): two elements
    s.bundle(7, 9); // [7, 19) overlaps the closed [1, 12) but does not merge with it
    expect(s.take()).toEqual([
      pane(w(1, 12), [1, 2], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 11),
      pane(w(7, 19), [7, 9], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: true }, 18),
    ]);
  });

  it('repeated count: a merge can make the merged session ready at once', () => {
    const s = scenario({ windowFn: sessionWindows(10), trigger: repeatedly(afterCount(2)), accumulation: 'discarding' });
    s.each(1, 5);
    expect(s.take()).toEqual([pane(w(1, 15), [1, 5], 'EARLY', { index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, 14)]);
  });

  it('early/late watermark trigger: merging with a session that has not reached its end rewinds to the early phase', () => {
    const s = scenario({
      windowFn: sessionWindows(10),
      trigger: afterWatermarkTrigger({ early: afterCount(100), late: afterCount(1) }),
      accumulation: 'accumulating',
      allowedLateness: 100,
    });
    s.bundle(1);
    s.watermark(11);
    expect(s.take()).toEqual([pane(w(1, 11), [1], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 10)]);
    s.bundle(5); // [5, 15) is not late; the merged [1, 15) has not reached its end: no late firing
    expect(s.take()).toEqual([]);
    s.watermark(15);
    expect(s.take()).toEqual([pane(w(1, 15), [1, 5], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 14)]);
  });

  it('sessions that all passed their end stay past it when a late element bridges them', () => {
    const s = scenario({
      windowFn: sessionWindows(10),
      trigger: afterEach(afterWatermarkTrigger(), repeatedly(afterCount(2))),
      accumulation: 'accumulating',
      allowedLateness: 100,
    });
    s.each(1, 15);
    s.watermark(26);
    expect(s.take()).toEqual([
      pane(w(1, 11), [1], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 10),
      pane(w(15, 25), [15], 'ON_TIME', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 24),
    ]);
    s.each(8); // [8, 18) joins both into [1, 25); the watermark part stays finished, so the count of 2 runs
    expect(s.take()).toEqual([]);
    s.each(9);
    expect(s.take()).toEqual([pane(w(1, 25), [1, 8, 9, 15], 'LATE', { index: 0, onTimeIndex: 0, isFirst: true, isLast: false }, 24)]);
  });
});
