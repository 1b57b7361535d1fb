import { ndjson, pane, parsed, runCli, spawnCli, TUTORIAL } from './helpers';

jest.setTimeout(20_000);

const M = (minute: number) =>
  [new Date(minute * 60_000).toISOString(), new Date((minute + 1) * 60_000).toISOString()] as const;
const summary = (lines: number, events: number, bad: number, dropped: number, panes: number) =>
  `rxjs-event-time: summary: lines=${lines} events=${events} bad=${bad} blank=0 dropped=${dropped} panes=${panes}\n`;

/** One record every 10 s for three minutes, two of them out of order by 20 s and 15 s, and one bad line. */
const JITTER =
  ndjson([
    ...[0, 10, 20, 30, 40, 50, 60, 70].map((s) => ({ t: s * 1000 })),
    { t: 50_000 }, // line 9: 20 s behind 70 s, after the first minute closed
    ...[80, 90, 100, 110, 120, 130].map((s) => ({ t: s * 1000 })),
    { t: 115_000 }, // line 16: 15 s behind 130 s, after the second minute closed
    { t: 170_000 },
  ]) + 'not JSON\n';

describe('rxjs-event-time window: records that come too late', () => {
  it('each drop has its line, then a hint names the --max-out-of-orderness that keeps them', async () => {
    const r = await spawnCli(['window', '--time', 't', '--size', '1m'], JITTER);
    expect(parsed(r.stdout)).toEqual([
      pane(null, ...M(0), { count: 6 }, 'ON_TIME', 0, 0, true, true),
      pane(null, ...M(1), { count: 6 }, 'ON_TIME', 0, 0, true, true),
      pane(null, ...M(2), { count: 3 }, 'ON_TIME', 0, 0, true, true),
    ]);
    expect(r.stderr).toBe(
      'line 9: dropped: too late for window [1970-01-01T00:00:00.000Z, 1970-01-01T00:01:00.000Z) ' +
        '(beyond the allowed lateness; event time 1970-01-01T00:00:50.000Z, watermark 1970-01-01T00:01:10.000Z)\n' +
        'line 16: dropped: too late for window [1970-01-01T00:01:00.000Z, 1970-01-01T00:02:00.000Z) ' +
        '(beyond the allowed lateness; event time 1970-01-01T00:01:55.000Z, watermark 1970-01-01T00:02:10.000Z)\n' +
        'line 18: invalid JSON (Unexpected token \'o\', "not JSON" is not valid JSON)\n' +
        'rxjs-event-time: 2 records were dropped as too late, at most 20s behind the largest event time before them; ' +
        '--max-out-of-orderness 20s would have kept them on time\n' +
        summary(18, 17, 1, 2, 3),
    );
    expect(r.code).toBe(0);
  });

  it('--quiet lists no bad or dropped record: the hint and the summary count them', async () => {
    const r = await spawnCli(['window', '--time', 't', '--size', '1m', '--quiet'], JITTER);
    expect(parsed(r.stdout)).toHaveLength(3);
    expect(r.stderr).toBe(
      'rxjs-event-time: 2 records were dropped as too late, at most 20s behind the largest event time before them; ' +
        '--max-out-of-orderness 20s would have kept them on time\n' +
        summary(18, 17, 1, 2, 3),
    );
  });

  it('the hinted --max-out-of-orderness keeps every one of them, in its own window', async () => {
    const r = await runCli(['window', '--time', 't', '--size', '1m', '-q', '--max-out-of-orderness', '20s'], JITTER);
    expect(parsed(r.stdout)).toEqual([
      pane(null, ...M(0), { count: 7 }, 'ON_TIME', 0, 0, true, true),
      pane(null, ...M(1), { count: 7 }, 'ON_TIME', 0, 0, true, true),
      pane(null, ...M(2), { count: 3 }, 'ON_TIME', 0, 0, true, true),
    ]);
    expect(r.stderr).toBe(summary(18, 17, 1, 0, 3));
  });

  it('one record dropped from several sliding windows counts once in the hint, each pair in the summary', async () => {
    const r = await runCli(['window', '-t', 't', '--size', '2m', '--period', '1m', '-q'], ndjson([{ t: 100_000 }, { t: 250_000 }, { t: 50_000 }]));
    expect(r.stderr).toBe(
      'rxjs-event-time: 1 record was dropped as too late, 3m20s behind the largest event time before it; ' +
        '--max-out-of-orderness 3m20s would have kept it on time\n' +
        summary(3, 3, 0, 2, 4),
    );
  });
});

describe('rxjs-event-time window: epoch seconds read as milliseconds', () => {
  const seconds = ndjson(TUTORIAL);

  it('warns once, naming the line, both readings and the flag, when the first time looks like seconds', async () => {
    const r = await spawnCli(['window', '-k', 'user_id', '-t', 'event_time', '--size', '1m'], seconds);
    expect(parsed(r.stdout)).toEqual([
      pane('u1', '1970-01-20T17:21:00.000Z', '1970-01-20T17:22:00.000Z', { count: 3 }, 'ON_TIME', 0, 0, true, true),
      pane('u2', '1970-01-20T17:21:00.000Z', '1970-01-20T17:22:00.000Z', { count: 3 }, 'ON_TIME', 0, 0, true, true),
      pane('u3', '1970-01-20T17:21:00.000Z', '1970-01-20T17:22:00.000Z', { count: 1 }, 'ON_TIME', 0, 0, true, true),
    ]);
    expect(r.stderr).toBe(
      'rxjs-event-time: warning: line 1: time field "event_time" is 1704067205, read as epoch milliseconds (1970-01-20T17:21:07.205Z); ' +
        'if the times are epoch seconds (2024-01-01T00:00:05.000Z), pass --time-unit s\n' +
        summary(7, 7, 0, 0, 3),
    );
  });

  it('the first valid record decides, and --quiet keeps the warning', async () => {
    const r = await runCli(['window', '-t', 't', '--size', '1m', '--quiet'], '{"t":"soon"}\n' + ndjson([{ t: 1_000_000_000 }, { t: 1_000_000_020 }]));
    expect(r.stderr).toBe(
      'rxjs-event-time: warning: line 2: time field "t" is 1000000000, read as epoch milliseconds (1970-01-12T13:46:40.000Z); ' +
        'if the times are epoch seconds (2001-09-09T01:46:40.000Z), pass --time-unit s\n' +
        summary(3, 2, 1, 0, 1),
    );
  });

  it.each([
    ['an explicit --time-unit ms', ['--time-unit', 'ms'], [{ t: 1704067205 }]],
    ['--time-unit s', ['--time-unit', 's'], [{ t: 1704067205 }]],
    ['epoch milliseconds of today', [], [{ t: 1704067205000 }]],
    ['small numbers (test data near 0)', [], [{ t: 999_999_999 }]],
    ['past the range of seconds', [], [{ t: 10_000_000_000 }]],
    ['an ISO string first', [], [{ t: '1970-01-12T13:46:40Z' }, { t: 1_000_000_005 }]],
  ])('no warning with %s', async (_what, flags, records) => {
    const r = await runCli(['window', '-t', 't', '--size', '1m', ...(flags as string[])], ndjson(records));
    expect(r.stderr).toBe(summary(records.length, records.length, 0, 0, (r.stdout.match(/\n/g) ?? []).length));
    expect(r.stdout).not.toBe('');
  });
});
