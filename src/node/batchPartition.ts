/**
 * Splits a batch by key group into one part per worker, in columns that can be transferred rather than
 * cloned, and rebuilds the events of a part on the worker's side.
 */
import { keyId } from '../core/keyEncoding.js';
import { keyGroupOf } from '../core/keyGroups.js';
import { describeValue } from '../time.js';
import type { BatchColumn } from './batchFold.js';

/**
 * One worker's share of a batch. With columns, every worker is given the same shared columns of the
 * whole batch (in batch order) and folds the events whose `workerOf` is its own; without, its own
 * events, cloned, and their batch positions.
 */
export interface BatchPart {
  readonly worker: number;
  /** With columns: the worker of each event of the batch, and one column per field, in the definition's order. */
  readonly workerOf?: Uint16Array;
  readonly numbers?: Float64Array[];
  readonly ids?: Int32Array[];
  /** With columns: the distinct values of each `'value'` field, indexed by `ids`. */
  readonly tables?: unknown[][];
  /** Without columns: the events and their positions in the batch. */
  readonly index?: Int32Array;
  readonly events?: unknown[];
}

/**
 * Shared memory for the columns, kept by a folder from one batch to the next (a batch is folded only
 * after the workers are done with the one before), so a batch allocates nothing that needs collecting.
 */
export class BatchColumns {
  private capacity = 0;
  workerOf: Uint16Array = new Uint16Array(0);
  numbers: Float64Array[] = [];
  ids: Int32Array[] = [];

  /** Room for `n` events in `numberFields` number and `valueFields` value columns. */
  reserve(n: number, numberFields: number, valueFields: number): void {
    if (n <= this.capacity && this.numbers.length === numberFields && this.ids.length === valueFields) return;
    const room = Math.max(n, Math.ceil(this.capacity * 1.5));
    this.capacity = room;
    this.workerOf = new Uint16Array(new SharedArrayBuffer(2 * room));
    this.numbers = Array.from({ length: numberFields }, () => new Float64Array(new SharedArrayBuffer(8 * room)));
    this.ids = Array.from({ length: valueFields }, () => new Int32Array(new SharedArrayBuffer(4 * room)));
  }
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
  memory: BatchColumns = new BatchColumns(),
): BatchPart[] {
  const n = events.length;
  const fields = columns === undefined ? [] : Object.keys(columns);
  const numberFields = fields.filter((f) => columns![f] === 'number');
  const valueFields = fields.filter((f) => columns![f] === 'value');
  memory.reserve(n, numberFields.length, valueFields.length);
  const s: SplitState = {
    workerOf: memory.workerOf,
    numbers: memory.numbers,
    ids: memory.ids,
    tables: valueFields.map((): unknown[] => []),
    known: valueFields.map((): number[] => []),
    keyValues: [],
    workerOfKey: [],
    byString: Object.create(null) as Record<string, number>,
  };
  const byOther = new Map<unknown, number>();
  const idMaps = valueFields.map(() => new Map<unknown, number>());
  const newKey = (k: unknown, id: unknown): number => {
    const ki = s.keyValues.length;
    if (typeof id === 'string') s.byString[id] = ki;
    else byOther.set(id, ki);
    s.keyValues.push(k);
    s.workerOfKey.push(owner[keyGroupOf(k, owner.length)]);
    for (const column of s.known) column.push(-1);
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
    look: (c, v) => {
      let k = idMaps[c].get(v);
      if (k === undefined) {
        idMaps[c].set(v, (k = s.tables[c].length));
        s.tables[c].push(v);
      }
      return k;
    },
    badNumber: (i, field, v) => {
      throw new TypeError(`foldBatchInParallel: columns.${field} is 'number', but event ${i} has ${describeValue(v)}`);
    },
  };
  splitterOf(numberFields, valueFields)(events, s, help);
  const workerOf = memory.workerOf.subarray(0, n);
  if (columns === undefined) {
    const counts = new Int32Array(workers);
    for (let i = 0; i < n; i++) counts[workerOf[i]]++;
    const index = Array.from(counts, (c) => new Int32Array(c));
    counts.fill(0);
    for (let i = 0; i < n; i++) index[workerOf[i]][counts[workerOf[i]]++] = i;
    return index.map((at, worker) => ({ worker, index: at, events: Array.from(at, (i) => events[i]) }));
  }
  const numbers = memory.numbers.map((c) => c.subarray(0, n));
  const ids = memory.ids.map((c) => c.subarray(0, n));
  return Array.from({ length: workers }, (_, worker) => ({ worker, workerOf, numbers, ids, tables: s.tables }));
}

/** What the generated pass writes (columns in batch order) and looks keys up in. */
interface SplitState {
  readonly workerOf: Uint16Array;
  readonly numbers: Float64Array[];
  readonly ids: Int32Array[];
  readonly tables: unknown[][];
  /** The id in a value column of each distinct key's own value, or -1 until seen there. */
  readonly known: number[][];
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
  readonly look: (c: number, v: unknown) => number;
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
  const locals: string[] = [];
  numberFields.forEach((f, c) => {
    const name = JSON.stringify(f);
    locals.push(`const n${c} = s.numbers[${c}];`);
    body.push(`v = e[${name}]; if (typeof v !== 'number') help.badNumber(i, ${name}, v); n${c}[i] = v;`);
  });
  valueFields.forEach((f, c) => {
    locals.push(`const d${c} = s.ids[${c}], k${c} = s.known[${c}];`);
    // A value field that holds the event's key (the usual case) finds its id through the key's index.
    body.push(
      `v = e[${JSON.stringify(f)}]; if (v === keyValues[ki]) { k = k${c}[ki]; if (k < 0) k${c}[ki] = k = help.look(${c}, v); } else k = help.look(${c}, v); d${c}[i] = k;`,
    );
  });
  splitter = new Function(
    'events',
    's',
    'help',
    `const { workerOf, keyValues, workerOfKey, byString } = s;
${locals.join('\n')}
const key = help.key;
let v, k, ki;
for (let i = 0; i < events.length; i++) {
  const e = events[i];
  try { k = key(e); } catch (x) { help.badKey(i, x); }
  if (typeof k === 'string' && k.charCodeAt(0) !== 1) { ki = byString[k]; if (ki === undefined) ki = help.newKey(k, k); }
  else ki = help.otherKey(i, k);
  workerOf[i] = workerOfKey[ki];
  ${body.join('\n  ')}
}`,
  ) as Splitter;
  splitters.set(id, splitter);
  return splitter;
}

/** The buffers of a part to transfer instead of copy (shared columns are shared, not transferred). */
export function transferList(part: BatchPart): ArrayBuffer[] {
  return part.index === undefined ? [] : [part.index.buffer as ArrayBuffer];
}

/**
 * The events of a part, one call per event with its batch position: `visit(position, event)`. With
 * columns each event is rebuilt as a plain object literal of the column fields in their order, by a
 * generated function so that every event has the same hidden class.
 */
export function eventsOf(part: BatchPart, columns: Readonly<Record<string, BatchColumn>> | undefined): (visit: (at: number, e: unknown) => boolean) => void {
  if (columns === undefined) {
    const events = part.events!;
    const index = part.index!;
    return (visit) => {
      for (let j = 0; j < index.length; j++) if (!visit(index[j], events[j])) return;
    };
  }
  const fields = Object.keys(columns);
  const props: string[] = [];
  let nums = 0;
  let vals = 0;
  for (const field of fields) {
    props.push(`${JSON.stringify(field)}: ${columns[field] === 'number' ? `n${nums++}[i]` : `t${vals}[d${vals++}[i]]`}`);
  }
  const args = [...Array.from({ length: nums }, (_, c) => `n${c}`), ...Array.from({ length: vals }, (_, c) => `d${c}`), ...Array.from({ length: vals }, (_, c) => `t${c}`)];
  const make = new Function(
    'workerOf',
    'me',
    ...args,
    `return (visit) => { for (let i = 0; i < workerOf.length; i++) if (workerOf[i] === me && !visit(i, { ${props.join(', ')} })) return; };`,
  ) as (...a: unknown[]) => (visit: (at: number, e: unknown) => boolean) => void;
  return make(part.workerOf, part.worker, ...part.numbers!, ...part.ids!, ...part.tables!);
}
