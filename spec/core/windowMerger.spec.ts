/**
 * The merge fast paths give exactly what their plain paths give: moving the one state an element
 * extends equals building the merged window anew, and finding the sessions a window meets in the key's
 * ordered index equals scanning every open one, and an element meeting one open session of a fixed gap
 * (bounds as numbers, no window object unless the session grows) equals assigning its window and
 * planning its merge. Compared on every pane (value, pane info, timestamp, firing), every drop, and the
 * watermarks, metrics and next timer after every step.
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

  // Under end-of-window triggers an element inside an open session merges that session with itself,
  // which has a path of its own: scenarios with only those triggers reach it often.
  it('gives the same output under end-of-window triggers', () => {
    const endOfWindow = fc.tuple(sessionScenario, fc.constantFrom('default', 'watermark')).map(([sc, trigger]) => ({ ...sc, trigger }));
    fc.assert(
      fc.property(endOfWindow, (sc) => {
        expect(runSessions(sc, sessionWindows, false)).toEqual(runSessions(sc, sessionWindows, true));
      }),
      { numRuns: 400 },
    );
  });
});
