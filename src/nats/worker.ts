import type { JetStreamClient } from '@nats-io/jetstream';
import { map, type Observable, type Subscription } from 'rxjs';
import type { Pane } from '../core/pane.js';
import { requireFunction, requireOneOf, requireOptions } from '../internal/checks.js';
import { fromReplayableSource, type ReplayableSource } from '../io/replayableSource.js';
import type { EventTimeStream } from '../operators/stream.js';
import { describeValue } from '../time.js';
import { keyGroupSource } from './keyGroupSource.js';
import { replayFromStart, type KeyGroupStateStore } from './keyGroupState.js';
import { panePublisher } from './panePublisher.js';
import type { KeyGroupRecord } from './wireFormat.js';

/**
 * The user's pipeline, run once per key group over that key group's records (its events and the
 * broadcast watermarks): from the event-time stream to panes, e.g.
 * `(events$) => events$.pipe(fixedWindow(60_000), combinePerKey((e) => e.user, Combine.count()))`.
 * It must key by the producer's `key`, so that every key's elements are in one key group.
 *
 * @category Scale-out
 */
export type KeyGroupPipeline<T, V, K> = (events$: EventTimeStream<T>, context: { readonly keyGroup: number }) => Observable<Pane<V, K>>;

/**
 * Options of {@link runWorker}.
 *
 * @category Scale-out
 */
export interface WorkerOptions<T, V, K> {
  /** The input stream and the producer's subject prefix. */
  readonly input: { readonly stream: string; readonly subjectPrefix: string };
  /** The subject panes are published to, inside a stream with duplicate detection. */
  readonly output: { readonly subject: string };
  /** The key groups this worker owns (see `keyGroupRange`). */
  readonly keyGroups: readonly number[];
  readonly pipeline: KeyGroupPipeline<T, V, K>;
  /** `'live'` (default) reads until stopped; `'end'` stops each key group after the messages it held at the start. */
  readonly until?: 'live' | 'end' | undefined;
  /** Where each key group starts (default {@link replayFromStart}). */
  readonly state?: KeyGroupStateStore | undefined;
  /** Pane publishes awaiting acknowledgement before the reads pause (default 256). */
  readonly maxInFlight?: number | undefined;
}

/**
 * Counts of a worker's run.
 *
 * @category Scale-out
 */
export interface WorkerStats {
  readonly events: number;
  readonly panes: number;
  /** Panes the output stream stored. */
  readonly stored: number;
  /** Panes the output stream refused as already stored (a replay's repeats). */
  readonly duplicates: number;
}

/**
 * A running worker.
 *
 * @category Scale-out
 */
export interface Worker {
  /** Resolves when every key group's pipeline completed and its panes are acknowledged (`until: 'end'`); rejects with the first error. */
  readonly done: Promise<WorkerStats>;
  /** Stops every pipeline and read, waits for the publishes in flight. */
  stop(): Promise<WorkerStats>;
}

/**
 * Runs the user's pipeline once per owned key group, each over an ordered read of the key group's
 * subject, and publishes the panes exactly once by deduplication (see `panePublisher`). Key groups
 * share nothing, so N workers owning disjoint key groups produce together the panes one process would
 * (for pipelines whose watermarks come from the producer's markers). Each key group starts where
 * `state` says: from the first message by default, replaying to rebuild its state. Flink: a task
 * manager running the subtasks of a keyed operator.
 *
 * @example
 * const worker = runWorker(js, {
 *   input: { stream: 'EVENTS', subjectPrefix: 'events' },
 *   output: { subject: 'totals.panes' },
 *   keyGroups: keyGroupRange(index, workers),
 *   pipeline: (events$: EventTimeStream<Spend>) => events$.pipe(fixedWindow(60_000), combinePerKey((e) => e.user, Combine.count())),
 * });
 *
 * @category Scale-out
 */
export function runWorker<T, V, K>(js: JetStreamClient, options: WorkerOptions<T, V, K>): Worker {
  const o = requireOptions('runWorker', options);
  requireFunction('runWorker', 'pipeline', o.pipeline);
  if (typeof o.input !== 'object' || o.input === null) throw new TypeError(`runWorker: input must be { stream, subjectPrefix }, got ${describeValue(o.input)}`);
  if (typeof o.output !== 'object' || o.output === null) throw new TypeError(`runWorker: output must be { subject }, got ${describeValue(o.output)}`);
  if (!Array.isArray(o.keyGroups)) throw new TypeError(`runWorker: keyGroups must be an array of distinct non-negative integers, got ${describeValue(o.keyGroups)}`);
  const at = o.keyGroups.findIndex((kg, i) => !Number.isInteger(kg) || kg < 0 || o.keyGroups.indexOf(kg) !== i);
  if (at >= 0) {
    throw new TypeError(`runWorker: keyGroups must be distinct non-negative integers, got ${describeValue(o.keyGroups[at])} at index ${at}`);
  }
  requireOneOf('runWorker', 'until', o.until, ['live', 'end']);
  const state = o.state ?? replayFromStart;
  requireFunction('runWorker', 'state.start', state?.start);
  const publisher = panePublisher(js, { subject: o.output.subject, maxInFlight: o.maxInFlight });
  // Built now, so that a bad input option throws here rather than in the run.
  const sources = o.keyGroups.map((keyGroup) => ({
    keyGroup,
    source: keyGroupSource<T>(js, { stream: o.input.stream, subjectPrefix: o.input.subjectPrefix, keyGroup, until: o.until }),
  }));
  const subscriptions: Subscription[] = [];
  let stopped = false;
  let events = 0;
  let panes = 0;

  const runKeyGroup = async (keyGroup: number, source: ReplayableSource<KeyGroupRecord<T>>) => {
    const start = await state.start(keyGroup);
    if (stopped) return;
    // The reads wait while the output lags, so a fast pipeline does not pile up publishes.
    const paced: ReplayableSource<KeyGroupRecord<T>> = {
      read: (from) =>
        (async function* () {
          for await (const record of source.read(from)) {
            if (publisher.full) await publisher.ready();
            if (record.value.kind === 'element') events++;
            yield record;
          }
        })(),
    };
    const records$ = fromReplayableSource(paced, start.position).pipe(map((p) => p.value));
    await new Promise<void>((resolve, reject) => {
      subscriptions.push(
        o.pipeline(records$, { keyGroup }).subscribe({
          next: (pane) => {
            panes++;
            publisher.publish(pane);
          },
          error: reject,
          complete: resolve,
        }),
      );
    });
  };

  const finish = async () => {
    const { stored, duplicates } = await publisher.flush();
    return { events, panes, stored, duplicates };
  };
  const done = Promise.all(sources.map(({ keyGroup, source }) => runKeyGroup(keyGroup, source))).then(finish, async (e: unknown) => {
    stopped = true;
    for (const s of subscriptions) s.unsubscribe();
    throw e;
  });
  // Observed here so that a failure reported through stop() is not also an unhandled rejection.
  done.catch(() => undefined);
  return {
    done,
    stop: async () => {
      stopped = true;
      for (const s of subscriptions) s.unsubscribe();
      return finish();
    },
  };
}
