/**
 * Input from anywhere reaches the terminal only as visible text: every message that quotes a bad
 * line, a field, a file name or a flag writes control characters as \uXXXX, so an escape sequence in
 * the data cannot clear the screen, retitle the window or reorder what is read.
 */
import { PassThrough } from 'node:stream';
import { asyncScheduler } from 'rxjs';
import { main } from '../../src/cli/main';
import { trackScheduler } from '../../src/testing/index';
import { pane, parsed, runCli } from './helpers';

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
