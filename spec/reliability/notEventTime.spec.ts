import { filter, type Observable, type OperatorFunction } from 'rxjs';
import {
  afterCount,
  afterWatermark,
  assignEventTime,
  calendarWindow,
  Combine,
  combinePerKey,
  fixedWindow,
  fixedWindows,
  globalWindow,
  groupByKey,
  isOperatorError,
  mergeEventTime,
  sessionWindow,
  slidingWindow,
  triggering,
  windowInto,
  withKeys,
  type EventTimeRecord,
} from '../../src/index';
import type { RunHelpers } from 'rxjs/testing';
import { errorOf, observe } from '../helpers/virtualTime';

type Op = OperatorFunction<EventTimeRecord<unknown>, unknown>;

// Every operator that takes an event-time stream, as the first operator a value reaches.
const operators: [string, Op][] = [
  ['fixedWindow', fixedWindow(10)],
  ['slidingWindow', slidingWindow(20, 10)],
  ['sessionWindow', sessionWindow(10)],
  ['globalWindow', globalWindow()],
  ['calendarWindow', calendarWindow('day')],
  ['windowInto', windowInto(fixedWindows(10))],
  ['triggering', triggering(afterCount(1))],
  ['afterWatermark', afterWatermark()],
  ['combinePerKey', combinePerKey(() => 'k', Combine.count())],
  ['groupByKey', groupByKey(() => 'k')],
  ['withKeys', withKeys(() => 'k')],
  ['mergeEventTime', (source) => mergeEventTime(source)],
];

/** The operator under test, then a grouping (so that a value that got through would come out as a pane). */
function pipeline(op: Op, source: Observable<unknown>): Observable<unknown> {
  return (op(source as Observable<EventTimeRecord<unknown>>) as Observable<EventTimeRecord<unknown>>).pipe(groupByKey(() => 'k'));
}

describe('input that is not an event-time stream errors naming the operator that received it', () => {
  it.each(operators)('%s: plain values (assignEventTime forgotten)', (name, op) => {
    const out = observe(({ cold }) => pipeline(op, cold('-ab|', { a: 1, b: 2 })));
    expect(out).toEqual([[1, { error: expect.any(TypeError) }]]);
    const error = errorOf(out);
    expect(error.message).toBe(`${name}: input is not an event-time stream: start with assignEventTime(...), got 1`);
    expect(isOperatorError(error)).toBe(true);
  });

  it.each(operators)('%s: a hand-made element record with a NaN time', (name, op) => {
    const out = observe(({ cold }) => pipeline(op, cold('a|', { a: { kind: 'element', value: 'x', timestamp: Number.NaN } })));
    expect(out).toEqual([[0, { error: expect.any(TypeError) }]]);
    expect(errorOf(out).message).toBe(`${name}: an element's event time must be a finite number of epoch ms within ±8.64e15, got NaN`);
  });

  it('other malformed records: a watermark, a bundle and a strategy without their contents', () => {
    const message = (record: unknown) => errorOf(observe(({ cold }) => pipeline(fixedWindow(10), cold('a|', { a: record })))).message;
    expect(message({ kind: 'watermark', watermark: '5' })).toBe('fixedWindow: a watermark must be a number of epoch ms within ±8.64e15, got "5"');
    expect(message({ kind: 'bundle', elements: [{ kind: 'element', value: 1, timestamp: 1 }, { kind: 'element', value: 2 }] })).toBe(
      "fixedWindow: an element's event time must be a finite number of epoch ms within ±8.64e15, got undefined",
    );
    expect(message({ kind: 'bundle', elements: [3] })).toBe('fixedWindow: a bundle must hold element records, got 3');
    expect(message({ kind: 'strategy' })).toBe('fixedWindow: a strategy record must carry a strategy, got undefined');
    expect(message({ kind: 'elements', value: 1, timestamp: 1 })).toBe('fixedWindow: input is not an event-time stream: start with assignEventTime(...), got an object (Object)');
  });

  it('panes given to a window operator: the message says to continue with asEventTime()', () => {
    const out = observe(({ cold }) => {
      const panes = cold('a|', { a: 1 }).pipe(assignEventTime((n: number) => n), combinePerKey(() => 'k', Combine.count<number>()));
      return panes.pipe(filter(() => true), (s) => fixedWindow(10)(s as never), groupByKey(() => 'k'));
    });
    expect(errorOf(out).message).toBe('fixedWindow: input is not an event-time stream: put asEventTime() before it to continue from panes, got an object (Object)');
  });

  it('the first operator to receive the value names itself, and the source is unsubscribed at once', () => {
    let source: ReturnType<RunHelpers['cold']> | undefined;
    const out = observe(({ cold }) => {
      source = cold('a 9ms b|', { a: 'not a record', b: 'nor this' });
      return source.pipe((s) => fixedWindow(10)(s as never), afterWatermark(), combinePerKey(() => 'k', Combine.count()));
    });
    expect(out).toEqual([[0, { error: expect.objectContaining({ message: 'fixedWindow: input is not an event-time stream: start with assignEventTime(...), got "not a record"' }) }]]);
    expect(source!.subscriptions).toEqual([{ subscribedFrame: 0, unsubscribedFrame: 0 }]);
  });
});
