import { explainPane, type RecordedPane } from '../../src/index';
import { retractingRun, smallRun } from './runs';

const ROOT = 'AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(2)).withLateFirings(AfterProcessingTime(delay=10000))';

describe('explainPane', () => {
  const panes = smallRun().events.filter((e): e is RecordedPane => e.kind === 'pane');

  it('says which trigger fired, on what, at which watermarks and processing time, for every cause', () => {
    expect(panes.map((p) => explainPane(p.pane, p.firing))).toEqual([
      'The EARLY pane 0 (first) of key "k" in window [1970-01-01T00:00:00.000Z, 1970-01-01T00:01:00.000Z) fired when an element ' +
        `arrived and AfterCount(2) (inside ${ROOT}) was ready, at input watermark 1970-01-01T00:00:00.000Z, output watermark ` +
        '1970-01-01T00:00:00.000Z and processing time 1970-01-01T00:00:00.000Z.',
      'The ON_TIME pane 1 of key "k" in window [1970-01-01T00:00:00.000Z, 1970-01-01T00:01:00.000Z) fired when the input watermark ' +
        `passed the end of the window and ${ROOT} was ready, at input watermark 1970-01-01T00:01:01.000Z, output watermark ` +
        '1970-01-01T00:00:59.999Z and processing time 1970-01-01T00:00:05.000Z.',
      'The LATE pane 2 of key "k" in window [1970-01-01T00:00:00.000Z, 1970-01-01T00:01:00.000Z) fired when a processing-time timer ' +
        `went off and AfterProcessingTime(delay=10000) (inside ${ROOT}) was ready, at input watermark 1970-01-01T00:01:01.000Z, ` +
        'output watermark 1970-01-01T00:01:01.000Z and processing time 1970-01-01T00:00:20.001Z.',
      'The ON_TIME pane 0 (first and last) of key "k" in window [1970-01-01T00:02:00.000Z, 1970-01-01T00:03:00.000Z) was emitted at ' +
        'garbage collection, without asking the trigger: the input watermark passed the end of the window plus the allowed lateness, ' +
        "so the window's last pane came out and its state was dropped, at input watermark +inf, output watermark " +
        '1970-01-01T00:02:59.999Z and processing time 1970-01-01T00:00:25.000Z.',
    ]);
  });

  it('says a retraction withdraws its pane, ahead of the pane that replaces it, with the firing that pane came with', () => {
    const retracting = retractingRun().events.filter((e): e is RecordedPane => e.kind === 'pane');
    expect(retracting.map((p) => p.pane.retraction === true)).toEqual([false, true, false, true, false]);
    const time = (t: number) => `${t / 1000}s`;
    expect([1, 3].map((i) => explainPane(retracting[i].pane, retracting[i].firing, { formatTime: time, formatProcessingTime: time }))).toEqual([
      'A retraction withdraws the EARLY pane 0 (first) of key "k" in window [0s, 60s), ahead of the pane of that key that replaces it, ' +
        'which fired when an element arrived and AfterCount(1) (inside AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(1))) was ready, ' +
        'at input watermark 0s, output watermark 0s and processing time 0s.',
      'A retraction withdraws the EARLY pane 1 of key "k" in window [0s, 60s), ahead of the pane of that key that replaces it, ' +
        "which came out at garbage collection (watermark past the window's end plus the allowed lateness), " +
        'at input watermark 61s, output watermark 59.999s and processing time 5s.',
    ]);
  });

  it('writes times with the given formatters and keys that are not strings as they are', () => {
    const p = panes[2];
    const text = explainPane({ ...p.pane, key: 42 }, p.firing, { formatTime: (t) => `${t / 1000}s`, formatProcessingTime: (t) => `${t}ms` });
    expect(text).toBe(
      'The LATE pane 2 of key 42 in window [0s, 60s) fired when a processing-time timer went off and AfterProcessingTime(delay=10000) ' +
        `(inside ${ROOT}) was ready, at input watermark 61s, output watermark 61s and processing time 20001ms.`,
    );
  });

  it('names "the trigger" when no trigger node was reported ready', () => {
    const p = panes[1];
    expect(explainPane(p.pane, { ...p.firing, readyTriggers: [] }, { formatTime: String, formatProcessingTime: String })).toBe(
      'The ON_TIME pane 1 of key "k" in window [0, 60000) fired when the input watermark passed the end of the window and the trigger ' +
        'was ready, at input watermark 61000, output watermark 59999 and processing time 5000.',
    );
  });
});

describe('explainPane brief', () => {
  const panes = smallRun().events.filter((e): e is RecordedPane => e.kind === 'pane');

  it('names the inner trigger alone, "the trigger" for the whole one, and garbage collection in a few words', () => {
    const brief = panes.map((p) => explainPane(p.pane, p.firing, { formatTime: String, formatProcessingTime: String, brief: true }));
    expect(brief).toEqual([
      'The EARLY pane 0 (first) of key "k" in window [0, 60000) fired when an element arrived and AfterCount(2) was ready, at input watermark 0, output watermark 0 and processing time 0.',
      'The ON_TIME pane 1 of key "k" in window [0, 60000) fired when the input watermark passed the end of the window and the trigger was ready, at input watermark 61000, output watermark 59999 and processing time 5000.',
      'The LATE pane 2 of key "k" in window [0, 60000) fired when a processing-time timer went off and AfterProcessingTime(delay=10000) was ready, at input watermark 61000, output watermark 61000 and processing time 20001.',
      "The ON_TIME pane 0 (first and last) of key \"k\" in window [120000, 180000) came out at garbage collection (watermark past the window's end plus the allowed lateness), at input watermark 8640000000000000, output watermark 179999 and processing time 25000.",
    ]);
    expect(() => explainPane(panes[0].pane, panes[0].firing, { brief: 'yes' as unknown as boolean })).toThrow(new TypeError('explainPane: brief must be true or false, got "yes"'));
  });
});
