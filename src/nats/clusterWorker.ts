import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { requireOptions } from '../internal/checks.js';
import { describeValue } from '../time.js';
import { joinCluster, type Membership, type MembershipOptions } from './membership.js';
import { runWorker, type Worker, type WorkerOptions, type WorkerStats } from './worker.js';

/**
 * Options of {@link runClusterWorker}: those of `runWorker` without `keyGroups`, which the cluster's
 * assignment gives, and the membership's.
 *
 * @category Scale-out
 */
export interface ClusterWorkerOptions<T, V, K> extends Omit<WorkerOptions<T, V, K>, 'keyGroups' | 'until'> {
  readonly cluster: {
    /** The membership bucket (heartbeats, leader, assignment). */
    readonly kv: KV;
    readonly id: string;
    /** How many key groups there are (the producer's `keyGroups`). */
    readonly keyGroups: number;
    readonly heartbeat?: number | undefined;
    readonly timeout?: number | undefined;
    readonly onError?: MembershipOptions['onError'];
  };
}

/**
 * A worker in a cluster.
 *
 * @category Scale-out
 */
export interface ClusterWorker {
  readonly worker: Worker;
  readonly membership: Membership;
  /** Leaves the cluster and hands every key group over (a last checkpoint each, marked released). */
  stop(): Promise<WorkerStats>;
}

/**
 * Runs a worker whose key groups come from the cluster's assignment (see `joinCluster`): workers join,
 * leave and crash, and the key groups move between them by checkpoint: the former owner saves a last
 * checkpoint marked released, the new one takes the key (bumping its revision, which fences out the
 * former owner should it still be alive), restores and reads on. A key group whose run failed (a
 * server outage) is started again on the next heartbeat. Flink: a TaskManager under a JobManager
 * that rescales from a checkpoint.
 *
 * @example
 * const w = runClusterWorker(js, { input, output, pipeline, state: kvStateStore({ kv: checkpoints, owner: id, handoverWait: 2_000 }), cluster: { kv: members, id, keyGroups: 128 } });
 * process.on('SIGTERM', () => void w.stop());
 *
 * @category Scale-out
 */
export function runClusterWorker<T, V, K>(js: JetStreamClient, options: ClusterWorkerOptions<T, V, K>): ClusterWorker {
  const o = requireOptions('runClusterWorker', options);
  if (typeof o.cluster !== 'object' || o.cluster === null) throw new TypeError(`runClusterWorker: cluster must be { kv, id, keyGroups }, got ${describeValue(o.cluster)}`);
  const worker = runWorker(js, { ...o, keyGroups: [], until: 'live' });
  let epoch: number | undefined;
  let latest: number[] = [];
  const membership = joinCluster({
    ...o.cluster,
    scheduler: o.scheduler,
    onAssignment: (keyGroups, assignment) => {
      // A member that missed an epoch (a server outage, a slow beat) may have lost key groups that another
      // owner took and that came back since: it runs them on a fenced revision, so it takes them all again.
      const missed = epoch !== undefined && assignment.epoch > epoch + 1;
      epoch = assignment.epoch;
      latest = keyGroups;
      // Once the hand-over is done, the key groups of the latest beat: this one's may be stale by then.
      void (missed ? worker.assign([]) : Promise.resolve())
        .then(() => worker.assign(latest))
        .catch((e: unknown) => o.cluster.onError?.(e));
    },
  });
  return {
    worker,
    membership,
    stop: async () => {
      await membership.leave();
      return worker.stop({ release: true });
    },
  };
}
