import { PassThrough } from 'node:stream';
import { firings } from '../../src/cli/pipeline';
import { parseCommand, type WindowCommand } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import { describeTrigger } from '../../src/triggers/trigger';
import { ndjson, pane, parsed, runCli, TUTORIAL } from './helpers';

const M0 = ['1970-01-01T00:00:00.000Z', '1970-01-01T00:01:00.000Z'] as const;
const M1 = ['1970-01-01T00:01:00.000Z', '1970-01-01T00:02:00.000Z'] as const;
const W0 = ['2024-01-01T00:00:00.000Z', '2024-01-01T00:01:00.000Z'] as const;
const W1 = ['2024-01-01T00:01:00.000Z', '2024-01-01T00:02:00.000Z'] as const;
const summary = (lines: number, events: number, bad: number, blank: number, dropped: number, panes: number) =>
  `rxjs-event-time: summary: lines=${lines} events=${events} bad=${bad} blank=${blank} dropped=${dropped} panes=${panes}\n`;

describe('rxjs-event-time window (in process)', () => {
  it('--early-count: an EARLY pane every n records, then the ON_TIME pane holds only the rest (discarding)', async () => {
    const r = await runCli(['window', '-k', 'u', '-t', 't', '--size', '1m', '--early-count', '2'], ndjson([
      { u: 'a', t: 5_000 },
      { u: 'a', t: 10_000 },
      { u: 'a', t: 20_000 },
      { u: 'a', t: 70_000 },
    ]));
    expect(parsed(r.stdout)).toEqual([
      pane('a', ...M0, { count: 2 }, 'EARLY', 0, -1, true, false),
      pane('a', ...M0, { count: 1 }, 'ON_TIME', 1, 0, false, true),
      pane('a', ...M1, { count: 1 }, 'ON_TIME', 0, 0, true, true),
    ]);
    expect([r.code, r.stderr]).toEqual([0, summary(4, 4, 0, 0, 0, 3)]);
  });

  it('--period makes sliding windows; --mean is computed per window', async () => {
    const r = await runCli(['window', '-k', 'u', '-t', 't', '--size', '2m', '--period', '1m', '--mean', 'v'], ndjson([
      { u: 'a', t: 30_000, v: 1 },
      { u: 'a', t: 90_000, v: 4 },
    ]));
    expect(parsed(r.stdout)).toEqual([
      pane('a', '1969-12-31T23:59:00.000Z', '1970-01-01T00:01:00.000Z', { mean_v: 1 }, 'ON_TIME', 0, 0, true, true),
      pane('a', '1970-01-01T00:00:00.000Z', '1970-01-01T00:02:00.000Z', { mean_v: 2.5 }, 'ON_TIME', 0, 0, true, true),
      pane('a', '1970-01-01T00:01:00.000Z', '1970-01-01T00:03:00.000Z', { mean_v: 4 }, 'ON_TIME', 0, 0, true, true),
    ]);
    expect(r.code).toBe(0);
  });

  it('--period longer than --size leaves gaps: a record in a gap is reported as dropped and counted', async () => {
    const r = await runCli(['window', '-k', 'u', '-t', 't', '--size', '1s', '--period', '2s'], ndjson([
      { u: 'a', t: 500 },
      { u: 'a', t: 1_500 },
      { u: 'a', t: 2_500 },
    ]));
    expect(parsed(r.stdout)).toEqual([
      pane('a', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:01.000Z', { count: 1 }, 'ON_TIME', 0, 0, true, true),
      pane('a', '1970-01-01T00:00:02.000Z', '1970-01-01T00:00:03.000Z', { count: 1 }, 'ON_TIME', 0, 0, true, true),
    ]);
    expect([r.code, r.stderr]).toEqual([
      0,
      'line 2: dropped: in no window (event time 1970-01-01T00:00:01.500Z falls in a gap between sliding windows, ' +
        'as --period longer than --size leaves; watermark 1970-01-01T00:00:00.500Z)\n' +
        summary(3, 3, 0, 0, 1, 2),
    ]);
  });

  it('with allowed lateness and no --late, every late record fires a LATE pane (Beam default trigger)', async () => {
    const r = await runCli(['window', '-k', 'user_id', '-t', 'event_time', '--time-unit', 's', '--size', '1m', '--allowed-lateness', '2m'], ndjson(TUTORIAL));
    expect(parsed(r.stdout)).toEqual([
      pane('u1', ...W0, { count: 2 }, 'ON_TIME', 0, 0, true, false),
      pane('u2', ...W0, { count: 1 }, 'ON_TIME', 0, 0, true, false),
      pane('u2', ...W0, { count: 1 }, 'LATE', 1, 1, false, false),
      pane('u1', ...W1, { count: 1 }, 'ON_TIME', 0, 0, true, true),
      pane('u2', ...W1, { count: 1 }, 'ON_TIME', 0, 0, true, true),
      pane('u3', ...W1, { count: 1 }, 'ON_TIME', 0, 0, true, true),
    ]);
  });

  it('--max-out-of-orderness holds the watermark back, so the out-of-order u2@50s is on time', async () => {
    const r = await runCli(['window', '-k', 'user_id', '-t', 'event_time', '--time-unit', 's', '--size', '1m', '--max-out-of-orderness', '30s', '--sum', 'amount'], ndjson(TUTORIAL));
    expect(parsed(r.stdout)).toEqual([
      pane('u1', ...W0, { sum_amount: 35 }, 'ON_TIME', 0, 0, true, true),
      pane('u2', ...W0, { sum_amount: 11 }, 'ON_TIME', 0, 0, true, true),
      pane('u1', ...W1, { sum_amount: -5 }, 'ON_TIME', 0, 0, true, true),
      pane('u2', ...W1, { sum_amount: 12 }, 'ON_TIME', 0, 0, true, true),
      pane('u3', ...W1, { sum_amount: 9 }, 'ON_TIME', 0, 0, true, true),
    ]);
    expect(r.stderr).toBe(summary(7, 7, 0, 0, 0, 5));
  });

  it('--gap makes session windows per key: records closer than the gap merge', async () => {
    const r = await runCli(['window', '-k', 'k', '-t', 't', '--gap', '10s', '--sum', 'n'], ndjson([
      { k: 'a', t: 1_000, n: 1 },
      { k: 'a', t: 8_000, n: 2 },
      { k: 'b', t: 9_000, n: 4 },
      { k: 'a', t: 30_000, n: 8 },
    ]));
    expect(parsed(r.stdout)).toEqual([
      pane('a', '1970-01-01T00:00:01.000Z', '1970-01-01T00:00:18.000Z', { sum_n: 3 }, 'ON_TIME', 0, 0, true, true),
      pane('b', '1970-01-01T00:00:09.000Z', '1970-01-01T00:00:19.000Z', { sum_n: 4 }, 'ON_TIME', 0, 0, true, true),
      pane('a', '1970-01-01T00:00:30.000Z', '1970-01-01T00:00:40.000Z', { sum_n: 8 }, 'ON_TIME', 0, 0, true, true),
    ]);
  });

  it('--mean of a pane without records is null (NaN has no JSON form)', async () => {
    // Discarding: the early pane takes both records, the ON_TIME pane that follows is empty.
    const r = await runCli(['window', '-k', 'k', '-t', 't', '--size', '1m', '--early-count', '2', '--mean', 'v'], ndjson([
      { k: 'a', t: 1_000, v: 1 },
      { k: 'a', t: 2_000, v: 2 },
      { k: 'a', t: 70_000, v: 5 },
    ]));
    expect(parsed(r.stdout)).toEqual([
      pane('a', ...M0, { mean_v: 1.5 }, 'EARLY', 0, -1, true, false),
      pane('a', ...M0, { mean_v: null }, 'ON_TIME', 1, 0, false, true),
      pane('a', ...M1, { mean_v: 5 }, 'ON_TIME', 0, 0, true, true),
    ]);
  });

  it('--group lists the input records of each pane in arrival order', async () => {
    const input = [
      { k: 'x', t: 1_000, n: 1 },
      { k: 'y', t: 2_000, n: 2 },
      { k: 'x', t: 3_000, n: 3 },
    ];
    const r = await runCli(['window', '-k', 'k', '-t', 't', '--size', '1m', '--group'], ndjson(input));
    expect(parsed(r.stdout)).toEqual([
      pane('x', ...M0, [input[0], input[2]], 'ON_TIME', 0, 0, true, true),
      pane('y', ...M0, [input[1]], 'ON_TIME', 0, 0, true, true),
    ]);
  });

  it('reads ISO strings in the default unit, dotted keys, a byte-order mark, CRLF and blank lines', async () => {
    const input =
      '\ufeff{"user":{"id":7},"at":"1970-01-01T00:00:01Z"}\r\n' +
      '\r\n' +
      '{"user":{"id":7},"at":2000}\r\n' +
      '{"user.id":"flat","at":"1970-01-01T00:00:03.000+00:00"}\r\n';
    const r = await runCli(['window', '-k', 'user.id', '-t', 'at', '--size', '1m'], input);
    expect(parsed(r.stdout)).toEqual([pane(7, ...M0, { count: 2 }, 'ON_TIME', 0, 0, true, true), pane('flat', ...M0, { count: 1 }, 'ON_TIME', 0, 0, true, true)]);
    expect(r.stderr).toBe(summary(4, 3, 0, 1, 0, 2));
  });

  it('--time-unit iso refuses numbers, line by line', async () => {
    const r = await runCli(['window', '-k', 'k', '-t', 't', '--size', '1m', '--time-unit', 'iso'], ndjson([{ k: 1, t: 1000 }, { k: 1, t: '1970-01-01T00:00:01Z' }]));
    expect(parsed(r.stdout)).toEqual([pane(1, ...M0, { count: 1 }, 'ON_TIME', 0, 0, true, true)]);
    expect(r.stderr).toBe('line 1: time field "t" must be an ISO-8601 string (--time-unit iso), got 1000\n' + summary(2, 1, 1, 0, 0, 1));
  });

  it.each([
    [['--size', '0s'], 'fixedWindow: size must be a positive finite number of ms, got 0'],
    [['--size', '1m', '--period', '0s'], 'slidingWindow: period must be a positive finite number of ms, got 0'],
    [['--size', '1m', '--offset', '1m'], 'fixedWindow: offset must be a finite number of ms in [0, size), got 60000'],
  ])('flags the operators refuse are usage errors: %j', async (flags, message) => {
    const r = await runCli(['window', '-k', 'k', '-t', 't', ...flags]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `rxjs-event-time: ${message}\nRun 'rxjs-event-time --help' for usage.\n` });
  });

  it('the trigger: early and late parts from the flags; late defaults to every record only with lateness', () => {
    const cmd = (...flags: string[]) => parseCommand(['window', '-k', 'k', '-t', 't', '--size', '1m', ...flags]) as WindowCommand;
    const describe = (c: WindowCommand) => {
      const { early, late } = firings(c);
      return [early && describeTrigger(early), late && describeTrigger(late)];
    };
    expect(describe(cmd())).toEqual([undefined, undefined]);
    expect(describe(cmd('--early', '10s', '--late', '5s'))).toEqual(['AfterProcessingTime(delay=10000)', 'AfterProcessingTime(delay=5000)']);
    expect(describe(cmd('--early-count', '3', '--early', '10s', '--allowed-lateness', '1m'))).toEqual([
      'AfterFirst(AfterCount(3), AfterProcessingTime(delay=10000))',
      'AfterCount(1)',
    ]);
    expect(describe(cmd('--late-count', '4', '--allowed-lateness', '1m'))).toEqual([undefined, 'AfterCount(4)']);
  });

  it('shows progress only on a terminal, and clears it before the summary', async () => {
    const input = ndjson(Array.from({ length: 100_000 }, (_, i) => ({ k: 'a', t: i })));
    const run = async (isTTY: boolean) => {
      const stdin = new PassThrough();
      const stdout = new PassThrough();
      const stderr = Object.assign(new PassThrough(), { isTTY });
      let err = '';
      stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      stdout.resume();
      stdin.end(input);
      expect(await main(['window', '-k', 'k', '-t', 't', '--size', '1m'], { stdin, stdout, stderr })).toBe(0);
      return err;
    };
    expect(await run(true)).toBe('\rrxjs-event-time: lines read: 100000, panes written: 1\r\x1b[K' + summary(100_000, 100_000, 0, 0, 0, 2));
    expect(await run(false)).toBe(summary(100_000, 100_000, 0, 0, 0, 2));
  });
});
