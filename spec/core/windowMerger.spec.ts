/**
 * The merge fast paths give exactly what their plain paths give: moving the one state an element
 * extends equals building the merged window anew, and finding the sessions a window meets in the key's
 * ordered index equals scanning every open one. Compared on every pane (value, pane info, timestamp,
 * firing), every drop, and the watermarks, metrics and next timer after every step.
 */
import fc from 'fast-check';
import { runSessions, sessionScenario } from '../helpers/sessionScenarios';
import { sessionWindows } from '../../src/index';

describe('session merges: fast paths equal plain paths', () => {
  it('gives the same output on random scenarios', () => {
    fc.assert(
      fc.property(sessionScenario, (sc) => {
        expect(runSessions(sc, sessionWindows, false)).toEqual(runSessions(sc, sessionWindows, true));
      }),
      { numRuns: 400 },
    );
  });
});
