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
  // Each distinct key once: its worker, and its raw value for the value columns' shortcut below.
  const keyIndex = new Int32Array(n);
  const keyValues: unknown[] = [];
  const workerOfKey: number[] = [];
  // String identities (nearly every key) in a dictionary object, faster than a Map for them.
  const byString = Object.create(null) as Record<string, number>;
  const byOther = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    let k: unknown;
    let id: unknown;
    try {
      k = key(events[i]);
      id = keyId(k);
    } catch (e) {
      throw new TypeError(`foldBatchInParallel: the key of event ${i} is no key: ${(e as Error).message}`);
    }
    let ki = typeof id === 'string' ? byString[id] : byOther.get(id);
    if (ki === undefined) {
      ki = keyValues.length;
      if (typeof id === 'string') byString[id] = ki;
      else byOther.set(id, ki);
      keyValues.push(k);
      workerOfKey.push(owner[keyGroupOf(k, keyGroups)]);
    }
    keyIndex[i] = ki;
    const w = workerOfKey[ki];
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
  const numberFields = fields.filter((f) => columns[f] === 'number');
  const valueFields = fields.filter((f) => columns[f] === 'value');
  const numbers = index.map((at) => numberFields.map(() => new Float64Array(at.length)));
  const ids = index.map((at) => valueFields.map(() => new Int32Array(at.length)));
  const tables = index.map(() => valueFields.map((): unknown[] => []));
  const idMaps = index.map(() => valueFields.map(() => new Map<unknown, number>()));
  // A value field that holds the event's key (the usual case) finds its id through the key's index.
  const known = index.map(() => valueFields.map(() => new Int32Array(keyValues.length).fill(-1)));
  const look = (w: number, c: number, v: unknown): number => {
    let k = idMaps[w][c].get(v);
    if (k === undefined) {
      idMaps[w][c].set(v, (k = tables[w][c].length));
      tables[w][c].push(v);
    }
    return k;
  };
  fill.fill(0);
  fillerOf(numberFields, valueFields)(events, workerOf, fill, numbers, ids, keyIndex, keyValues, known, look, badNumber);
  for (let w = 0; w < workers; w++) parts.push({ index: index[w], numbers: numbers[w], ids: ids[w], tables: tables[w] });
  return parts;
}

function badNumber(event: number, field: string, v: unknown): never {
  throw new TypeError(`foldBatchInParallel: columns.${field} is 'number', but event ${event} has ${describeValue(v)}`);
}

type Filler = (
  events: readonly unknown[],
  workerOf: Uint16Array,
  fill: Int32Array,
  numbers: Float64Array[][],
  ids: Int32Array[][],
  keyIndex: Int32Array,
  keyValues: readonly unknown[],
  known: Int32Array[][],
  look: (w: number, c: number, v: unknown) => number,
  bad: typeof badNumber,
) => void;

const fillers = new Map<string, Filler>();

/**
 * One pass over the batch that writes every column of every part, generated for the column names so
 * that each field is read by a plain property access (a dynamic `e[field]` costs several times more).
 */
function fillerOf(numberFields: readonly string[], valueFields: readonly string[]): Filler {
  const id = JSON.stringify([numberFields, valueFields]);
  let filler = fillers.get(id);
  if (filler !== undefined) return filler;
  const body: string[] = [];
  numberFields.forEach((f, c) => {
    body.push(`v = e[${JSON.stringify(f)}]; if (typeof v !== 'number') bad(i, ${JSON.stringify(f)}, v); numbers[w][${c}][j] = v;`);
  });
  valueFields.forEach((f, c) => {
    body.push(
      `v = e[${JSON.stringify(f)}]; ki = keyIndex[i]; if (v === keyValues[ki]) { k = known[w][${c}][ki]; if (k < 0) known[w][${c}][ki] = k = look(w, ${c}, v); } else k = look(w, ${c}, v); ids[w][${c}][j] = k;`,
    );
  });
  filler = new Function(
    'events',
    'workerOf',
    'fill',
    'numbers',
    'ids',
    'keyIndex',
    'keyValues',
    'known',
    'look',
    'bad',
    `let v, k, ki;\nfor (let i = 0; i < events.length; i++) {\nconst e = events[i]; const w = workerOf[i]; const j = fill[w]++;\n${body.join('\n')}\n}`,
  ) as Filler;
  fillers.set(id, filler);
  return filler;
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
