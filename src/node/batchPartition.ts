/**
 * Splits a batch by key group into one part per worker, in columns that can be transferred rather than
 * cloned, and rebuilds the events of a part on the worker's side.
 */
import { keyId } from '../core/keyEncoding.js';
import { keyGroupOf } from '../core/keyGroups.js';
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
  const fields = columns === undefined ? [] : Object.keys(columns);
  const numberFields = fields.filter((f) => columns![f] === 'number');
  const valueFields = fields.filter((f) => columns![f] === 'value');
  const per = <A>(make: () => A): A[] => Array.from({ length: workers }, make);
  // Every part is given room for the whole batch: the pages a part never writes are never touched.
  const s: SplitState = {
    fill: new Int32Array(workers),
    index: per(() => new Int32Array(n)),
    numbers: per(() => numberFields.map(() => new Float64Array(n))),
    ids: per(() => valueFields.map(() => new Int32Array(n))),
    tables: per(() => valueFields.map((): unknown[] => [])),
    known: per(() => valueFields.map((): number[] => [])),
    keyValues: [],
    workerOfKey: [],
    byString: Object.create(null) as Record<string, number>,
  };
  const byOther = new Map<unknown, number>();
  const idMaps = per(() => valueFields.map(() => new Map<unknown, number>()));
  const newKey = (k: unknown, id: unknown): number => {
    const ki = s.keyValues.length;
    if (typeof id === 'string') s.byString[id] = ki;
    else byOther.set(id, ki);
    s.keyValues.push(k);
    s.workerOfKey.push(owner[keyGroupOf(k, owner.length)]);
    for (const known of s.known) for (const column of known) column.push(-1);
    return ki;
  };
  const help: SplitHelp = {
    key: key as (e: unknown) => unknown,
    badKey: (i, e) => {
      throw new TypeError(`foldBatchInParallel: the key of event ${i} is no key: ${(e as Error).message}`);
    },
    otherKey: (i, k) => {
      let id: unknown;
      try {
        id = keyId(k);
      } catch (e) {
        return help.badKey(i, e);
      }
      return (typeof id === 'string' ? s.byString[id] : byOther.get(id)) ?? newKey(k, id);
    },
    newKey,
    look: (w, c, v) => {
      let k = idMaps[w][c].get(v);
      if (k === undefined) {
        idMaps[w][c].set(v, (k = s.tables[w][c].length));
        s.tables[w][c].push(v);
      }
      return k;
    },
    badNumber: (i, field, v) => {
      throw new TypeError(`foldBatchInParallel: columns.${field} is 'number', but event ${i} has ${describeValue(v)}`);
    },
  };
  splitterOf(numberFields, valueFields)(events, s, help);
  return s.index.map((index, w) => {
    const count = s.fill[w];
    const at = index.subarray(0, count);
    if (columns === undefined) return { index: at, events: Array.from(at, (i) => events[i]) };
    return { index: at, numbers: s.numbers[w].map((c) => c.subarray(0, count)), ids: s.ids[w].map((c) => c.subarray(0, count)), tables: s.tables[w] };
  });
}

/** What the generated pass writes (by worker, then column). */
interface SplitState {
  readonly fill: Int32Array;
  readonly index: Int32Array[];
  readonly numbers: Float64Array[][];
  readonly ids: Int32Array[][];
  readonly tables: unknown[][][];
  /** The id in a value column of each distinct key's own value, or -1 until seen there. */
  readonly known: number[][][];
  readonly keyValues: unknown[];
  readonly workerOfKey: number[];
  /** Distinct keys by identity: strings (nearly every key) in a dictionary object, faster than a Map. */
  readonly byString: Record<string, number>;
}

/** What the generated pass calls out to, off its fast path. */
interface SplitHelp {
  readonly key: (e: unknown) => unknown;
  readonly badKey: (i: number, e: unknown) => never;
  readonly otherKey: (i: number, k: unknown) => number;
  readonly newKey: (k: unknown, id: unknown) => number;
  readonly look: (w: number, c: number, v: unknown) => number;
  readonly badNumber: (i: number, field: string, v: unknown) => never;
}

type Splitter = (events: readonly unknown[], s: SplitState, help: SplitHelp) => void;

const splitters = new Map<string, Splitter>();

/**
 * The one pass over the batch that finds each event's key and worker and writes its columns, generated
 * for the column names so that each field is read by a plain property access (a dynamic `e[field]`
 * costs several times more), and so that each event object is read once.
 */
function splitterOf(numberFields: readonly string[], valueFields: readonly string[]): Splitter {
  const id = JSON.stringify([numberFields, valueFields]);
  let splitter = splitters.get(id);
  if (splitter !== undefined) return splitter;
  const body: string[] = [];
  numberFields.forEach((f, c) => {
    const name = JSON.stringify(f);
    body.push(`v = e[${name}]; if (typeof v !== 'number') help.badNumber(i, ${name}, v); numbers[w][${c}][j] = v;`);
  });
  valueFields.forEach((f, c) => {
    body.push(
      `v = e[${JSON.stringify(f)}]; if (v === keyValues[ki]) { k = known[w][${c}][ki]; if (k < 0) known[w][${c}][ki] = k = help.look(w, ${c}, v); } else k = help.look(w, ${c}, v); ids[w][${c}][j] = k;`,
    );
  });
  splitter = new Function(
    'events',
    's',
    'help',
    `const { fill, index, numbers, ids, known, keyValues, workerOfKey, byString } = s;
const key = help.key;
let v, k, ki;
for (let i = 0; i < events.length; i++) {
  const e = events[i];
  try { k = key(e); } catch (x) { help.badKey(i, x); }
  if (typeof k === 'string' && k.charCodeAt(0) !== 1) { ki = byString[k]; if (ki === undefined) ki = help.newKey(k, k); }
  else ki = help.otherKey(i, k);
  const w = workerOfKey[ki];
  const j = fill[w]++;
  index[w][j] = i;
  ${body.join('\n  ')}
}`,
  ) as Splitter;
  splitters.set(id, splitter);
  return splitter;
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
