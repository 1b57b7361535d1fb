import type { JetStreamClient } from '@nats-io/jetstream';
import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import type { Pane } from '../core/pane.js';
import { requireFunction, requireOneOf, requireOptionalScheduler, requireOptions, requirePositiveDuration, requirePositiveInteger } from '../internal/checks.js';
import type { EventTimeStream } from '../operators/stream.js';
import { describeValue } from '../time.js';
import { KeyGroupRun, type RunCounters, type RunOutcome } from './keyGroupRun.js';
import { keyGroupSource, ReadStop } from './keyGroupSource.js';
import { replayFromStart, type KeyGroupStateStore } from './keyGroupState.js';
import { panePublisher, type PanePublisher } from './panePublisher.js';

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
  /**
   * The subject panes are published to, inside a stream with duplicate detection. `mode`:
   * `'immediate'` (default) publishes each pane as it fires, for deterministic pipelines (a replay
   * republishes the same pane ids, which the server drops); `'afterCommit'` keeps the panes in the
   * checkpoint and publishes them once its compare-and-set succeeded, for any pipeline (processing-time
   * triggers included); it needs a `state` store that saves.
   */
  readonly output: { readonly subject: string; readonly mode?: 'immediate' | 'afterCommit' | undefined };
  /** The key groups this worker owns (see `keyGroupRange`); `[]` when a membership assigns them (see `runClusterWorker`). */
  readonly keyGroups: readonly number[];
  readonly pipeline: KeyGroupPipeline<T, V, K>;
  /** `'live'` (default) reads until stopped; `'end'` stops each key group after the messages it held at the start. */
  readonly until?: 'live' | 'end' | undefined;
  /** Where each key group starts and where its checkpoints go (default {@link replayFromStart}: no checkpoints). */
  readonly state?: KeyGroupStateStore | undefined;
  /** Events of a key group between its checkpoints (default 10 000). */
  readonly checkpointEvery?: number | undefined;
  /** Also checkpoint every this many ms of `scheduler` when records arrived since the last one. */
  readonly checkpointInterval?: number | undefined;
  /** The clock of `checkpointInterval` and of retries (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike | undefined;
  /** Pane publishes awaiting acknowledgement before a key group's read pauses (default 256). */
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
  /** Checkpoints committed. */
  readonly checkpoints: number;
  /** Key groups given up because another owner had taken them (a refused checkpoint). */
  readonly fenced: number;
}

/**
 * A running worker.
 *
 * @category Scale-out
 */
export interface Worker {
  /** Resolves when every key group's pipeline completed and its panes are acknowledged (`until: 'end'`); rejects with the first error. */
  readonly done: Promise<WorkerStats>;
  /** Stops every pipeline and read (with `release`, each key group first saves a checkpoint marked released), waits for the publishes in flight. */
  stop(options?: { readonly release?: boolean }): Promise<WorkerStats>;
  /** Moves the worker to these key groups: the ones it loses are released (last checkpoint), the new ones taken and restored. */
  assign(keyGroups: readonly number[]): Promise<void>;
  /** The key groups it runs now. */
  owned(): number[];
  /** The counts so far. */
  stats(): WorkerStats;
}

/** A key group started on a worker: its run once its take succeeded; `unwanted` ends a take still waiting for a hand-over. */
interface RunEntry<T, V, K> {
  run: KeyGroupRun<T, V, K> | undefined;
  starting: Promise<RunOutcome>;
  readonly unwanted: ReadStop;
}

function requireKeyGroupList(op: string, keyGroups: unknown): asserts keyGroups is readonly number[] {
  if (!Array.isArray(keyGroups)) throw new TypeError(`${op}: keyGroups must be an array of distinct non-negative integers, got ${describeValue(keyGroups)}`);
  const at = keyGroups.findIndex((kg: unknown, i) => !Number.isInteger(kg) || (kg as number) < 0 || keyGroups.indexOf(kg) !== i);
  if (at >= 0) throw new TypeError(`${op}: keyGroups must be distinct non-negative integers, got ${describeValue(keyGroups[at])} at index ${at}`);
}

/**
 * Runs the user's pipeline once per owned key group, each over an ordered read of the key group's
 * subject, and publishes the panes exactly once. Key groups share nothing, so N workers owning disjoint
 * key groups produce together the panes one process would (for pipelines whose watermarks come from the
 * producer's markers). With a `state` store such as `kvStateStore`, each key group restores its last
 * checkpoint, reads on after its position, and checkpoints every `checkpointEvery` events; a key group
 * whose checkpoint is refused (another owner took it) is given up. Flink: a task manager running the
 * subtasks of a keyed operator.
 *
 * @example
 * const worker = runWorker(js, {
 *   input: { stream: 'EVENTS', subjectPrefix: 'events' },
 *   output: { subject: 'totals.panes' },
 *   keyGroups: keyGroupRange(index, workers),
 *   state: kvStateStore({ kv, objects, owner: `worker-${index}` }),
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
  requireKeyGroupList('runWorker', o.keyGroups);
  requireOneOf('runWorker', 'until', o.until, ['live', 'end']);
  requireOneOf('runWorker', 'output.mode', o.output.mode, ['immediate', 'afterCommit']);
  const state = o.state ?? replayFromStart;
  requireFunction('runWorker', 'state.start', state?.start);
  const mode = o.output.mode ?? 'immediate';
  if (mode === 'afterCommit' && state === replayFromStart) {
    throw new TypeError(`runWorker: output.mode 'afterCommit' needs a state store that keeps checkpoints (kvStateStore), got replayFromStart`);
  }
  const every = o.checkpointEvery ?? 10_000;
  requirePositiveInteger('runWorker', 'checkpointEvery', every);
  if (o.checkpointInterval !== undefined) requirePositiveDuration('runWorker', 'checkpointInterval', o.checkpointInterval);
  requireOptionalScheduler('runWorker', 'scheduler', o.scheduler);
  const scheduler = o.scheduler ?? asyncScheduler;
  // Built once, so that bad output or input options throw here rather than in the run.
  panePublisher(js, { subject: o.output.subject, maxInFlight: o.maxInFlight });
  keyGroupSource<T>(js, { stream: o.input.stream, subjectPrefix: o.input.subjectPrefix, keyGroup: 0, until: o.until });

  const counters: RunCounters = { events: 0, panes: 0, checkpoints: 0 };
  let stored = 0;
  let duplicates = 0;
  let fenced = 0;
  let stopped = false;
  const runs = new Map<number, RunEntry<T, V, K>>();
  /** Counts the calls of `assign`: one that a newer call overtook while it handed key groups over starts nothing. */
  let assignments = 0;
  const stats = (): WorkerStats => ({ events: counters.events, panes: counters.panes, stored, duplicates, checkpoints: counters.checkpoints, fenced });

  const tally = async (publisher: PanePublisher) => {
    const counts = await publisher.flush().catch(() => ({ stored: 0, duplicates: 0 }));
    stored += counts.stored;
    duplicates += counts.duplicates;
  };

  /** Key groups being stopped (a hand-over's last checkpoint under way), which `stop()` and a new start of the key group wait for. */
  const leaving = new Map<number, Promise<void>>();
  const startKeyGroup = (keyGroup: number): Promise<RunOutcome> => {
    const entry: RunEntry<T, V, K> = { run: undefined, starting: Promise.resolve('stopped'), unwanted: new ReadStop() };
    entry.starting = (async () => {
      try {
        // Taken back while its hand-over is under way: taking it before the released checkpoint is saved
        // would fence that save (the same owner's name spares it the hand-over wait).
        await leaving.get(keyGroup);
        const start = await state.start(keyGroup, entry.unwanted);
        if (stopped || runs.get(keyGroup) !== entry) return 'stopped' as const;
        const abort = new ReadStop();
        const source = keyGroupSource<T>(js, { stream: o.input.stream, subjectPrefix: o.input.subjectPrefix, keyGroup, until: o.until, signal: abort });
        const publisher = panePublisher(js, { subject: o.output.subject, maxInFlight: o.maxInFlight });
        entry.run = new KeyGroupRun<T, V, K>({ keyGroup, source, pipeline: o.pipeline, start, publisher, mode, every, interval: o.checkpointInterval, scheduler, counters, abort });
        try {
          const outcome = await entry.run.done;
          if (outcome === 'fenced') fenced++;
          return outcome;
        } finally {
          await tally(publisher);
        }
      } finally {
        // Whatever ended it (its take failed on a server outage or was fenced, its run failed or was
        // fenced), the key group is no longer run here, so that the next assignment takes it again.
        if (runs.get(keyGroup) === entry) runs.delete(keyGroup);
      }
    })();
    runs.set(keyGroup, entry);
    return entry.starting;
  };

  const stopKeyGroup = async (keyGroup: number, release: boolean) => {
    const entry = runs.get(keyGroup);
    if (entry === undefined) return;
    runs.delete(keyGroup);
    entry.unwanted.stop();
    const left = (async () => {
      if (entry.run !== undefined) await entry.run.stop(release).catch(() => undefined);
      await entry.starting.catch(() => undefined);
    })();
    leaving.set(keyGroup, left);
    await left;
    if (leaving.get(keyGroup) === left) leaving.delete(keyGroup);
  };

  const done = Promise.all(o.keyGroups.map(startKeyGroup)).then(stats, async (e: unknown) => {
    stopped = true;
    await Promise.all([...runs.keys()].map((kg) => stopKeyGroup(kg, false)));
    throw e;
  });
  // Observed here so that a failure reported through stop() is not also an unhandled rejection.
  done.catch(() => undefined);
  return {
    done,
    stop: async (stopOptions) => {
      stopped = true;
      await Promise.all([...[...runs.keys()].map((kg) => stopKeyGroup(kg, stopOptions?.release === true)), ...leaving.values()]);
      return stats();
    },
    assign: async (keyGroups) => {
      requireKeyGroupList('runWorker.assign', keyGroups);
      if (stopped) return;
      const call = ++assignments;
      const wanted = new Set(keyGroups);
      await Promise.all([...runs.keys()].filter((kg) => !wanted.has(kg)).map((kg) => stopKeyGroup(kg, true)));
      // Stopped, or assigned anew, while the lost key groups were handed over: taking the key groups of
      // this (stale) call would fence out their next owner; the newer call takes its own.
      if (stopped || call !== assignments) return;
      for (const kg of keyGroups) {
        if (!runs.has(kg)) startKeyGroup(kg).catch(() => undefined);
      }
    },
    owned: () => [...runs.keys()].sort((a, b) => a - b),
    stats,
  };
}
