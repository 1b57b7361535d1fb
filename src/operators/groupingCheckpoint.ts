import type { CombineFn } from '../combiners/combineFn.js';
import type { CheckpointRecord } from '../core/records.js';
import type { Reducer } from '../core/reducer.js';

/**
 * A grouping's part in checkpoints: at a barrier it files its reducer's state (or `null` before its
 * first input) under its stable id; at a restore it takes that state back into a fresh reducer. How the
 * state is stored comes with the record (`OperatorStates.codec`).
 */
export class GroupingCheckpoint<In, K, Acc, Out> {
  constructor(
    private readonly op: string,
    private readonly uid: string | undefined,
    private readonly combineFn: CombineFn<In, Acc, Out>,
  ) {}

  /** Files or takes the state, as the record says; `reducer` gives the reducer (made when missing, for a restore). */
  handle(rec: CheckpointRecord, current: Reducer<In, K, Acc, Out> | undefined, reducer: () => Reducer<In, K, Acc, Out>): void {
    const { states } = rec;
    const id = states.idOf(this.op, this.uid);
    if (rec.kind === 'barrier') {
      states.put(id, current === undefined ? null : states.codec.saveReducer(this.op, current, this.combineFn));
      return;
    }
    const saved = states.take(id);
    if (saved !== undefined && saved !== null) states.codec.restoreReducer(this.op, reducer(), this.combineFn, saved);
  }
}
