import { runBatch, runStream, paneLine } from '../../demos/tutorial';

const line = (
  user_id: string,
  count: number,
  sum_amount: number,
  window_start_utc: string,
  window_end_utc: string,
  pane_timing: string,
  pane_is_first: boolean,
  pane_is_last: boolean,
) => JSON.stringify({ user_id, count, sum_amount, window_start_utc, window_end_utc, pane_timing, pane_is_first, pane_is_last });

describe('tutorial demo', () => {
  it('batch: one ON_TIME, first and last pane per key and window, the late-arriving u2 value included', () => {
    expect(runBatch().map(paneLine)).toEqual([
      line('u1', 2, 35, '00:00:00', '00:01:00', 'ON_TIME', true, true),
      line('u2', 2, 11, '00:00:00', '00:01:00', 'ON_TIME', true, true),
      line('u1', 1, -5, '00:01:00', '00:02:00', 'ON_TIME', true, true),
      line('u2', 1, 12, '00:01:00', '00:02:00', 'ON_TIME', true, true),
      line('u3', 1, 9, '00:01:00', '00:02:00', 'ON_TIME', true, true),
    ]);
  });

  it('stream: five ON_TIME panes that are not last, then the accumulated LATE pane at garbage collection', () => {
    expect(runStream().map(paneLine)).toEqual([
      line('u1', 2, 35, '00:00:00', '00:01:00', 'ON_TIME', true, false),
      line('u2', 1, 8, '00:00:00', '00:01:00', 'ON_TIME', true, false),
      line('u1', 1, -5, '00:01:00', '00:02:00', 'ON_TIME', true, false),
      line('u2', 1, 12, '00:01:00', '00:02:00', 'ON_TIME', true, false),
      line('u3', 1, 9, '00:01:00', '00:02:00', 'ON_TIME', true, false),
      line('u2', 2, 11, '00:00:00', '00:01:00', 'LATE', false, true),
    ]);
  });

  it('stream: full pane info, windows and timestamps of every pane', () => {
    const t0 = 1704067200000;
    const W0 = { start: t0, end: t0 + 60_000, maxTimestamp: t0 + 59_999 };
    const W1 = { start: t0 + 60_000, end: t0 + 120_000, maxTimestamp: t0 + 119_999 };
    const onTime = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: false };
    expect(runStream()).toEqual([
      { key: 'u1', window: W0, value: { count: 2, sum_amount: 35 }, pane: onTime, timestamp: W0.maxTimestamp },
      { key: 'u2', window: W0, value: { count: 1, sum_amount: 8 }, pane: onTime, timestamp: W0.maxTimestamp },
      { key: 'u1', window: W1, value: { count: 1, sum_amount: -5 }, pane: onTime, timestamp: W1.maxTimestamp },
      { key: 'u2', window: W1, value: { count: 1, sum_amount: 12 }, pane: onTime, timestamp: W1.maxTimestamp },
      { key: 'u3', window: W1, value: { count: 1, sum_amount: 9 }, pane: onTime, timestamp: W1.maxTimestamp },
      {
        key: 'u2',
        window: W0,
        value: { count: 2, sum_amount: 11 },
        pane: { timing: 'LATE', index: 1, onTimeIndex: 1, isFirst: false, isLast: true },
        timestamp: W0.maxTimestamp,
      },
    ]);
  });
});
