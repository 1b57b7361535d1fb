import type { Observable } from 'rxjs';
import { TestScheduler, type RunHelpers } from 'rxjs/testing';

/** One observed event: the frame (virtual ms of processing time) and what happened. */
export type Observed<T> = [frame: number, event: { next: T } | { error: unknown } | 'complete'];

/** A TestScheduler whose assertions are jest deep equality. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/**
 * Runs `build` inside `TestScheduler.run` (so `asyncScheduler` is virtual and frames are processing
 * time), subscribes to what it returns and records every event with its frame.
 */
export function observe<T>(build: (helpers: RunHelpers) => Observable<T>): Observed<T>[] {
  const ts = testScheduler();
  const out: Observed<T>[] = [];
  ts.run((helpers) => {
    build(helpers).subscribe({
      next: (value) => out.push([ts.now(), { next: value }]),
      error: (error: unknown) => out.push([ts.now(), { error }]),
      complete: () => out.push([ts.now(), 'complete']),
    });
  });
  return out;
}

/** The error an observation ended with (fails the test if there is none). */
export function errorOf(observed: Observed<unknown>[]): Error {
  const last = observed[observed.length - 1];
  const event = last?.[1];
  if (typeof event !== 'object' || !('error' in event)) throw new Error(`expected an error, got ${JSON.stringify(last)}`);
  return event.error as Error;
}
