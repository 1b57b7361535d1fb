import { runJoinedStream } from '../../demos/cogroupPitfall';

const t0 = 1704067200000;
const W0 = { start: t0, end: t0 + 60_000, maxTimestamp: t0 + 59_999 };
const W1 = { start: t0 + 60_000, end: t0 + 120_000, maxTimestamp: t0 + 119_999 };
const onTime = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: false };

describe('CoGroupByKey of two accumulating groupings (the tutorial pitfall)', () => {
  it('re-accumulates upstream panes: the late pane holds the stale on-time count beside the new one', () => {
    expect(runJoinedStream()).toEqual([
      { key: 'u1', window: W0, value: { count: [2], sum_amount: [35] }, pane: onTime, timestamp: W0.maxTimestamp },
      { key: 'u2', window: W0, value: { count: [1], sum_amount: [8] }, pane: onTime, timestamp: W0.maxTimestamp },
      { key: 'u1', window: W1, value: { count: [1], sum_amount: [-5] }, pane: onTime, timestamp: W1.maxTimestamp },
      { key: 'u2', window: W1, value: { count: [1], sum_amount: [12] }, pane: onTime, timestamp: W1.maxTimestamp },
      { key: 'u3', window: W1, value: { count: [1], sum_amount: [9] }, pane: onTime, timestamp: W1.maxTimestamp },
      {
        key: 'u2',
        window: W0,
        value: { count: [1, 2], sum_amount: [8, 11] },
        pane: { timing: 'LATE', index: 1, onTimeIndex: 1, isFirst: false, isLast: true },
        timestamp: W0.maxTimestamp,
      },
    ]);
  });
});
