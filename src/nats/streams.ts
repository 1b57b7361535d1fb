import type { JetStreamManager, StreamInfo } from '@nats-io/jetstream';
import { requireFunction, requireOptions, requirePositiveNumber } from '../internal/checks.js';
import { describeValue, type Duration } from '../time.js';

/**
 * Options of {@link ensureStream}.
 *
 * @category Scale-out
 */
export interface EnsureStreamOptions {
  /** The stream's name (`EVENTS`). */
  readonly name: string;
  /** Its subjects are `<subjectPrefix>.>`: the key groups' `<subjectPrefix>.<kg>`, or the output's subjects. */
  readonly subjectPrefix: string;
  /**
   * How long the server remembers a `Nats-Msg-Id` (default 2 minutes, the server's default). It must
   * outlast the longest re-run of a producer and the longest replay of a worker, or their repeats are stored twice.
   */
  readonly duplicateWindow?: Duration | undefined;
  /** Copies of each message in a cluster (default 1; 3 in production). */
  readonly replicas?: number | undefined;
}

const TOKEN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Throws unless `prefix` is a plain subject of dot-separated tokens (no wildcards, no spaces). */
export function requireSubjectPrefix(op: string, name: string, prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string' || !TOKEN.test(prefix)) {
    throw new TypeError(`${op}: ${name} must be a NATS subject of dot-separated tokens of letters, digits, '-' and '_', got ${describeValue(prefix)}`);
  }
}

/**
 * Creates the stream if it does not exist (and returns its info either way), with subjects
 * `<subjectPrefix>.>` and duplicate detection over `duplicateWindow`. The input of a scaled-out
 * pipeline and its output each live in such a stream.
 *
 * @example await ensureStream(jsm, { name: 'EVENTS', subjectPrefix: 'events', duplicateWindow: 3_600_000 })
 *
 * @category Scale-out
 */
export async function ensureStream(jsm: JetStreamManager, options: EnsureStreamOptions): Promise<StreamInfo> {
  const o = requireOptions('ensureStream', options);
  requireFunction('ensureStream', 'jsm.streams.add', jsm?.streams?.add);
  if (typeof o.name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o.name)) {
    throw new TypeError(`ensureStream: name must be letters, digits, '-' and '_', got ${describeValue(o.name)}`);
  }
  requireSubjectPrefix('ensureStream', 'subjectPrefix', o.subjectPrefix);
  if (o.duplicateWindow !== undefined) requirePositiveNumber('ensureStream', 'duplicateWindow', o.duplicateWindow, 'ms');
  if (o.replicas !== undefined && !(Number.isInteger(o.replicas) && o.replicas >= 1 && o.replicas <= 5)) {
    throw new RangeError(`ensureStream: replicas must be an integer from 1 to 5, got ${describeValue(o.replicas)}`);
  }
  try {
    return await jsm.streams.info(o.name);
  } catch {
    return jsm.streams.add({
      name: o.name,
      subjects: [`${o.subjectPrefix}.>`],
      // Nanoseconds on the wire.
      duplicate_window: Math.round((o.duplicateWindow ?? 120_000) * 1e6),
      num_replicas: o.replicas ?? 1,
    });
  }
}
