import type { JetStreamClient } from '@nats-io/jetstream';
import type { Pane } from '../core/pane.js';
import { requireOptions } from '../internal/checks.js';
import { AckedPublishes, requirePublisher } from './ackedPublishes.js';
import type { EncodedPane } from './keyGroupState.js';
import { paneId } from './paneId.js';
import { requireSubjectPrefix } from './streams.js';

/**
 * Options of {@link panePublisher}.
 *
 * @category Scale-out
 */
export interface PanePublisherOptions {
  /** The subject panes are published to (inside a stream with duplicate detection, see `ensureStream`). */
  readonly subject: string;
  /** Publishes awaiting their acknowledgement at most before `full` says so (default 256). */
  readonly maxInFlight?: number | undefined;
}

/**
 * Publishes panes exactly once by deduplication. See {@link panePublisher}.
 *
 * @category Scale-out
 */
export interface PanePublisher {
  /** Publishes one pane as JSON with `Nats-Msg-Id` `<subject>/<paneId>`. */
  publish(pane: Pane<unknown, unknown>): void;
  /** Publishes a pane encoded earlier by {@link encodePane} (a checkpoint's pending pane). */
  publishEncoded(pane: EncodedPane): void;
  /** True while `maxInFlight` publishes await their acknowledgement. */
  readonly full: boolean;
  /** Resolves once fewer than `maxInFlight` publishes are in flight; rejects with the first failure. */
  ready(): Promise<void>;
  /** Resolves once every publish is acknowledged; rejects with the first failure. */
  flush(): Promise<{ readonly stored: number; readonly duplicates: number }>;
}

/**
 * Publishes panes to a JetStream subject with `Nats-Msg-Id` set to the subject and the {@link paneId}:
 * when a deterministic pipeline is replayed (after a crash, or by a new owner of its key group), its
 * panes come again with the same ids and the server drops them, so the output stream holds each pane
 * once (within the stream's duplicate window). Kafka: an idempotent producer; Beam: a sink with
 * deterministic record ids.
 *
 * @example
 * const out = panePublisher(js, { subject: 'totals.panes' });
 * panes$.subscribe((pane) => out.publish(pane));
 *
 * @category Scale-out
 */
export function panePublisher(js: JetStreamClient, options: PanePublisherOptions): PanePublisher {
  const o = requireOptions('panePublisher', options);
  requirePublisher('panePublisher', js);
  requireSubjectPrefix('panePublisher', 'subject', o.subject);
  const acks = new AckedPublishes('panePublisher', js, o.maxInFlight ?? 256);
  const publishEncoded = ({ id, body }: EncodedPane): void => acks.publish(o.subject, body, `${o.subject}/${id}`);
  return {
    publish: (pane) => publishEncoded(encodePane(pane)),
    publishEncoded,
    get full() {
      return acks.full;
    },
    ready: () => acks.room(),
    flush: () => acks.drain(),
  };
}

/**
 * A pane as the output stream receives it: its {@link paneId} and its JSON body (key, window, value,
 * pane timing, timestamp).
 *
 * @category Scale-out
 */
export function encodePane(pane: Pane<unknown, unknown>): EncodedPane {
  return { id: paneId(pane), body: JSON.stringify({ key: pane.key, window: pane.window, value: pane.value, pane: pane.pane, timestamp: pane.timestamp }) };
}
