/**
 * Loads a {@link BatchFold} definition from its module, the same way in the calling thread and in each
 * worker, so that both hold the same functions.
 */
import { createRequire } from 'node:module';
import { requireBatchFold, type BatchFold } from './batchFold.js';

/** The definition exported as `exportName` (`'default'`: the default export, or the module itself). */
export function loadBatchFold(path: string, exportName: string): BatchFold<unknown> {
  // A CommonJS build (and the tests) has `require`; an ES module build makes one.
  const load = typeof require === 'function' ? require : createRequire(path);
  const mod = load(path) as Record<string, unknown>;
  const definition = exportName === 'default' ? (mod.default ?? mod) : mod[exportName];
  requireBatchFold(`foldBatchInParallel: export '${exportName}' of ${path}`, definition);
  return definition;
}
