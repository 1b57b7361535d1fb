/**
 * A checkpointed run: a pipeline over a replayable source whose operator states, source position and
 * committed output are saved together every N records, so that a run stopped at any moment (a crash,
 * `kill -9`) and started again with the same options resumes from the last checkpoint and ends with the
 * output of an uninterrupted run, each output once. Flink: checkpoints with a two-phase-commit sink;
 * Kafka Streams: exactly-once processing.
 */
import type { Observable, Subscription } from 'rxjs';
import { OperatorStates } from '../core/operatorStates.js';
import { recordProblem, type CheckpointRecord } from '../core/records.js';
import { ControlledInput, type ControlledObserver } from '../operators/controlledInput.js';
import { recordsOf } from '../operators/stream.js';
import type { Encoded } from '../state/coder.js';
import { checkpointStateCodec } from '../state/stateCodec.js';
import { describeValue } from '../time.js';
import type { CheckpointStore } from './checkpointStore.js';
import type { ReplayableSource, SourcePosition } from './replayableSource.js';

/**
 * A sink whose output can be cut back to a committed length: what makes output exactly once. Appends
 * between checkpoints may reach it, but a restart first cuts it back to the length the last checkpoint
 * recorded. `ndjsonFileSink` (entry `rxjs-event-time/node`) is one.
 *
 * @category Durable state
 */
export interface CommittingSink<R> {
  /** Opens the sink, cut back to `truncateTo` when given; resolves with the length writing starts at. */
  open(options?: { readonly truncateTo?: number | undefined }): Promise<number>;
  /** Appends the outputs, in order. */
  write(values: readonly R[]): Promise<void>;
  /** Makes what was written durable; resolves with the durable length (recorded in the checkpoint). */
  flush(): Promise<number>;
  /** Flushes and closes; resolves with the durable length. */
  close(): Promise<number>;
}

/**
 * Options of {@link runCheckpointed}.
 *
 * @category Durable state
 */
export interface CheckpointedRunOptions<T, R> {
  /** Where the input comes from, with positions to resume at. */
  readonly source: ReplayableSource<T>;
  /** Where checkpoints go (`directoryCheckpointStore` of `rxjs-event-time/node`, or your own). */
  readonly store: CheckpointStore;
  /** Where the outputs go, written at each checkpoint. */
  readonly sink: CommittingSink<R>;
  /**
   * The pipeline: from the input values to the outputs. It must start with `assignEventTime` on its
   * input (which carries the checkpoint barriers into the event-time stream) and end with an operator of
   * this package (a grouping, `asEventTime`, `mergeEventTime`...), so that barriers reach its end.
   * Replay is exact with watermarks at record boundaries (`emitWatermark: 'perElement'`, or a punctuated
   * watermark) and without processing-time triggers, whose firings depend on the clock.
   */
  readonly pipeline: (input: Observable<T>) => Observable<R>;
  /** Source records between checkpoints. Default 10,000. */
  readonly every?: number | undefined;
}

/**
 * What a checkpointed run did.
 *
 * @category Durable state
 */
export interface CheckpointedRunResult {
  /** The checkpoint it resumed from, or undefined for a run from the start. */
  readonly resumedFrom: number | undefined;
  /** Source records read by this run (after the position it resumed at). */
  readonly records: number;
  /** Outputs written by this run. */
  readonly outputs: number;
  /** Checkpoints saved by this run, the last one marking the run finished. */
  readonly checkpoints: number;
}

/** The layout of a checkpoint's data; a run refuses any other. */
const LAYOUT = 1;

/** What a checkpoint holds. */
interface SavedRun {
  readonly layout: number;
  /** The position of the last source record before the barrier (null: none read yet). */
  readonly position: SourcePosition | null;
  /** The sink's durable length after the outputs before the barrier. */
  readonly sinkLength: number;
  /** Every operator's state, by stable id. */
  readonly operators: Readonly<Record<string, Encoded>>;
  /** Set on the checkpoint saved once the input has ended and every output is written. */
  readonly finished: boolean;
}

/**
 * Runs a pipeline over a replayable source with checkpoints: every `every` records a barrier passes the
 * pipeline, the outputs before it are written to the sink and made durable, and the operators' states,
 * the source position and the sink's length are saved as one checkpoint. Started again after a crash
 * with the same options, it restores the operators from the latest checkpoint, cuts the sink back to
 * that checkpoint's length and reads on after its position: the sink ends with exactly the outputs of
 * an uninterrupted run. Started again after it finished, it does nothing.
 *
 * @example
 * await runCheckpointed({
 *   source: ndjsonFileSource<Click>('clicks.ndjson'),
 *   store: directoryCheckpointStore('checkpoints'),
 *   sink: ndjsonFileSink('counts.ndjson'),
 *   pipeline: (clicks$) => clicks$.pipe(assignEventTime((c) => c.t, { emitWatermark: 'perElement' }), fixedWindow(60_000), combinePerKey((c) => c.user, count())),
 * });
 *
 * @category Durable state
 */
export async function runCheckpointed<T, R>(options: CheckpointedRunOptions<T, R>): Promise<CheckpointedRunResult> {
  const every = options.every ?? 10_000;
  if (!(Number.isSafeInteger(every) && every > 0)) throw new RangeError(`runCheckpointed: every must be a positive whole number of records, got ${describeValue(every)}`);
  const { store, sink } = options;
  const latest = await store.latest();
  const saved = latest === undefined ? undefined : readSaved(latest.data, latest.id);
  await sink.open({ truncateTo: saved?.sinkLength ?? 0 });
  if (saved?.finished === true) {
    await sink.close();
    return { resumedFrom: latest!.id, records: 0, outputs: 0, checkpoints: 0 };
  }
  let nextId = (latest?.id ?? 0) + 1;
  const run = new PipelineRun<T, R>(options.pipeline);
  let records = 0;
  let outputs = 0;
  let checkpoints = 0;
  let position: SourcePosition | null = saved?.position ?? null;
  const commit = async (finished: boolean, states: OperatorStates | undefined) => {
    const batch = run.takeOutputs();
    outputs += batch.length;
    if (batch.length > 0) await sink.write(batch);
    const sinkLength = await sink.flush();
    const data: SavedRun = { layout: LAYOUT, position, sinkLength, operators: states?.toJSON() ?? {}, finished };
    await store.save({ id: nextId, data: JSON.stringify(data) });
    nextId++;
    checkpoints++;
  };
  try {
    if (saved !== undefined) run.restore(new OperatorStates(latest!.id, checkpointStateCodec, saved.operators));
    for await (const rec of options.source.read(saved?.position ?? undefined)) {
      run.next(rec.value);
      position = rec.position;
      records++;
      if (records % every === 0) await commit(false, run.barrier(nextId));
    }
    run.complete();
    await commit(true, undefined);
  } finally {
    run.stop();
  }
  await sink.close();
  return { resumedFrom: latest?.id, records, outputs, checkpoints };
}

/** One subscription of the pipeline, fed value by value, with the outputs collected between checkpoints. */
class PipelineRun<T, R> {
  private observer: ControlledObserver<T> | undefined;
  private readonly subscription: Subscription;
  private outputs: R[] = [];
  private arrived: OperatorStates | undefined;
  private failure: { readonly error: unknown } | undefined;

  constructor(pipeline: (input: Observable<T>) => Observable<R>) {
    const input = new ControlledInput<T>((observer) => {
      this.observer = observer;
      return () => (this.observer = undefined);
    });
    this.subscription = recordsOf<R>(pipeline(input)).subscribe({
      next: (r: unknown) => this.onOutput(r),
      error: (error: unknown) => (this.failure = { error }),
    });
  }

  next(value: T): void {
    this.input().next(value);
    this.check();
  }

  complete(): void {
    this.input().complete();
    this.check();
  }

  /** Sends a barrier through the pipeline; returns the states it collected on its way. */
  barrier(id: number): OperatorStates {
    const states = new OperatorStates(id, checkpointStateCodec);
    this.control({ kind: 'barrier', states });
    return states;
  }

  /** Sends the restore through the pipeline, before any value. */
  restore(states: OperatorStates): void {
    this.control({ kind: 'restore', states });
    const left = states.untaken();
    if (left.length > 0) {
      throw new Error(`runCheckpointed: checkpoint ${states.id} holds state for ${left.join(', ')}, which this pipeline does not have: restore only into the pipeline that took it`);
    }
  }

  /** The outputs since the last call. */
  takeOutputs(): R[] {
    const out = this.outputs;
    this.outputs = [];
    return out;
  }

  stop(): void {
    this.subscription.unsubscribe();
  }

  private control(record: CheckpointRecord): void {
    this.arrived = undefined;
    this.input().control(record);
    this.check();
    if (this.arrived !== record.states) {
      throw new Error(
        `runCheckpointed: the ${record.kind} of checkpoint ${record.states.id} did not reach the end of the pipeline: start it with assignEventTime on its input, and end it with an operator of this package (a grouping, asEventTime, mergeEventTime)`,
      );
    }
  }

  private onOutput(r: unknown): void {
    if (recordProblem(r) !== undefined) {
      this.outputs.push(r as R);
      return;
    }
    const rec = r as { kind: string; value?: R; elements?: readonly { value: R }[]; states?: OperatorStates };
    if (rec.kind === 'element') this.outputs.push(rec.value as R);
    else if (rec.kind === 'bundle') for (const e of rec.elements!) this.outputs.push(e.value);
    else if (rec.kind === 'barrier' || rec.kind === 'restore') this.arrived = rec.states;
  }

  private input(): ControlledObserver<T> {
    if (this.observer === undefined) throw new Error('runCheckpointed: the pipeline did not subscribe to its input');
    return this.observer;
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}

function readSaved(data: string, id: number): SavedRun {
  let saved: Partial<SavedRun>;
  try {
    saved = JSON.parse(data) as Partial<SavedRun>;
  } catch (e) {
    throw new Error(`runCheckpointed: checkpoint ${id} is not JSON`, { cause: e });
  }
  if (saved.layout !== LAYOUT) throw new Error(`runCheckpointed: checkpoint ${id} has layout ${describeValue(saved.layout)}, this version reads ${LAYOUT}`);
  return saved as SavedRun;
}
