import type { KV } from '@nats-io/kv';
import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import { requireFunction, requireOptionalScheduler, requireOptions, requirePositiveDuration } from '../internal/checks.js';
import { describeValue } from '../time.js';
import { keyGroupRange, requireKeyGroups } from './keyGroups.js';

/**
 * Which member owns which key groups, as the leader last wrote it. `epoch` grows with each change.
 *
 * @category Scale-out
 */
export interface Assignment {
  readonly epoch: number;
  /** Each member's contiguous range of key groups, `[from, to)`. */
  readonly owners: Readonly<Record<string, readonly [number, number]>>;
}

/**
 * Options of {@link joinCluster}.
 *
 * @category Scale-out
 */
export interface MembershipOptions {
  /** The membership bucket: heartbeats `hb.<id>`, the `leader` key and the `assignment` key. */
  readonly kv: KV;
  /** This member's id, unique per process start (letters, digits, '-' and '_'). */
  readonly id: string;
  /** How many key groups there are (the producer's `keyGroups`). */
  readonly keyGroups: number;
  /** Ms between heartbeats (default 500). */
  readonly heartbeat?: number | undefined;
  /** Ms without a heartbeat after which a member (or the leader) counts as gone (default 4 heartbeats). */
  readonly timeout?: number | undefined;
  /** The clock of heartbeats and timeouts (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike | undefined;
  /** Called with this member's key groups each time the assignment changes, and on every heartbeat with the current one. */
  readonly onAssignment: (keyGroups: number[], assignment: Assignment) => void;
  /** Called with an error of a heartbeat (the member keeps beating; a server outage shows here). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * A member of a cluster. See {@link joinCluster}.
 *
 * @category Scale-out
 */
export interface Membership {
  /** The last assignment seen. */
  assignment(): Assignment | undefined;
  /** True while this member holds the leader key. */
  isLeader(): boolean;
  /** Stops beating and removes this member (and its leadership), so the others reassign its key groups at once. */
  leave(): Promise<void>;
}

const ID = /^[A-Za-z0-9_-]+$/;

function casFailed(e: unknown): boolean {
  return /wrong last sequence|key exists/i.test(e instanceof Error ? e.message : String(e));
}

/**
 * Joins a cluster of workers over a NATS KV bucket, without consumer groups (NATS 2.9 has none): each
 * member puts a heartbeat, one member becomes leader by `kv.create('leader')` and keeps it by
 * compare-and-set on each beat (another takes it by compare-and-set once it stops changing for
 * `timeout`), and the leader writes an epoch-stamped assignment of contiguous key-group ranges over the
 * live members, sorted by id, which every member reads. A member whose heartbeat stops for `timeout`
 * is dropped. Kafka: the group coordinator's assignment; Flink: the JobManager rescaling key-group ranges.
 *
 * @example
 * const membership = joinCluster({ kv, id: `w-${process.pid}`, keyGroups: 128, onAssignment: (kgs) => void worker.assign(kgs) });
 *
 * @category Scale-out
 */
export function joinCluster(options: MembershipOptions): Membership {
  const o = requireOptions('joinCluster', options);
  if (typeof o.kv !== 'object' || o.kv === null || typeof o.kv.update !== 'function') throw new TypeError(`joinCluster: kv must be a KV bucket, got ${describeValue(o.kv)}`);
  if (typeof o.id !== 'string' || !ID.test(o.id)) throw new TypeError(`joinCluster: id must be letters, digits, '-' and '_', got ${describeValue(o.id)}`);
  requireKeyGroups('joinCluster', 'keyGroups', o.keyGroups);
  const heartbeat = o.heartbeat ?? 500;
  requirePositiveDuration('joinCluster', 'heartbeat', heartbeat);
  const timeout = o.timeout ?? 4 * heartbeat;
  requirePositiveDuration('joinCluster', 'timeout', timeout);
  requireOptionalScheduler('joinCluster', 'scheduler', o.scheduler);
  requireFunction('joinCluster', 'onAssignment', o.onAssignment);
  const scheduler = o.scheduler ?? asyncScheduler;
  const { kv } = o;
  let beat = 0;
  let leaderRevision: number | undefined;
  let seenLeader: { revision: number; since: number } | undefined;
  const seenMembers = new Map<string, { revision: number; since: number }>();
  let current: Assignment | undefined;
  let left = false;
  /** The beat under way, if any. */
  let beating: Promise<void> | undefined;

  /**
   * One round trip of a beat, bounded by `timeout` on the scheduler: a request that never settles (the
   * client's reconnect after a server restart was seen to leave one pending for seconds) fails the beat
   * rather than hold it, and every later one, forever. A member slower than that counts as gone anyway.
   */
  const bounded = <R>(what: string, step: Promise<R>): Promise<R> => {
    let expiry: Subscription | undefined;
    const expired = new Promise<never>((_, reject) => {
      expiry = scheduler.schedule(() => reject(new Error(`joinCluster: ${what} of ${o.id} did not answer within the timeout (${timeout} ms)`)), timeout);
    });
    return Promise.race([step, expired]).finally(() => expiry?.unsubscribe());
  };

  const rangeOf = (a: Assignment): number[] => {
    const r = a.owners[o.id];
    const out: number[] = [];
    if (r !== undefined) for (let kg = r[0]; kg < r[1]; kg++) out.push(kg);
    return out;
  };

  const lead = async (): Promise<void> => {
    const now = scheduler.now();
    if (leaderRevision !== undefined) {
      try {
        leaderRevision = await bounded('updating the leader key', kv.update('leader', o.id, leaderRevision));
      } catch (e) {
        if (!casFailed(e)) throw e;
        leaderRevision = undefined;
      }
      return;
    }
    const entry = await bounded('reading the leader key', kv.get('leader'));
    if (entry === null || entry.operation !== 'PUT') {
      try {
        leaderRevision = await bounded('creating the leader key', kv.create('leader', o.id));
      } catch (e) {
        if (!casFailed(e)) throw e;
      }
      return;
    }
    if (seenLeader?.revision !== entry.revision) {
      seenLeader = { revision: entry.revision, since: now };
      return;
    }
    if (now - seenLeader.since >= timeout) {
      try {
        leaderRevision = await bounded('taking the leader key', kv.update('leader', o.id, entry.revision));
      } catch (e) {
        if (!casFailed(e)) throw e;
      }
    }
  };

  /**
   * The heartbeat keys. The client's listing ends on the last key or on an idle heartbeat of its
   * consumer, and on a loaded server it was seen to end on neither: its creation and its reading are
   * bounded by `timeout` together, and the listing is stopped whenever it arrives, so that the beat
   * fails (and `leave()` with it) and the next beat lists again.
   */
  const heartbeatKeys = async (): Promise<Set<string>> => {
    // A set: a heartbeat put while the listing runs comes once more (its consumer delivers new values
    // too), and counting it twice gave a phantom member a range of key groups that nobody ran.
    const keys = new Set<string>();
    let stopped = false;
    let listing: Awaited<ReturnType<KV['keys']>> | undefined;
    const creating = kv.keys('hb.*').then((l) => {
      listing = l;
      if (stopped) l.stop();
      return l;
    });
    try {
      await bounded(
        'listing the heartbeats',
        creating.then(async (l) => {
          for await (const k of l) keys.add(k);
        }),
      );
    } finally {
      stopped = true;
      listing?.stop();
    }
    return keys;
  };

  const assign = async (): Promise<void> => {
    const now = scheduler.now();
    const live: string[] = [];
    const keys = await heartbeatKeys();
    for (const key of keys) {
      const entry = await bounded(`reading ${key}`, kv.get(key));
      if (entry === null || entry.operation !== 'PUT') continue;
      const id = key.slice(3);
      const seen = seenMembers.get(id);
      if (seen === undefined || seen.revision !== entry.revision) seenMembers.set(id, { revision: entry.revision, since: now });
      else if (now - seen.since >= timeout) {
        seenMembers.delete(id);
        await bounded(`removing ${key}`, kv.delete(key));
        continue;
      }
      live.push(id);
    }
    live.sort();
    const n = Math.min(live.length, o.keyGroups);
    const owners: Record<string, [number, number]> = {};
    for (let i = 0; i < n; i++) {
      const range = keyGroupRange(i, n, o.keyGroups);
      owners[live[i]!] = [range[0]!, range[range.length - 1]! + 1];
    }
    const entry = await bounded('reading the assignment', kv.get('assignment'));
    const stored = entry === null || entry.operation !== 'PUT' ? undefined : (JSON.parse(entry.string()) as Assignment);
    if (stored !== undefined && JSON.stringify(stored.owners) === JSON.stringify(owners)) return;
    const next: Assignment = { epoch: (stored?.epoch ?? 0) + 1, owners };
    try {
      if (stored === undefined || entry === null) await bounded('writing the assignment', kv.create('assignment', JSON.stringify(next)));
      else await bounded('writing the assignment', kv.update('assignment', JSON.stringify(next), entry.revision));
    } catch (e) {
      // Another leader wrote first; the next beat reads its assignment.
      if (!casFailed(e)) throw e;
    }
  };

  const tick = async (): Promise<void> => {
    // Put whatever happened before: a member whose heartbeat the leader removed (its beats were too
    // slow for a while) is back with this one, and gets key groups again.
    await bounded('putting the heartbeat', kv.put(`hb.${o.id}`, String(++beat)));
    await lead();
    if (leaderRevision !== undefined) await assign();
    const entry = await bounded('reading the assignment', kv.get('assignment'));
    if (entry !== null && entry.operation === 'PUT' && !left) {
      const a = JSON.parse(entry.string()) as Assignment;
      if (current === undefined || a.epoch >= current.epoch) current = a;
      o.onAssignment(rangeOf(current), current);
    }
  };

  const timer: Subscription = scheduler.schedule(function (this: { schedule(state: unknown, delay: number): void }) {
    if (left) return;
    // One beat at a time, and the beats due while one is slow are skipped: queued behind it they would
    // pile up without bound on a loaded machine, each a handful of round trips, and leave() waits for them.
    if (beating === undefined) {
      beating = tick()
        .catch((e: unknown) => o.onError?.(e))
        .finally(() => (beating = undefined));
    }
    this.schedule(undefined, heartbeat);
  }, 0);

  return {
    assignment: () => current,
    isLeader: () => leaderRevision !== undefined,
    leave: async () => {
      left = true;
      timer.unsubscribe();
      await beating;
      await bounded('removing the heartbeat', kv.delete(`hb.${o.id}`));
      if (leaderRevision !== undefined) {
        leaderRevision = undefined;
        await bounded('removing the leader key', kv.delete('leader'));
      }
    },
  };
}
