import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { asyncScheduler } from 'rxjs';
import { parseCommand, type WindowCommand } from '../../src/cli/args';
import { HELP } from '../../src/cli/help';
import { main } from '../../src/cli/main';
import { firings } from '../../src/cli/pipeline';
import type { InspectorData } from '../../src/render/inspectorData';
import { trackScheduler } from '../../src/testing/index';
import { describeTrigger } from '../../src/triggers/trigger';
import { ndjson, pane, parsed, runCli, spawnCli, TUTORIAL } from './helpers';

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

jest.setTimeout(20_000);

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

const dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The data embedded in an inspector page written by the command. */
function pageData(file: string): InspectorData {
  const m = /<script type="application\/json" id="inspector-data">([^<]*)<\/script>/.exec(readFileSync(file, 'utf8'));
  if (m === null) throw new Error(`${file} holds no inspector data`);
  return JSON.parse(m[1]) as InspectorData;
}

const ARGS = ['window', '--key', 'user_id', '--time', 'event_time', '--time-unit', 's', '--size', '60s', '--allowed-lateness', '2m', '--count', '--sum', 'amount'];
const SUMMARY = 'rxjs-event-time: summary: lines=7 events=7 bad=0 blank=0 dropped=0 panes=6\n';

describe('rxjs-event-time window --html', () => {
  it('writes the inspector page of the run besides the same panes on standard output', async () => {
    const file = join(dir, 'run.html');
    const plain = await runCli(ARGS, ndjson(TUTORIAL));
    const r = await runCli([...ARGS, '--html', file], ndjson(TUTORIAL));
    expect([r.code, r.stdout]).toEqual([0, plain.stdout]);
    expect(r.stderr).toBe(`rxjs-event-time: wrote the inspector page to ${file}\n${SUMMARY}`);
    const d = pageData(file);
    expect(d.title).toBe(`rxjs-event-time ${[...ARGS, '--html', file].join(' ')}`);
    expect(d.keysKnown).toBe(true);
    expect(d.keys).toEqual(['"u1"', '"u2"', '"u3"']);
    expect(d.elements.label).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
    expect(d.elements.key).toEqual([0, 0, 1, 0, 1, 2, 1]);
    expect(d.elements.late).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(d.panes.key).toEqual([0, 1, 1, 0, 1, 2]);
    expect(d.panes.timing.map((t) => d.timings[t])).toEqual(['ON_TIME', 'ON_TIME', 'LATE', 'ON_TIME', 'ON_TIME', 'ON_TIME']);
    expect(d.panes.label).toEqual(['count=2 sum_amount=35', 'count=1 sum_amount=8', 'count=1 sum_amount=3', 'count=1 sum_amount=-5', 'count=1 sum_amount=12', 'count=1 sum_amount=9']);
    expect(d.windows.startText).toEqual(['00:00:00', '00:01:00']);
  });

  it('notes drops on the page as well as on standard error', async () => {
    const file = join(dir, 'drops.html');
    const r = await runCli(['window', '-k', 'u', '-t', 't', '--size', '1m', '--html', file], ndjson([
      { u: 'a', t: 5_000 },
      { u: 'a', t: 70_000 },
      { u: 'a', t: 6_000 },
    ]));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('line 3: dropped: too late for window [1970-01-01T00:00:00.000Z, 1970-01-01T00:01:00.000Z)');
    const d = pageData(file);
    expect(d.drops).toEqual({ seq: [6], element: [2], window: [0], reason: ['beyond-allowed-lateness'] });
    expect([d.elements.seq[2], d.elements.label[2]]).toEqual([5, 'line 3']);
  });

  it('says when the page cannot be written (exit 1, the panes still out), and wants a file name', async () => {
    const file = join(dir, 'missing', 'run.html');
    const r = await runCli([...ARGS, '--html', file], ndjson(TUTORIAL));
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toHaveLength(7);
    expect(r.stderr).toMatch(new RegExp(`^rxjs-event-time: cannot write ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ENOENT: no such file or directory`));
    expect(r.stderr.endsWith(SUMMARY)).toBe(true);
    const empty = await runCli([...ARGS, '--html', '']);
    expect([empty.code, empty.stderr]).toEqual([2, "rxjs-event-time: --html needs a file name\nRun 'rxjs-event-time --help' for usage.\n"]);
  });
});

/**
 * Input from anywhere reaches the terminal only as visible text: every message that quotes a bad
 * line, a field, a file name or a flag writes control characters as \uXXXX, so an escape sequence in
 * the data cannot clear the screen, retitle the window or reorder what is read.
 */
// ESC (C0), BEL, the one-byte CSI of C1, and a right-to-left override.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
const CLEAR = '\u001b[2J\u001b]0;owned\u0007';

describe('rxjs-event-time on hostile input', () => {
  it('a bad line full of escape sequences is reported with them escaped, and the run goes on', async () => {
    const input = [`${CLEAR} not json`, '{"u":"a","t":"\u009b2J"}', '{"u":"a\u202ecba","t":5}', '{"u":{"x":1},"t":5}'].join('\n') + '\n';
    const r = await runCli(['window', '-k', 'u', '-t', 't', '--size', '1m'], input);
    expect(r.stderr).not.toMatch(RAW);
    const lines = r.stderr.split('\n');
    // Node writes the start of the bad text into its JSON error; it arrives escaped.
    expect(lines[0]).toMatch(/^line 1: invalid JSON \(.*\\u001b\[2J.*\)$/);
    expect(lines.slice(1)).toEqual([
      'line 2: time field "t" must be an ISO-8601 date-time, got "\\u009b2J"',
      'line 4: key field "u" must be a string, number or boolean, got an object (Object)',
      'rxjs-event-time: summary: lines=4 events=1 bad=3 blank=0 dropped=0 panes=1',
      '',
    ]);
    // The key with the override comes out as JSON with the override escaped: the same value when read back.
    expect(r.stdout).toBe(
      '{"key":"a\\u202ecba","window_start":"1970-01-01T00:00:00.000Z","window_end":"1970-01-01T00:01:00.000Z","value":{"count":1},' +
        '"pane":{"timing":"ON_TIME","index":0,"onTimeIndex":0,"isFirst":true,"isLast":true}}\n',
    );
    expect(parsed(r.stdout)).toEqual([pane('a\u202ecba', '1970-01-01T00:00:00.000Z', '1970-01-01T00:01:00.000Z', { count: 1 }, 'ON_TIME', 0, 0, true, true)]);
    expect(r.code).toBe(0);
  });

  it('usage errors and unreadable files quote the command line escaped', async () => {
    const extra = await runCli(['window', '-k', 'u', '-t', 't', '--size', '1m', 'a', `b${CLEAR}`]);
    expect([extra.code, extra.stderr]).toEqual([
      2,
      "rxjs-event-time: window: reads one file at most, got 2: a b\\u001b[2J\\u001b]0;owned\\u0007\nRun 'rxjs-event-time --help' for usage.\n",
    ]);
    const option = await runCli(['window', `--\u001b[31mred`]);
    expect(option.code).toBe(2);
    expect(option.stderr).not.toMatch(RAW);
    expect(option.stderr).toBe("rxjs-event-time: unknown option --\\u001b[31mred\nRun 'rxjs-event-time --help' for usage.\n");
    const unit = await runCli(['window', '-k', 'u', '-t', 't', '--size', `1m\u009b`]);
    expect(unit.stderr).toBe('rxjs-event-time: --size must be a duration such as 1500ms, 60s, 2m, 1h or 1d, got "1m\\u009b"\nRun \'rxjs-event-time --help\' for usage.\n');
    const file = await runCli(['window', '-k', 'u', '-t', 't', '--size', '1m', `/nonexistent/${CLEAR}.ndjson`]);
    expect(file.code).toBe(1);
    expect(file.stderr).not.toMatch(RAW);
    expect(file.stderr).toMatch(/^rxjs-event-time: cannot read \/nonexistent\/\\u001b\[2J\\u001b\]0;owned\\u0007\.ndjson: ENOENT/);
  });
});

describe('rxjs-event-time --early longer than a timer holds', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('--early 40d waits 40 days (in steps), instead of waking every millisecond', async () => {
    const tracked = trackScheduler(asyncScheduler);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    stderr.resume();
    const done = main(['window', '-k', 'u', '-t', 't', '--size', '100d', '--early', '40d'], { stdin, stdout, stderr, scheduler: tracked });
    stdin.write('{"u":"a","t":5}\n');
    await new Promise((resolve) => setImmediate(resolve));
    jest.advanceTimersByTime(1_000);
    expect(tracked.executed).toBe(0);
    jest.advanceTimersByTime(40 * 86_400_000 - 1_000 + 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect([tracked.executed, tracked.live]).toEqual([2, 0]);
    stdin.end();
    expect(await done).toBe(0);
    expect(parsed(out)).toEqual([
      pane('a', '1970-01-01T00:00:00.000Z', '1970-04-11T00:00:00.000Z', { count: 1 }, 'EARLY', 0, -1, true, false),
      pane('a', '1970-01-01T00:00:00.000Z', '1970-04-11T00:00:00.000Z', { count: 0 }, 'ON_TIME', 1, 0, false, true),
    ]);
  });
});
