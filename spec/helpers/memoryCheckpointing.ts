/**
 * In-memory source, checkpoint store and sink with the contracts of the file-backed ones, for crash
 * properties over `runCheckpointed`: the source can stop with a {@link Crash} after N records of one
 * read, and the sink keeps what was written since the last flush until a restart cuts it back, as a file does.
 */
import { Subject, type Observable } from 'rxjs';
import { runCheckpointed, type CommittingSink } from '../../src/io/checkpointedRun';
import type { Checkpoint, CheckpointStore } from '../../src/io/checkpointStore';
import type { ReplayableSource } from '../../src/io/replayableSource';

export class Crash extends Error {}

/** The values in order; position = index. Stops with a Crash after `crashAfter` records of one read. */
export function memorySource<T>(values: readonly T[], crashAfter = Infinity): ReplayableSource<T> {
  return {
    async *read(from) {
      let n = 0;
      for (let i = from === undefined ? 0 : (from as number) + 1; i < values.length; i++) {
        if (n++ === crashAfter) throw new Crash('crash');
        yield { value: values[i], position: i };
      }
    },
  };
}

export function memoryStore(): CheckpointStore & { saved: Map<number, string> } {
  const saved = new Map<number, string>();
  return {
    saved,
    save: async (c: Checkpoint) => void saved.set(c.id, c.data),
    latest: async () => {
      const ids = [...saved.keys()];
      if (ids.length === 0) return undefined;
      const id = Math.max(...ids);
      return { id, data: saved.get(id)! };
    },
    list: async () => [...saved.keys()].sort((a, b) => a - b),
    load: async (id) => (saved.has(id) ? { id, data: saved.get(id)! } : undefined),
  };
}

/** A "file" of outputs: writes land at once (durable or not), a restart cuts it back to the committed length. */
export function memorySink<R>(): CommittingSink<R> & { lines: R[] } {
  const lines: R[] = [];
  return {
    lines,
    open: async (o) => {
      if (o?.truncateTo !== undefined) lines.length = o.truncateTo;
      return lines.length;
    },
    write: async (values) => void lines.push(...values),
    flush: async () => lines.length,
    close: async () => lines.length,
  };
}

/**
 * Runs `pipeline` over `values` through `runCheckpointed`, stopped by a Crash after each of `crashes`
 * records (counted from where that run resumed) and started again each time, then once to the end;
 * returns what the sink holds at the end.
 */
export async function runWithCrashes<T, R>(pipeline: (input: Observable<T>) => Observable<R>, values: readonly T[], every: number, crashes: readonly number[]): Promise<R[]> {
  const store = memoryStore();
  const sink = memorySink<R>();
  for (const crashAfter of crashes) {
    // A crash before the end stops the run; one after the end lets it finish (later runs then do nothing).
    await runCheckpointed({ source: memorySource(values, crashAfter), store, sink, pipeline, every }).catch((e: unknown) => {
      if (!(e instanceof Crash)) throw e;
    });
  }
  await runCheckpointed({ source: memorySource(values), store, sink, pipeline, every });
  return sink.lines;
}

/**
 * The outputs of a plain run, without checkpoints: what every checkpointed run must end with. The values
 * go in through a Subject once the whole pipeline has subscribed (a shared synchronous source would
 * reach its first branch before the second one subscribed). `outputs` turns what the pipeline emits
 * into what a checkpointed run's sink gets (default: itself).
 */
export async function plainRun<T, R>(pipeline: (input: Observable<T>) => Observable<R>, values: readonly T[], outputs: (emitted: R) => readonly unknown[] = (r) => [r]): Promise<unknown[]> {
  const out: unknown[] = [];
  const input = new Subject<T>();
  const done = new Promise<void>((resolve, reject) => pipeline(input).subscribe({ next: (r) => out.push(...outputs(r)), error: reject, complete: resolve }));
  for (const v of values) input.next(v);
  input.complete();
  await done;
  return out;
}
