import { NEVER, of, throwError, concat } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { GLOBAL_WINDOW, intervalWindow, type Pane } from '../../src/index';
import { expectPanes, formatPane, formatValue } from '../../src/testing/index';

const pane = (over: Partial<Pane<unknown, unknown>> = {}): Pane<unknown, unknown> => ({
  key: 'k',
  window: intervalWindow(0, 60_000),
  value: 1,
  pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
  timestamp: 59_999,
  ...over,
});

describe('formatPane', () => {
  it('writes key, window, pane info and value; the timestamp only when it is not the end of the window', () => {
    expect(formatPane(pane())).toBe('k [0s, 1m) ON_TIME #0/0 first last 1');
    expect(formatPane({ ...pane(), retraction: true })).toBe('k [0s, 1m) ON_TIME #0/0 first last retraction 1');
    expect(formatPane(pane({ timestamp: 5_000, pane: { timing: 'EARLY', index: 2, onTimeIndex: -1, isFirst: false, isLast: false } }))).toBe(
      'k [0s, 1m) EARLY #2/-1 ts=5s 1',
    );
    expect(formatPane(pane({ key: 'a b', window: GLOBAL_WINDOW, timestamp: GLOBAL_WINDOW.maxTimestamp }))).toBe('"a b" global ON_TIME #0/0 first last 1');
    expect(formatPane(pane({ window: intervalWindow(1_060_000, 1_120_000), timestamp: 1_119_999 }), { origin: 1_000_000 })).toBe('k [1m, 2m) ON_TIME #0/0 first last 1');
  });

  it('writes values as short stable literals', () => {
    expect(formatValue({ count: 2, 'sum-amount': [1, 'x', null, undefined] })).toBe('{count: 2, "sum-amount": [1, "x", null, undefined]}');
    expect(formatValue(new Map([['a', new Set([1])]]))).toBe('Map{"a" => Set{1}}');
    expect(formatValue(new Date(0))).toBe('Date(1970-01-01T00:00:00.000Z)');
  });

  it('writes any value without throwing: cycles, throwing getters, BigInts, symbols, control characters, deep nesting', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    cyclic.list = [cyclic];
    const getter = {
      ok: 1,
      get broken(): number {
        throw new Error('getter');
      },
    };
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let shared: unknown = 0;
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    expect(formatValue(cyclic)).toBe('{a: 1, self: [Circular], list: [[Circular]]}');
    expect(formatValue(getter)).toBe('an object (Object)');
    expect(formatValue(Object.assign(Object.create(null) as object, { a: 1 }))).toBe('{a: 1}');
    expect([formatValue(5n), formatValue(Symbol('s'))]).toEqual(['5n', 'Symbol("s")']);
    expect(formatValue('a\u001b[2J\u009b')).toBe('"a\\u001b[2J\\u009b"');
    expect(formatValue(deep)).toBe(`${'['.repeat(32)}…${']'.repeat(32)}`);
    expect(formatValue(shared).length).toBeLessThan(60_000);
  });

  it('quotes a key with control characters, so a pane line is one visible line', () => {
    expect(formatPane(pane({ key: 'k\u001b[2J\n' }))).toBe('"k\\u001b[2J\\n" [0s, 1m) ON_TIME #0/0 first last 1');
    expect(formatPane(pane({ key: 5n, value: 1n }))).toBe('5n [0s, 1m) ON_TIME #0/0 first last 1n');
  });
});

describe('expectPanes', () => {
  it('passes on the same lines, ignoring blank lines and runs of spaces', () => {
    expectPanes(of(pane(), pane({ key: 'j' }))).toBe(`

      k   [0s, 1m)  ON_TIME #0/0 first last 1
      j [0s, 1m) ON_TIME #0/0 first last 1
    `);
  });

  it('shows an error as a last line', () => {
    expect(() => expectPanes(concat(of(pane()), throwError(() => new Error('boom')))).toBe('k [0s, 1m) ON_TIME #0/0 first last 1')).toThrow(
      'expectPanes: the panes differ (- expected, + actual):\n  k [0s, 1m) ON_TIME #0/0 first last 1\n+ # boom',
    );
  });

  it('shows a stream that did not complete', () => {
    expect(() => expectPanes(concat(of(pane()), NEVER)).toBe('k [0s, 1m) ON_TIME #0/0 first last 1')).toThrow('+ (not complete)');
  });

  it('compares processing times when a line has one, from the moment it subscribed', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, flush }) => {
      const panes = expectPanes(cold('5ms a 10ms b|', { a: pane(), b: pane({ key: 'j' }) }), { flush });
      expect(() => panes.toBe('@5 k [0s, 1m) ON_TIME #0/0 first last 1\n@15 j [0s, 1m) ON_TIME #0/0 first last 1')).toThrow(
        '- @15 j [0s, 1m) ON_TIME #0/0 first last 1\n+ @16 j [0s, 1m) ON_TIME #0/0 first last 1',
      );
      expect(panes.lines).toEqual(['@5 k [0s, 1m) ON_TIME #0/0 first last 1', '@16 j [0s, 1m) ON_TIME #0/0 first last 1']);
    });
  });
});
