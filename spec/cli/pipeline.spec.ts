import { exactMergeOf } from '../../src/combiners/exactMerge';
import type { CliEvent } from '../../src/cli/events';
import { orNull } from '../../src/cli/pipeline';
import { Combine } from '../../src/index';
import { ndjson, pane, parsed, runCli, spawnCli } from './helpers';

jest.setTimeout(20_000);

const M0 = ['1970-01-01T00:00:00.000Z', '1970-01-01T00:01:00.000Z'] as const;
const M1 = ['1970-01-01T00:01:00.000Z', '1970-01-01T00:02:00.000Z'] as const;
const summary = (lines: number, events: number, dropped: number, panes: number) =>
  `rxjs-event-time: summary: lines=${lines} events=${events} bad=0 blank=0 dropped=${dropped} panes=${panes}\n`;

/** 1..200 in a scrambled order (37 and 200 share no factor), all in the first minute. */
const HUNDREDS = Array.from({ length: 200 }, (_, i) => ({ host: i % 2 === 0 ? 'a' : 'b', t: i * 100, ms: ((i * 37) % 200) + 1 }));

describe('rxjs-event-time window: overall results without --key', () => {
  it('every record is in one group, written with the key null', async () => {
    const r = await spawnCli(['window', '--time', 't', '--size', '1m'], ndjson([
      { user: 'u1', t: 1_000 },
      { user: 'u2', t: 2_000 },
      { t: 3_000 },
      { user: 'u1', t: 61_000 },
    ]));
    expect(parsed(r.stdout)).toEqual([pane(null, ...M0, { count: 3 }, 'ON_TIME', 0, 0, true, true), pane(null, ...M1, { count: 1 }, 'ON_TIME', 0, 0, true, true)]);
    expect([r.code, r.stderr]).toEqual([0, summary(4, 4, 0, 2)]);
  });

  it('with --key, a null key field is still refused, not mixed into the overall group', async () => {
    const r = await runCli(['window', '-k', 'user', '-t', 't', '--size', '1m'], ndjson([{ user: null, t: 1_000 }, { user: 'u1', t: 2_000 }]));
    expect(parsed(r.stdout)).toEqual([pane('u1', ...M0, { count: 1 }, 'ON_TIME', 0, 0, true, true)]);
    expect(r.stderr).toBe(
      'line 1: key field "user" must be a string, number or boolean, got null\n' +
        'rxjs-event-time: summary: lines=2 events=1 bad=1 blank=0 dropped=0 panes=1\n',
    );
  });
});

describe('rxjs-event-time window --min, --max, --percentile', () => {
  it('per key and window, in one pass with count, sum and mean, in that order of fields', async () => {
    const r = await spawnCli(['window', '-k', 'k', '-t', 't', '--size', '1m', '--count', '--sum', 'v', '--mean', 'v', '--min', 'v', '--max', 'v', '--percentile', '50:v'], ndjson([
      { k: 'a', t: 1_000, v: 4 },
      { k: 'a', t: 2_000, v: -2 },
      { k: 'b', t: 3_000, v: 7.5 },
      { k: 'a', t: 4_000, v: 10 },
      { k: 'a', t: 61_000, v: 1 },
    ]));
    expect(r.stdout.split('\n')[0]).toBe(
      '{"key":"a","window_start":"1970-01-01T00:00:00.000Z","window_end":"1970-01-01T00:01:00.000Z",' +
        '"value":{"count":3,"sum_v":12,"mean_v":4,"min_v":-2,"max_v":10,"p50_v":4},' +
        '"pane":{"timing":"ON_TIME","index":0,"onTimeIndex":0,"isFirst":true,"isLast":true}}',
    );
    expect(parsed(r.stdout)).toEqual([
      pane('a', ...M0, { count: 3, sum_v: 12, mean_v: 4, min_v: -2, max_v: 10, p50_v: 4 }, 'ON_TIME', 0, 0, true, true),
      pane('b', ...M0, { count: 1, sum_v: 7.5, mean_v: 7.5, min_v: 7.5, max_v: 7.5, p50_v: 7.5 }, 'ON_TIME', 0, 0, true, true),
      pane('a', ...M1, { count: 1, sum_v: 1, mean_v: 1, min_v: 1, max_v: 1, p50_v: 1 }, 'ON_TIME', 0, 0, true, true),
    ]);
    expect([r.code, r.stderr]).toEqual([0, summary(5, 5, 0, 3)]);
  });

  it('percentiles are the values at sorted position ⌊P/100 × (n − 1)⌋, exact below 512 values a window', async () => {
    const r = await runCli(
      ['window', '-t', 't', '--size', '1m', '--percentile', '0:ms', '--percentile', '50:ms', '--percentile', '95:ms', '--percentile', '99.9:ms', '--percentile', '100:ms'],
      ndjson(HUNDREDS),
    );
    // n = 200, values 1..200: positions 0, ⌊99.5⌋ = 99, ⌊189.05⌋ = 189, ⌊198.801⌋ = 198, 199.
    expect(parsed(r.stdout)).toEqual([pane(null, ...M0, { p0_ms: 1, p50_ms: 100, p95_ms: 190, 'p99.9_ms': 199, p100_ms: 200 }, 'ON_TIME', 0, 0, true, true)]);
    expect(r.stderr).toBe(summary(200, 200, 0, 1));
  });

  it('per key: the two hosts hold the odd and the even values', async () => {
    const r = await runCli(['window', '-k', 'host', '-t', 't', '--size', '1m', '--min', 'ms', '--max', 'ms', '--percentile', '50:ms'], ndjson(HUNDREDS));
    expect(parsed(r.stdout)).toEqual([
      pane('a', ...M0, { min_ms: 1, max_ms: 199, p50_ms: 99 }, 'ON_TIME', 0, 0, true, true),
      pane('b', ...M0, { min_ms: 2, max_ms: 200, p50_ms: 100 }, 'ON_TIME', 0, 0, true, true),
    ]);
  });

  it('an empty pane has null for each (the field is kept, JSON has no undefined)', async () => {
    // Discarding: the early pane takes both records, the ON_TIME pane that follows is empty.
    const r = await runCli(['window', '-k', 'k', '-t', 't', '--size', '1m', '--early-count', '2', '--min', 'v', '--max', 'v', '--percentile', '90:v'], ndjson([
      { k: 'a', t: 1_000, v: 1 },
      { k: 'a', t: 2_000, v: 2 },
      { k: 'a', t: 70_000, v: 5 },
    ]));
    expect(parsed(r.stdout)).toEqual([
      pane('a', ...M0, { min_v: 1, max_v: 2, p90_v: 1 }, 'EARLY', 0, -1, true, false),
      pane('a', ...M0, { min_v: null, max_v: null, p90_v: null }, 'ON_TIME', 1, 0, false, true),
      pane('a', ...M1, { min_v: 5, max_v: 5, p90_v: 5 }, 'ON_TIME', 0, 0, true, true),
    ]);
  });

  it('accumulating panes keep growing, and session windows merge the sketches', async () => {
    const acc = await runCli(['window', '-k', 'k', '-t', 't', '--size', '1m', '--early-count', '2', '--accumulation', 'accumulating', '--min', 'v', '--percentile', '50:v'], ndjson([
      { k: 'a', t: 1_000, v: 5 },
      { k: 'a', t: 2_000, v: 3 },
      { k: 'a', t: 3_000, v: 1 },
      { k: 'a', t: 70_000, v: 9 },
    ]));
    expect(parsed(acc.stdout)).toEqual([
      pane('a', ...M0, { min_v: 3, p50_v: 3 }, 'EARLY', 0, -1, true, false),
      pane('a', ...M0, { min_v: 1, p50_v: 3 }, 'ON_TIME', 1, 0, false, true),
      pane('a', ...M1, { min_v: 9, p50_v: 9 }, 'ON_TIME', 0, 0, true, true),
    ]);
    const sessions = await runCli(['window', '-k', 'k', '-t', 't', '--gap', '15s', '--max-out-of-orderness', '10s', '--max', 'v', '--percentile', '50:v'], ndjson([
      { k: 'a', t: 1_000, v: 4 },
      { k: 'a', t: 20_000, v: 8 },
      { k: 'a', t: 12_000, v: 6 }, // bridges the two sessions
    ]));
    expect(parsed(sessions.stdout)).toEqual([pane('a', '1970-01-01T00:00:01.000Z', '1970-01-01T00:00:35.000Z', { max_v: 8, p50_v: 6 }, 'ON_TIME', 0, 0, true, true)]);
  });

  it('retracting panes: each later pane of a window comes after a line withdrawing the one before it, marked "retraction": true', async () => {
    const r = await runCli(['window', '-k', 'k', '-t', 't', '--size', '1m', '--early-count', '1', '--accumulation', 'accumulatingAndRetracting', '--sum', 'v'], ndjson([
      { k: 'a', t: 1_000, v: 5 },
      { k: 'a', t: 2_000, v: 3 },
      { k: 'a', t: 70_000, v: 9 },
    ]));
    expect(parsed(r.stdout)).toEqual([
      pane('a', ...M0, { sum_v: 5 }, 'EARLY', 0, -1, true, false),
      { ...pane('a', ...M0, { sum_v: 5 }, 'EARLY', 0, -1, true, false), retraction: true },
      pane('a', ...M0, { sum_v: 8 }, 'EARLY', 1, -1, false, false),
      pane('a', ...M1, { sum_v: 9 }, 'EARLY', 0, -1, true, false),
      { ...pane('a', ...M0, { sum_v: 8 }, 'EARLY', 1, -1, false, false), retraction: true },
      pane('a', ...M0, { sum_v: 8 }, 'ON_TIME', 2, 0, false, true),
      { ...pane('a', ...M1, { sum_v: 9 }, 'EARLY', 0, -1, true, false), retraction: true },
      pane('a', ...M1, { sum_v: 9 }, 'ON_TIME', 1, 0, false, true),
    ]);
    expect(r.stdout.split('\n')[1]).toMatch(/"retraction":true\}$/);
  });

  it('a record without one of the number fields is a bad line', async () => {
    const r = await runCli(['window', '-t', 't', '--size', '1m', '--min', 'a', '--percentile', '50:b'], ndjson([{ t: 1, a: 1, b: 2 }, { t: 2, a: 1 }, { t: 3, a: 1, b: 'x' }]));
    expect(parsed(r.stdout)).toEqual([pane(null, ...M0, { min_a: 1, p50_b: 2 }, 'ON_TIME', 0, 0, true, true)]);
    expect(r.stderr).toBe(
      'line 2: missing number field "b"\n' +
        'line 3: field "b" must be a finite number, got "x"\n' +
        'rxjs-event-time: summary: lines=3 events=1 bad=2 blank=0 dropped=0 panes=1\n',
    );
  });
});

describe('the CLI combiners that write null for an empty pane', () => {
  it('merge as exactly as the combiners they wrap, so that sliding windows slice them too', () => {
    const event = (n: number): CliEvent => ({ key: null, time: 0, numbers: { ms: n } }) as unknown as CliEvent;
    const max = orNull(Combine.max((e: CliEvent) => e.numbers.ms));
    const merge = exactMergeOf(max)!;
    expect(merge.accepts(event(5))).toBe(true);
    expect(merge.accepts(event(Number.NaN))).toBe(false);
    const a = max.addInput(max.createAccumulator(), event(3));
    const b = max.addInput(max.createAccumulator(), event(8));
    expect(max.extractOutput(merge.mergeInto(a, b))).toBe(8);
    expect(max.extractOutput(max.createAccumulator())).toBeNull();
    const quantiles = orNull(Combine.approxQuantiles<CliEvent>(3) as never);
    expect(exactMergeOf(quantiles)).toBeUndefined();
  });
});
