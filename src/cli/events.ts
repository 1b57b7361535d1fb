import { isFiniteNumber } from '../internal/checks.js';
import { describeValue } from '../time.js';
import type { WindowCommand } from './args.js';
import { readEventTime } from './eventTime.js';

/**
 * A key as JSON can hold it. Objects are refused: two equal objects would be two different keys.
 * Without `--key` every record has the key `null`: one group, an overall result per window.
 */
export type CliKey = string | number | boolean | null;

/** One input record, read and checked. */
export interface CliEvent {
  /** 1-based line number in the input, for messages about this record later (drops). */
  readonly line: number;
  readonly key: CliKey;
  readonly time: number;
  /** The numbers named by `--sum`, `--mean`, `--min`, `--max` and `--percentile`, by field name. */
  readonly numbers: Readonly<Record<string, number>>;
  readonly record: Readonly<Record<string, unknown>>;
}

/**
 * A field by name; a name with dots that is not itself a field reaches into nested objects
 * (`user.id`).
 */
export function fieldOf(record: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  if (!name.includes('.')) return undefined;
  let v: unknown = record;
  for (const part of name.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Reads one NDJSON line as an event, or says in a few words what is wrong with it. */
export function readEvent(text: string, line: number, cmd: WindowCommand): { event: CliEvent } | { problem: string } {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (e) {
    return { problem: `invalid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { problem: `expected a JSON object, got ${describeValue(record)}` };
  }
  const obj = record as Record<string, unknown>;
  let key: CliKey = null;
  if (cmd.key !== undefined) {
    const k = fieldOf(obj, cmd.key);
    if (k === undefined) return { problem: `missing key field ${JSON.stringify(cmd.key)}` };
    // A null key field is refused, not grouped with the records of a run without --key.
    if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean') {
      return { problem: `key field ${JSON.stringify(cmd.key)} must be a string, number or boolean, got ${describeValue(k)}` };
    }
    key = k;
  }
  const rawTime = fieldOf(obj, cmd.time);
  if (rawTime === undefined) return { problem: `missing time field ${JSON.stringify(cmd.time)}` };
  const time = readEventTime(rawTime, cmd.timeUnit);
  if ('reason' in time) return { problem: `time field ${JSON.stringify(cmd.time)} ${time.reason}` };
  const numbers: Record<string, number> = {};
  if (cmd.aggregation.kind === 'fields') {
    for (const name of cmd.aggregation.numberFields) {
      const v = fieldOf(obj, name);
      if (v === undefined) return { problem: `missing number field ${JSON.stringify(name)}` };
      if (!isFiniteNumber(v)) {
        return { problem: `field ${JSON.stringify(name)} must be a finite number, got ${describeValue(v)}` };
      }
      numbers[name] = v;
    }
  }
  return { event: { line, key, time: time.time, numbers, record: obj } };
}
