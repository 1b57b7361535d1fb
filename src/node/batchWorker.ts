/**
 * The code a batch-fold worker thread runs: loads the definition once, then folds each part it is sent
 * and sends the panes back. Loaded only as a worker's entry, never imported by the package's entries.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { BatchPart } from './batchPartition.js';
import { AT_END, foldedTransferList, foldPart } from './batchPanes.js';
import { loadBatchFold } from './loadBatchFold.js';

/** What the calling thread gives a worker when it starts it. */
export interface BatchWorkerData {
  readonly module: string;
  readonly exportName: string;
}

/** One part to fold, and its answer. */
export interface BatchRequest {
  readonly id: number;
  readonly part: BatchPart;
}

const port = parentPort;
if (port !== null) {
  const { module, exportName } = workerData as BatchWorkerData;
  const definition = loadBatchFold(module, exportName);
  port.on('message', ({ id, part }: BatchRequest) => {
    let answer: ReturnType<typeof foldPart>;
    try {
      answer = foldPart(definition, part, () => performance.now());
    } catch (e) {
      // The value coder failed on a pane: the batch has ended by then.
      const err = e instanceof Error ? e : new Error(String(e));
      answer = { failure: { name: err.name, message: err.message, at: AT_END } };
    }
    if (answer.folded !== undefined) port.postMessage({ id, folded: answer.folded }, foldedTransferList(answer.folded));
    else port.postMessage({ id, failure: answer.failure });
  });
}
