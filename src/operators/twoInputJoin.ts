/**
 * The shell both event-time joins share: subscribes the two inputs, takes their records one step at a
 * time, feeds a pure join state, and sends its output with the output watermark. Flink: a
 * `TwoInputStreamOperator` with its two watermarks.
 */
import type { Observable, Subscription } from 'rxjs';
import type { JoinParts } from '../core/joinSnapshot.js';
import { keyId } from '../core/keyEncoding.js';
import { NO_KEY, type JoinKey, type JoinOutput } from '../core/joinTypes.js';
import type { CheckpointRecord, ControlRecord, WatermarkRecord } from '../core/records.js';
import { requireNonNegativeDuration, requireOptionalFunction, requireOptionalSink, requireOptionalString } from '../internal/checks.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, describeValue, formatInstant, type Instant } from '../time.js';
import { BarrierAlignment } from './barrierAlignment.js';
import type { DeadLetter, DeadLetterSink } from './deadLetters.js';
import { callUserCode, operatorError, pushToUserSink, sourceError, userCodeError } from './errors.js';
import { fusedStream, subscribeRecords, type RecordSink } from './fusion.js';
import type { Joined } from './intervalJoin.js';
import { requireOnError } from './onError.js';
import { BUSY, CLOSED, IDLE, StepGate } from './stepGate.js';
import type { EventTimeStream } from './stream.js';

/** The pure state a join shell drives (see `IntervalJoiner`, `TemporalJoiner`). */
export interface TwoInputState<L, R, M> {
  readonly metrics: M;
  readonly outputWatermark: Instant;
  left(value: L, time: Instant): void;
  right(value: R, time: Instant): void;
  advanceWatermarks(left: Instant, right: Instant): void;
  /** What a checkpoint reads and a restore writes (see `joinSnapshot.ts`). */
  snapshotParts(): JoinParts;
  dispose(): void;
}

/** Options every join takes for its bad and late records, and its counters. */
export interface JoinShellOptions<In, M> {
  readonly deadLetters?: DeadLetterSink<In> | undefined;
  readonly onError?: 'fail' | 'route' | undefined;
  readonly onMetrics?: ((metrics: Readonly<M>) => void) | undefined;
  readonly uid?: string | undefined;
}

/** What an input sends while it waits for the other to deliver a checkpoint record: kept, then replayed in order. */
type Held = { readonly kind: 'element'; readonly value: unknown; readonly timestamp: Instant } | ControlRecord<unknown>;

/**
 * The key identity of an element (keys compared by value, as everywhere in this package), with a key
 * function that throws or a key `encodeKey` refuses either thrown (`onError: 'fail'`) or routed as a
 * dead letter ({@link NO_KEY}).
 */
export function joinKey<T>(op: string, name: string, key: (value: T) => unknown, route: DeadLetterSink<T> | undefined): JoinKey<T> {
  return (value, timestamp, watermark) => {
    let k: unknown;
    try {
      k = key(value);
    } catch (e) {
      const error = userCodeError(op, `the ${name} function threw for ${describeValue(value)}`, e);
      if (route === undefined) throw error;
      return refuse(op, route, { value, timestamp, watermark, reason: 'key-function-threw', error });
    }
    try {
      return keyId(k);
    } catch (e) {
      const error = operatorError(op, e);
      if (route === undefined) throw error;
      return refuse(op, route, { value, timestamp, watermark, reason: 'invalid-key', error });
    }
  };
}

function refuse<T>(op: string, sink: DeadLetterSink<T>, bad: { value: T; timestamp: Instant; watermark: Instant; reason: string; error: Error }): typeof NO_KEY {
  const { value, timestamp, watermark, reason, error } = bad;
  pushToUserSink(op, 'the deadLetters sink threw', sink, { operator: op, reason, value, timestamp, watermark, message: `${error.message} (routed as a dead letter)`, cause: error });
  return NO_KEY;
}

/** The output of a join state: elements to the sink, late and unmatched elements as dead letters. */
function joinOutput<O, In>(op: string, sink: RecordSink<O>, gate: StepGate, deadLetters: DeadLetterSink<In> | undefined): JoinOutput<O, In> {
  const send = (letter: DeadLetter<In>) => {
    if (deadLetters !== undefined && gate.state !== CLOSED) pushToUserSink(op, 'the deadLetters sink threw', deadLetters, letter);
  };
  return {
    emit: (value, timestamp) => {
      if (gate.state !== CLOSED) sink.element(value, timestamp, undefined);
    },
    late: (value, timestamp, watermark, horizon) =>
      send({
        operator: op,
        reason: 'beyond-allowed-lateness',
        value,
        timestamp,
        watermark,
        message: `${op}: dropped an element at ${formatInstant(timestamp)}: it is behind ${formatInstant(horizon)}, the watermark minus the allowed lateness`,
      }),
    unmatched: (value, timestamp, watermark) =>
      send({
        operator: op,
        reason: 'no-match',
        value,
        timestamp,
        watermark,
        message: `${op}: dropped an element at ${formatInstant(timestamp)}: the table had no version for its key at that time`,
      }),
  };
}

/**
 * Joins two event-time inputs through a pure join state. The output carries elements without windows
 * and the state's output watermark; it has the default windowing strategy (the inputs' strategies are
 * not passed on, and their elements' windows are ignored). An idle input still holds the watermark
 * back: a join needs both sides' progress to know what can no longer match. Unsubscribing drops all
 * state. Checkpoint records are aligned across the two inputs (Flink's aligned checkpoints): the state
 * is filed, or restored, once both inputs have delivered the record, so it stands at the same point of both.
 */
export function twoInputJoin<L, R, O, M>(
  op: string,
  left$: Observable<unknown>,
  right$: Observable<unknown>,
  options: JoinShellOptions<L | R, M>,
  create: (out: JoinOutput<O, L | R>) => TwoInputState<L, R, M>,
): EventTimeStream<O> {
  return fusedStream<O>(
    (sink) => {
      const subs: Subscription[] = [];
      let state: TwoInputState<L, R, M> | undefined;
      // Closed during a step (a subscriber that unsubscribes on an output), the step still uses the state.
      const gate = new StepGate(() => state?.dispose());
      const joiner = create(joinOutput<O, L | R>(op, sink, gate, options.deadLetters));
      state = joiner;
      if (options.onMetrics !== undefined) callUserCode(op, 'the onMetrics callback threw', options.onMetrics, joiner.metrics, undefined);
      let leftWm = MIN_TIMESTAMP;
      let rightWm = MIN_TIMESTAMP;
      let forwarded = MIN_TIMESTAMP;
      let completed = 0;
      const done = [false, false];
      const align = new BarrierAlignment<Held>(op, 2, (i) => !done[i]);
      const release = () => {
        const inStep = gate.close();
        if (!inStep) joiner.dispose();
        subs.forEach((s) => s.unsubscribe());
      };
      const fail = (e: unknown) => {
        if (gate.state === CLOSED) return;
        release();
        joiner.dispose();
        sink.error(e);
      };
      const forward = () => {
        joiner.advanceWatermarks(leftWm, rightWm);
        const wm = joiner.outputWatermark;
        if (wm > forwarded && gate.state !== CLOSED) {
          forwarded = wm;
          sink.record({ kind: 'watermark', watermark: wm });
        }
      };
      const step = (work: () => void): void => {
        if (gate.state !== IDLE) return gate.defer(() => step(work));
        gate.state = BUSY;
        try {
          work();
        } catch (e) {
          fail(operatorError(op, e));
        }
        gate.leave();
      };
      /** A checkpoint record both inputs delivered: files or takes the join's state, then sends the record on. */
      const checkpoint = (rec: CheckpointRecord): void => {
        const { states } = rec;
        const id = states.idOf(op, options.uid);
        if (rec.kind === 'barrier') {
          states.put(id, states.codec.saveJoin(op, joiner.snapshotParts(), { left: leftWm, right: rightWm, forwarded }));
        } else {
          const saved = states.take(id);
          if (saved !== undefined && saved !== null) ({ left: leftWm, right: rightWm, forwarded } = states.codec.restoreJoin(op, joiner.snapshotParts(), saved));
        }
        sink.record(rec);
        align.replay(
          (side, held) => (held.kind === 'element' ? takeElement(side as 0 | 1, held.value, held.timestamp) : takeRecord(side as 0 | 1, held)),
          (side) => completeInput(side as 0 | 1),
        );
      };
      const takeElement = (side: 0 | 1, value: unknown, time: Instant): void => {
        if (align.holds(side)) return align.hold(side, { kind: 'element', value, timestamp: time });
        if (side === 0) joiner.left(value as L, time);
        else joiner.right(value as R, time);
      };
      const takeRecord = (side: 0 | 1, r: ControlRecord<unknown>): void => {
        if (align.holds(side)) return align.hold(side, r);
        switch (r.kind) {
          case 'bundle':
            return r.elements.forEach((e) => takeElement(side, e.value, e.timestamp));
          case 'watermark':
            if (side === 0 ? r.watermark <= leftWm : r.watermark <= rightWm) return;
            if (side === 0) leftWm = r.watermark;
            else rightWm = r.watermark;
            return forward();
          case 'clock':
            return sink.record(r);
          case 'strategy':
            return;
          case 'barrier':
          case 'restore': {
            const both = align.arrive(side, r);
            if (both !== undefined) checkpoint(both);
          }
        }
      };
      const completeInput = (side: 0 | 1): void => {
        if (align.holds(side)) return align.holdCompletion(side);
        done[side] = true;
        if (side === 0) leftWm = MAX_TIMESTAMP;
        else rightWm = MAX_TIMESTAMP;
        // The other input alone now completes a checkpoint record this one never delivered.
        const pending = align.inputClosed();
        if (pending !== undefined) checkpoint(pending);
        forward();
        if (++completed < 2 || gate.state === CLOSED) return;
        release();
        sink.complete();
      };
      const input = (side: 0 | 1): RecordSink<unknown> => {
        const onElement = (value: unknown, time: Instant): void => {
          if (gate.state !== IDLE) return gate.defer(() => onElement(value, time));
          gate.state = BUSY;
          try {
            takeElement(side, value, time);
          } catch (e) {
            fail(operatorError(op, e));
          }
          gate.leave();
        };
        // A watermark often follows every element: it is a step of its own, without a closure.
        const onWatermark = (r: WatermarkRecord): void => {
          if (side === 0 ? r.watermark <= leftWm : r.watermark <= rightWm) return;
          if (gate.state !== IDLE) return gate.defer(() => onWatermark(r));
          gate.state = BUSY;
          try {
            takeRecord(side, r);
          } catch (e) {
            fail(operatorError(op, e));
          }
          gate.leave();
        };
        return {
          element: onElement,
          record: (r) => (r.kind === 'watermark' ? onWatermark(r) : r.kind === 'strategy' ? undefined : step(() => takeRecord(side, r))),
          error: (e) => step(() => fail(sourceError(op, e))),
          complete: () => step(() => completeInput(side)),
        };
      };
      subs.push(subscribeRecords<L>(op, left$, input(0) as RecordSink<L>));
      if (gate.state !== CLOSED) subs.push(subscribeRecords<R>(op, right$, input(1) as RecordSink<R>));
      if (gate.state === CLOSED) subs.forEach((s) => s.unsubscribe());
      return release;
    },
    { strategy: 'none', sharesGate: false },
  );
}

/** The default join of both joins: the pair `{ left, right }`. */
export const joinedPair = <L, R>(left: L, right: R): Joined<L, R> => ({ left, right });

/** Checks the options both joins share: `allowedLateness`, `deadLetters`, `onMetrics`, `onError` and `uid`. */
export function requireSharedJoinOptions(
  op: string,
  o: { readonly allowedLateness?: unknown; readonly deadLetters?: DeadLetterSink<never> | undefined; readonly onMetrics?: unknown; readonly onError?: unknown; readonly uid?: unknown },
): void {
  requireOptionalString(op, 'uid', o.uid);
  if (o.allowedLateness !== undefined) requireNonNegativeDuration(op, 'allowedLateness', o.allowedLateness);
  requireOptionalSink(op, 'deadLetters', o.deadLetters);
  requireOptionalFunction(op, 'onMetrics', o.onMetrics);
  requireOnError(op, o);
}

/** The user's join function, with a throw turned into an error naming the operator and the values. */
export function guardJoin<A, B, O>(op: string, join: (a: A, b: B) => O): (a: A, b: B) => O {
  return (a, b) => {
    try {
      return join(a, b);
    } catch (e) {
      throw userCodeError(op, `the join function threw for ${describeValue(a)} and ${describeValue(b)}`, e);
    }
  };
}
