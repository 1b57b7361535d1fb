/**
 * Folds a bounded batch on several worker threads by key group, with the panes the single-thread
 * pipeline gives, in its order.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Pane } from '../core/pane.js';
import { DEFAULT_KEY_GROUPS, requireKeyGroups } from '../core/keyGroups.js';
import { describeValue } from '../time.js';
import type { BatchFold } from './batchFold.js';
import { AT_END, type FoldedPart, type FoldFailure } from './batchPanes.js';
import { BatchColumns, ownersOfKeyGroups, partitionBatch, transferList } from './batchPartition.js';
import type { BatchWorkerData } from './batchWorker.js';
import { loadBatchFold } from './loadBatchFold.js';
import { mergeFoldedParts } from './paneOrder.js';

/**
 * Options of {@link batchFolder} and {@link foldBatchInParallel}.
 *
 * @category Scale-out
 */
export interface BatchFolderOptions {
  /** Path of the module that exports the {@link BatchFold} definition (resolved from the working directory). */
  readonly module: string;
  /** The export that holds the definition (default `'default'`: the default export, or the module itself). */
  readonly export?: string;
  /** Worker threads (default 2); each owns a contiguous range of key groups. */
  readonly workers?: number;
  /** Key groups the keys are hashed to (default 128, as for NATS scale-out); at least `workers`. */
  readonly keyGroups?: number;
}

/**
 * Where the last fold spent its wall time, in ms (`BatchFolder.lastFold`).
 *
 * @category Scale-out
 */
export interface BatchFoldTimes {
  /** Splitting the batch into columns, one part per worker (calling thread). */
  readonly partition: number;
  /** From sending the parts to receiving the last worker's panes. */
  readonly workers: number;
  /** Each worker's own fold: rebuilding its events and running the pipeline. */
  readonly folds: readonly number[];
  /** Merging the panes into the single-thread order (calling thread). */
  readonly merge: number;
}

/**
 * Worker threads that keep a {@link BatchFold} loaded and fold one batch at a time.
 *
 * @category Scale-out
 */
export interface BatchFolder<T, V, K> {
  /** The panes of `from(events).pipe(batchPipeline(definition))`, folded on the workers. */
  fold(events: readonly T[]): Promise<Pane<V, K>[]>;
  /** Where the last fold spent its time. */
  readonly lastFold: BatchFoldTimes | undefined;
  /** Stops the workers; a fold under way is rejected. */
  close(): Promise<void>;
}

/** The worker entry next to this file (the CommonJS build, or the TypeScript sources under tsx or jest). */
function workerEntry(): { file: string; typescript: boolean } {
  if (typeof __dirname === 'string') {
    const ext = extname(__filename);
    return { file: join(__dirname, `batchWorker${ext}`), typescript: ext === '.ts' };
  }
  // An ES module build has no __dirname: the CommonJS build of the package holds the same worker.
  const entry = createRequire(join(process.cwd(), 'index.js')).resolve('rxjs-event-time/node');
  return { file: join(dirname(entry), 'batchWorker.js'), typescript: false };
}

/** The code a worker starts with: registers tsx first when the package runs from TypeScript sources. */
function bootstrap(entry: { file: string; typescript: boolean }): string {
  const tsx = entry.typescript ? `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();` : '';
  return `${tsx}require(${JSON.stringify(entry.file)});`;
}

function failureError(f: FoldFailure): Error {
  const e = f.name === 'TypeError' ? new TypeError(f.message) : f.name === 'RangeError' ? new RangeError(f.message) : new Error(f.message);
  if (e.name !== f.name) e.name = f.name;
  return e;
}

/**
 * Starts worker threads that load the {@link BatchFold} exported by `options.module` and fold batches
 * by key group: each worker folds the events of its key groups with the definition's pipeline, and the
 * panes are merged into the order of the single-thread run (see `paneOrder.ts`, and
 * docs/performance.md). The equality holds because a batch's watermark stays at its start until the
 * batch ends, so what a key's panes hold depends only on that key's events, in batch order. Beam: a
 * batch runner's parallel `GroupByKey` over key ranges; Flink: key groups over parallel subtasks.
 *
 * @example
 * const folder = batchFolder<Sale, { count: number; sum: number }, string>({ module: require.resolve('./sums'), workers: 2 });
 * const panes = await folder.fold(sales);
 * await folder.close();
 *
 * @category Scale-out
 */
export function batchFolder<T, V, K>(options: BatchFolderOptions): BatchFolder<T, V, K> {
  const op = 'batchFolder';
  if (typeof options !== 'object' || options === null) throw new TypeError(`${op}: options must be an object, got ${describeValue(options)}`);
  if (typeof options.module !== 'string' || options.module === '') throw new TypeError(`${op}: module must be a module path, got ${describeValue(options.module)}`);
  const module = resolve(options.module);
  if (!existsSync(module)) throw new RangeError(`${op}: module ${module} does not exist`);
  const exportName = options.export ?? 'default';
  if (typeof exportName !== 'string') throw new TypeError(`${op}: export must be a string, got ${describeValue(exportName)}`);
  const workers = options.workers ?? 2;
  const keyGroups = options.keyGroups ?? DEFAULT_KEY_GROUPS;
  requireKeyGroups(op, 'keyGroups', keyGroups);
  if (!Number.isInteger(workers) || workers < 1 || workers > keyGroups) {
    throw new RangeError(`${op}: workers must be an integer from 1 to keyGroups (${keyGroups}), got ${describeValue(workers)}`);
  }
  const definition = loadBatchFold(module, exportName) as BatchFold<T, K, unknown, V>;
  const owner = ownersOfKeyGroups(workers, keyGroups);
  const memory = new BatchColumns();
  const data: BatchWorkerData = { module, exportName };
  const code = bootstrap(workerEntry());
  let closed = false;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let lastFold: BatchFoldTimes | undefined;
  // The answer each worker owes for the part under way.
  const stopped: (Error | undefined)[] = [];
  const pending: ({ resolve: (f: FoldedPart | FoldFailure) => void; reject: (e: Error) => void } | undefined)[] = [];
  const threads = Array.from({ length: workers }, (_, w) => {
    const worker = new Worker(code, { eval: true, workerData: data });
    worker.on('message', (m: { folded?: FoldedPart; failure?: FoldFailure }) => {
      const p = pending[w];
      pending[w] = undefined;
      p?.resolve(m.folded ?? m.failure!);
    });
    const fail = (e: Error) => {
      stopped[w] ??= e;
      const p = pending[w];
      pending[w] = undefined;
      p?.reject(e);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${op}: worker ${w} stopped (exit code ${code})`)));
    return worker;
  });

  const foldOnce = async (events: readonly T[]): Promise<Pane<V, K>[]> => {
    if (closed) throw new Error(`${op}: the folder is closed`);
    if (!Array.isArray(events)) throw new TypeError(`${op}: fold takes an array of events, got ${describeValue(events)}`);
    const t0 = performance.now();
    const parts = partitionBatch(events, definition.key, owner, workers, definition.columns, memory);
    const t1 = performance.now();
    const id = nextId++;
    const answers = await Promise.all(
      threads.map(
        (worker, w) =>
          new Promise<FoldedPart | FoldFailure>((resolve, reject) => {
            const dead = stopped[w];
            if (dead !== undefined) return reject(dead);
            pending[w] = { resolve, reject };
            worker.postMessage({ id, part: parts[w] }, transferList(parts[w]));
          }),
      ),
    );
    const t2 = performance.now();
    // The single-thread run stops at the first bad event in batch order: report that one.
    const failures = answers.filter((a): a is FoldFailure => 'message' in a);
    if (failures.length !== 0) {
      const first = failures.reduce((a, b) => (b.at !== AT_END && (a.at === AT_END || b.at < a.at) ? b : a));
      throw failureError(first);
    }
    const folded = answers as FoldedPart[];
    const coder = definition.valueCoder;
    const panes = mergeFoldedParts<V, K>(folded, coder === undefined ? undefined : (v: never) => coder.decode(v));
    lastFold = { partition: t1 - t0, workers: t2 - t1, folds: folded.map((f) => f.foldMs), merge: performance.now() - t2 };
    return panes;
  };

  return {
    fold(events) {
      const run = queue.then(() => foldOnce(events));
      queue = run.catch(() => undefined);
      return run;
    },
    get lastFold() {
      return lastFold;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}

/**
 * Folds one batch on fresh worker threads and stops them: {@link batchFolder}, one `fold`, `close`.
 * Starting workers costs tens of ms (each loads the package and the definition); to fold many batches,
 * keep a {@link batchFolder}.
 *
 * @example const panes = await foldBatchInParallel(sales, { module: require.resolve('./sums'), workers: 2 });
 *
 * @category Scale-out
 */
export async function foldBatchInParallel<T, V = unknown, K = unknown>(events: readonly T[], options: BatchFolderOptions): Promise<Pane<V, K>[]> {
  const folder = batchFolder<T, V, K>(options);
  try {
    return await folder.fold(events);
  } finally {
    await folder.close();
  }
}
