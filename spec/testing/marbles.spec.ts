import { TestScheduler } from 'rxjs/testing';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../src/index';
import { eventTimeMarbles, formatEventTime, parseEventTime } from '../../src/testing/index';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('parseEventTime / formatEventTime', () => {
  it('reads duration literals relative to the origin, bare integers as epoch ms, and ±inf', () => {
    expect(parseEventTime('60s', 1_000_000)).toBe(1_060_000);
    expect(parseEventTime('2m', 0)).toBe(120_000);
    expect(parseEventTime('1500ms', 10)).toBe(1_510);
    expect(parseEventTime('1m30s', 0)).toBe(90_000);
    expect(parseEventTime('1h', 0)).toBe(3_600_000);
    expect(parseEventTime('-5s', 10_000)).toBe(5_000);
    expect(parseEventTime('1704067200000', 5)).toBe(1704067200000);
    expect(parseEventTime(42, 5)).toBe(42);
    expect(parseEventTime('+inf')).toBe(MAX_TIMESTAMP);
    expect(parseEventTime('-inf')).toBe(MIN_TIMESTAMP);
  });

  it.each([['5 s'], ['s'], [''], ['1e3'], ['NaN']])('rejects %j naming the rule', (text) => {
    expect(() => parseEventTime(text)).toThrow(`parseEventTime: an event time must be epoch ms, a duration after the origin ('60s', '2m', '1500ms', '1m30s') or '+inf', got ${JSON.stringify(text)}`);
  });

  it('rejects numbers outside the timestamp range', () => {
    expect(() => parseEventTime(Number.NaN)).toThrow('parseEventTime: an event time must be epoch ms within ±8.64e15, got NaN');
  });

  it('writes instants in the largest whole unit, and reads back what it writes', () => {
    expect([0, 60_000, 61_000, 59_999, -5_000, 120_000].map((t) => formatEventTime(1000 + t, 1000))).toEqual(['0s', '1m', '61s', '59999ms', '-5s', '2m']);
    for (const t of [0, 60_000, 61_000, 59_999, -5_000]) expect(parseEventTime(formatEventTime(t, 7), 7)).toBe(t);
    expect(formatEventTime(MAX_TIMESTAMP)).toBe('+inf');
  });
});

describe('eventTimeMarbles', () => {
  it('turns names into elements, groups into bundles and W: into watermarks, at RxJS frames', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const events$ = cold(...eventTimeMarbles('a b (W:60s) c 10ms (de W:+inf) |', { a: ['x', '5s'], b: ['y', '70s'], c: ['z', '20s'], d: ['p', 1], e: ['q', '1m'] }, { origin: 1000 }));
      expectObservable(events$).toBe('a b (W----) c 10ms (DX------) |', {
        a: { kind: 'element', value: 'x', timestamp: 6_000 },
        b: { kind: 'element', value: 'y', timestamp: 71_000 },
        W: { kind: 'watermark', watermark: 61_000 },
        c: { kind: 'element', value: 'z', timestamp: 21_000 },
        D: { kind: 'bundle', elements: [{ kind: 'element', value: 'p', timestamp: 1 }, { kind: 'element', value: 'q', timestamp: 61_000 }] },
        X: { kind: 'watermark', watermark: MAX_TIMESTAMP },
      } as Record<string, unknown>);
    });
  });

  it('keeps the written order inside a group: watermark, then bundle', () => {
    const [marbles, values] = eventTimeMarbles('(W:1s ab)', { a: [1, '2s'], b: [2, '3s'] });
    expect(Object.values(values)).toEqual([
      { kind: 'watermark', watermark: 1_000 },
      { kind: 'bundle', elements: [{ kind: 'element', value: 1, timestamp: 2_000 }, { kind: 'element', value: 2, timestamp: 3_000 }] },
    ]);
    // '(W:1sab)' is 8 frames in RxJS; the translation takes as many.
    expect(marbles.length).toBe(8 + 1);
  });

  it('reads event times from the values with an eventTime option', () => {
    const [, values] = eventTimeMarbles('a', { a: { at: 5 } }, { eventTime: (v) => v.at * 1000 });
    expect(Object.values(values)).toEqual([{ kind: 'element', value: { at: 5 }, timestamp: 5_000 }]);
  });

  it('works with hot observables and their subscription point', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const events$ = hot(...eventTimeMarbles('a ^ b (W:5s) |', { a: ['x', '1s'], b: ['y', '2s'] }));
      expectObservable(events$).toBe('b (W---) |', {
        b: { kind: 'element', value: 'y', timestamp: 2_000 },
        W: { kind: 'watermark', watermark: 5_000 },
      } as Record<string, unknown>);
    });
  });

  it('names the problem in a bad diagram', () => {
    expect(() => eventTimeMarbles('a x', { a: [1, 0] })).toThrow('eventTimeMarbles: "x" at position 2 has no entry in values');
    expect(() => eventTimeMarbles('(a', { a: [1, 0] })).toThrow("eventTimeMarbles: '(' at position 0 is never closed");
    expect(() => eventTimeMarbles('a)', { a: [1, 0] })).toThrow("eventTimeMarbles: ')' at position 1 closes no group");
    expect(() => eventTimeMarbles('(W:soon)', {})).toThrow('got "soon"');
    expect(() => eventTimeMarbles('a', { a: 1 } as never)).toThrow('eventTimeMarbles: values.a must be a [value, eventTime] pair (or pass an eventTime option), got 1');
  });
});
