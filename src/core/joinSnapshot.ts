/**
 * An event-time join's state as one JSON document, and back: both inputs' watermarks, the join's
 * watermark and horizon, its counters, and what it holds (an interval join's elements per key and side
 * with their times; a temporal join's table versions per key and the elements waiting for the table's
 * watermark, in the order they will come out). A restored join emits exactly what the uninterrupted one
 * would have. Flink keeps the same state in the keyed state of `IntervalJoinOperator` and
 * `TemporalRowTimeJoinOperator`.
 */
import type { Coder, Encoded } from '../state/coder.js';
import type { Instant } from '../time.js';
import type { IntervalJoinKeyState, IntervalJoinMetrics, IntervalJoinParts } from './intervalJoiner.js';
import type { TemporalJoinMetrics, TemporalJoinParts } from './temporalJoiner.js';

/** The version of a join snapshot's layout; a restore refuses any other. */
export const JOIN_SNAPSHOT_VERSION = 1;

/** What a snapshot of either join reads and a restore writes. */
export type JoinParts = IntervalJoinParts<unknown, unknown> | TemporalJoinParts<unknown, unknown>;

/**
 * The watermarks a join's shell keeps: each input's, and the output watermark it last sent.
 *
 * @category Durable state
 */
export interface JoinInputWatermarks {
  readonly left: Instant;
  readonly right: Instant;
  readonly forwarded: Instant;
}

/** The coders a join's snapshot needs: keys (the join's key identities) and the buffered values. */
export interface JoinCoders {
  readonly key: Coder<unknown>;
  readonly value: Coder<unknown>;
}

/** An interval join's state as stored. */
interface IntervalJoinSnapshot {
  readonly version: number;
  readonly kind: 'intervalJoin';
  readonly inputs: JoinInputWatermarks;
  readonly watermark: Instant;
  readonly horizon: Instant;
  readonly metrics: IntervalJoinMetrics;
  readonly keys: readonly { readonly key: Encoded; readonly left: StoredTimed; readonly right: StoredTimed }[];
}

/** A temporal join's state as stored; `readyBefore` is null once the table ended (+Infinity). */
interface TemporalJoinSnapshot {
  readonly version: number;
  readonly kind: 'temporalJoin';
  readonly inputs: JoinInputWatermarks;
  readonly watermark: Instant;
  readonly horizon: Instant;
  readonly tableWatermark: Instant;
  readonly readyBefore: number | null;
  readonly metrics: TemporalJoinMetrics;
  readonly table: readonly ({ readonly key: Encoded } & StoredTimed)[];
  readonly waiting: readonly { readonly key: Encoded; readonly time: Instant; readonly value: Encoded }[];
}

interface StoredTimed {
  readonly times: readonly number[];
  readonly values: readonly Encoded[];
}

type JoinSnapshot = IntervalJoinSnapshot | TemporalJoinSnapshot;

/** A join's whole state as plain JSON (keys and values through `coders`), taken between steps. */
export function snapshotJoin(parts: JoinParts, inputs: JoinInputWatermarks, coders: JoinCoders): Encoded {
  const { key, value } = coders;
  const timed = (t: { readonly times: readonly number[]; readonly values: readonly unknown[] }): StoredTimed => ({ times: [...t.times], values: t.values.map((v) => value.encode(v)) });
  const base = { version: JOIN_SNAPSHOT_VERSION, inputs: { ...inputs } };
  let snapshot: JoinSnapshot;
  if (parts.kind === 'intervalJoin') {
    const keys = parts.keys().map((k) => ({ key: key.encode(k.id), left: timed(k.left), right: timed(k.right) }));
    snapshot = { ...base, kind: parts.kind, watermark: parts.watermark, horizon: parts.horizon, metrics: { ...parts.metrics }, keys };
  } else {
    const p = parts.progress;
    snapshot = {
      ...base,
      kind: parts.kind,
      watermark: p.watermark,
      horizon: p.horizon,
      tableWatermark: p.tableWatermark,
      readyBefore: p.readyBefore === Number.POSITIVE_INFINITY ? null : p.readyBefore,
      metrics: { ...parts.metrics },
      table: parts.versions().map((v) => ({ key: key.encode(v.id), ...timed(v) })),
      waiting: parts.waiting().map((w) => ({ key: key.encode(w.id), time: w.time, value: value.encode(w.value) })),
    };
  }
  return snapshot as unknown as Encoded;
}

/**
 * Restores a {@link snapshotJoin} snapshot into a join that holds nothing yet; returns its shell's
 * watermarks. Refuses a snapshot of another layout version or of the other join, naming both.
 */
export function restoreJoin(op: string, parts: JoinParts, saved: Encoded, coders: JoinCoders): JoinInputWatermarks {
  const s = saved as unknown as JoinSnapshot;
  if (s.version !== JOIN_SNAPSHOT_VERSION) {
    throw new Error(`${op}: cannot restore a join snapshot of layout version ${String(s.version)}: this version reads ${JOIN_SNAPSHOT_VERSION}`);
  }
  if (s.kind !== parts.kind) throw new Error(`${op}: cannot restore the state of ${String(s.kind)} into ${parts.kind}: restore only into the pipeline that took it`);
  const { key, value } = coders;
  const timed = (t: StoredTimed) => ({ times: [...t.times], values: t.values.map((v) => value.decode(v)) });
  if (parts.kind === 'intervalJoin' && s.kind === 'intervalJoin') {
    const keys: IntervalJoinKeyState<unknown, unknown>[] = s.keys.map((k) => ({ id: key.decode(k.key), left: timed(k.left), right: timed(k.right) }));
    parts.restore(s.watermark, s.horizon, keys);
  } else if (parts.kind === 'temporalJoin' && s.kind === 'temporalJoin') {
    const progress = { watermark: s.watermark, horizon: s.horizon, tableWatermark: s.tableWatermark, readyBefore: s.readyBefore ?? Number.POSITIVE_INFINITY };
    const versions = s.table.map((v) => ({ id: key.decode(v.key), ...timed(v) }));
    const waiting = s.waiting.map((w) => ({ id: key.decode(w.key), time: w.time, value: value.decode(w.value) }));
    parts.restore(progress, versions, waiting);
  }
  Object.assign(parts.metrics, s.metrics);
  return { ...s.inputs };
}
