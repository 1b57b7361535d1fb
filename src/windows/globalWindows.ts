import { GLOBAL_WINDOW, type Window } from './window.js';
import type { WindowFn } from './windowFn.js';

const ONLY: readonly Window[] = Object.freeze([GLOBAL_WINDOW]);

/**
 * Every element in the one global window. Beam: `GlobalWindows`.
 *
 * @category Windows
 */
export function globalWindows(): WindowFn {
  return { description: 'global', isMerging: false, assign: () => ONLY };
}
