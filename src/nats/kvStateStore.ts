import type { KV } from '@nats-io/kv';
import type { ObjectStore } from '@nats-io/obj';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { requireNonNegativeDuration, requireOptionalScheduler, requireOptions, requirePositiveInteger } from '../internal/checks.js';
import { describeValue } from '../time.js';
import { FencedError, type KeyGroupCheckpoint, type KeyGroupStart, type KeyGroupStateStore } from './keyGroupState.js';

/**
 * Options of {@link kvStateStore}.
 *
 * @category Scale-out
 */
export interface KvStateStoreOptions {
  /** The KV bucket of checkpoints, one key per key group (`<keyPrefix>.<keyGroup>`). */
  readonly kv: KV;
  /** Where checkpoints larger than `maxInline` go, with a small pointer in the KV bucket. */
  readonly objects?: ObjectStore | undefined;
  /** This worker's name, unique per process start; written into its checkpoints. */
  readonly owner: string;
  /** Default `'kg'`. */
  readonly keyPrefix?: string | undefined;
  /** Bytes of a checkpoint kept in the KV value itself (default 900 000, under the 1 MiB `max_payload` with headers). */
  readonly maxInline?: number | undefined;
  /**
   * How long (ms) a new owner waits for the previous owner to release a key group (its last checkpoint
   * marked released) before taking it anyway (default 0: take it at once). A crashed owner never
   * releases; a live one hands over with no replay once it has.
   */
  readonly handoverWait?: number | undefined;
  /** The clock of `handoverWait` (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike | undefined;
}

const LAYOUT = 1;
const POLL_MS = 25;

/** A KV value: the checkpoint itself, or a pointer to it in the object store (`ref`). `id` 0: none taken yet. */
interface Stored extends Partial<KeyGroupCheckpoint> {
  readonly layout: number;
  readonly id: number;
  readonly owner: string;
  readonly released: boolean;
  readonly ref?: string | undefined;
}

// The runtime's text codecs, declared here because the library's build has no DOM or Node types.
const codecs = globalThis as unknown as { TextDecoder: new () => { decode(b: Uint8Array): string }; TextEncoder: new () => { encode(s: string): Uint8Array } };
const text = new codecs.TextDecoder();
const bytes = new codecs.TextEncoder();

function isCasFailure(e: unknown): boolean {
  const message = e instanceof Error ? e.message : String(e);
  return /wrong last sequence|key exists/i.test(message);
}

/**
 * Keeps each key group's checkpoint in a NATS KV bucket, written with compare-and-set
 * (`update(key, value, revision)`): taking a key group bumps its revision, so a former owner's next
 * write fails and it stops (fencing, as Flink's checkpoint coordinator refuses a stale attempt and Kafka
 * a fenced producer epoch). Checkpoints over `maxInline` bytes go to the object store under a fresh
 * name, with a pointer in the bucket; an object no committed pointer names any more is deleted.
 *
 * @example
 * const kv = await new Kvm(js).create('checkpoints');
 * const objects = await new Objm(js).create('checkpoint-blobs');
 * runWorker(js, { ..., state: kvStateStore({ kv, objects, owner: `worker-${process.pid}` }) });
 *
 * @category Scale-out
 */
export function kvStateStore(options: KvStateStoreOptions): KeyGroupStateStore {
  const o = requireOptions('kvStateStore', options);
  if (typeof o.kv !== 'object' || o.kv === null || typeof o.kv.update !== 'function') {
    throw new TypeError(`kvStateStore: kv must be a KV bucket (new Kvm(js).create(name)), got ${describeValue(o.kv)}`);
  }
  if (typeof o.owner !== 'string' || o.owner.length === 0) throw new TypeError(`kvStateStore: owner must be a non-empty string, got ${describeValue(o.owner)}`);
  const maxInline = o.maxInline ?? 900_000;
  requirePositiveInteger('kvStateStore', 'maxInline', maxInline);
  const handoverWait = o.handoverWait ?? 0;
  requireNonNegativeDuration('kvStateStore', 'handoverWait', handoverWait);
  requireOptionalScheduler('kvStateStore', 'scheduler', o.scheduler);
  const scheduler = o.scheduler ?? asyncScheduler;
  const prefix = o.keyPrefix ?? 'kg';
  const sleep = (ms: number) => new Promise<void>((resolve) => scheduler.schedule(() => resolve(), ms));

  const read = async (key: string): Promise<{ stored: Stored; revision: number } | undefined> => {
    const entry = await o.kv.get(key);
    if (entry === null || entry.operation !== 'PUT') return undefined;
    const stored = JSON.parse(entry.string()) as Stored;
    if (stored.layout !== LAYOUT) throw new Error(`kvStateStore: ${key} has layout ${describeValue(stored.layout)}, this version reads ${LAYOUT}`);
    return { stored, revision: entry.revision };
  };

  const load = async (key: string, stored: Stored): Promise<KeyGroupCheckpoint | undefined> => {
    if (stored.id === 0) return undefined;
    if (stored.ref === undefined) return stored as KeyGroupCheckpoint;
    const blob = await o.objects?.getBlob(stored.ref);
    if (blob === null || blob === undefined) throw new Error(`kvStateStore: ${key} points to object ${stored.ref}, which the object store does not hold`);
    return JSON.parse(text.decode(blob)) as KeyGroupCheckpoint;
  };

  /** Takes the key: bumps its revision (or creates it) with this owner's name, fencing out the former owner. */
  const take = async (keyGroup: number, key: string, signal: { readonly aborted: boolean } | undefined): Promise<{ stored: Stored; revision: number }> => {
    const wanted = () => {
      if (signal?.aborted === true) throw new Error(`kvStateStore: ${o.owner} gave up taking key group ${keyGroup}: it is no longer wanted`);
    };
    let current = await read(key);
    if (current === undefined) {
      const stored: Stored = { layout: LAYOUT, id: 0, owner: o.owner, released: false };
      try {
        return { stored, revision: await o.kv.create(key, JSON.stringify(stored)) };
      } catch (e) {
        if (!isCasFailure(e)) throw e;
        current = await read(key);
        if (current === undefined) throw e;
      }
    }
    for (let waited = 0; !current.stored.released && current.stored.owner !== o.owner && waited < handoverWait; waited += POLL_MS) {
      await sleep(POLL_MS);
      wanted();
      current = (await read(key)) ?? current;
    }
    // A worker whose assignment moved the key group away while it waited must not fence out its next owner.
    wanted();
    const { id, ref, released: _released, owner: _owner, ...rest } = current.stored;
    const claimed: Stored = ref === undefined ? { ...rest, layout: LAYOUT, id, owner: o.owner, released: false } : { layout: LAYOUT, id, owner: o.owner, released: false, ref };
    try {
      return { stored: claimed, revision: await o.kv.update(key, JSON.stringify(claimed), current.revision) };
    } catch (e) {
      if (isCasFailure(e)) throw new FencedError(keyGroup, `kvStateStore: key group ${keyGroup} was taken by another owner while ${o.owner} took it`);
      throw e;
    }
  };

  return {
    start: async (keyGroup, signal): Promise<KeyGroupStart> => {
      const key = `${prefix}.${keyGroup}`;
      const taken = await take(keyGroup, key, signal);
      const checkpoint = await load(key, taken.stored);
      let revision = taken.revision;
      let committedRef = taken.stored.ref;
      return {
        checkpoint,
        save: async (c) => {
          const full = JSON.stringify({ layout: LAYOUT, ...c, owner: o.owner });
          let value = full;
          let ref: string | undefined;
          const encoded = bytes.encode(full);
          if (encoded.length > maxInline) {
            if (o.objects === undefined) {
              throw new RangeError(`kvStateStore: the checkpoint of key group ${keyGroup} takes ${encoded.length} bytes, over maxInline (${maxInline}): give an object store (objects)`);
            }
            ref = `${key}.${o.owner}.${c.id}`;
            await o.objects.putBlob({ name: ref }, encoded);
            value = JSON.stringify({ layout: LAYOUT, id: c.id, owner: o.owner, released: c.released, ref } satisfies Stored);
          }
          try {
            revision = await o.kv.update(key, value, revision);
          } catch (e) {
            if (ref !== undefined) await o.objects!.delete(ref).catch(() => undefined);
            if (isCasFailure(e)) throw new FencedError(keyGroup, `kvStateStore: key group ${keyGroup} has a newer owner than ${o.owner}: checkpoint ${c.id} refused`);
            throw e;
          }
          const former = committedRef;
          committedRef = ref;
          if (former !== undefined && former !== ref) await o.objects?.delete(former).catch(() => undefined);
        },
      };
    },
  };
}
