import { Observable, Subscription, type TeardownLogic } from 'rxjs';
import type { CheckpointRecord } from '../core/records.js';

/** What a {@link ControlledInput}'s controlled subscriber receives: the values, and the checkpoint records between them. */
export interface ControlledObserver<T> {
  next(value: T): void;
  error(e: unknown): void;
  complete(): void;
  /** A barrier or a restore, in order with the values. */
  control(record: CheckpointRecord): void;
}

/**
 * An input of plain values that also carries checkpoint records (barriers, and a restore first after a
 * restart) between them: what a checkpointed run feeds its pipeline. `assignEventTime` subscribes it
 * with {@link ControlledInput.subscribeControlled} and turns the records into event-time records, so
 * they pass every operator in order with the data. Any other subscriber gets the values only.
 *
 * @category Durable state
 */
export class ControlledInput<T> extends Observable<T> {
  readonly #produce: (observer: ControlledObserver<T>) => TeardownLogic;

  constructor(produce: (observer: ControlledObserver<T>) => TeardownLogic) {
    super((subscriber) =>
      produce({
        next: (v) => subscriber.next(v),
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
        control: () => undefined,
      }),
    );
    this.#produce = produce;
  }

  /** Subscribes an observer that receives the checkpoint records too. */
  subscribeControlled(observer: ControlledObserver<T>): Subscription {
    const subscription = new Subscription();
    let closed = false;
    subscription.add(() => (closed = true));
    subscription.add(
      this.#produce({
        next: (v) => {
          if (!closed) observer.next(v);
        },
        error: (e) => {
          if (closed) return;
          closed = true;
          observer.error(e);
        },
        complete: () => {
          if (closed) return;
          closed = true;
          observer.complete();
        },
        control: (r) => {
          if (!closed) observer.control(r);
        },
      }),
    );
    return subscription;
  }
}
