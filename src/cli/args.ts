import { parseArgs } from 'node:util';
import { parseCount, parseDuration } from './duration.js';
import type { TimeUnit } from './eventTime.js';
import { nearest } from './suggest.js';
import { UsageError } from './usage.js';

/** `--percentile P:FIELD`: the value below which P percent of a window's values of FIELD lie. */
export interface Percentile {
  readonly field: string;
  /** From 0 to 100, with at most one decimal. */
  readonly p: number;
}

/** How each (key, window) is summarised: aggregations in one pass, or the grouped records themselves. */
export type Aggregation =
  | {
      readonly kind: 'fields';
      readonly count: boolean;
      readonly sums: readonly string[];
      readonly means: readonly string[];
      readonly mins: readonly string[];
      readonly maxes: readonly string[];
      readonly percentiles: readonly Percentile[];
      /** Every field read as a number by the aggregations above, each once. */
      readonly numberFields: readonly string[];
    }
  | { readonly kind: 'group' };

/** The `window` command, with every flag read and checked. Durations are in ms. */
export interface WindowCommand {
  readonly kind: 'window';
  /** An input file (`--input` or the one positional argument), or undefined (or `-`) for standard input. */
  readonly file: string | undefined;
  /** `--output FILE`: where the panes go instead of standard output. */
  readonly output: string | undefined;
  /** `--checkpoint DIR`: run checkpointed, keeping checkpoints in DIR (needs `file` and `output`). */
  readonly checkpoint: string | undefined;
  /** `--checkpoint-every N`: input records between checkpoints. */
  readonly checkpointEvery: number;
  /** The key field; undefined puts every record in one group (key `null` in the output). */
  readonly key: string | undefined;
  readonly time: string;
  readonly timeUnit: TimeUnit;
  /** False when `--time-unit` was not given (and numbers are read as ms by default). */
  readonly timeUnitGiven: boolean;
  /** Fixed or sliding window size; undefined for session windows. */
  readonly size: number | undefined;
  readonly period: number | undefined;
  /** Session gap: set for session windows (then there is no size, period or offset). */
  readonly gap: number | undefined;
  readonly offset: number;
  readonly allowedLateness: number;
  readonly accumulation: 'discarding' | 'accumulating' | 'accumulatingAndRetracting';
  readonly early: number | undefined;
  readonly earlyCount: number | undefined;
  readonly late: number | undefined;
  readonly lateCount: number | undefined;
  readonly maxOutOfOrderness: number;
  readonly aggregation: Aggregation;
  /** `--html FILE`: where to write the inspector page of the run, if anywhere. */
  readonly html: string | undefined;
  /** `--quiet`: no line per bad or dropped record; counts, warnings and the summary stay. */
  readonly quiet: boolean;
}

/** What the command line asks for. */
export type Command = { readonly kind: 'help' } | { readonly kind: 'version' } | WindowCommand;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
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
  min: { type: 'string', multiple: true },
  max: { type: 'string', multiple: true },
  percentile: { type: 'string', multiple: true },
  group: { type: 'boolean' },
  html: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  input: { type: 'string' },
  output: { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-every': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

function required(values: Values, flag: 'time'): string {
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

const PERCENTILE = /^(\d{1,3}(?:\.\d)?):(.+)$/s;

function percentiles(texts: readonly string[] | undefined): Percentile[] {
  return (texts ?? []).map((text) => {
    const m = PERCENTILE.exec(text);
    if (m === null || Number(m[1]) > 100) {
      throw new UsageError(`--percentile must be P:FIELD with P from 0 to 100 (at most one decimal), such as 95:latency_ms, got ${JSON.stringify(text)}`);
    }
    return { p: Number(m[1]), field: m[2] };
  });
}

/**
 * What is wrong with a flag, in our words rather than the parser's: an unknown flag with the nearest
 * known one (the parser's message explains positional arguments after `--`, rarely what was meant), a
 * flag without its value, a switch given a value.
 */
function flagProblem(argv: readonly string[]): UsageError | undefined {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (!Object.prototype.hasOwnProperty.call(OPTIONS, t.name)) {
      const guess = t.rawName.startsWith('--') ? nearest(t.name, Object.keys(OPTIONS)) : undefined;
      return new UsageError(`unknown option ${t.rawName}${guess === undefined ? '' : ` (did you mean --${guess}?)`}`);
    }
    const takesValue = OPTIONS[t.name as keyof typeof OPTIONS].type === 'string';
    if (takesValue && t.value === undefined) return new UsageError(`--${t.name} needs a value`);
    if (!takesValue && t.value !== undefined) return new UsageError(`--${t.name} takes no value, got ${JSON.stringify(t.value)}`);
  }
  return undefined;
}

/** Reads the command line (without `node` and the script). Throws {@link UsageError} for anything wrong. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // The parser's errors may come from another realm (a test's sandbox): read their message, not their class.
    throw flagProblem(argv) ?? new UsageError(typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
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
  if (accumulation !== 'discarding' && accumulation !== 'accumulating' && accumulation !== 'accumulatingAndRetracting') {
    throw new UsageError(`--accumulation must be discarding, accumulating or accumulatingAndRetracting, got ${JSON.stringify(accumulation)}`);
  }
  const sums = fieldNames('sum', values.sum);
  const means = fieldNames('mean', values.mean);
  const mins = fieldNames('min', values.min);
  const maxes = fieldNames('max', values.max);
  const ps = percentiles(values.percentile);
  const numberFields = [...new Set([...sums, ...means, ...mins, ...maxes, ...ps.map((q) => q.field)])];
  let aggregation: Aggregation;
  if (values.group) {
    if (values.count || numberFields.length > 0) {
      throw new UsageError('--group lists the records of each pane and cannot be combined with --count, --sum, --mean, --min, --max or --percentile');
    }
    aggregation = { kind: 'group' };
  } else {
    // Counting is the default when nothing else is asked for.
    const count = values.count === true || numberFields.length === 0;
    aggregation = { kind: 'fields', count, sums, means, mins, maxes, percentiles: ps, numberFields };
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
  if (values.key === '') throw new UsageError('--key needs a field name (leave it out to count all records together)');
  const earlyCount = values['early-count'];
  const lateCount = values['late-count'];
  const file = inputFile(values.input, rest[0]);
  const checkpointEvery = values['checkpoint-every'];
  checkpointFlags(values, file);
  return {
    kind: 'window',
    file,
    output: values.output,
    checkpoint: values.checkpoint,
    checkpointEvery: checkpointEvery === undefined ? 10_000 : parseCount('checkpoint-every', checkpointEvery),
    key: values.key,
    time: required(values, 'time'),
    timeUnit,
    timeUnitGiven: values['time-unit'] !== undefined,
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
    quiet: values.quiet === true,
  };
}

/** The input file: `--input FILE` or the positional argument (not both); `-` or neither is standard input. */
function inputFile(flag: string | undefined, positional: string | undefined): string | undefined {
  if (flag === '') throw new UsageError('--input needs a file name (leave it out to read standard input)');
  if (flag !== undefined && positional !== undefined) {
    throw new UsageError(`window: the input is given twice, as --input ${JSON.stringify(flag)} and as ${JSON.stringify(positional)}`);
  }
  const file = flag ?? positional;
  return file === '-' ? undefined : file;
}

/**
 * `--checkpoint` resumes a run after a crash from its last checkpoint, with exactly the output of an
 * uninterrupted run: that needs an input it can read again from a position (a file), an output it can
 * cut back to the checkpointed length (a file), and firings that depend only on the records (not on
 * the clock, which runs differently in the resumed run).
 */
function checkpointFlags(values: Values, file: string | undefined): void {
  if (values.output === '' || values.output === '-') throw new UsageError('--output needs a file name (leave it out to write to standard output)');
  if (values.checkpoint === '') throw new UsageError('--checkpoint needs a directory');
  if (values.checkpoint === undefined) {
    if (values['checkpoint-every'] !== undefined) throw new UsageError('--checkpoint-every needs --checkpoint DIR');
    return;
  }
  if (file === undefined) throw new UsageError('--checkpoint needs --input FILE: standard input cannot be read again from the last checkpoint after a restart');
  if (values.output === undefined) throw new UsageError('--checkpoint needs --output FILE: standard output cannot be cut back to the last checkpoint after a restart');
  for (const flag of ['early', 'late'] as const) {
    if (values[flag] !== undefined) {
      throw new UsageError(`--${flag} fires on the clock, so a run resumed from a checkpoint would not fire as the uninterrupted one; with --checkpoint use --${flag}-count`);
    }
  }
  if (values.html !== undefined) throw new UsageError('--html keeps the whole run in memory and cannot resume it from a checkpoint; leave out --checkpoint or --html');
}
