import { Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs';
import type { Pane } from '../core/pane.js';
import { OperatorStates } from '../core/operatorStates.js';
import type { CheckpointRecord, EventTimeRecord } from '../core/records.js';
import type { ReplayableSource, SourcePosition } from '../io/replayableSource.js';
import { recordsOf } from '../operators/stream.js';
import { checkpointStateCodec } from '../state/stateCodec.js';
import { MAX_TIMESTAMP } from '../time.js';
import { FencedError, type EncodedPane, type KeyGroupCheckpoint, type KeyGroupStart } from './keyGroupState.js';
import { encodePane, type PanePublisher } from './panePublisher.js';
import type { ReadStop } from './keyGroupSource.js';
import type { KeyGroupRecord } from './wireFormat.js';
import type { KeyGroupPipeline } from './worker.js';

/** Counts a worker adds up over its key groups. */
export interface RunCounters {
  events: number;
  panes: number;
  checkpoints: number;
}

/** How one key group's run ended. */
export type RunOutcome = 'completed' | 'stopped' | 'released' | 'fenced';

/** What one key group's run needs. */
export interface KeyGroupRunOptions<T, V, K> {
  readonly keyGroup: number;
  readonly source: ReplayableSource<KeyGroupRecord<T>>;
  readonly pipeline: KeyGroupPipeline<T, V, K>;
  readonly start: KeyGroupStart;
  readonly publisher: PanePublisher;
  /** `'immediate'`: panes are published as they fire; `'afterCommit'`: once the checkpoint after them is committed. */
  readonly mode: 'immediate' | 'afterCommit';
  /** Events between checkpoints. */
  readonly every: number;
  /** Ms between checkpoints on `scheduler` (taken only when records arrived since the last one), or undefined. */
  readonly interval: number | undefined;
  readonly scheduler: SchedulerLike;
  readonly counters: RunCounters;
  /** Ends the source's reads (see `keyGroupSource`'s `signal`). */
  readonly abort: ReadStop;
}

type KeyGroupCheckpointDraft = Omit<KeyGroupCheckpoint, 'owner'>;

type Step<T> = IteratorResult<{ readonly value: KeyGroupRecord<T>; readonly position: SourcePosition }>;

/**
 * One key group's pipeline fed from its source record by record, with checkpoint barriers sent through
 * it in order with the records: every `every` events (and every `interval` ms) the operators file their
 * states at the barrier, the panes before it are acknowledged, and the checkpoint `{position, operators,
 * pending}` is saved with the store's compare-and-set. A restore record goes first when the start has a
 * checkpoint. A save refused as fenced ends the run at once: another owner has the key group.
 */
export class KeyGroupRun<T, V, K> {
  readonly done: Promise<RunOutcome>;
  private sink: Subscriber<EventTimeRecord<T>> | undefined;
  private subscription: Subscription | undefined;
  private failure: { readonly error: unknown } | undefined;
  private arrived: OperatorStates | undefined;
  private pending: EncodedPane[] = [];
  private position: SourcePosition | null = null;
  private nextId = 1;
  private eventsSince = 0;
  private recordsSince = 0;
  private due = false;
  /** The last record was the producer's final marker (watermark at +infinity). */
  private ended = false;
  private stopping: 'stop' | 'release' | undefined;
  private wakeUp: () => void = () => undefined;
  private woken: Promise<'wake'> = this.nextWake();

  constructor(private readonly o: KeyGroupRunOptions<T, V, K>) {
    this.done = this.run();
    this.done.catch(() => undefined);
  }

  /** Stops the run; with `release`, first saves a last checkpoint marked released, for the next owner to take over without replay. */
  stop(release: boolean): Promise<RunOutcome> {
    this.stopping ??= release ? 'release' : 'stop';
    this.wakeUp();
    return this.done;
  }

  private nextWake(): Promise<'wake'> {
    return new Promise((resolve) => (this.wakeUp = () => resolve('wake')));
  }

  private async run(): Promise<RunOutcome> {
    const o = this.o;
    const run = this;
    const timer =
      o.interval === undefined || o.start.save === undefined
        ? undefined
        : o.scheduler.schedule(function (this: { schedule(state: unknown, delay: number): void }) {
            run.due = true;
            run.wakeUp();
            this.schedule(undefined, o.interval!);
          }, o.interval);
    try {
      return await this.loop();
    } catch (e) {
      if (e instanceof FencedError) return 'fenced';
      throw e;
    } finally {
      timer?.unsubscribe();
      this.subscription?.unsubscribe();
      o.abort.stop();
    }
  }

  private async loop(): Promise<RunOutcome> {
    const o = this.o;
    const input = new Observable<EventTimeRecord<T>>((s) => {
      this.sink = s;
      return () => (this.sink = undefined);
    });
    const out = o.pipeline(input, { keyGroup: o.keyGroup });
    const records = recordsOf<Pane<V, K>>(out);
    const asRecords = records !== (out as unknown);
    this.subscription = records.subscribe({
      next: asRecords ? (r) => this.onRecord(r) : (p) => this.onPane(p as unknown as Pane<V, K>),
      error: (error: unknown) => (this.failure = { error }),
    });
    const cp = o.start.checkpoint;
    if (cp !== undefined) {
      this.nextId = cp.id + 1;
      this.position = cp.position;
      const states = new OperatorStates(cp.id, checkpointStateCodec, cp.operators);
      this.control({ kind: 'restore', states });
      const left = states.untaken();
      if (left.length > 0) throw new Error(`runWorker: the checkpoint of key group ${o.keyGroup} holds state for ${left.join(', ')}, which this pipeline does not have`);
      // The former owner may have died between its commit and these publishes; the ids make them harmless if it did not.
      for (const p of cp.pending) o.publisher.publishEncoded(p);
    }
    const iterator = o.source.read(this.position ?? undefined)[Symbol.asyncIterator]();
    let next: Promise<Step<T>> | undefined;
    for (;;) {
      if (this.stopping !== undefined) return this.finish();
      if (this.due) {
        this.due = false;
        if (this.recordsSince > 0 || this.pending.length > 0) await this.checkpoint(false);
        continue;
      }
      if (o.publisher.full) await o.publisher.ready();
      next ??= iterator.next();
      let step: Step<T> | 'wake';
      try {
        step = await Promise.race([next, this.woken]);
      } catch (e) {
        // The source's error goes through the pipeline, which reports it as its source's error.
        this.sink?.error(e);
        throw this.failure?.error ?? e;
      }
      if (step === 'wake') {
        this.woken = this.nextWake();
        continue;
      }
      next = undefined;
      if (step.done === true) {
        if (this.stopping !== undefined) return this.finish();
        if (o.start.save !== undefined) {
          await this.settle(await this.checkpoint(false));
          // A bounded read of an input that goes on later stops here: completing the pipeline would fire
          // windows that the input's next records still reach. Its final marker completes it.
          if (!this.ended) return 'completed';
        }
        this.sink?.complete();
        this.check();
        for (const p of this.pending) o.publisher.publishEncoded(p);
        this.pending = [];
        await o.publisher.flush();
        return 'completed';
      }
      const { value, position } = step.value;
      this.position = position;
      this.ended = value.kind === 'watermark' && value.watermark >= MAX_TIMESTAMP;
      this.sink?.next(value);
      this.check();
      this.recordsSince++;
      if (value.kind === 'element') {
        o.counters.events++;
        if (++this.eventsSince >= o.every && o.start.save !== undefined) await this.checkpoint(false);
      }
    }
  }

  private async finish(): Promise<RunOutcome> {
    if (this.stopping === 'release' && this.o.start.save !== undefined) {
      await this.settle(await this.checkpoint(true));
      return 'released';
    }
    return 'stopped';
  }

  /**
   * After a last checkpoint: waits for its pending panes to be stored and then saves it again without
   * them, so that the next owner does not publish them once more (they would be refused, but cost).
   */
  private async settle(saved: KeyGroupCheckpointDraft): Promise<void> {
    await this.o.publisher.flush();
    if (saved.pending.length === 0) return;
    await this.o.start.save!({ ...saved, id: this.nextId++, pending: [] });
  }

  private async checkpoint(released: boolean): Promise<KeyGroupCheckpointDraft> {
    const o = this.o;
    const states = new OperatorStates(this.nextId, checkpointStateCodec);
    this.control({ kind: 'barrier', states });
    const pending = this.pending;
    this.pending = [];
    const position = this.position;
    this.eventsSince = 0;
    this.recordsSince = 0;
    // The panes before the barrier (and the last checkpoint's pending ones) must be stored before the
    // checkpoint that no longer replays them is committed.
    await o.publisher.flush();
    const saved = { id: this.nextId++, position, operators: states.toJSON(), pending, released };
    await o.start.save!(saved);
    o.counters.checkpoints++;
    for (const p of pending) o.publisher.publishEncoded(p);
    return saved;
  }

  private control(record: CheckpointRecord): void {
    this.arrived = undefined;
    if (this.sink === undefined) throw new Error(`runWorker: the pipeline of key group ${this.o.keyGroup} did not subscribe to its input`);
    this.sink.next(record);
    this.check();
    if (this.arrived !== record.states) {
      throw new Error(
        `runWorker: the ${record.kind} of checkpoint ${record.states.id} did not reach the end of the pipeline of key group ${this.o.keyGroup}: end it with an operator of this package (a grouping, asEventTime)`,
      );
    }
  }

  private onRecord(r: EventTimeRecord<Pane<V, K>>): void {
    if (r.kind === 'element') this.onPane(r.value);
    else if (r.kind === 'bundle') for (const e of r.elements) this.onPane(e.value);
    else if (r.kind === 'barrier' || r.kind === 'restore') this.arrived = r.states;
  }

  private onPane(pane: Pane<V, K>): void {
    this.o.counters.panes++;
    if (this.o.mode === 'immediate') this.o.publisher.publish(pane);
    else this.pending.push(encodePane(pane));
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}
