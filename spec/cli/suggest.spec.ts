import { editDistance, nearest } from '../../src/cli/suggest';
import { spawnCli } from './helpers';

jest.setTimeout(20_000);

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'key', 3],
    ['key', 'key', 0],
    ['kye', 'key', 1], // a swap of neighbours is one edit
    ['sun', 'sum', 1],
    ['quite', 'quiet', 1],
    ['verison', 'version', 1],
    ['alowed-lateness', 'allowed-lateness', 1],
    ['kitten', 'sitting', 3],
    ['bogus', 'gap', 4],
  ])('%j to %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('nearest', () => {
  const known = ['key', 'time', 'time-unit', 'size', 'sum', 'max', 'max-out-of-orderness', 'mean', 'min'];
  it.each([
    ['Key', 'key'],
    ['tme', 'time'],
    ['time-units', 'time-unit'],
    ['max-out', 'max-out-of-orderness'], // an abbreviation that starts one flag only
    ['siz', 'size'],
    ['mx', 'max'],
    ['bogus', undefined],
    ['m', undefined], // too short to abbreviate, two edits from every three-letter flag
    ['ma', 'max'], // starts max and max-out-of-orderness: the nearer by edits
  ])('%j is %j', (word, expected) => expect(nearest(word, known)).toBe(expected));
});

describe('rxjs-event-time with a mistyped flag (spawned)', () => {
  it('names the flag, the nearest known one and --help, and exits with 2', async () => {
    const [typo, unknown] = await Promise.all([
      spawnCli(['window', '--key', 'k', '--time', 't', '--size', '1m', '--max-out-of-ordernes', '5s']),
      spawnCli(['window', '--key', 'k', '--time', 't', '--size', '1m', '--frobnicate']),
    ]);
    expect(typo).toEqual({
      code: 2,
      stdout: '',
      stderr: "rxjs-event-time: unknown option --max-out-of-ordernes (did you mean --max-out-of-orderness?)\nRun 'rxjs-event-time --help' for usage.\n",
    });
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: "rxjs-event-time: unknown option --frobnicate\nRun 'rxjs-event-time --help' for usage.\n" });
  });
});
