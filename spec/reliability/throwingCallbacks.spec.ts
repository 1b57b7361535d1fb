import { config, type Observable } from 'rxjs';
import {
  assignEventTime,
  Combine,
  combinePerKey,
  fixedWindow,
  type EventTimeRecord,
  type GroupingOptions,
} from '../../src/index';
import type { RunHelpers } from 'rxjs/testing';
import { observe, type Observed } from '../helpers/virtualTime';

const boom = new Error('boom');
const throwing = (calls: unknown[]) => (...args: unknown[]) => {
  calls.push(args);
  throw boom;
};

/**
 * Runs `build` inside `TestScheduler.run` with RxJS's unhandled-error hook installed (RxJS reports
 * errors it could not deliver through its timeout provider, which `run` makes virtual, so any report
 * happens before `observe` returns).
 */
function observeHooked(build: Parameters<typeof observe>[0]): { out: Observed<unknown>[]; unhandled: unknown[] } {
  const unhandled: unknown[] = [];
  const before = config.onUnhandledError;
  config.onUnhandledError = (e) => unhandled.push(e);
  try {
    return { out: observe(build), unhandled };
  } finally {
    config.onUnhandledError = before;
  }
}

// 1 at 5, then the watermark to 20 (fires [0, 10)), then 2 at 6: dropped, its window is past garbage collection.
const late = <T>(cold: (m: string, v: Record<string, EventTimeRecord<number>>) => Observable<T>) =>
  cold('a-b-c-|', {
    a: { kind: 'element', value: 1, timestamp: 5 },
    b: { kind: 'watermark', watermark: 20 },
    c: { kind: 'element', value: 2, timestamp: 6 },
  });

describe('a user callback or sink that throws errors the stream once, named, with the original as cause', () => {
  const cases: [string, (calls: unknown[]) => GroupingOptions<number>, string, number][] = [
    ['the metrics sink', (calls) => ({ metrics: { next: throwing(calls) } }), 'combinePerKey: the metrics sink threw: boom', 0],
    ['the deadLetters sink', (calls) => ({ deadLetters: { next: throwing(calls) } }), 'combinePerKey: the deadLetters sink threw: boom', 4],
    ['onDropped', (calls) => ({ onDropped: throwing(calls) }), 'combinePerKey: the onDropped callback threw: boom', 4],
    ['onFiring', (calls) => ({ onFiring: throwing(calls) }), 'combinePerKey: the onFiring callback threw: boom', 2],
    ['onMetrics', (calls) => ({ onMetrics: throwing(calls) }), 'combinePerKey: the onMetrics callback threw: boom', 0],
  ];

  // Fed by records (the grouping's own gate), and by assignEventTime (fused: the two share one gate).
  const sources: [string, (cold: RunHelpers['cold']) => Observable<EventTimeRecord<number>>][] = [
    ['records', (cold) => late(cold)],
    ['assignEventTime', (cold) => cold('a-b-c-|', { a: 5, b: 20, c: 6 }).pipe(assignEventTime((t: number) => t, { emitWatermark: 'perElement' }))],
  ];
  const matrix = cases.flatMap(([what, options, message, frame]) => sources.map(([from, source]) => [what, from, options, message, frame, source] as const));

  it.each(matrix)('%s of a grouping fed by %s', (_, __, options, message, frame, source) => {
    const calls: unknown[] = [];
    const { out, unhandled } = observeHooked(({ cold }) =>
      source(cold).pipe(fixedWindow(10), combinePerKey(() => 'k', Combine.count<number>(), options(calls))),
    );
    // The window [0, 10) fires at 2 unless the failure came first; the drop at 4 fails the others.
    const pane = { key: 'k', window: { start: 0, end: 10, maxTimestamp: 9 }, value: 1, pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: 9 };
    expect(out).toEqual([...(frame > 2 ? [[2, { next: pane }]] : []), [frame, { error: expect.objectContaining({ message, cause: boom }) }]]);
    // Called once: a sink that threw is not called again while the stream errors.
    expect(calls).toHaveLength(1);
    expect(unhandled).toEqual([]);
  });

  it.each([
    ['onInvalidValue', 'assignEventTime: the onInvalidValue callback threw: boom', { onInvalid: 'drop' as const }],
    ['deadLetters', 'assignEventTime: the deadLetters sink threw: boom', { onInvalid: 'route' as const }],
  ])('%s of assignEventTime', (which, message, policy) => {
    const calls: unknown[] = [];
    const { out, unhandled } = observeHooked(({ cold }) =>
      cold('a-b-|', { a: 5, b: Number.NaN }).pipe(
        assignEventTime((t: number) => t, { ...policy, ...(which === 'deadLetters' ? { deadLetters: { next: throwing(calls) } } : { onInvalidValue: throwing(calls) }) }),
        fixedWindow(10),
        combinePerKey(() => 'k', Combine.count<number>()),
      ),
    );
    expect(out).toEqual([[2, { error: expect.objectContaining({ message, cause: boom }) }]]);
    expect(calls).toHaveLength(1);
    expect(unhandled).toEqual([]);
  });

  it('a metrics sink that throws while the stream already errors does not hide the first error', () => {
    const { out, unhandled } = observeHooked(({ cold }) =>
      late(cold).pipe(
        fixedWindow(10),
        combinePerKey(
          () => {
            throw new Error('no key');
          },
          Combine.count<number>(),
          { metrics: { next: () => {} }, onMetrics: () => {} },
        ),
      ),
    );
    expect(out).toEqual([[0, { error: expect.objectContaining({ message: 'combinePerKey: the key function threw for 1: no key' }) }]]);
    expect(unhandled).toEqual([]);
    const second = observeHooked(({ cold }) =>
      late(cold).pipe(
        fixedWindow(10),
        combinePerKey(
          () => {
            throw new Error('no key');
          },
          Combine.count<number>(),
          {
            metrics: {
              next: () => {
                throw boom;
              },
            },
          },
        ),
      ),
    );
    expect(second.out).toEqual([[0, { error: expect.objectContaining({ message: 'combinePerKey: the key function threw for 1: no key' }) }]]);
    expect(second.unhandled).toEqual([]);
  });
});
