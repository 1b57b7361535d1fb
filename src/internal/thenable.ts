/**
 * Promises met where synchronous values are required (a CombineFn's result, a key): how to tell them,
 * and how to keep one that is refused from surfacing later as an unhandled rejection.
 */

/** True for a Promise or any object or function with a `then` method. */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return ((typeof x === 'object' && x !== null) || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function';
}

/** Observes a refused thenable's rejection, if it comes, so that it is not reported as unhandled. */
export function observeRejection(thenable: PromiseLike<unknown>): void {
  try {
    thenable.then(undefined, () => undefined);
  } catch {
    // A thenable whose `then` throws has nothing left to reject.
  }
}
