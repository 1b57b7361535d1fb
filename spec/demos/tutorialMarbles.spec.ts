import { TestScheduler } from 'rxjs/testing';
import { EVENTS, T0, runStream, userSpend, type SpendEvent } from '../../demos/userSpend';
import { eventTimeMarbles, expectPanes, formatPane } from '../../src/testing/index';

const [a, b, c, d, e, f, g] = EVENTS;
const origin = T0 * 1000;
const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

// Frames are processing time (ms); W: is a watermark; (abc) arrives as one bundle.
const TUTORIAL = '(W:0s) (abc) 5s (W:61s def) 5s g (W:121s) (W:+inf) |';
const values = { a, b, c, d, e, f, g };
const eventTime = (ev: SpendEvent) => ev.event_time * 1000;

describe('the tutorial stream as event-time marbles', () => {
  it('gives the six panes of the TestStream version, with the processing time of each', () => {
    scheduler().run(({ cold, flush }) => {
      const events$ = cold(...eventTimeMarbles(TUTORIAL, values, { origin, eventTime }));
      expectPanes(events$.pipe(userSpend()), { origin, flush }).toBe(`
        @5011  u1 [0s, 1m) ON_TIME #0/0 first {count: 2, sum_amount: 35}
        @5011  u2 [0s, 1m) ON_TIME #0/0 first {count: 1, sum_amount: 8}
        @10022 u1 [1m, 2m) ON_TIME #0/0 first {count: 1, sum_amount: -5}
        @10022 u2 [1m, 2m) ON_TIME #0/0 first {count: 1, sum_amount: 12}
        @10022 u3 [1m, 2m) ON_TIME #0/0 first {count: 1, sum_amount: 9}
        @10030 u2 [0s, 1m) LATE    #1/1 last  {count: 2, sum_amount: 11}
      `);
    });
  });

  it('matches the demo run pane for pane', () => {
    scheduler().run(({ cold, flush }) => {
      const panes = expectPanes(cold(...eventTimeMarbles(TUTORIAL, values, { origin, eventTime })).pipe(userSpend()), { origin, flush });
      panes.toBe(runStream().map((p) => formatPane(p, { origin })).join('\n'));
    });
  });

  it('fails with a line diff naming the pane that differs', () => {
    scheduler().run(({ cold, flush }) => {
      const panes = expectPanes(cold(...eventTimeMarbles(TUTORIAL, values, { origin, eventTime })).pipe(userSpend()), { origin, flush });
      expect(() =>
        panes.toBe(`
          u1 [0s, 1m) ON_TIME #0/0 first {count: 2, sum_amount: 35}
          u2 [0s, 1m) ON_TIME #0/0 first {count: 1, sum_amount: 8}
          u1 [1m, 2m) ON_TIME #0/0 first {count: 1, sum_amount: -5}
          u2 [1m, 2m) ON_TIME #0/0 first {count: 1, sum_amount: 12}
          u3 [1m, 2m) ON_TIME #0/0 first {count: 1, sum_amount: 9}
          u2 [0s, 1m) LATE #1/1 last {count: 2, sum_amount: 12}
        `),
      ).toThrow(
        [
          'expectPanes: the panes differ (- expected, + actual):',
          '  u1 [0s, 1m) ON_TIME #0/0 first {count: 2, sum_amount: 35}',
          '  u2 [0s, 1m) ON_TIME #0/0 first {count: 1, sum_amount: 8}',
          '  u1 [1m, 2m) ON_TIME #0/0 first {count: 1, sum_amount: -5}',
          '  u2 [1m, 2m) ON_TIME #0/0 first {count: 1, sum_amount: 12}',
          '  u3 [1m, 2m) ON_TIME #0/0 first {count: 1, sum_amount: 9}',
          '- u2 [0s, 1m) LATE #1/1 last {count: 2, sum_amount: 12}',
          '+ u2 [0s, 1m) LATE #1/1 last {count: 2, sum_amount: 11}',
        ].join('\n'),
      );
    });
  });
});
