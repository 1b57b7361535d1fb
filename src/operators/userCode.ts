/**
 * The wrappers a grouping puts around the user code it calls per element (the key function and a user
 * CombineFn), so that a failure names the operator and the method, and a CombineFn that answers with a
 * Promise is refused instead of filling panes with Promises.
 */
import type { CombineFn } from '../combiners/combineFn.js';
import { isThenable, observeRejection } from '../internal/thenable.js';
import { describeValue } from '../time.js';
import { invalidValueError, userCodeError } from './errors.js';

/**
 * Errors that say the user code breaks its contract (not that one element is bad): a grouping ends the
 * stream with them even under `onError: 'route'`.
 */
const contractErrors = new WeakSet<object>();

/** True for an error no single element caused, which `onError: 'route'` must not turn into a dead letter. */
export function isContractError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && contractErrors.has(e);
}

/** The key function, with a throw turned into an error naming the operator and the value. */
export function guardKey<In, K>(op: string, key: (value: In) => K): (value: In) => K {
  return (value) => {
    try {
      return key(value);
    } catch (e) {
      throw userCodeError(op, `the key function threw for ${describeValue(value)}`, e);
    }
  };
}

/**
 * The error for a CombineFn method that returned a Promise (or any thenable). Its rejection, if it comes,
 * is observed here so that it does not surface as an unhandled rejection: the stream has ended already.
 */
function asyncResult(op: string, method: string, result: PromiseLike<unknown>): Error {
  observeRejection(result);
  const what = result instanceof Promise ? 'a Promise' : 'a thenable (an object with a then method)';
  const e = invalidValueError(op, `combineFn.${method} returned ${what}; CombineFns must be synchronous`);
  contractErrors.add(e);
  return e;
}

/**
 * The CombineFn, with a throw from any method turned into an error naming the operator and the method,
 * and a Promise (or other thenable) returned by any method refused. Each wrapper has the method's fixed
 * arity: `addInput` runs once per element, and a rest-argument wrapper would allocate an array per call.
 */
export function guardCombineFn<In, Acc, Out>(op: string, fn: CombineFn<In, Acc, Out>): CombineFn<In, Acc, Out> {
  const threw = (name: string, e: unknown) => userCodeError(op, `combineFn.${name} threw`, e);
  // Inherits from the original so that optional members this shell does not know about stay visible.
  const guarded = Object.create(fn) as CombineFn<In, Acc, Out>;
  guarded.createAccumulator = () => {
    let r: Acc;
    try {
      r = fn.createAccumulator();
    } catch (e) {
      throw threw('createAccumulator', e);
    }
    if (isThenable(r)) throw asyncResult(op, 'createAccumulator', r);
    return r;
  };
  guarded.addInput = (acc, input) => {
    let r: Acc;
    try {
      r = fn.addInput(acc, input);
    } catch (e) {
      throw threw('addInput', e);
    }
    if (isThenable(r)) throw asyncResult(op, 'addInput', r);
    return r;
  };
  guarded.mergeAccumulators = (accs) => {
    let r: Acc;
    try {
      r = fn.mergeAccumulators(accs);
    } catch (e) {
      throw threw('mergeAccumulators', e);
    }
    if (isThenable(r)) throw asyncResult(op, 'mergeAccumulators', r);
    return r;
  };
  guarded.extractOutput = (acc) => {
    let r: Out;
    try {
      r = fn.extractOutput(acc);
    } catch (e) {
      throw threw('extractOutput', e);
    }
    if (isThenable(r)) throw asyncResult(op, 'extractOutput', r);
    return r;
  };
  const compact = fn.compact;
  if (compact !== undefined) {
    guarded.compact = (acc) => {
      let r: Acc;
      try {
        r = compact.call(fn, acc);
      } catch (e) {
        throw threw('compact', e);
      }
      if (isThenable(r)) throw asyncResult(op, 'compact', r);
      return r;
    };
  }
  return guarded;
}
