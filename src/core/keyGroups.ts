import { encodeKey } from './keyEncoding.js';
import { murmur3String } from '../combiners/hash32.js';
import { describeValue } from '../time.js';

/**
 * How many key groups keys are spread over unless told otherwise. A key group is the unit of input
 * partitioning and of state (Flink's key group; its default maximum parallelism is 128): workers own
 * whole key groups, so this is the largest number of workers a deployment can ever use.
 *
 * @category Scale-out
 */
export const DEFAULT_KEY_GROUPS = 128;

/** Throws unless `k` is a usable number of key groups. */
export function requireKeyGroups(op: string, name: string, k: unknown): asserts k is number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 65_536) {
    throw new RangeError(`${op}: ${name} must be an integer number of key groups from 1 to 65536, got ${describeValue(k)}`);
  }
}

/**
 * The key group of a key: MurmurHash3 of the key's {@link encodeKey} encoding, modulo `keyGroups`. Keys
 * equal by value (`{ a: 1, b: 2 }` and `{ b: 2, a: 1 }`, `-0` and `0`) land in the same group, and the
 * hash is mixed, so keys that differ in one character spread over all groups (a bare FNV-1a modulo a
 * power of two, as NATS's subject partitioning uses, puts `user-a`, `user-e`, ... in one group of 4).
 * Flink: `KeyGroupRangeAssignment.assignToKeyGroup`.
 *
 * @param key - A key as `combinePerKey` would see it (a string, number, array, plain object, ...).
 * @param keyGroups - How many key groups there are (default {@link DEFAULT_KEY_GROUPS}).
 *
 * @example keyGroupOf('user-42', 128) // a number from 0 to 127, the same in every process
 *
 * @category Scale-out
 */
export function keyGroupOf(key: unknown, keyGroups: number = DEFAULT_KEY_GROUPS): number {
  requireKeyGroups('keyGroupOf', 'keyGroups', keyGroups);
  return murmur3String(encodeKey(key)) % keyGroups;
}

/**
 * The contiguous range of key groups worker `index` of `workers` owns: `[floor(index * K / N),
 * floor((index + 1) * K / N))`, so the ranges cover every key group once and differ in size by at most
 * one. Flink: `KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex`.
 *
 * @example keyGroupRange(1, 3, 8) // [2, 3, 4]: worker 1 of 3 owns key groups 2 to 4 of 8
 *
 * @category Scale-out
 */
export function keyGroupRange(index: number, workers: number, keyGroups: number = DEFAULT_KEY_GROUPS): number[] {
  requireKeyGroups('keyGroupRange', 'keyGroups', keyGroups);
  if (!Number.isInteger(workers) || workers < 1 || workers > keyGroups) {
    throw new RangeError(`keyGroupRange: workers must be an integer from 1 to keyGroups (${keyGroups}), got ${describeValue(workers)}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= workers) {
    throw new RangeError(`keyGroupRange: index must be an integer from 0 to workers - 1 (${workers - 1}), got ${describeValue(index)}`);
  }
  const from = Math.floor((index * keyGroups) / workers);
  const to = Math.floor(((index + 1) * keyGroups) / workers);
  const range: number[] = [];
  for (let kg = from; kg < to; kg++) range.push(kg);
  return range;
}
