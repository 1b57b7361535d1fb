import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELP } from '../../src/cli/help';
import { ndjson, pane, parsed, spawnCli, TUTORIAL } from './helpers';

jest.setTimeout(20_000);

const W0 = ['2024-01-01T00:00:00.000Z', '2024-01-01T00:01:00.000Z'] as const;
const W1 = ['2024-01-01T00:01:00.000Z', '2024-01-01T00:02:00.000Z'] as const;
const TUTORIAL_FLAGS = ['--size', '60s', '--allowed-lateness', '2m', '--count', '--sum', 'amount'];
const TUTORIAL_TRIGGER = ['--early', '10s', '--late', '10s', '--accumulation', 'accumulating'];

/**
 * The tutorial's stream run: the watermark follows the lines, so u1@62s closes the first minute
 * (ON_TIME, not last: late data may still come), the end of input closes the second minute and
 * garbage-collects the first, whose late u2@50s makes the final LATE pane.
 */
const TUTORIAL_PANES = [
  pane('u1', ...W0, { count: 2, sum_amount: 35 }, 'ON_TIME', 0, 0, true, false),
  pane('u2', ...W0, { count: 1, sum_amount: 8 }, 'ON_TIME', 0, 0, true, false),
  pane('u1', ...W1, { count: 1, sum_amount: -5 }, 'ON_TIME', 0, 0, true, true),
  pane('u2', ...W1, { count: 1, sum_amount: 12 }, 'ON_TIME', 0, 0, true, true),
  pane('u3', ...W1, { count: 1, sum_amount: 9 }, 'ON_TIME', 0, 0, true, true),
  pane('u2', ...W0, { count: 2, sum_amount: 11 }, 'LATE', 1, 1, false, true),
];

describe('rxjs-event-time (spawned)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-cli-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tutorial events in epoch seconds on standard input: the six panes of the stream run', async () => {
    const r = await spawnCli(
      ['window', '--key', 'user_id', '--time', 'event_time', '--time-unit', 's', ...TUTORIAL_FLAGS, ...TUTORIAL_TRIGGER],
      ndjson(TUTORIAL),
    );
    expect(parsed(r.stdout)).toEqual(TUTORIAL_PANES);
    expect(r.stderr).toBe('rxjs-event-time: summary: lines=7 events=7 bad=0 blank=0 dropped=0 panes=6\n');
    expect(r.code).toBe(0);
  });

  it('tutorial events with ISO-8601 times from a file argument: the same panes', async () => {
    const file = join(dir, 'iso.ndjson');
    writeFileSync(file, ndjson(TUTORIAL.map((e) => ({ ...e, event_time: new Date(e.event_time * 1000).toISOString() }))));
    const r = await spawnCli(['window', '-k', 'user_id', '-t', 'event_time', '--time-unit', 'iso', ...TUTORIAL_FLAGS, ...TUTORIAL_TRIGGER, file]);
    expect(parsed(r.stdout)).toEqual(TUTORIAL_PANES);
    expect(r.stderr).toBe('rxjs-event-time: summary: lines=7 events=7 bad=0 blank=0 dropped=0 panes=6\n');
    expect(r.code).toBe(0);
  });

  it('bad lines are reported with their line numbers and counted, a drop too, and the run goes on', async () => {
    const input = [
      '{"user_id":"u1","amount":20,"event_time":1704067205000}',
      '{"user_id":"u1","amount":',
      '',
      '{"amount":3,"event_time":1704067210000}',
      '{"user_id":"u1","amount":3}',
      '{"user_id":"u1","amount":3,"event_time":"yesterday"}',
      '{"user_id":{"id":1},"amount":3,"event_time":1704067210000}',
      '{"user_id":"u1","amount":"3","event_time":1704067210000}',
      '42',
      '{"user_id":"u2","amount":1,"event_time":1704067325000}',
      '{"user_id":"u1","amount":5,"event_time":1704067230000}',
    ].join('\n');
    const r = await spawnCli(['window', '--key', 'user_id', '--time', 'event_time', '--size', '1m', '--sum', 'amount'], input);
    expect(parsed(r.stdout)).toEqual([
      pane('u1', ...W0, { sum_amount: 20 }, 'ON_TIME', 0, 0, true, true),
      pane('u2', '2024-01-01T00:02:00.000Z', '2024-01-01T00:03:00.000Z', { sum_amount: 1 }, 'ON_TIME', 0, 0, true, true),
    ]);
    const stderr = r.stderr.split('\n');
    expect(stderr[0]).toMatch(/^line 2: invalid JSON \(.+\)$/);
    expect(stderr.slice(1)).toEqual([
      'line 4: missing key field "user_id"',
      'line 5: missing time field "event_time"',
      'line 6: time field "event_time" must be an ISO-8601 date-time, got "yesterday"',
      'line 7: key field "user_id" must be a string, number or boolean, got an object (Object)',
      'line 8: field "amount" must be a finite number, got "3"',
      'line 9: expected a JSON object, got 42',
      'line 11: dropped: too late for window [2024-01-01T00:00:00.000Z, 2024-01-01T00:01:00.000Z) ' +
        '(beyond the allowed lateness; event time 2024-01-01T00:00:30.000Z, watermark 2024-01-01T00:02:05.000Z)',
      'rxjs-event-time: 1 record was dropped as too late, 1m35s behind the largest event time before it; ' +
        '--max-out-of-orderness 1m35s would have kept it on time',
      'rxjs-event-time: summary: lines=11 events=3 bad=7 blank=1 dropped=1 panes=2',
      '',
    ]);
    expect(r.code).toBe(0);
  });

  it('--help prints the usage with examples on standard output', async () => {
    const r = await spawnCli(['--help']);
    expect(r.stdout).toBe(HELP);
    expect(HELP).toContain('Examples:\n  rxjs-event-time window --key user_id --time event_time');
    for (const flag of ['--quiet', '--version', '--min <field>', '--max <field>', '--percentile <p>:<field>', '--html <file>']) expect(HELP).toContain(flag);
    expect(HELP).toContain('without it all records form one group');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('usage errors exit with 2 and say what is wrong; an unreadable file exits with 1', async () => {
    const [missing, unknown, duration, noFile] = await Promise.all([
      spawnCli(['window', '--key', 'user_id', '--size', '1m']),
      spawnCli(['window', '--key', 'k', '--time', 't', '--size', '1m', '--bogus']),
      spawnCli(['window', '--key', 'k', '--time', 't', '--size', '60']),
      spawnCli(['window', '--key', 'k', '--time', 't', '--size', '1m', join(dir, 'absent.ndjson')]),
    ]);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([
      2,
      '',
      "rxjs-event-time: window: --time is required\nRun 'rxjs-event-time --help' for usage.\n",
    ]);
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([2, '', "rxjs-event-time: unknown option --bogus\nRun 'rxjs-event-time --help' for usage.\n"]);
    expect([duration.code, duration.stderr]).toEqual([
      2,
      'rxjs-event-time: --size needs a unit (ms, s, m, h or d), got "60"\nRun \'rxjs-event-time --help\' for usage.\n',
    ]);
    expect([noFile.code, noFile.stdout]).toEqual([1, '']);
    expect(noFile.stderr).toMatch(/^rxjs-event-time: cannot read .*absent\.ndjson: ENOENT: no such file or directory/);
  });
});
