import { parseCommand } from '../../src/cli/args';
import { parseCount, parseDuration } from '../../src/cli/duration';
import { UsageError } from '../../src/cli/usage';

describe('parseDuration', () => {
  it.each([
    ['1500ms', 1500],
    ['60s', 60_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => expect(parseDuration('size', text)).toBe(ms));

  it.each([
    ['60', '--size needs a unit (ms, s, m, h or d), got "60"'],
    ['', '--size must be a duration such as 1500ms, 60s, 2m, 1h or 1d, got ""'],
    ['5 s', '--size must be a duration such as 1500ms, 60s, 2m, 1h or 1d, got "5 s"'],
    ['-5s', '--size must be a duration such as 1500ms, 60s, 2m, 1h or 1d, got "-5s"'],
    ['1w', '--size must be a duration such as 1500ms, 60s, 2m, 1h or 1d, got "1w"'],
    ['1m30', '--size must be a duration such as 1500ms, 60s, 2m, 1h or 1d, got "1m30"'],
  ])('%j is refused', (text, message) => {
    expect(() => parseDuration('size', text)).toThrow(new UsageError(message));
  });

  it('counts are whole numbers of at least 1', () => {
    expect(parseCount('early-count', '3')).toBe(3);
    expect(() => parseCount('early-count', '0')).toThrow('--early-count must be a whole number of at least 1, got "0"');
    expect(() => parseCount('early-count', '2.5')).toThrow('--early-count must be a whole number of at least 1, got "2.5"');
  });
});

describe('parseCommand', () => {
  const base = ['window', '--key', 'user', '--time', 'ts', '--size', '1m'];

  it('reads every flag', () => {
    expect(
      parseCommand([
        ...base,
        '--time-unit', 's', '--period', '30s', '--offset', '10s', '--allowed-lateness', '2m',
        '--accumulation', 'accumulating', '--early', '5s', '--early-count', '10', '--late', '1s', '--late-count', '2',
        '--max-out-of-orderness', '3s', '--count', '--sum', 'a', '--sum', 'b', '--mean', 'c', '--min', 'a', '--min', 'd',
        '--max', 'd', '--percentile', '95:c', '--percentile', '99.9:e:f', '--html', 'run.html', '--quiet', 'in.ndjson',
      ]),
    ).toEqual({
      kind: 'window',
      file: 'in.ndjson',
      key: 'user',
      time: 'ts',
      timeUnit: 's',
      timeUnitGiven: true,
      size: 60_000,
      period: 30_000,
      gap: undefined,
      offset: 10_000,
      allowedLateness: 120_000,
      accumulation: 'accumulating',
      early: 5_000,
      earlyCount: 10,
      late: 1_000,
      lateCount: 2,
      maxOutOfOrderness: 3_000,
      aggregation: {
        kind: 'fields',
        count: true,
        sums: ['a', 'b'],
        means: ['c'],
        mins: ['a', 'd'],
        maxes: ['d'],
        percentiles: [{ p: 95, field: 'c' }, { p: 99.9, field: 'e:f' }],
        numberFields: ['a', 'b', 'c', 'd', 'e:f'],
      },
      html: 'run.html',
      quiet: true,
      output: undefined,
      checkpoint: undefined,
      checkpointEvery: 10_000,
    });
  });

  it('defaults: epoch ms, fixed windows, no lateness, discarding, count, standard input', () => {
    expect(parseCommand(base)).toEqual({
      kind: 'window',
      file: undefined,
      key: 'user',
      time: 'ts',
      timeUnit: 'ms',
      timeUnitGiven: false,
      size: 60_000,
      period: undefined,
      gap: undefined,
      offset: 0,
      allowedLateness: 0,
      accumulation: 'discarding',
      early: undefined,
      earlyCount: undefined,
      late: undefined,
      lateCount: undefined,
      maxOutOfOrderness: 0,
      aggregation: { kind: 'fields', count: true, sums: [], means: [], mins: [], maxes: [], percentiles: [], numberFields: [] },
      html: undefined,
      quiet: false,
      output: undefined,
      checkpoint: undefined,
      checkpointEvery: 10_000,
    });
    expect(parseCommand([...base, '-'])).toMatchObject({ kind: 'window', file: undefined });
  });

  it('--input, --output, --checkpoint and --checkpoint-every', () => {
    expect(parseCommand([...base, '--input', 'in.ndjson', '--output', 'out.ndjson', '--checkpoint', 'ck', '--checkpoint-every', '500'])).toMatchObject({
      file: 'in.ndjson',
      output: 'out.ndjson',
      checkpoint: 'ck',
      checkpointEvery: 500,
    });
  });

  it('--gap makes session windows', () => {
    expect(parseCommand(['window', '-k', 'k', '-t', 't', '--gap', '5m'])).toMatchObject({ size: undefined, period: undefined, gap: 300_000 });
  });

  it('--sum alone does not count; --group lists records', () => {
    expect(parseCommand([...base, '--sum', 'x'])).toMatchObject({ aggregation: { kind: 'fields', count: false, sums: ['x'], means: [] } });
    expect(parseCommand([...base, '--percentile', '50:x'])).toMatchObject({ aggregation: { kind: 'fields', count: false, numberFields: ['x'] } });
    expect(parseCommand([...base, '--group'])).toMatchObject({ aggregation: { kind: 'group' } });
  });

  it('without --key every record is in one group', () => {
    expect(parseCommand(['window', '--time', 't', '--size', '1m'])).toMatchObject({ kind: 'window', key: undefined });
  });

  it('--version prints the version, --help and help win over everything else', () => {
    expect(parseCommand(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommand(['window', '--version', '--size', 'x'])).toEqual({ kind: 'version' });
    expect(parseCommand(['--help', '--version'])).toEqual({ kind: 'help' });
    expect(parseCommand(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommand(['window', '-h'])).toEqual({ kind: 'help' });
    expect(parseCommand(['help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'a command is required (window)'],
    [['count'], 'unknown command "count" (the one command is window)'],
    [['window', '--key', 'k', '--size', '1m'], 'window: --time is required'],
    [['window', '--key', '', '--time', 't', '--size', '1m'], '--key needs a field name (leave it out to count all records together)'],
    [['window', '--key', 'k', '--time', 't'], 'window: --size (fixed or sliding windows) or --gap (session windows) is required'],
    [[...base, '--gap', '5m'], 'window: --gap makes session windows and cannot be combined with --size'],
    [['window', '-k', 'k', '-t', 't', '--gap', '5m', '--offset', '1s'], 'window: --gap makes session windows and cannot be combined with --offset'],
    [[...base, 'a', 'b'], 'window: reads one file at most, got 2: a b'],
    [[...base, '--time-unit', 'us'], '--time-unit must be ms, s or iso, got "us"'],
    [[...base, '--accumulation', 'both'], '--accumulation must be discarding, accumulating or accumulatingAndRetracting, got "both"'],
    [[...base, '--group', '--sum', 'x'], '--group lists the records of each pane and cannot be combined with --count, --sum, --mean, --min, --max or --percentile'],
    [[...base, '--group', '--percentile', '9:x'], '--group lists the records of each pane and cannot be combined with --count, --sum, --mean, --min, --max or --percentile'],
    [[...base, '--min', ''], '--min needs a field name'],
    [[...base, '--max', ''], '--max needs a field name'],
    [[...base, '--percentile', 'x'], '--percentile must be P:FIELD with P from 0 to 100 (at most one decimal), such as 95:latency_ms, got "x"'],
    [[...base, '--percentile', '101:x'], '--percentile must be P:FIELD with P from 0 to 100 (at most one decimal), such as 95:latency_ms, got "101:x"'],
    [[...base, '--percentile', '99.99:x'], '--percentile must be P:FIELD with P from 0 to 100 (at most one decimal), such as 95:latency_ms, got "99.99:x"'],
    [[...base, '--percentile', '95:'], '--percentile must be P:FIELD with P from 0 to 100 (at most one decimal), such as 95:latency_ms, got "95:"'],
    [[...base, '--bogus'], 'unknown option --bogus'],
    [[...base, '--Key', 'k'], 'unknown option --Key (did you mean --key?)'],
    [[...base, '--sun', 'x'], 'unknown option --sun (did you mean --sum?)'],
    [[...base, '--percentil=95:x'], 'unknown option --percentil (did you mean --percentile?)'],
    [[...base, '--max-out-of-order', '5s'], 'unknown option --max-out-of-order (did you mean --max-out-of-orderness?)'],
    [[...base, '--alowed-lateness', '5s'], 'unknown option --alowed-lateness (did you mean --allowed-lateness?)'],
    [[...base, '--early-cuont', '5'], 'unknown option --early-cuont (did you mean --early-count?)'],
    [[...base, '--quite'], 'unknown option --quite (did you mean --quiet?)'],
    [[...base, '--verison'], 'unknown option --verison (did you mean --version?)'],
    [[...base, '-x'], 'unknown option -x'],
    [[...base, '--count=3'], '--count takes no value, got "3"'],
    [[...base, '--sum'], '--sum needs a value'],
    [['window', '-t', 't', '--size', '1m', '-k'], '--key needs a value'],
    [[...base, '--sum', ''], '--sum needs a field name'],
    [[...base, '--late', 'soon'], '--late must be a duration such as 1500ms, 60s, 2m, 1h or 1d, got "soon"'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCommand(argv as string[])).toThrow(new UsageError(message));
  });
});
