import { parseArgs } from 'node:util';
import { parseCount, parseDuration } from './duration.js';
import type { TimeUnit } from './eventTime.js';
import { UsageError } from './usage.js';

/** How each (key, window) is summarised: aggregations in one pass, or the grouped records themselves. */
export type Aggregation =
  | { readonly kind: 'fields'; readonly count: boolean; readonly sums: readonly string[]; readonly means: readonly string[] }
  | { readonly kind: 'group' };

/** The `window` command, with every flag read and checked. Durations are in ms. */
export interface WindowCommand {
  readonly kind: 'window';
  /** An input file, or undefined (or `-`) for standard input. */
  readonly file: string | undefined;
  readonly key: string;
  readonly time: string;
  readonly timeUnit: TimeUnit;
  /** Fixed or sliding window size; undefined for session windows. */
  readonly size: number | undefined;
  readonly period: number | undefined;
  /** Session gap: set for session windows (then there is no size, period or offset). */
  readonly gap: number | undefined;
  readonly offset: number;
  readonly allowedLateness: number;
  readonly accumulation: 'discarding' | 'accumulating';
  readonly early: number | undefined;
  readonly earlyCount: number | undefined;
  readonly late: number | undefined;
  readonly lateCount: number | undefined;
  readonly maxOutOfOrderness: number;
  readonly aggregation: Aggregation;
  /** `--html FILE`: where to write the inspector page of the run, if anywhere. */
  readonly html: string | undefined;
}

/** What the command line asks for. */
export type Command = { readonly kind: 'help' } | WindowCommand;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  key: { type: 'string', short: 'k' },
  time: { type: 'string', short: 't' },
  'time-unit': { type: 'string' },
  size: { type: 'string' },
  period: { type: 'string' },
  gap: { type: 'string' },
  offset: { type: 'string' },
  'allowed-lateness': { type: 'string' },
  accumulation: { type: 'string' },
  early: { type: 'string' },
  'early-count': { type: 'string' },
  late: { type: 'string' },
  'late-count': { type: 'string' },
  'max-out-of-orderness': { type: 'string' },
  count: { type: 'boolean' },
  sum: { type: 'string', multiple: true },
  mean: { type: 'string', multiple: true },
  group: { type: 'boolean' },
  html: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

function required(values: Values, flag: 'key' | 'time'): string {
  const v = values[flag];
  if (v === undefined || v === '') throw new UsageError(`window: --${flag} is required`);
  return v;
}

function optionalDuration(values: Values, flag: 'size' | 'period' | 'gap' | 'early' | 'late'): number | undefined {
  const v = values[flag];
  return v === undefined ? undefined : parseDuration(flag, v);
}

function fieldNames(flag: string, names: readonly string[] | undefined): string[] {
  const out = names ?? [];
  for (const n of out) if (n === '') throw new UsageError(`--${flag} needs a field name`);
  return [...out];
}

/** Reads the command line (without `node` and the script). Throws {@link UsageError} for anything wrong. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('a command is required (window)');
  if (command === 'help') return { kind: 'help' };
  if (command !== 'window') throw new UsageError(`unknown command ${JSON.stringify(command)} (the one command is window)`);
  if (rest.length > 1) throw new UsageError(`window: reads one file at most, got ${rest.length}: ${rest.join(' ')}`);

  const timeUnit = values['time-unit'] ?? 'ms';
  if (timeUnit !== 'ms' && timeUnit !== 's' && timeUnit !== 'iso') {
    throw new UsageError(`--time-unit must be ms, s or iso, got ${JSON.stringify(timeUnit)}`);
  }
  const accumulation = values.accumulation ?? 'discarding';
  if (accumulation !== 'discarding' && accumulation !== 'accumulating') {
    throw new UsageError(`--accumulation must be discarding or accumulating, got ${JSON.stringify(accumulation)}`);
  }
  const sums = fieldNames('sum', values.sum);
  const means = fieldNames('mean', values.mean);
  let aggregation: Aggregation;
  if (values.group) {
    if (values.count || sums.length > 0 || means.length > 0) {
      throw new UsageError('--group lists the records of each pane and cannot be combined with --count, --sum or --mean');
    }
    aggregation = { kind: 'group' };
  } else {
    // Counting is the default when nothing else is asked for.
    aggregation = { kind: 'fields', count: values.count === true || (sums.length === 0 && means.length === 0), sums, means };
  }
  if (values.gap !== undefined) {
    const clash = (['size', 'period', 'offset'] as const).find((f) => values[f] !== undefined);
    if (clash !== undefined) throw new UsageError(`window: --gap makes session windows and cannot be combined with --${clash}`);
  } else if (values.size === undefined || values.size === '') {
    throw new UsageError('window: --size (fixed or sliding windows) or --gap (session windows) is required');
  }
  const lateness = values['allowed-lateness'];
  const offset = values.offset;
  const ooo = values['max-out-of-orderness'];
  if (values.html === '') throw new UsageError('--html needs a file name');
  const earlyCount = values['early-count'];
  const lateCount = values['late-count'];
  return {
    kind: 'window',
    file: rest[0] === undefined || rest[0] === '-' ? undefined : rest[0],
    key: required(values, 'key'),
    time: required(values, 'time'),
    timeUnit,
    size: optionalDuration(values, 'size'),
    period: optionalDuration(values, 'period'),
    gap: optionalDuration(values, 'gap'),
    offset: offset === undefined ? 0 : parseDuration('offset', offset),
    allowedLateness: lateness === undefined ? 0 : parseDuration('allowed-lateness', lateness),
    accumulation,
    early: optionalDuration(values, 'early'),
    earlyCount: earlyCount === undefined ? undefined : parseCount('early-count', earlyCount),
    late: optionalDuration(values, 'late'),
    lateCount: lateCount === undefined ? undefined : parseCount('late-count', lateCount),
    maxOutOfOrderness: ooo === undefined ? 0 : parseDuration('max-out-of-orderness', ooo),
    aggregation,
    html: values.html,
  };
}
