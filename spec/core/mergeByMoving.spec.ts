/**
 * Merging a session by moving its state (the fast path when an element extends a key's only state in a
 * window) gives exactly what building the merged window anew gives: every pane (value, pane info,
 * timestamp, firing), every drop, and the watermarks, metrics and next timer after every step.
 */
import fc from 'fast-check';
import { mergeByMoving } from '../../src/core/windowMerger';
import { runSessions, sessionScenario } from '../helpers/sessionScenarios';

describe('session merges: moving a state equals building the merged window anew', () => {
  afterEach(() => {
    mergeByMoving.enabled = true;
  });

  it('gives the same output on random scenarios', () => {
    fc.assert(
      fc.property(sessionScenario, (sc) => {
        mergeByMoving.enabled = true;
        const moved = runSessions(sc);
        mergeByMoving.enabled = false;
        const rebuilt = runSessions(sc);
        expect(moved).toEqual(rebuilt);
      }),
      { numRuns: 400 },
    );
  });
});
