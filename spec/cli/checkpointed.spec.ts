/**
 * `window --checkpoint DIR`: what it refuses, and how it reports a run that resumes or had finished.
 * That a killed run ends with the uninterrupted output is spec/reliability/checkpointKill.spec.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDir } from '../node/tempDir';
import { ndjson, runCli } from './helpers';

const tempDir = useTempDir();
const WINDOW = ['window', '-k', 'user', '-t', 'at', '--size', '10s'];
const events = ndjson([
  { user: 'a', at: 1_000 },
  { user: 'b', at: 2_000 },
  { user: 'a', at: 12_000 },
]);
const panes =
  '{"key":"a","window_start":"1970-01-01T00:00:00.000Z","window_end":"1970-01-01T00:00:10.000Z","value":{"count":1},"pane":{"timing":"ON_TIME","index":0,"onTimeIndex":0,"isFirst":true,"isLast":true}}\n' +
  '{"key":"b","window_start":"1970-01-01T00:00:00.000Z","window_end":"1970-01-01T00:00:10.000Z","value":{"count":1},"pane":{"timing":"ON_TIME","index":0,"onTimeIndex":0,"isFirst":true,"isLast":true}}\n' +
  '{"key":"a","window_start":"1970-01-01T00:00:10.000Z","window_end":"1970-01-01T00:00:20.000Z","value":{"count":1},"pane":{"timing":"ON_TIME","index":0,"onTimeIndex":0,"isFirst":true,"isLast":true}}\n';

const usage = (message: string) => ({ code: 2, stdout: '', stderr: `rxjs-event-time: ${message}\nRun 'rxjs-event-time --help' for usage.\n` });

describe('window --checkpoint', () => {
  it.each([
    [['--checkpoint', 'ck', '--output', 'out.ndjson'], '--checkpoint needs --input FILE: standard input cannot be read again from the last checkpoint after a restart'],
    [['--checkpoint', 'ck', '--input', 'in.ndjson'], '--checkpoint needs --output FILE: standard output cannot be cut back to the last checkpoint after a restart'],
    [['--checkpoint', 'ck', '--input', 'in.ndjson', '--output', 'o', '--early', '5s'], '--early fires on the clock, so a run resumed from a checkpoint would not fire as the uninterrupted one; with --checkpoint use --early-count'],
    [['--checkpoint', 'ck', '--input', 'in.ndjson', '--output', 'o', '--late', '5s', '--allowed-lateness', '1m'], '--late fires on the clock, so a run resumed from a checkpoint would not fire as the uninterrupted one; with --checkpoint use --late-count'],
    [['--checkpoint', 'ck', '--input', 'in.ndjson', '--output', 'o', '--html', 'run.html'], '--html keeps the whole run in memory and cannot resume it from a checkpoint; leave out --checkpoint or --html'],
    [['--checkpoint-every', '100'], '--checkpoint-every needs --checkpoint DIR'],
    [['--checkpoint', 'ck', '--input', 'in.ndjson', '--output', 'o', '--checkpoint-every', '0'], '--checkpoint-every must be a whole number of at least 1, got "0"'],
    [['--input', 'a.ndjson', 'b.ndjson'], 'window: the input is given twice, as --input "a.ndjson" and as "b.ndjson"'],
    [['--output', '-'], '--output needs a file name (leave it out to write to standard output)'],
  ])('refuses %j', async (flags, message) => {
    expect(await runCli([...WINDOW, ...flags])).toEqual(usage(message));
  });

  it('writes the panes to the output file, resumes nothing on a first run, and says a finished run is complete', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.ndjson');
    const output = join(dir, 'out.ndjson');
    const checkpoints = join(dir, 'ck');
    writeFileSync(input, events);
    const args = [...WINDOW, '--input', input, '--output', output, '--checkpoint', checkpoints, '--checkpoint-every', '2'];

    expect(await runCli(args)).toEqual({ code: 0, stdout: '', stderr: 'rxjs-event-time: summary: lines=3 events=3 bad=0 blank=0 dropped=0 panes=3\n' });
    expect(readFileSync(output, 'utf8')).toBe(panes);

    expect(await runCli(args)).toEqual({
      code: 0,
      stdout: '',
      stderr:
        `rxjs-event-time: checkpoint 2 in ${checkpoints} is of a finished run: ${output} is complete (remove ${checkpoints} to run again)\n` +
        'rxjs-event-time: summary: lines=0 events=0 bad=0 blank=0 dropped=0 panes=0\n',
    });
    expect(readFileSync(output, 'utf8')).toBe(panes);
  });

  it('fails before touching the checkpoints or the output when the input cannot be read', async () => {
    const dir = tempDir();
    const missing = join(dir, 'missing.ndjson');
    const result = await runCli([...WINDOW, '--input', missing, '--output', join(dir, 'out.ndjson'), '--checkpoint', join(dir, 'ck')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`rxjs-event-time: cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'\n`);
    expect([existsSync(join(dir, 'out.ndjson')), existsSync(join(dir, 'ck'))]).toEqual([false, false]);
  });
});

describe('window --input / --output without --checkpoint', () => {
  it('reads the file named by --input and writes the panes to --output, as it writes them to standard output', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.ndjson');
    writeFileSync(input, events);
    const output = join(dir, 'out.ndjson');
    expect(await runCli([...WINDOW, '--input', input, '--output', output])).toEqual({ code: 0, stdout: '', stderr: 'rxjs-event-time: summary: lines=3 events=3 bad=0 blank=0 dropped=0 panes=3\n' });
    expect(readFileSync(output, 'utf8')).toBe(panes);
    expect(await runCli([...WINDOW], events)).toEqual({ code: 0, stdout: panes, stderr: 'rxjs-event-time: summary: lines=3 events=3 bad=0 blank=0 dropped=0 panes=3\n' });
  });

  it('fails before reading when the output cannot be written', async () => {
    const dir = tempDir();
    const output = join(dir, 'no-such-dir', 'out.ndjson');
    const result = await runCli([...WINDOW, '--output', output], events);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `rxjs-event-time: cannot write ${output}: ENOENT: no such file or directory, open '${output}'\n` });
  });
});
