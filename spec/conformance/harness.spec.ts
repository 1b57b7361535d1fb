import { matches, runTranscript, toTrigger, type OutputRecord } from './harness';
import { TRANSCRIPTS, type Transcript } from './transcripts';
import { afterCount, afterWatermarkTrigger, repeatedly } from '../../src/index';

const byName = (name: string): Transcript => {
  const t = TRANSCRIPTS.find((x) => x.name === name);
  if (t === undefined) throw new Error(`no transcript ${name}`);
  return t;
};

/** Every pane a transcript run emits, in order. */
function allRecords(t: Transcript): OutputRecord[] {
  const out: OutputRecord[] = [];
  runTranscript(t, (r) => out.push(r));
  return out;
}

const record = (r: Partial<OutputRecord>): OutputRecord => ({
  window: [0, 9],
  values: [1],
  timestamp: 9,
  index: 0,
  nonspeculative_index: 0,
  early: false,
  late: false,
  final: false,
  ...r,
});

describe('transcript harness: matching rules', () => {
  it('compares only the fields an expectation names', () => {
    expect(matches({ window: [0, 9] }, record({ values: [4, 5] }))).toBe(true);
    expect(matches({ values: [] }, record({ values: [] }))).toBe(true);
    expect(matches({ values: [1, 2] }, record({ values: [1, 2, 3] }))).toBe(false);
    expect(matches({ window: [0, 19] }, record({}))).toBe(false);
    expect(matches({ final: false }, record({ final: true }))).toBe(false);
  });

  it('matches greedily in emission order: a vague first expectation takes the first pane', () => {
    const t: Transcript = {
      ...byName('fixed_default'),
      actions: [{ input: [1, 2, 3, 10, 11] }, { watermark: 25 }, { expect: [{}, { window: [0, 9] }] }],
    };
    const result = runTranscript(t);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.kind).toBe('Unmatched output');
  });

  it('accepts several expect actions in a row for the panes of one action', () => {
    const t: Transcript = {
      ...byName('fixed_default'),
      actions: [{ input: [1, 2, 3, 10, 11] }, { watermark: 25 }, { expect: [{ window: [10, 19] }] }, { expect: [{ window: [0, 9] }] }],
    };
    expect(runTranscript(t)).toEqual({ ok: true, panes: 2 });
  });

  it('reports panes nobody expected at the next input, naming that action', () => {
    const t: Transcript = {
      ...byName('discarding_early_fixed'),
      actions: [{ input: [1, 2] }, { input: [4] }],
    };
    const result = runTranscript(t);
    expect(result).toEqual({ ok: false, kind: 'Unexpected output', actionIndex: 1, message: expect.stringMatching(/^Unexpected output/) });
  });

  it('maps AfterWatermark early/late the Java way: an explicit Repeatedly is the same trigger', () => {
    const expected = afterWatermarkTrigger({ early: afterCount(2), late: afterCount(3) });
    expect(toTrigger({ type: 'AfterWatermark', early: { type: 'AfterCount', count: 2 }, late: { type: 'AfterCount', count: 3 } })).toEqual(expected);
    expect(
      toTrigger({
        type: 'AfterWatermark',
        early: { type: 'Repeatedly', subtrigger: { type: 'AfterCount', count: 2 } },
        late: { type: 'Repeatedly', subtrigger: { type: 'AfterCount', count: 3 } },
      }),
    ).toEqual(expected);
    expect(toTrigger({ type: 'Repeatedly', subtrigger: { type: 'AfterCount', count: 2 } })).toEqual(repeatedly(afterCount(2)));
  });
});

describe('transcripts: every pane field under Beam Java rules, beyond what the transcripts check', () => {
  it('fixed_drop_late_data_after_allowed_lateness: the two expired windows get one ON_TIME pane that is also last', () => {
    expect(allRecords(byName('fixed_drop_late_data_after_allowed_lateness'))).toEqual([
      { window: [0, 9], values: [1, 2], timestamp: 9, index: 0, nonspeculative_index: 0, early: false, late: false, final: true },
      { window: [10, 19], values: [10, 11], timestamp: 19, index: 0, nonspeculative_index: 0, early: false, late: false, final: true },
      { window: [80, 89], values: [80, 81], timestamp: 89, index: 0, nonspeculative_index: 0, early: false, late: false, final: false },
      { window: [80, 89], values: [80, 81, 82], timestamp: 89, index: 1, nonspeculative_index: 1, early: false, late: true, final: false },
    ]);
  });

  it('garbage_collection: AfterCount(2) fires once per window for the whole bundle, EARLY and last', () => {
    expect(allRecords(byName('garbage_collection'))).toEqual([
      { window: [0, 9], values: [1, 2, 3], timestamp: 9, index: 0, nonspeculative_index: -1, early: true, late: false, final: true },
      { window: [10, 19], values: [10, 11], timestamp: 19, index: 0, nonspeculative_index: -1, early: true, late: false, final: true },
    ]);
  });

  it('fixed_default_late_data: the late pane is LATE, second, stamped at the end of the window', () => {
    expect(allRecords(byName('fixed_default_late_data'))).toEqual([
      { window: [0, 9], values: [1, 2, 3], timestamp: 9, index: 0, nonspeculative_index: 0, early: false, late: false, final: false },
      { window: [10, 19], values: [10, 11], timestamp: 19, index: 0, nonspeculative_index: 0, early: false, late: false, final: false },
      { window: [20, 29], values: [25], timestamp: 29, index: 0, nonspeculative_index: 0, early: false, late: false, final: false },
      { window: [0, 9], values: [1, 2, 3, 7], timestamp: 9, index: 1, nonspeculative_index: 1, early: false, late: true, final: false },
    ]);
  });

  it('early_late_sessions: pane history restarts for each new merged window and survives a merge into itself', () => {
    expect(allRecords(byName('early_late_sessions'))).toEqual([
      { window: [1, 11], values: [1, 2], timestamp: 11, index: 0, nonspeculative_index: -1, early: true, late: false, final: false },
      { window: [1, 13], values: [1, 2, 3, 4], timestamp: 13, index: 0, nonspeculative_index: -1, early: true, late: false, final: false },
      { window: [1, 14], values: [1, 2, 3, 4, 5], timestamp: 14, index: 0, nonspeculative_index: 0, early: false, late: false, final: false },
      {
        window: [1, 14],
        values: [1, 1, 2, 3, 3, 4, 4, 5],
        timestamp: 14,
        index: 1,
        nonspeculative_index: 1,
        early: false,
        late: true,
        final: false,
      },
    ]);
  });
});
