import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { requirePositiveInteger } from '../internal/checks.js';
import { describeValue } from '../time.js';

/** Throws unless `js` is a JetStream client that can publish, naming the operation. */
export function requirePublisher(op: string, js: unknown): asserts js is JetStreamClient {
  if (typeof js !== 'object' || js === null || typeof (js as Partial<JetStreamClient>).publish !== 'function') {
    throw new TypeError(`${op}: js must be a JetStreamClient (jetstream(connection)), got ${describeValue(js)}`);
  }
}

/**
 * JetStream publishes with a `Nats-Msg-Id`, at most `maxInFlight` awaiting their acknowledgement: what
 * the producer and the pane publisher share. Counts what the server stored and what it refused as a
 * duplicate; the first failed publish is thrown by the next {@link AckedPublishes.room} or
 * {@link AckedPublishes.drain}.
 */
export class AckedPublishes {
  stored = 0;
  duplicates = 0;
  private failure: { readonly error: unknown } | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    op: string,
    private readonly js: JetStreamClient,
    private readonly maxInFlight: number,
  ) {
    requirePositiveInteger(op, 'maxInFlight', maxInFlight);
  }

  /** Publishes without waiting for the acknowledgement. */
  publish(subject: string, body: string, msgID: string): void {
    const ack: Promise<void> = this.js.publish(subject, body, { msgID }).then(
      (a: PubAck) => {
        this.inFlight.delete(ack);
        if (a.duplicate) this.duplicates++;
        else this.stored++;
      },
      (error: unknown) => {
        this.inFlight.delete(ack);
        this.failure ??= { error };
      },
    );
    this.inFlight.add(ack);
  }

  /** True when `maxInFlight` publishes await their acknowledgement. */
  get full(): boolean {
    return this.inFlight.size >= this.maxInFlight;
  }

  /** Throws the first failed publish, if one failed. */
  check(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }

  /** Waits until fewer than `maxInFlight` publishes are in flight. */
  async room(): Promise<void> {
    while (this.full) await Promise.race(this.inFlight);
    this.check();
  }

  /** Waits for every publish; returns the counts. */
  async drain(): Promise<{ readonly stored: number; readonly duplicates: number }> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.check();
    return { stored: this.stored, duplicates: this.duplicates };
  }
}
