import { MAX_TIMESTAMP } from '../../src/index';
import { smallRun } from './runs';

const W0 = { start: 0, end: 60_000, maxTimestamp: 59_999 };
const W2 = { start: 120_000, end: 180_000, maxTimestamp: 179_999 };
const ROOT = 'AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(2)).withLateFirings(AfterProcessingTime(delay=10000))';

describe('recordRun', () => {
  it('records arrivals, watermarks, panes with their firings and drops, in the order they happened', () => {
    expect(smallRun().events).toEqual([
      { kind: 'watermark', seq: 0, processingTime: 0, watermark: 0 },
      { kind: 'element', seq: 1, processingTime: 0, eventTime: 1_000, value: 'a', label: 'a' },
      { kind: 'element', seq: 2, processingTime: 0, eventTime: 2_000, value: 'b', label: 'b' },
      {
        kind: 'pane',
        seq: 3,
        processingTime: 0,
        pane: { key: 'k', window: W0, value: 2, pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, timestamp: 59_999 },
        firing: { cause: 'element', inputWatermark: 0, outputWatermark: 0, processingTime: 0, readyTriggers: [ROOT, 'AfterCount(2)'] },
      },
      { kind: 'watermark', seq: 4, processingTime: 5_000, watermark: 61_000 },
      {
        kind: 'pane',
        seq: 5,
        processingTime: 5_000,
        pane: { key: 'k', window: W0, value: 2, pane: { timing: 'ON_TIME', index: 1, onTimeIndex: 0, isFirst: false, isLast: false }, timestamp: 59_999 },
        firing: { cause: 'watermark', inputWatermark: 61_000, outputWatermark: 59_999, processingTime: 5_000, readyTriggers: [ROOT] },
      },
      { kind: 'element', seq: 6, processingTime: 10_000, eventTime: 30_000, value: 'c', label: 'c' },
      {
        kind: 'pane',
        seq: 7,
        processingTime: 20_001,
        pane: { key: 'k', window: W0, value: 3, pane: { timing: 'LATE', index: 2, onTimeIndex: 1, isFirst: false, isLast: false }, timestamp: 59_999 },
        firing: {
          cause: 'processingTime',
          inputWatermark: 61_000,
          outputWatermark: 61_000,
          processingTime: 20_001,
          readyTriggers: [ROOT, 'AfterProcessingTime(delay=10000)'],
        },
      },
      { kind: 'watermark', seq: 8, processingTime: 25_000, watermark: 130_000 },
      { kind: 'element', seq: 9, processingTime: 25_000, eventTime: 5_000, value: 'd', label: 'd' },
      {
        kind: 'dropped',
        seq: 10,
        processingTime: 25_000,
        drop: { value: 'd', timestamp: 5_000, window: W0, reason: 'beyond-allowed-lateness', watermark: 130_000 },
        element: 9,
      },
      { kind: 'element', seq: 11, processingTime: 25_000, eventTime: 125_000, value: 'e', label: 'e' },
      { kind: 'watermark', seq: 12, processingTime: 25_000, watermark: MAX_TIMESTAMP },
      {
        kind: 'pane',
        seq: 13,
        processingTime: 25_000,
        pane: { key: 'k', window: W2, value: 1, pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: 179_999 },
        firing: { cause: 'garbageCollection', inputWatermark: MAX_TIMESTAMP, outputWatermark: 179_999, processingTime: 25_000, readyTriggers: [] },
      },
    ]);
  });
});
