/**
 * Golden checkpoints: files written by a checkpointed run of the command that every later version must
 * read back. Each was taken by the run of `events.ndjson` below, killed just after its second checkpoint
 * (`--checkpoint-every 16`: after line 32); `*.committed.ndjson` is the output that checkpoint counts as
 * written, and `*.expected.ndjson` the output of the uninterrupted run. Restored from the file, the run
 * must end with exactly that output.
 *
 * NEVER REGENERATE THESE FILES SILENTLY. They stand for the checkpoints users have on disk: the store's
 * file format (`rxjs-event-time checkpoint 1`, with its SHA-256), the run's layout (`layout: 1`) and each
 * operator's stored state (`version: 1` of a grouping, the watermark, the accumulator coders of count,
 * sum, mean, min, max, approxQuantiles and toList, session windows with their previous panes). A change
 * of any of these must keep reading these files, or bump the layout version with a migration that does;
 * a new layout gets golden files of its own, beside these.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDir } from '../node/tempDir';
import { runCli } from './helpers';

const FIXTURES = join(__dirname, '..', 'fixtures', 'checkpoints');
const tempDir = useTempDir();

const golden = [
  {
    name: 'fixed-fields',
    what: 'fixed windows, early and late firings, accumulating, count, sum, mean, min, max and a percentile',
    /** Panes written after the checkpoint: 27 in all, 16 before it. */
    panesAfter: 11,
    flags: '-k user -t at --time-unit iso --size 10s --max-out-of-orderness 1s --allowed-lateness 5s --early-count 3 --accumulation accumulating --count --sum amount --mean amount --min amount --max amount --percentile 50:amount',
  },
  {
    name: 'sessions-group',
    what: 'session windows listing their records, with late firings',
    /** 26 in all, 15 before it. */
    panesAfter: 11,
    flags: '-k user -t at --time-unit iso --gap 2s --max-out-of-orderness 1s --allowed-lateness 5s --late-count 1 --group',
  },
];

describe('a checkpoint written by an earlier version is read back', () => {
  it.each(golden)('$name: $what', async ({ name, flags, panesAfter }) => {
    const dir = tempDir();
    const checkpoints = join(dir, 'checkpoints');
    mkdirSync(checkpoints);
    copyFileSync(join(FIXTURES, `${name}.checkpoint-0000000000000002.json`), join(checkpoints, 'checkpoint-0000000000000002.json'));
    const output = join(dir, 'out.ndjson');
    copyFileSync(join(FIXTURES, `${name}.committed.ndjson`), output);
    const args = ['window', ...flags.split(' '), '--quiet', '--input', join(FIXTURES, 'events.ndjson'), '--output', output, '--checkpoint', checkpoints, '--checkpoint-every', '16'];

    const resumed = await runCli(args);

    // It resumed from the file (a run from the start would end with the same output, but say nothing of it).
    expect(resumed.stderr).toBe(
      `rxjs-event-time: resumed from checkpoint 2, after line 32 of ${join(FIXTURES, 'events.ndjson')}; the counts below are of the lines read since\n` +
        `rxjs-event-time: summary: lines=16 events=16 bad=0 blank=0 dropped=0 panes=${panesAfter}\n`,
    );
    expect(resumed.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(readFileSync(join(FIXTURES, `${name}.expected.ndjson`), 'utf8'));
  });

  it('the expected outputs are those of an uninterrupted run of this version', async () => {
    for (const { name, flags } of golden) {
      const output = join(tempDir(), `${name}.ndjson`);
      const run = await runCli(['window', ...flags.split(' '), '--quiet', '--input', join(FIXTURES, 'events.ndjson'), '--output', output]);
      expect(run.code).toBe(0);
      expect(readFileSync(output, 'utf8')).toBe(readFileSync(join(FIXTURES, `${name}.expected.ndjson`), 'utf8'));
    }
  });
});
