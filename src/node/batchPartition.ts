/**
 * Splits a batch by key group into one part per worker, in columns that can be transferred rather than
 * cloned, and rebuilds the events of a part on the worker's side.
 */
import { keyId } from '../core/keyEncoding.js';
import { keyGroupOf } from '../nats/keyGroups.js';
import { describeValue } from '../time.js';
import type { BatchColumn } from './batchFold.js';

/** One worker's share of a batch: its events in batch order and their positions in the batch. */
export interface BatchPart {
  /** Position in the whole batch of each event of the part (ascending). */
  readonly index: Int32Array;
  /** With columns: one column per field, in the definition's order. */
  readonly numbers?: Float64Array[];
  readonly ids?: Int32Array[];
  /** With columns: the distinct values of each `'value'` field, indexed by `ids`. */
  readonly tables?: unknown[][];
  /** Without columns: the events themselves (structured clone). */
  readonly events?: unknown[];
}

/** The worker that owns each key group: worker w owns the contiguous range `keyGroupRange(w, workers, keyGroups)`. */
export function ownersOfKeyGroups(workers: number, keyGroups: number): Uint16Array {
  const owner = new Uint16Array(keyGroups);
  for (let w = 0; w < workers; w++) {
    const from = Math.floor((w * keyGroups) / workers);
    const to = Math.floor(((w + 1) * keyGroups) / workers);
    owner.fill(w, from, to);
  }
  return owner;
}

/**
 * Splits `events` into one {@link BatchPart} per worker: every event of a key goes to the owner of the
 * key's group (`keyGroupOf`), in batch order. A key's group is hashed once per distinct key. Throws a
 * `TypeError` for an event whose key is no key, or whose `'number'` field is not a number.
 */
export function partitionBatch<T>(
  events: readonly T[],
  key: (e: T) => unknown,
  owner: Uint16Array,
  workers: number,
  columns: Readonly<Record<string, BatchColumn>> | undefined,
): BatchPart[] {
  const n = events.length;
  const keyGroups = owner.length;
  const workerOf = new Uint16Array(n);
  const counts = new Int32Array(workers);
  const ownerOfKey = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    let k: unknown;
    let id: unknown;
    try {
      k = key(events[i]);
      id = keyId(k);
    } catch (e) {
      throw new TypeError(`foldBatchInParallel: the key of event ${i} is no key: ${(e as Error).message}`);
    }
    let w = ownerOfKey.get(id);
    if (w === undefined) ownerOfKey.set(id, (w = owner[keyGroupOf(k, keyGroups)]));
    workerOf[i] = w;
    counts[w]++;
  }
  const parts: BatchPart[] = [];
  const fill = new Int32Array(workers);
  const index = Array.from(counts, (c) => new Int32Array(c));
  for (let i = 0; i < n; i++) {
    const w = workerOf[i];
    index[w][fill[w]++] = i;
  }
  if (columns === undefined) {
    for (let w = 0; w < workers; w++) parts.push({ index: index[w], events: Array.from(index[w], (i) => events[i]) });
    return parts;
  }
  const fields = Object.keys(columns);
  for (let w = 0; w < workers; w++) {
    const at = index[w];
    const numbers: Float64Array[] = [];
    const ids: Int32Array[] = [];
    const tables: unknown[][] = [];
    for (const field of fields) {
      if (columns[field] === 'number') numbers.push(numberColumn(events, at, field));
      else {
        const [column, table] = valueColumn(events, at, field);
        ids.push(column);
        tables.push(table);
      }
    }
    parts.push({ index: at, numbers, ids, tables });
  }
  return parts;
}

function numberColumn<T>(events: readonly T[], at: Int32Array, field: string): Float64Array {
  const column = new Float64Array(at.length);
  for (let j = 0; j < at.length; j++) {
    const v = (events[at[j]] as Record<string, unknown>)[field];
    if (typeof v !== 'number') throw new TypeError(`foldBatchInParallel: columns.${field} is 'number', but event ${at[j]} has ${describeValue(v)}`);
    column[j] = v;
  }
  return column;
}

function valueColumn<T>(events: readonly T[], at: Int32Array, field: string): [Int32Array, unknown[]] {
  const column = new Int32Array(at.length);
  const table: unknown[] = [];
  const idOf = new Map<unknown, number>();
  for (let j = 0; j < at.length; j++) {
    const v = (events[at[j]] as Record<string, unknown>)[field];
    let id = idOf.get(v);
    if (id === undefined) {
      idOf.set(v, (id = table.length));
      table.push(v);
    }
    column[j] = id;
  }
  return [column, table];
}

/** The buffers of a part, to transfer instead of copy. */
export function transferList(part: BatchPart): ArrayBuffer[] {
  const buffers = [part.index.buffer as ArrayBuffer];
  for (const c of part.numbers ?? []) buffers.push(c.buffer as ArrayBuffer);
  for (const c of part.ids ?? []) buffers.push(c.buffer as ArrayBuffer);
  return buffers;
}

/**
 * A function that rebuilds event `j` of a part: a plain object literal of the column fields in their
 * order, made by a generated function so that every event has the same hidden class.
 */
export function eventReader(part: BatchPart, columns: Readonly<Record<string, BatchColumn>> | undefined): (j: number) => unknown {
  if (columns === undefined) {
    const events = part.events!;
    return (j) => events[j];
  }
  const fields = Object.keys(columns);
  const args: string[] = [];
  const props: string[] = [];
  let vals = 0;
  for (const field of fields) {
    const arg = `c${args.length}`;
    args.push(arg);
    props.push(`${JSON.stringify(field)}: ${columns[field] === 'number' ? `${arg}[j]` : `t${vals}[${arg}[j]]`}`);
    if (columns[field] === 'value') vals++;
  }
  const tableArgs = Array.from({ length: vals }, (_, i) => `t${i}`);
  const make = new Function(...args, ...tableArgs, `return (j) => ({ ${props.join(', ')} });`) as (...a: unknown[]) => (j: number) => unknown;
  const numbers = part.numbers!;
  const ids = part.ids!;
  let ni = 0;
  let vi = 0;
  const columnArgs = fields.map((f) => (columns[f] === 'number' ? numbers[ni++] : ids[vi++]));
  return make(...columnArgs, ...part.tables!);
}
