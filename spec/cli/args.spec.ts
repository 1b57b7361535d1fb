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
        '--max-out-of-orderness', '3s', '--count', '--sum', 'a', '--sum', 'b', '--mean', 'c', 'in.ndjson',
      ]),
    ).toEqual({
      kind: 'window',
      file: 'in.ndjson',
      key: 'user',
      time: 'ts',
      timeUnit: 's',
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
      aggregation: { kind: 'fields', count: true, sums: ['a', 'b'], means: ['c'] },
    });
  });

  it('defaults: epoch ms, fixed windows, no lateness, discarding, count, standard input', () => {
    expect(parseCommand(base)).toEqual({
      kind: 'window',
      file: undefined,
      key: 'user',
      time: 'ts',
      timeUnit: 'ms',
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
      aggregation: { kind: 'fields', count: true, sums: [], means: [] },
    });
    expect(parseCommand([...base, '-'])).toMatchObject({ kind: 'window', file: undefined });
  });

  it('--gap makes session windows', () => {
    expect(parseCommand(['window', '-k', 'k', '-t', 't', '--gap', '5m'])).toMatchObject({ size: undefined, period: undefined, gap: 300_000 });
  });

  it('--sum alone does not count; --group lists records', () => {
    expect(parseCommand([...base, '--sum', 'x'])).toMatchObject({ aggregation: { kind: 'fields', count: false, sums: ['x'], means: [] } });
    expect(parseCommand([...base, '--group'])).toMatchObject({ aggregation: { kind: 'group' } });
  });

  it('--help and help win over everything else', () => {
    expect(parseCommand(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommand(['window', '-h'])).toEqual({ kind: 'help' });
    expect(parseCommand(['help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'a command is required (window)'],
    [['count'], 'unknown command "count" (the one command is window)'],
    [['window', '--time', 't', '--size', '1m'], 'window: --key is required'],
    [['window', '--key', 'k', '--time', 't'], 'window: --size (fixed or sliding windows) or --gap (session windows) is required'],
    [[...base, '--gap', '5m'], 'window: --gap makes session windows and cannot be combined with --size'],
    [['window', '-k', 'k', '-t', 't', '--gap', '5m', '--offset', '1s'], 'window: --gap makes session windows and cannot be combined with --offset'],
    [[...base, 'a', 'b'], 'window: reads one file at most, got 2: a b'],
    [[...base, '--time-unit', 'us'], '--time-unit must be ms, s or iso, got "us"'],
    [[...base, '--accumulation', 'both'], '--accumulation must be discarding or accumulating, got "both"'],
    [[...base, '--group', '--sum', 'x'], '--group lists the records of each pane and cannot be combined with --count, --sum or --mean'],
    [[...base, '--sum', ''], '--sum needs a field name'],
    [[...base, '--late', 'soon'], '--late must be a duration such as 1500ms, 60s, 2m, 1h or 1d, got "soon"'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCommand(argv as string[])).toThrow(new UsageError(message));
  });
});
